#include "snmp_session.h"

#include <unistd.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstring>
#include <optional>

// clang-format off
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>
// clang-format on

#include "netsnmp_library.h"

namespace sitepower::snmp {
namespace {

Varbind to_varbind(const netsnmp_variable_list& v) {
  Varbind vb;
  vb.oid.reserve(v.name_length);
  for (std::size_t i = 0; i < v.name_length; ++i) vb.oid.push_back(static_cast<std::uint32_t>(v.name[i]));
  switch (v.type) {
    case ASN_INTEGER: vb.type = VarType::Integer; vb.integer = *v.val.integer; break;
    case ASN_GAUGE: vb.type = VarType::Gauge32; vb.unsigned_value = static_cast<std::uint32_t>(*v.val.integer); break;
    case ASN_COUNTER: vb.type = VarType::Counter32; vb.unsigned_value = static_cast<std::uint32_t>(*v.val.integer); break;
    case ASN_TIMETICKS: vb.type = VarType::TimeTicks; vb.unsigned_value = static_cast<std::uint32_t>(*v.val.integer); break;
    case ASN_COUNTER64:
      vb.type = VarType::Counter64;
      vb.unsigned_value = (static_cast<std::uint64_t>(v.val.counter64->high) << 32) | (v.val.counter64->low & 0xffffffffu);
      break;
    case ASN_OCTET_STR:
      vb.type = VarType::OctetString;
      vb.text.assign(reinterpret_cast<const char*>(v.val.string), v.val_len);
      break;
    case ASN_OBJECT_ID: vb.type = VarType::ObjectId; break;
    case ASN_IPADDRESS: vb.type = VarType::IpAddress; break;
    case ASN_NULL: vb.type = VarType::Null; break;
    case SNMP_NOSUCHOBJECT: vb.type = VarType::NoSuchObject; break;
    case SNMP_NOSUCHINSTANCE: vb.type = VarType::NoSuchInstance; break;
    case SNMP_ENDOFMIBVIEW: vb.type = VarType::EndOfMibView; break;
    default: vb.type = VarType::Other; break;
  }
  return vb;
}

// Fills a key field of `s` from a password; false if net-snmp refuses it.
bool make_key(const oid* auth_proto, std::size_t auth_proto_len, const std::string& password, u_char* key, std::size_t* key_len) {
  *key_len = USM_AUTH_KU_LEN;
  return generate_Ku(auth_proto, static_cast<u_int>(auth_proto_len),
                     reinterpret_cast<const u_char*>(password.data()), password.size(), key, key_len) == SNMPERR_SUCCESS;
}

}  // namespace

struct SnmpSession::Impl : std::enable_shared_from_this<Impl> {
  Impl(boost::asio::any_io_executor ex, SessionSettings s) : executor(ex), settings(std::move(s)), timer(ex) {}
  ~Impl() { close(); }

  struct Request {
    int command = SNMP_MSG_GET;
    std::vector<Oid> oids;
    unsigned max_repetitions = 0;
  };

  boost::asio::any_io_executor executor;
  SessionSettings settings;
  boost::asio::steady_timer timer;
  std::optional<boost::asio::posix::stream_descriptor> socket;
  void* session = nullptr;  // net-snmp's single-session handle
  Handler handler;
  Request pending;          // sent once engine discovery answers
  unsigned long generation = 0;  // bumped per request and by cancel(): late answers are dropped
  int request_id = 0;       // net-snmp's id of the request in flight
  bool probing = false;     // the request in flight is the v3 engine discovery probe
  bool engine_answered = false;

  std::string peer() const { return peer_name(settings); }

