#include "broker.h"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sitepower::test {

MosquittoBroker::MosquittoBroker(std::string extra_conf, int port)
    : dir_(make_temp_dir("sitepower-broker")), port_(port ? port : free_port()) {
  conf_ = dir_ + "/mosquitto.conf";
  std::ofstream(conf_) << "listener " << port_ << " 127.0.0.1\n"
                       << "allow_anonymous true\n"
                       // As root, mosquitto would switch to user `mosquitto`, who
                       // cannot write persistence files into our 0700 temp dir.
                       << "user root\n"
                       << "log_dest stderr\n"
                       << "log_type error\nlog_type warning\nlog_type notice\n"
                       << extra_conf << "\n";
  start();
}

MosquittoBroker::~MosquittoBroker() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void MosquittoBroker::start() {
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{"/usr/sbin/mosquitto", "-c", conf_},
                                            dir_ + "/mosquitto.log");
  if (!wait_for_port(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + ": " + process_->output());
  }
}

void MosquittoBroker::reload() {
  if (process_) process_->signal(SIGHUP);
}

void MosquittoBroker::freeze() {
  if (process_) process_->signal(SIGSTOP);
}

void MosquittoBroker::thaw() {
  if (process_) process_->signal(SIGCONT);
}

void MosquittoBroker::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(5));
  process_.reset();
}

}  // namespace sitepower::test
