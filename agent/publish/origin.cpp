#include "origin.h"

#include "version.h"

namespace sitepower {

void fill_origin(v1::Origin* o, const AgentIdentity& who, std::uint64_t sequence) {
  o->set_site_id(who.site_id);
  o->set_agent_id(who.agent_id);
  o->set_boot_id(who.boot_id);
  o->set_sequence(sequence);
  o->set_agent_version(kVersion);
}

}  // namespace sitepower
