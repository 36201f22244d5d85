// Reading a config file and parsing it as exactly one YAML document in which
// no mapping repeats a key. yaml-cpp keeps the first of two equal keys and
// ignores a second document, which would make a typo silently fall back.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
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

// Walks the parser's events (not the node graph, so aliases are not expanded)
// with an explicit stack: its depth is the document's nesting, which yaml-cpp
// bounds, and nothing here recurses.
class RepeatedKeyCheck : public DocumentStart {
 public:
  explicit RepeatedKeyCheck(std::string file) : file_(std::move(file)) {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    node(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark, false);
  }
  void OnSequenceEnd() override { levels_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark, true);
  }
  void OnMapEnd() override { levels_.pop_back(); }

 private:
  struct Level {
    bool is_map = false;
    std::string path;
    bool at_key = true;         // maps: the next node is a key
    std::string key;            // maps: the key whose value comes next
    std::size_t index = 0;      // sequences: the next item's index
    std::map<std::string, int> lines;  // maps: key -> line it was first set
  };

  // The path of the node about to start, as Section names keys.
  std::string child_path() const {
    if (levels_.empty()) return "";
    const Level& l = levels_.back();
    if (!l.is_map) return l.path + "[" + std::to_string(l.index) + "]";
    return l.path.empty() ? l.key : l.path + "." + l.key;
  }

  // Every node, scalar or collection, takes its place in its parent.
  void node(const YAML::Mark& mark, const std::string* scalar) {
    if (levels_.empty()) return;
    Level& l = levels_.back();
    if (!l.is_map) {
      ++l.index;
      return;
    }
    if (!l.at_key) {
      l.at_key = true;
      return;
    }
    l.at_key = false;
    l.key = scalar ? shown_key(*scalar) : "?";
    if (!scalar) return;  // a non-text key: Section::finish() refuses it as unknown
    const auto [it, added] = l.lines.emplace(*scalar, line_of(mark));
    if (!added) {
      throw ConfigError(file_ + ":" + std::to_string(line_of(mark)) + ": " + child_path() +
                        ": repeated key (first set at line " + std::to_string(it->second) +
                        "); each key may appear once in a mapping");
    }
  }

  void open(const YAML::Mark& mark, bool is_map) {
    Level l;
    l.is_map = is_map;
    l.path = child_path();
    node(mark, nullptr);
    levels_.push_back(std::move(l));
  }

  std::string file_;
  std::vector<Level> levels_;
};

void check_one_document_without_repeats(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  RepeatedKeyCheck check(file);
  if (!parser.HandleNextDocument(check)) return;  // empty: Section reports "expected a mapping"
  DocumentStart second;
  if (parser.HandleNextDocument(second)) {
    throw ConfigError(file + ":" + std::to_string(second.line) +
                      ": a second YAML document: expected one document per config file (the first starts at line " +
                      std::to_string(check.line) + ")");
  }
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

Section load_yaml_text(const std::string& text, const std::string& file) {
  try {
    check_one_document_without_repeats(text, file);
    return Section(YAML::Load(text), file, "");
  } catch (const YAML::Exception& e) {
    throw ConfigError(yaml_error(file, e));
  }
}

Section load_yaml_file(const std::string& path) { return load_yaml_text(read_config_file(path), path); }

}  // namespace sitepower
