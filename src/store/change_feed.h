// ChangeFeed: tells every node of an installation that data some node caches has changed, so
// that hot, rarely changing data (sessions, role grants, trust lists) can be served from memory
// on every node without serving it stale.
//
// A writer calls Publish(tx, topic, key) inside the transaction that changes the data. That
// appends a row to the shared `change_feed` table; once the transaction commits, the writing
// node's listeners hear of the change at once (Tx::AfterCommit), and every other node — other
// app servers on PostgreSQL, or an `onewindow admin` command beside a server on SQLite — hears
// of it at its next poll (every 100 ms by default). Caches consult Fresh() and serve from memory
// only while polling succeeds, so a node cut off from the feed reads the database instead.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::store {

struct ChangeFeedOptions {
  std::chrono::milliseconds poll_interval{100};
  // Caches trust memory only while the last successful poll is younger than this.
  std::chrono::milliseconds lease{1000};
  // Feed rows older than this are deleted (a node that missed them clears its caches).
  std::chrono::minutes retention{60};
};

class ChangeFeed {
 public:
  // Called with the changed key, or with kAll when everything of the topic may have changed.
  using Listener = std::function<void(const std::string& key)>;
  static constexpr char kAll[] = "*";

  explicit ChangeFeed(Database& db, ChangeFeedOptions options = {});
  ~ChangeFeed();  // stops polling
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  static std::vector<Migration> Migrations();

  // Registers a listener for a topic (before or after Start).
  void Subscribe(const std::string& topic, Listener listener);

  // Records inside tx that `key` of `topic` changed (kAll: everything of the topic).
  Status Publish(Tx& tx, const std::string& topic, const std::string& key);

  // Reads the feed from the current end and polls on a background thread from then on.
  Status Start();
  void Stop();

  // Reads new feed rows and tells the listeners. Called by the poller; tests call it to
  // catch up at once.
  Status Poll();

  // True while the last successful poll is recent enough for caches to trust memory.
  bool Fresh() const;

 private:
  void Deliver(const std::string& topic, const std::string& key);
  void DeliverEverything();
  void Loop();
  Status ReadNew();

  Database& db_;
  const ChangeFeedOptions opts_;

  std::mutex listeners_mu_;
  std::map<std::string, std::vector<Listener>> listeners_;

  std::mutex poll_mu_;  // one poll at a time
  int64_t last_seq_ = 0;
  // Sequence numbers skipped so far (PostgreSQL sequences commit out of order): re-read for
  // a while in case their transaction commits late.
  std::map<int64_t, std::chrono::steady_clock::time_point> gaps_;
  int64_t polls_ = 0;
  std::atomic<int64_t> last_ok_ns_{0};  // steady clock of the last successful poll; 0 = never

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ow::store
