#include "notify_socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "process.h"

namespace sitepower::test {

NotifySocket::NotifySocket() : dir_(make_temp_dir("sitepower-notify")), path_(dir_ + "/notify") {
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (fd_ < 0 || path_.size() >= sizeof a.sun_path) throw std::runtime_error("notify socket: cannot create");
  std::memcpy(a.sun_path, path_.c_str(), path_.size() + 1);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("notify socket: bind failed");
  reader_ = std::thread([this] { drain(); });
}

NotifySocket::~NotifySocket() {
  ::shutdown(fd_, SHUT_RDWR);  // wakes the reader's recv with 0
  reader_.join();
  ::close(fd_);
  std::filesystem::remove_all(dir_);
}

void NotifySocket::drain() {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return;  // shut down (sd_notify never sends an empty datagram)
    const std::lock_guard lock(mu_);
    messages_.push_back({std::string(buf, static_cast<std::size_t>(n)), Clock::now()});
    cv_.notify_all();
  }
}

std::optional<NotifySocket::Message> NotifySocket::receive(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [this] { return next_ < messages_.size(); })) return std::nullopt;
  return messages_[next_++];
}

bool NotifySocket::wait_for(const std::string& prefix, std::chrono::milliseconds timeout,
                            std::vector<Message>* seen) {
  const auto end = Clock::now() + timeout;
  while (Clock::now() < end) {
    auto m = receive(std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()));
    if (!m) return false;
    const bool match = m->text.starts_with(prefix);
    if (seen) seen->push_back(std::move(*m));
    if (match) return true;
  }
  return false;
}

}  // namespace sitepower::test
