#include "catalogue_file.h"

#include <spdlog/spdlog.h>

#include <cstring>
#include <filesystem>

#include "reading_catalogue.h"
#include "replaced_file.h"

namespace sitepower {

v1::Catalogue parse_catalogue(const std::string& bytes, std::string* why) {
  v1::Catalogue c;
  if (!c.ParseFromString(bytes)) {
    *why = "not a sitepower.v1.Catalogue";
    return {};
  }
  *why = catalogue_fault(c);
  if (!why->empty() || c.epoch() == 0) {
    if (why->empty()) *why = "epoch 0";
    return {};
  }
  return c;
}

v1::Catalogue CatalogueFile::load() const {
  const std::filesystem::path path = std::filesystem::path(dir_) / kName;
  const std::optional<std::string> bytes = read_whole_file(path);
  if (!bytes) return {};
  std::string why;
  v1::Catalogue c = parse_catalogue(*bytes, &why);
  if (!why.empty()) {
    std::error_code ec;
    std::filesystem::rename(path, path.string() + ".bad", ec);
    spdlog::error("telemetry catalogue {}: {}; set aside as {}.bad, a new epoch starts", path.string(), why,
                  path.string());
    return {};
  }
  spdlog::info("telemetry catalogue resumed from {}: epoch {:016x}, {} entries, {} nodes", path.string(), c.epoch(),
               c.entries_size(), c.nodes_size());
  return c;
}

void CatalogueFile::save(const v1::Catalogue& catalogue) {
  const std::filesystem::path path = std::filesystem::path(dir_) / kName;
  const int err = replace_file(path, catalogue.SerializeAsString());
  if (err != 0 && !warned_) {
    spdlog::warn("telemetry catalogue {}: cannot write ({}); after a restart the backlog needs the inventory of "
                 "its epoch, which consumers keep",
                 path.string(), std::strerror(err));
  }
  warned_ = err != 0;
}

}  // namespace sitepower
