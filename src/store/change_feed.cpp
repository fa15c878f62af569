#include "store/change_feed.h"

#include <spdlog/spdlog.h>

#include "core/thread_name.h"

namespace ow::store {
namespace {

constexpr int kBatch = 2000;
// A sequence number skipped by the feed is re-read this long in case its transaction
// commits late (PostgreSQL hands out sequence numbers before commit).
constexpr std::chrono::seconds kGapWait{10};
constexpr size_t kMaxGaps = 10000;
// A node that could not poll this long may have missed rows that were deleted since.
constexpr std::chrono::minutes kMissedTooLong{10};

int64_t SteadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::vector<Migration> ChangeFeed::Migrations() {
  Migration m;
  m.module = "change_feed";
  m.version = 1;
  m.name = "cross-node cache invalidation feed";
  m.sqlite_sql = R"SQL(
CREATE TABLE change_feed (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  key TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX change_feed_at ON change_feed(at_ms)
)SQL";
  m.postgres_sql = R"SQL(
CREATE TABLE change_feed (
  seq BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  key TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX change_feed_at ON change_feed(at_ms)
)SQL";
  m.sql = m.sqlite_sql;
  return {m};
}

ChangeFeed::ChangeFeed(Database& db, ChangeFeedOptions options) : db_(db), opts_(options) {}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Subscribe(const std::string& topic, Listener listener) {
  std::lock_guard lock(listeners_mu_);
  listeners_[topic].push_back(std::move(listener));
}

Status ChangeFeed::Publish(Tx& tx, const std::string& topic, const std::string& key) {
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO change_feed (topic, key, at_ms) VALUES (?,?,?)", {topic, key, WallMs()})
          .status());
  tx.AfterCommit([this, topic, key] { Deliver(topic, key); });
  return Status::Ok();
}

void ChangeFeed::Deliver(const std::string& topic, const std::string& key) {
  std::vector<Listener> targets;
  {
    std::lock_guard lock(listeners_mu_);
    auto it = listeners_.find(topic);
    if (it == listeners_.end()) return;
    targets = it->second;
  }
  for (const auto& l : targets) l(key);
}

void ChangeFeed::DeliverEverything() {
  std::vector<std::string> topics;
  {
    std::lock_guard lock(listeners_mu_);
    for (const auto& [topic, list] : listeners_) topics.push_back(topic);
  }
  for (const auto& t : topics) Deliver(t, kAll);
}

Status ChangeFeed::Start() {
  {
    std::lock_guard lock(poll_mu_);
    OW_ASSIGN_OR_RETURN(Rows rows, db_.Query("SELECT MAX(seq) FROM change_feed"));
    last_seq_ = rows.empty() ? 0 : rows[0].Int(0);
    gaps_.clear();
    last_ok_ns_.store(SteadyNs());
  }
  std::lock_guard lock(run_mu_);
  if (thread_.joinable()) return Status::Ok();
  stop_ = false;
  thread_ = std::thread([this] {
    SetCurrentThreadName("ow-changefeed");
    Loop();
  });
  return Status::Ok();
}

void ChangeFeed::Stop() {
  {
    std::lock_guard lock(run_mu_);
    stop_ = true;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::Loop() {
  std::unique_lock lock(run_mu_);
  while (!stop_) {
    run_cv_.wait_for(lock, opts_.poll_interval, [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    Status s = Poll();
    if (!s.ok()) {
      spdlog::warn("{{\"event\":\"change_feed_poll_failed\",\"error\":\"{}\"}}", s.message());
    }
    lock.lock();
  }
}

bool ChangeFeed::Fresh() const {
  const int64_t last = last_ok_ns_.load(std::memory_order_relaxed);
  return last != 0 && SteadyNs() - last <
                          std::chrono::duration_cast<std::chrono::nanoseconds>(opts_.lease).count();
}

Status ChangeFeed::Poll() {
  std::lock_guard lock(poll_mu_);
  const int64_t before = last_ok_ns_.load();
  if (before != 0 &&
      SteadyNs() - before >
          std::chrono::duration_cast<std::chrono::nanoseconds>(kMissedTooLong).count()) {
    // Rows this node never read may have been deleted meanwhile.
    DeliverEverything();
  }
  OW_RETURN_IF_ERROR(ReadNew());
  last_ok_ns_.store(SteadyNs());
  if (++polls_ % 600 == 0) {
    const int64_t cutoff =
        WallMs() - std::chrono::duration_cast<std::chrono::milliseconds>(opts_.retention).count();
    OW_RETURN_IF_ERROR(db_.Exec("DELETE FROM change_feed WHERE at_ms < ?", {cutoff}).status());
  }
  return Status::Ok();
}

Status ChangeFeed::ReadNew() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = gaps_.begin(); it != gaps_.end();) {
    it = now - it->second > kGapWait ? gaps_.erase(it) : std::next(it);
  }
  int64_t from = gaps_.empty() ? last_seq_ : std::min(last_seq_, gaps_.begin()->first - 1);
  for (;;) {
    OW_ASSIGN_OR_RETURN(Rows rows,
                        db_.Query("SELECT seq, topic, key FROM change_feed WHERE seq > ? "
                                  "ORDER BY seq LIMIT " +
                                      std::to_string(kBatch),
                                  {from}));
    for (const Row& r : rows) {
      const int64_t seq = r.Int(0);
      from = seq;
      if (seq <= last_seq_) {
        if (gaps_.erase(seq) == 0) continue;  // delivered before
      } else {
        for (int64_t missing = last_seq_ + 1; missing < seq && gaps_.size() <= kMaxGaps; ++missing)
          gaps_.emplace(missing, now);
        last_seq_ = seq;
      }
      Deliver(r.Text(1), r.Text(2));
    }
    if (rows.size() < static_cast<size_t>(kBatch)) break;
  }
  if (gaps_.size() > kMaxGaps) {
    // Far more holes than concurrent writers explain: stop tracking them, start afresh.
    gaps_.clear();
    DeliverEverything();
  }
  return Status::Ok();
}

}  // namespace ow::store