  std::string open() {
    ensure_netsnmp_initialised();
    netsnmp_session s;
    snmp_sess_init(&s);
    std::string peername = peer();
    s.peername = peername.data();
    s.timeout = static_cast<long>(settings.timeout.count()) * 1000;
    s.retries = static_cast<int>(settings.retries);
    s.callback = &Impl::on_netsnmp;
    s.callback_magic = this;
    std::string user = settings.user;
    std::string community = settings.community;
    if (settings.version == Version::V2c) {
      s.version = SNMP_VERSION_2c;
      s.community = reinterpret_cast<u_char*>(community.data());
      s.community_len = community.size();
    } else {
      s.version = SNMP_VERSION_3;
      s.securityModel = SNMP_SEC_MODEL_USM;
      s.securityName = user.data();
      s.securityNameLen = user.size();
      s.securityLevel = settings.priv != PrivProtocol::None   ? SNMP_SEC_LEVEL_AUTHPRIV
                        : settings.auth != AuthProtocol::None ? SNMP_SEC_LEVEL_AUTHNOPRIV
                                                              : SNMP_SEC_LEVEL_NOAUTH;
      if (settings.auth != AuthProtocol::None) {
        const bool sha1 = settings.auth == AuthProtocol::Sha1;
        s.securityAuthProto = sha1 ? usmHMACSHA1AuthProtocol : usmHMAC192SHA256AuthProtocol;
        s.securityAuthProtoLen = sha1 ? OID_LENGTH(usmHMACSHA1AuthProtocol) : OID_LENGTH(usmHMAC192SHA256AuthProtocol);
        if (!make_key(s.securityAuthProto, s.securityAuthProtoLen, settings.auth_password, s.securityAuthKey, &s.securityAuthKeyLen)) {
          return "cannot derive the SNMPv3 auth key from auth_password_file (net-snmp wants at least 8 characters)";
        }
      }
      if (settings.priv == PrivProtocol::Aes128) {
        s.securityPrivProto = usmAESPrivProtocol;
        s.securityPrivProtoLen = OID_LENGTH(usmAESPrivProtocol);
        if (!make_key(s.securityAuthProto, s.securityAuthProtoLen, settings.priv_password, s.securityPrivKey, &s.securityPrivKeyLen)) {
          return "cannot derive the SNMPv3 privacy key from priv_password_file (net-snmp wants at least 8 characters)";
        }
      }
      // Engine ID discovery is our own asynchronous probe (send_probe), never
      // net-snmp's, which would wait for the answer inside snmp_sess_open.
      s.flags |= SNMP_FLAGS_DONT_PROBE;
    }
    session = snmp_sess_open(&s);
    // The session keeps its own copies; ours of the keys are wiped.
    std::memset(s.securityAuthKey, 0, sizeof s.securityAuthKey);
    std::memset(s.securityPrivKey, 0, sizeof s.securityPrivKey);
    std::fill(community.begin(), community.end(), '\0');
    if (!session) {
      char* text = nullptr;
      int lib_errno = 0, sys_errno = 0;
      snmp_error(&s, &lib_errno, &sys_errno, &text);
      std::string why = std::string("cannot open ") + peername + ": " + (text ? text : "unknown error");
      std::free(text);
      return why;
    }
    // Asio watches its own duplicate of net-snmp's socket, so each side closes its own.
    socket.emplace(executor, ::dup(snmp_sess_transport(session)->sock));
    engine_answered = false;
    watch_socket();
    return "";
  }

  void close() {
    timer.cancel();
    socket.reset();
    if (session) snmp_sess_close(session);
    session = nullptr;
    request_id = 0;
  }

  bool engine_known() const { return snmp_sess_session(session)->securityEngineIDLen > 0; }

  void start(Request req, Handler done) {
    ++generation;
    handler = std::move(done);
    if (!session) {
      if (std::string why = open(); !why.empty()) return finish({{}, why});
    }
    if (settings.version == Version::V3 && !engine_known()) {
      pending = std::move(req);
      return send_probe();
    }
    send(req);
  }

  void send_probe() {
    // As net-snmp's own snmpv3_probe_usm_pdu_create(): an empty noAuth GET,
    // answered by a usmStatsUnknownEngineIDs report that carries the engine ID.
    netsnmp_pdu* pdu = snmp_pdu_create(SNMP_MSG_GET);
    pdu->version = SNMP_VERSION_3;
    pdu->securityName = strdup("");
    pdu->securityNameLen = 0;
    pdu->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
    pdu->securityModel = SNMP_SEC_MODEL_USM;
    probing = true;
    transmit(pdu);
  }

  void send(const Request& req) {
    netsnmp_pdu* pdu = snmp_pdu_create(req.command);
    if (req.command == SNMP_MSG_GETBULK) {
      pdu->non_repeaters = 0;
      pdu->max_repetitions = static_cast<long>(req.max_repetitions);
    }
    for (const Oid& o : req.oids) {
      std::vector<oid> name(o.begin(), o.end());
      snmp_add_null_var(pdu, name.data(), name.size());
    }
    probing = false;
    transmit(pdu);
  }

  void transmit(netsnmp_pdu* pdu) {
    request_id = snmp_sess_async_send(session, pdu, &Impl::on_netsnmp, this);
    if (request_id == 0) {
      snmp_free_pdu(pdu);
      char* text = nullptr;
      int lib_errno = 0, sys_errno = 0;
      snmp_sess_error(session, &lib_errno, &sys_errno, &text);
      std::string why = std::string("cannot send to ") + peer() + ": " + (text ? text : "unknown error");
      std::free(text);
      return finish({{}, why});
    }
    arm_timer();
  }

