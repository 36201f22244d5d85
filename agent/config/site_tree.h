#pragma once
#include <vector>

#include "site_config.h"

namespace sitepower {

class Section;

// Reads the `tree:` section into `cfg.tree` (root first, each node before its
// children, depth first). Refuses what would make the split wrong: a meter
// reference the device cannot produce, and one reading feeding two nodes (a
// node and its ancestor, or two siblings), which counts the same power twice.
// Iterative: nesting depth costs heap, not stack.
void build_tree(Section& root, SiteConfig& cfg);

}  // namespace sitepower
