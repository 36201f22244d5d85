// A fleet of APC rPDU2 PDUs for the scale benchmark (BENCHMARKS.md, "SNMP:
// 5,000 outlets"): one process answers SNMP v2c GET and GETBULK on N UDP
// ports of 127.0.0.1, each port a PDU with M outlets, as the shipped profile
// drivers/snmp/profiles/apc-rpdu2.yaml reads them.
//
// Why not Debian's snmpd as in the tests: 100 snmpd processes each with a
// python pass_persist script answer one varbind per pipe round trip (about
// 25,000 varbinds a second here), which would measure the peer, not the agent.
// This responder is still protocol-true: net-snmp's own library decodes every
// request and encodes every response (real BER over UDP, community checked by
// the agent's side as for any v2c PDU), from a table held in memory.
//
//   snmp_pdu_responder --port FIRST --pdus N --outlets M
// Prints "ready" once every port is bound, "served N" (outlet power values
// served so far: one per outlet read) on SIGUSR1, and again on SIGTERM, then exits.
// After "served", a line "values COMMUNITY N" for each community that asked:
// the values it was served of the outlet power, current and energy columns
// (rows of the column it walked, not the next column's a walk runs into) and
// of the four inlet scalars, so that agents side by side, each with its own
// community, can be told apart (bench/sidebyside).
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <sys/select.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

using OidKey = std::vector<oid>;

struct Value {
  u_char type = ASN_INTEGER;
  long integer = 0;
  std::string text = "";
  bool energy = false;  // grows with time, as a PDU's counter does
};

const OidKey kRoot{1, 3, 6, 1, 4, 1, 318, 1, 1, 26};
const OidKey kOutletPower{1, 3, 6, 1, 4, 1, 318, 1, 1, 26, 9, 4, 3, 1, 7};
const OidKey kOutletMetered{1, 3, 6, 1, 4, 1, 318, 1, 1, 26, 9, 4, 3, 1};  // its columns 6, 7, 11: current, power, energy

OidKey under(const OidKey& base, std::initializer_list<oid> tail) {
  OidKey k = base;
  k.insert(k.end(), tail);
  return k;
}

// The values of one PDU (every PDU serves the same table).
std::map<OidKey, Value> apc_table(int outlets) {
  std::map<OidKey, Value> t;
  t[under(kRoot, {4, 3, 1, 5, 1})] = {ASN_INTEGER, 973};            // inlet power, hundredths of kW
  t[under(kRoot, {4, 3, 1, 9, 1})] = {ASN_INTEGER, 45678, "", true};  // inlet energy, tenths of kWh
  t[under(kRoot, {6, 3, 1, 5, 1})] = {ASN_INTEGER, 53};             // phase current, tenths of A
  t[under(kRoot, {6, 3, 1, 6, 1})] = {ASN_INTEGER, 230};            // phase voltage
  for (int n = 1; n <= outlets; ++n) {
    const oid i = static_cast<oid>(n);
    t[under(kRoot, {9, 2, 3, 1, 5, i})] = {ASN_INTEGER, 2};  // on
    t[under(kRoot, {9, 4, 3, 1, 3, i})] = {ASN_OCTET_STR, 0, "outlet-" + std::to_string(n)};
    t[under(kRoot, {9, 4, 3, 1, 6, i})] = {ASN_INTEGER, 10 + n};
    t[under(kRoot, {9, 4, 3, 1, 7, i})] = {ASN_INTEGER, 200 + n};
    t[under(kRoot, {9, 4, 3, 1, 11, i})] = {ASN_INTEGER, 1000 * n, "", true};
  }
  return t;
}

std::map<OidKey, Value> table;
const auto started = std::chrono::steady_clock::now();
unsigned long long outlet_powers_served = 0;
std::map<std::string, unsigned long long> values_served;  // by community
volatile std::sig_atomic_t stop = 0;
volatile std::sig_atomic_t report = 0;

bool is_outlet_power(const OidKey& k) {
  return k.size() == kOutletPower.size() + 1 && std::equal(kOutletPower.begin(), kOutletPower.end(), k.begin());
}

// The column of a metered outlet value (current, power, energy), or 0.
oid metered_column(const OidKey& k) {
  if (k.size() < kOutletMetered.size() + 1 || !std::equal(kOutletMetered.begin(), kOutletMetered.end(), k.begin())) return 0;
  const oid c = k[kOutletMetered.size()];
  return c == 6 || c == 7 || c == 11 ? c : 0;
}

bool is_inlet_value(const OidKey& k) {
  return k == under(kRoot, {4, 3, 1, 5, 1}) || k == under(kRoot, {4, 3, 1, 9, 1}) || k == under(kRoot, {6, 3, 1, 5, 1}) ||
         k == under(kRoot, {6, 3, 1, 6, 1});
}

void add(netsnmp_pdu* r, const OidKey& k, const Value& v) {
  if (v.type == ASN_OCTET_STR) {
    snmp_pdu_add_variable(r, k.data(), k.size(), ASN_OCTET_STR, v.text.data(), v.text.size());
    return;
  }
  long n = v.integer;
  if (v.energy) n += std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
  snmp_pdu_add_variable(r, k.data(), k.size(), v.type, &n, sizeof n);
}

void add_missing(netsnmp_pdu* r, const oid* name, size_t len, u_char type) {
  snmp_pdu_add_variable(r, name, len, type, nullptr, 0);
}

