#pragma once
// The agent's state files (energy.pb, catalogue.pb, status.json) are each
// replaced whole: written to a temporary beside it, then renamed over it, so
// that a reader or a SIGKILL never sees half a file. Not fsynced: an SD card
// would wear; after a power cut the file may be an older whole one.
#include <filesystem>
#include <optional>
#include <string>

namespace sitepower {

// 0, or the errno of the write or rename that failed.
int replace_file(const std::filesystem::path& path, const std::string& bytes);
// The file's bytes; nullopt when it cannot be opened (absent, say).
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace sitepower
