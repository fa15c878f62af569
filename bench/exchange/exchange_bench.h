// ExchangeBench (`onewindow bench exchange`): signed department events pushed by dept-sim's
// sender over HTTP through the whole path of a real node (envelope and signature check, member,
// key, access right, nonce, message-log entry, colour engine), against raw Ed25519
// verification of the same messages in the same run. Then the node is restarted on its
// database and the log counted and verified: every accepted event logged, none lost.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace ow::exchangebench {

struct BenchLine {
  std::string name;
  double value;
  std::string unit;
};

struct ExchangeBenchOptions {
  int events = 4000;
  int persons = 1000;   // registered people the events are about
  int connections = 4;  // parallel senders
  std::string kind;     // "" = dept-sim's mix of the four kinds
  int io_threads = 0;
};

Result<std::vector<BenchLine>> RunExchangeBench(const ExchangeBenchOptions& options);

}  // namespace ow::exchangebench
