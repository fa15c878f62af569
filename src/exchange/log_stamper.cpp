// LogStamper: sealing by age, claiming and stamping batches with backoff, retention, metrics.
#include "exchange/log_stamper.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "core/text.h"
#include "core/thread_name.h"
#include "crypto/crypto.h"

namespace ow::exchange {
namespace {

constexpr char kFailures[] = "onewindow_exchange_tsa_failures_total";
constexpr char kFailuresHelp[] = "Time-stamp requests to the TSA that failed.";
constexpr char kPurged[] = "onewindow_exchange_log_purged_total";
constexpr char kPurgedHelp[] = "Message log entries deleted by the retention purge.";
constexpr int kClaimBatch = 16;  // batches claimed per round

}  // namespace

LogStamper::LogStamper(MessageLog& log, const Clock& clock, http::Metrics& metrics,
                       StamperOptions options)
    : log_(log),
      clock_(clock),
      metrics_(metrics),
      options_(std::move(options)),
      node_(crypto::NewId()) {
  if (!options_.tsa.url.empty()) {
    auto client = TsaClient::Create(options_.tsa);
    if (client.ok()) {
      tsa_.emplace(std::move(*client));
    } else {
      spdlog::error("{{\"event\":\"exchange_tsa_config\",\"error\":\"{}\"}}",
                    JsonLogText(client.status().message()));
    }
  }
}

LogStamper::~LogStamper() { Stop(); }

Result<LogStamper::Round> LogStamper::RunOnce() {
  Round round;
  OW_ASSIGN_OR_RETURN(round.sealed, log_.SealOpenBatch(options_.batch_seconds * 1000));

  if (tsa_) {
    OW_ASSIGN_OR_RETURN(std::vector<LogBatch> due,
                        log_.ClaimDue(node_, options_.claim_ms, kClaimBatch));
    for (const LogBatch& b : due) {
      Status s = Status::Ok();
      Result<std::string> data = log_.BatchData(b.batch);
      if (!data.ok()) {
        s = data.status();
      } else if (Sha256(*data) != b.data_sha256) {
        // The entries changed after sealing: never stamp altered data (Verify reports it).
        s = Status::Internal("the batch's entries no longer match its sealed hash");
      } else {
        Result<std::string> tsr = tsa_->Stamp(*data);
        if (tsr.ok()) {
          s = log_.StoreStamp(b.batch, node_, *tsr);
          if (s.ok()) {
            ++round.stamped;
            continue;
          }
        } else {
          s = tsr.status();
        }
      }
      ++round.failed;
      metrics_.Increment(kFailures, kFailuresHelp, 1);
      const int shift = std::min(b.attempts, 20);
      int64_t delay = std::min(options_.retry_max_ms, options_.retry_min_ms << shift);
      delay += static_cast<int64_t>(randombytes_uniform(static_cast<uint32_t>(delay / 10 + 1)));
      spdlog::warn(
          "{{\"event\":\"exchange_tsa_failed\",\"batch\":{},\"attempt\":{},\"retry_in_ms\":{},"
          "\"error\":\"{}\"}}",
          b.batch, b.attempts + 1, delay, JsonLogText(s.message()));
      OW_RETURN_IF_ERROR(
          log_.RecordStampFailure(b.batch, node_, s.message(), clock_.NowMillis() + delay));
    }
  }

  const int64_t now = clock_.NowMillis();
  if (options_.retention_days > 0 &&
      (last_purge_ms_ == 0 || now - last_purge_ms_ >= options_.purge_every_ms)) {
    last_purge_ms_ = now;
    OW_ASSIGN_OR_RETURN(round.purged,
                        log_.PurgeBefore(now - int64_t{options_.retention_days} * 86'400'000));
    metrics_.Increment(kPurged, kPurgedHelp, round.purged);
    if (round.purged > 0)
      spdlog::info("{{\"event\":\"exchange_log_purge\",\"deleted\":{},\"retention_days\":{}}}",
                   round.purged, options_.retention_days);
  }

  OW_ASSIGN_OR_RETURN(LogCounts counts, log_.Counts());
  round.alarm = counts.unstamped_batches > options_.alarm_batches;
  if (round.alarm && !alarm_) {
    spdlog::warn(
        "{{\"event\":\"exchange_tsa_alarm\",\"unstamped_batches\":{},\"threshold\":{},"
        "\"tsa\":\"{}\"}}",
        counts.unstamped_batches, options_.alarm_batches, JsonLogText(options_.tsa.url));
  } else if (!round.alarm && alarm_) {
    spdlog::info("{{\"event\":\"exchange_tsa_alarm_cleared\",\"unstamped_batches\":{}}}",
                 counts.unstamped_batches);
  }
  alarm_ = round.alarm;
  return round;
}

void LogStamper::Start() {
  {
    std::lock_guard lock(mu_);
    if (thread_.joinable()) return;
    stop_ = false;
  }
  thread_ = std::thread([this] {
    SetCurrentThreadName("ow-log-stamper");
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      Result<Round> r = RunOnce();
      if (!r.ok())
        spdlog::error("{{\"event\":\"exchange_stamper_failed\",\"error\":\"{}\"}}",
                      JsonLogText(r.status().message()));
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stop_; });
    }
  });
}

void LogStamper::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RegisterLogMetrics(http::Metrics& metrics, MessageLog& log, int alarm_batches) {
  metrics.Increment(kFailures, kFailuresHelp, 0);
  metrics.Increment(kPurged, kPurgedHelp, 0);
  // Read at scrape time from the database, so every node shows the cluster's backlog; -1 when
  // the database cannot be read.
  metrics.AddGauge("onewindow_exchange_log_entries", "Message log entries held.", [&log] {
    auto c = log.Counts();
    return c.ok() ? static_cast<double>(c->entries) : -1.0;
  });
  metrics.AddGauge("onewindow_exchange_unstamped_batches",
                   "Sealed message log batches without an RFC 3161 time stamp.", [&log] {
                     auto c = log.Counts();
                     return c.ok() ? static_cast<double>(c->unstamped_batches) : -1.0;
                   });
  metrics.AddGauge("onewindow_exchange_tsa_alarm",
                   "1 when more sealed message log batches than the threshold are unstamped "
                   "(the TSA is unreachable or refusing).",
                   [&log, alarm_batches] {
                     auto c = log.Counts();
                     return c.ok() && c->unstamped_batches > alarm_batches ? 1.0 : 0.0;
                   });
}

}  // namespace ow::exchange