  // net-snmp's next retransmission or timeout, on an Asio timer.
  void arm_timer() {
    if (!session) return;
    // The large fd set: with hundreds of PDUs, a socket may be beyond FD_SETSIZE.
    const int fd = snmp_sess_transport(session)->sock;
    netsnmp_large_fd_set set;
    netsnmp_large_fd_set_init(&set, fd + 1);
    int fds = 0;
    timeval tv{};
    int block = 1;
    snmp_sess_select_info2(session, &fds, &set, &tv, &block);
    netsnmp_large_fd_set_cleanup(&set);
    timer.cancel();
    if (block) return;  // nothing outstanding
    timer.expires_after(std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec));
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || !self->session) return;
      snmp_sess_timeout(self->session);  // resends, or calls back with TIMED_OUT
      self->arm_timer();
    });
  }

  void watch_socket() {
    socket->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                       [weak = weak_from_this()](const boost::system::error_code& ec) {
                         auto self = weak.lock();
                         if (ec || !self || !self->session) return;
                         self->read();
                       });
  }

  void read() {
    const int fd = snmp_sess_transport(session)->sock;
    netsnmp_large_fd_set set;
    netsnmp_large_fd_set_init(&set, fd + 1);
    netsnmp_large_fd_setfd(fd, &set);
    snmp_sess_read2(session, &set);  // decodes and calls on_netsnmp
    netsnmp_large_fd_set_cleanup(&set);
    if (!session) return;  // closed by the callback (engine changed)
    watch_socket();
    arm_timer();
  }

  static int on_netsnmp(int op, netsnmp_session* /*s*/, int reqid, netsnmp_pdu* pdu, void* magic) {
    auto* self = static_cast<Impl*>(magic);
    // A USM report may carry request-id 0 (the agent could not decrypt the
    // scoped PDU); net-snmp matched it to our request by message id already.
    const bool report = op == NETSNMP_CALLBACK_OP_SEC_ERROR && reqid == 0;
    if (reqid != self->request_id && !report) return 1;  // the answer to a request cancel() dropped
    if (self->request_id == 0) return 1;
    if (op == NETSNMP_CALLBACK_OP_RESEND) return 1;  // a retry went out: still waiting
    self->request_id = 0;
    self->answered(op, pdu);
    return 1;
  }

  void answered(int op, netsnmp_pdu* pdu) {
    if (op == NETSNMP_CALLBACK_OP_TIMED_OUT) {
      // SNMPv3: silence may mean the PDU now has another engine ID (replaced,
      // factory reset), whose reports net-snmp cannot parse for this session:
      // the next request opens a new session and discovers the engine again.
      if (settings.version == Version::V3) post_close();
      return finish({{}, no_answer()});
    }
    if (op == NETSNMP_CALLBACK_OP_SEC_ERROR && pdu && pdu->command == SNMP_MSG_REPORT) {
      engine_answered = true;
      const int report = snmpv3_get_report_type(pdu);
      if (probing && engine_known()) {
        // Discovery done (net-snmp kept the engine ID); the user's keys are
        // localised to it when the real request is sent. Sent from the
        // executor, not from inside net-snmp's read.
        boost::asio::post(executor, [weak = weak_from_this(), gen = generation] {
          auto self = weak.lock();
          if (self && self->generation == gen && self->session) self->send(self->pending);
        });
        return;
      }
      if (report == SNMPERR_UNKNOWN_ENG_ID) {
        // The PDU was replaced or reset to a new engine ID: start afresh next poll.
        post_close();
      }
      return finish({{}, report_text(report)});
    }
    if (op != NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE || !pdu) {
      return finish({{}, "no usable answer from " + peer() + " (net-snmp callback " + std::to_string(op) + ")"});
    }
    if (pdu->command != SNMP_MSG_RESPONSE) return finish({{}, "unexpected PDU type " + std::to_string(pdu->command) + " from " + peer()});
    if (pdu->errstat != SNMP_ERR_NOERROR) {
      return finish({{}, std::string("the PDU answered error-status ") + snmp_errstring(static_cast<int>(pdu->errstat)) +
                             " (varbind " + std::to_string(pdu->errindex) + ")"});
    }
    Response r;
    for (netsnmp_variable_list* v = pdu->variables; v; v = v->next_variable) r.varbinds.push_back(to_varbind(*v));
    finish(std::move(r));
  }

  // Closes the session from the executor, never inside net-snmp's own call,
  // unless a newer request is already using it.
  void post_close() {
    boost::asio::post(executor, [weak = weak_from_this(), gen = generation] {
      auto self = weak.lock();
      if (self && self->generation == gen) self->close();
    });
  }

  std::string tries() const {
    return std::to_string(settings.retries + 1) + (settings.retries ? " tries" : " try") + " of " +
           std::to_string(settings.timeout.count()) + " ms";
  }

  std::string no_answer() const {
    if (settings.version == Version::V2c) {
      return "no answer from " + peer() + " in " + tries() +
             " (PDU down or unreachable, or a wrong community: agents drop those without a word)";
    }
    if (probing) return "no answer to SNMPv3 engine discovery from " + peer() + " in " + tries() + " (PDU down or unreachable)";
    if (settings.priv != PrivProtocol::None) {
      return "no answer from " + peer() + " in " + tries() +
             (engine_answered ? " although its engine answered discovery: a wrong privacy password or protocol looks like "
                                "this (the PDU cannot decrypt the request and drops it)"
                              : "");
    }
    return "no answer from " + peer() + " in " + tries();
  }

  std::string report_text(int report) const {
    switch (report) {
      case SNMPERR_UNKNOWN_USER_NAME:
        return "SNMPv3 user '" + settings.user + "' is unknown to the PDU (usmStatsUnknownUserNames)";
      case SNMPERR_AUTHENTICATION_FAILURE:
        return "SNMPv3 authentication failed for user '" + settings.user +
               "': wrong auth password or auth protocol (usmStatsWrongDigests)";
      case SNMPERR_DECRYPTION_ERR:
        return "SNMPv3 decryption failed for user '" + settings.user +
               "': wrong privacy password or protocol (usmStatsDecryptionErrors)";
      case SNMPERR_UNSUPPORTED_SEC_LEVEL:
        return "SNMPv3 security level not allowed for user '" + settings.user + "' (usmStatsUnsupportedSecLevels)";
      case SNMPERR_NOT_IN_TIME_WINDOW:
        return "SNMPv3 time window not synchronised after retries (usmStatsNotInTimeWindows)";
      case SNMPERR_UNKNOWN_ENG_ID:
        return "SNMPv3 engine ID changed (PDU replaced or reset): rediscovering on the next poll";
      default:
        return std::string("SNMPv3 report: ") + snmp_api_errstring(report);
    }
  }

  void finish(Response r) {
    // Always from the executor, never inside net-snmp's read or a request call.
    boost::asio::post(executor, [weak = weak_from_this(), gen = generation, r = std::move(r)]() mutable {
      auto self = weak.lock();
      if (!self || self->generation != gen || !self->handler) return;
      Handler h = std::move(self->handler);
      self->handler = nullptr;
      h(std::move(r));
    });
  }
};

