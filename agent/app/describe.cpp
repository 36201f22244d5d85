#include "describe.h"

#include "driver.h"
#include "option_table.h"
#include "site_config.h"

namespace sitepower {
namespace {

const OptionTable* find_table(const std::string& name) {
  for (const OptionTable* t : core_option_tables()) {
    if (t->name() == name) return t;
  }
  const DriverKind* kind = builtin_drivers().find(name);
  return kind ? kind->options : nullptr;
}

void list(std::ostream& out) {
  out << "config sections (sitepower-agent --describe NAME):\n";
  for (const OptionTable* t : core_option_tables()) out << "  " << t->name() << ": " << t->summary() << "\n";
  out << "drivers (a device's `driver:`; --describe NAME):\n";
  for (const std::string& name : builtin_drivers().names()) {
    out << "  " << name << ": " << builtin_drivers().find(name)->summary << "\n";
  }
}

}  // namespace

int describe_options(std::ostream& out, std::ostream& err, const std::string& name, bool markdown) {
  if (name.empty()) {
    list(out);
    return 0;
  }
  const OptionTable* table = find_table(name);
  if (!table) {
    err << "sitepower-agent: --describe " << name << ": no such section or driver\n";
    list(err);
    return 2;
  }
  out << (markdown ? table->markdown() : table->text());
  return 0;
}

}  // namespace sitepower
