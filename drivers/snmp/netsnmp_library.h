#pragma once
// net-snmp's process-wide set-up, done once before the first session opens.

namespace sitepower::snmp {

// init_snmp() with everything a daemon must not have: no config files, no
// persistent state under /var/lib/snmp, no MIB files (OIDs come from profiles,
// numerically), no SIGALRM, and no library log lines on stderr.
void ensure_netsnmp_initialised();

}  // namespace sitepower::snmp