SnmpSession::SnmpSession(boost::asio::any_io_executor executor, SessionSettings settings)
    : impl_(std::make_shared<Impl>(executor, std::move(settings))) {}

SnmpSession::~SnmpSession() = default;

void SnmpSession::get(const std::vector<Oid>& oids, Handler done) {
  impl_->start({SNMP_MSG_GET, oids, 0}, std::move(done));
}

void SnmpSession::get_bulk(const std::vector<Oid>& oids, unsigned max_repetitions, Handler done) {
  impl_->start({SNMP_MSG_GETBULK, oids, max_repetitions}, std::move(done));
}

void SnmpSession::cancel() {
  ++impl_->generation;
  impl_->handler = nullptr;
  impl_->request_id = 0;  // its answer or timeout is ignored by on_netsnmp
}

std::string SnmpSession::describe() const { return describe_session(impl_->settings); }

std::string peer_name(const SessionSettings& s) {
  const bool v6 = boost::asio::ip::make_address(s.host).is_v6();
  return v6 ? "udp6:[" + s.host + "]:" + std::to_string(s.port) : "udp:" + s.host + ":" + std::to_string(s.port);
}

std::string describe_session(const SessionSettings& s) {
  if (s.version == Version::V2c) return peer_name(s) + " v2c";
  const char* level = s.priv != PrivProtocol::None ? "authPriv" : s.auth != AuthProtocol::None ? "authNoPriv" : "noAuthNoPriv";
  return peer_name(s) + " v3 user " + s.user + " " + level;
}

}  // namespace sitepower::snmp
