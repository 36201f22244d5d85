// Reading a config file and parsing it, in one pass over yaml-cpp's parser
// events, into a YamlTree of exactly one YAML document in which no mapping
// repeats a key. yaml-cpp's YAML::Load keeps the first of two equal keys and
// ignores a second document, which would make a typo silently fall back.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <vector>

#include "section.h"

namespace sitepower {
namespace {

int line_of(const YAML::Mark& m) { return m.line + 1; }

// Records the line a document starts on; ignores its content.
class DocumentStart : public YAML::EventHandler {
 public:
  int line = 0;
  void OnDocumentStart(const YAML::Mark& mark) override { line = line_of(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Builds the YamlTree from the parser's events and refuses a mapping that
// repeats a key. An explicit stack, not recursion: its depth is the
// document's nesting, which yaml-cpp bounds. An alias is the node its anchor
// names (as in YAML::Load), so aliases are never expanded.
class TreeBuilder : public DocumentStart {
 public:
  using Id = YamlTree::Id;
  using Kind = YamlTree::Kind;

  explicit TreeBuilder(std::string file) : file_(std::move(file)) {}

  YamlTree tree;

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(Kind::Null, mark, anchor); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override { attach(anchors_.at(anchor)); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    YamlTree::Node& n = tree.nodes[add(Kind::Scalar, mark, anchor)];
    n.begin = static_cast<Id>(tree.texts.size());
    n.size = static_cast<Id>(value.size());
    tree.texts += value;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Kind::Sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(Kind::Map, mark, anchor);
  }
  void OnMapEnd() override {
    refuse_repeated_keys();
    close();
  }

 private:
  struct Open {
    Id node;
    std::size_t first;  // where its entries start in pending_
  };

  Id add(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const auto id = static_cast<Id>(tree.nodes.size());
    tree.nodes.push_back({.kind = kind, .line = line_of(mark), .begin = 0, .size = 0});
    if (anchor != YAML::NullAnchor) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
      anchors_[anchor] = id;
    }
    attach(id);
    return id;
  }

  // The root is node 0 and has no parent to be attached to.
  void attach(Id id) {
    if (!open_.empty()) pending_.push_back(id);
  }

  void open(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const Id id = add(kind, mark, anchor);
    open_.push_back({id, pending_.size()});
  }

  // Moves the entries of the innermost open collection into the tree.
  void close() {
    const Open o = open_.back();
    open_.pop_back();
    YamlTree::Node& n = tree.nodes[o.node];
    n.begin = static_cast<Id>(tree.entries.size());
    n.size = static_cast<Id>(pending_.size() - o.first);
    tree.entries.insert(tree.entries.end(), pending_.begin() + static_cast<std::ptrdiff_t>(o.first), pending_.end());
    pending_.resize(o.first);
  }

  bool is_text(Id key) const { return tree.nodes[key].kind == Kind::Scalar; }
  std::string_view key_text(Id key) const { return tree.text(tree.nodes[key]); }

  // Sorting the keys finds repeats in O(k log k), whatever the mapping's size;
  // the one reported is the earliest second use.
  void refuse_repeated_keys() {
    const std::size_t first = open_.back().first;
    keys_.clear();
    for (std::size_t i = first; i < pending_.size(); i += 2) {
      if (is_text(pending_[i])) keys_.push_back(i);  // a non-text key: Section::finish() refuses it as unknown
    }
    std::stable_sort(keys_.begin(), keys_.end(),
                     [&](std::size_t a, std::size_t b) { return key_text(pending_[a]) < key_text(pending_[b]); });
    constexpr std::size_t kNone = SIZE_MAX;
    std::size_t repeat = kNone, original = kNone;
    for (std::size_t i = 1; i < keys_.size(); ++i) {
      const bool same = key_text(pending_[keys_[i]]) == key_text(pending_[keys_[i - 1]]);
      if (same && keys_[i] < repeat) {
        repeat = keys_[i];
        original = keys_[i - 1];
      }
    }
    if (repeat == kNone) return;
    const std::string key(key_text(pending_[repeat]));
    const std::string where = open_path();
    throw ConfigError(file_ + ":" + std::to_string(tree.nodes[pending_[repeat]].line) + ": " +
                      (where.empty() ? "" : where + ".") + shown_key(key) + ": repeated key (first set at line " +
                      std::to_string(tree.nodes[pending_[original]].line) + "); each key may appear once in a mapping");
  }

  // The innermost open collection's path, as Section names keys.
  std::string open_path() const {
    std::string path;
    for (std::size_t level = 0; level + 1 < open_.size(); ++level) {
      const std::size_t child = open_[level + 1].first - 1;  // where the next level sits among its parent's entries
      if (tree.nodes[open_[level].node].kind == Kind::Map) {
        // A value follows its key; a collection in a key's place (`? {a: 1}`,
        // found by the fuzzer) has no key before it to be named by.
        const bool is_value = (child - open_[level].first) % 2 == 1;
        const Id key = is_value ? pending_[child - 1] : pending_[child];
        path += (path.empty() ? "" : ".") +
                (is_value && is_text(key) ? shown_key(std::string(key_text(key))) : std::string("?"));
      } else {
        path += "[" + std::to_string(child - open_[level].first) + "]";
      }
    }
    return path;
  }

  std::string file_;
  std::vector<Open> open_;
  std::vector<Id> pending_;        // entries of the open collections, innermost last
  std::vector<Id> anchors_;        // anchor -> node
  std::vector<std::size_t> keys_;  // scratch for refuse_repeated_keys()
};

YamlTree parse_one_document(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  TreeBuilder builder(file);
  if (!parser.HandleNextDocument(builder)) return {};  // empty: Section reports "expected a mapping"
  DocumentStart second;
  if (parser.HandleNextDocument(second)) {
    throw ConfigError(file + ":" + std::to_string(second.line) +
                      ": a second YAML document: expected one document per config file (the first starts at line " +
                      std::to_string(builder.line) + ")");
  }
  return std::move(builder.tree);
}

std::string yaml_error(const std::string& file, const YAML::Exception& e) {
  const std::string line = e.mark.is_null() ? "" : std::to_string(e.mark.line + 1) + ":";
  return file + ":" + line + " YAML syntax error: " + e.msg;
}

}  // namespace

std::string read_config_file(const std::string& path) {
  const auto refuse = [&](const std::string& why) { return ConfigError(path + ": cannot read the config file: " + why); };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw refuse("it is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw ConfigError(path + ": cannot open the config file" + (err ? " (" + std::string(std::strerror(err)) + ")" : ""));
  }
  std::string text;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) throw refuse("larger than " + std::to_string(kMaxFileBytes / 1024 / 1024) + " MiB");
  }
  if (in.bad()) throw refuse(std::strerror(errno));
  return text;
}

Section load_yaml_text(const std::string& text, const std::string& file, const std::string& path) {
  try {
    auto tree = std::make_shared<const YamlTree>(parse_one_document(text, file));
    const YamlTree::Node* root = tree->root();
    return Section(std::move(tree), root, file, path);
  } catch (const YAML::Exception& e) {
    throw ConfigError(yaml_error(file, e));
  }
}

Section load_yaml_file(const std::string& path) { return load_yaml_text(read_config_file(path), path); }

}  // namespace sitepower
