// LogStamper: the message log's background job (started by `serve` only). Each round it seals
// the open batch once its first entry is `batch_seconds` old, asks the TSA for a token for each
// sealed, unstamped batch it can claim (a conditional UPDATE: of several nodes on one
// database, one stamps a batch), retries failures with exponential backoff, and purges
// stamped batches past the retention period. Appends never wait for it: when the TSA is down,
// the backlog grows in /metrics, an alarm is raised past a threshold, and the backlog drains
// by itself when the TSA answers again.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/status.h"
#include "exchange/message_log.h"
#include "exchange/tsa_client.h"
#include "http/metrics.h"

namespace ow::exchange {

struct StamperOptions {
  TsaOptions tsa;                 // tsa.url "" = no TSA: batches are sealed, stay unstamped
  int64_t batch_seconds = 60;     // seal the open batch when its first entry is this old
  int64_t poll_ms = 1000;         // how often a round runs
  int64_t retry_min_ms = 2000;    // first retry after a failed stamp; doubles per attempt
  int64_t retry_max_ms = 300000;  // ... up to this
  int64_t claim_ms = 120000;      // a claimed batch is left to its node this long
  int alarm_batches = 10;         // alarm when more sealed batches than this are unstamped
  int retention_days = 0;         // purge stamped batches older than this (0 = keep all)
  int64_t purge_every_ms = 3600000;
};

class LogStamper {
 public:
  LogStamper(MessageLog& log, const Clock& clock, http::Metrics& metrics, StamperOptions options);
  ~LogStamper();  // stops
  LogStamper(const LogStamper&) = delete;
  LogStamper& operator=(const LogStamper&) = delete;

  void Start();  // a background thread running RunOnce every poll_ms
  void Stop();

  struct Round {
    int64_t sealed = 0;  // batch sealed by age (0 = none)
    int stamped = 0;     // tokens stored
    int failed = 0;      // attempts that failed
    int64_t purged = 0;  // entries purged
    bool alarm = false;  // backlog past the threshold after the round
  };
  // One round, now (the thread calls it; tests call it directly).
  Result<Round> RunOnce();

  const std::string& node() const { return node_; }

 private:
  MessageLog& log_;
  const Clock& clock_;
  http::Metrics& metrics_;
  StamperOptions options_;
  std::optional<TsaClient> tsa_;
  std::string node_;
  int64_t last_purge_ms_ = 0;
  bool alarm_ = false;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// Registers the message log's gauges and counters in /metrics: onewindow_exchange_log_entries,
// onewindow_exchange_unstamped_batches, onewindow_exchange_tsa_alarm (1 when the unstamped
// backlog exceeds `alarm_batches`), onewindow_exchange_tsa_failures_total and
// onewindow_exchange_log_purged_total.
void RegisterLogMetrics(http::Metrics& metrics, MessageLog& log, int alarm_batches);

}  // namespace ow::exchange
