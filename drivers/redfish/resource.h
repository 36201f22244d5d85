#pragma once
// One Redfish resource as the BMC sent it: its JSON parsed once (RapidJSON,
// as the miner driver: a well-kept, small, header-only parser in Debian), then
// asked for what the driver needs by JSON pointer ("/PowerWatts/Reading"):
// links, collection members, strings and readings. A BMC's body is hostile
// input: anything may be missing, null, of another type or not JSON at all,
// and every answer says which (fuzzed: tests/drivers/redfish/fuzz).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitepower::redfish {

// A reading's value, or why there is none.
struct Number {
  enum class State { Value, Missing, Null, NotANumber };
  State state = State::Missing;
  double value = 0;

  bool ok() const { return state == State::Value; }
  // "missing", "null (not available)", "not a number"
  std::string why() const;
};

class Resource {
 public:
  // Parses `body`; error() says why when it is not a JSON object.
  explicit Resource(std::string_view body);
  ~Resource();
  Resource(Resource&&) noexcept;
  Resource& operator=(Resource&&) noexcept;

  const std::string& error() const { return error_; }
  bool ok() const { return error_.empty(); }

  // The "@odata.id" of the object at `pointer` ("/EnvironmentMetrics"), when
  // it is a path on the service ("/redfish/v1/..."): a link anywhere else is
  // not followed (the agent only ever reads the BMC's own tree).
  std::optional<std::string> link(std::string_view pointer) const;
  // A collection's "Members", each a link as above, in the BMC's order.
  std::vector<std::string> members() const;
  // The string at `pointer`, or "" when it is absent or not a string.
  std::string text(std::string_view pointer) const;
  Number number(std::string_view pointer) const;
  bool has(std::string_view pointer) const;
  // The array at `pointer`'s length (0 when it is not an array).
  std::size_t array_size(std::string_view pointer) const;

 private:
  struct Doc;
  std::unique_ptr<Doc> doc_;
  std::string error_;
};

// The last segment of a resource path: its Id ("/redfish/v1/Chassis/DGX" -> "DGX").
std::string last_segment(std::string_view path);

}  // namespace sitepower::redfish
