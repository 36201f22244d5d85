#pragma once
// `sitepower-agent --describe [NAME] [--markdown]`: the config keys, from the
// same tables that parse them (agent/config/option_table.h).
#include <ostream>
#include <string>

namespace sitepower {

// No name: lists the core sections and the built-in drivers. A section or
// driver name: its keys, as text or as the markdown table the READMEs hold.
// Returns the exit code: 0, or 2 for an unknown name (said on `err`).
int describe_options(std::ostream& out, std::ostream& err, const std::string& name, bool markdown);

}  // namespace sitepower