// GETNEXT of one OID into the response: the next row, or endOfMibView.
void add_next(netsnmp_pdu* r, const oid* name, size_t len) {
  const auto it = table.upper_bound(OidKey(name, name + len));
  if (it == table.end()) return add_missing(r, name, len, SNMP_ENDOFMIBVIEW);
  add(r, it->first, it->second);
}

int answer(int op, netsnmp_session* s, int, netsnmp_pdu* req, void*) {
  if (op != NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE) return 1;
  if (req->command != SNMP_MSG_GET && req->command != SNMP_MSG_GETBULK && req->command != SNMP_MSG_GETNEXT) return 1;
  const long non_repeaters = req->command == SNMP_MSG_GETBULK ? req->non_repeaters : 0;
  const long repetitions = req->command == SNMP_MSG_GETBULK ? req->max_repetitions : 1;
  netsnmp_pdu* r = snmp_clone_pdu(req);
  snmp_free_varbind(r->variables);
  r->variables = nullptr;
  r->command = SNMP_MSG_RESPONSE;
  r->errstat = SNMP_ERR_NOERROR;
  r->errindex = 0;
  unsigned long long& values = values_served[std::string(reinterpret_cast<const char*>(req->community), req->community_len)];
  if (req->command == SNMP_MSG_GET) {
    for (netsnmp_variable_list* v = req->variables; v; v = v->next_variable) {
      const auto it = table.find(OidKey(v->name, v->name + v->name_length));
      if (it == table.end()) add_missing(r, v->name, v->name_length, SNMP_NOSUCHINSTANCE);
      else add(r, it->first, it->second);
      values += it != table.end() && is_inlet_value(it->first);
    }
  } else {
    std::vector<OidKey> columns;
    std::vector<bool> power;  // the walk of the outlet power column: each of its rows is one outlet read
    long i = 0;
    for (netsnmp_variable_list* v = req->variables; v; v = v->next_variable, ++i) {
      if (i < non_repeaters) add_next(r, v->name, v->name_length);
      else columns.emplace_back(v->name, v->name + v->name_length);
    }
    std::vector<oid> walked;  // the metered column each varbind walks, or 0
    for (const OidKey& c : columns) {
      power.push_back(c == kOutletPower || is_outlet_power(c));
      walked.push_back(metered_column(c));
    }
    // Rows interleaved as RFC 3416 orders them: one of each column per repetition.
    for (long rep = 0; rep < repetitions && !columns.empty(); ++rep) {
      for (std::size_t k = 0; k < columns.size(); ++k) {
        OidKey& c = columns[k];
        const auto it = table.upper_bound(c);
        if (it == table.end()) {
          add_missing(r, c.data(), c.size(), SNMP_ENDOFMIBVIEW);
          continue;
        }
        add(r, it->first, it->second);
        outlet_powers_served += power[k] && is_outlet_power(it->first);
        const oid column = metered_column(it->first);
        values += column && column == walked[k];  // a row of the column this varbind walks, not of the next
        c = it->first;
      }
    }
  }
  if (!snmp_send(s, r)) snmp_free_pdu(r);
  return 1;
}

void print_served() {
  std::printf("served %llu\n", outlet_powers_served);
  for (const auto& [community, n] : values_served) std::printf("values %s %llu\n", community.c_str(), n);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0, pdus = 100, outlets = 48;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--port") port = std::atoi(argv[i + 1]);
    else if (a == "--pdus") pdus = std::atoi(argv[i + 1]);
    else if (a == "--outlets") outlets = std::atoi(argv[i + 1]);
  }
  if (port <= 0) {
    std::fprintf(stderr, "usage: snmp_pdu_responder --port FIRST [--pdus N] [--outlets M]\n");
    return 2;
  }
  netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
  init_snmp("snmp_pdu_responder");
  table = apc_table(outlets);
  for (int p = port; p < port + pdus; ++p) {
    const std::string where = "udp:127.0.0.1:" + std::to_string(p);
    netsnmp_transport* t = netsnmp_transport_open_server("snmp_pdu_responder", where.c_str());
    if (!t) {
      std::fprintf(stderr, "cannot bind %s\n", where.c_str());
      return 1;
    }
    netsnmp_session sess;
    snmp_sess_init(&sess);
    sess.version = SNMP_VERSION_2c;
    sess.callback = answer;
    sess.isAuthoritative = SNMP_SESS_UNKNOWNAUTH;
    if (!snmp_add(&sess, t, nullptr, nullptr)) {
      std::fprintf(stderr, "cannot serve %s\n", where.c_str());
      return 1;
    }
  }
  std::signal(SIGTERM, [](int) { stop = 1; });
  std::signal(SIGINT, [](int) { stop = 1; });
  std::signal(SIGUSR1, [](int) { report = 1; });
  std::printf("ready\n");
  std::fflush(stdout);
  while (!stop) {
    int fds = 0, block = 1;
    fd_set read_fds;
    FD_ZERO(&read_fds);
    timeval timeout{1, 0};
    snmp_select_info(&fds, &read_fds, &timeout, &block);
    timeout = {0, 200000};  // wake to see SIGTERM
    const int n = select(fds, &read_fds, nullptr, nullptr, &timeout);
    if (n > 0) snmp_read(&read_fds);
    if (report) {
      report = 0;
      print_served();
    }
  }
  print_served();
  return 0;
}
