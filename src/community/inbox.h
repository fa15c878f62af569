// Inbox: the in-app messages of a citizen (站内信) — colour changes, tasks that concern them,
// risk-area notices. Personal messages are one row per person; notices for a region are
// stored once and shown to everyone whose region they cover (a province-wide notice is not
// copied 40 million times).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::community {

struct NewMessage {
  std::string kind;  // colour_change | trace | risk_area | notice | case (service hall)
  std::string title_zh, title_en;
  std::string body_zh, body_en;
  std::string link;  // an app path to open, e.g. "/code" ("" for none)
};

struct Message {
  std::string id;
  NewMessage content;
  std::string region;  // set for regional notices, "" for personal messages
  int64_t created_at_ms = 0;
  bool read = false;
};

class Inbox {
 public:
  Inbox(store::Database& db, const Clock& clock);

  // A message to one person, written in the caller's transaction.
  Status Post(store::Tx& tx, const std::string& person_id, const NewMessage& m);
  // A notice for everyone in a region (a region code or prefix).
  Status Notify(const std::string& region, const NewMessage& m);
  // The same, written in the caller's transaction (it commits with the caller's change).
  Status Notify(store::Tx& tx, const std::string& region, const NewMessage& m);

  // Newest first: the person's messages and the notices covering `region` (their region).
  Result<std::vector<Message>> List(const std::string& person_id, const std::string& region,
                                    int limit = 100);
  // Marks one of the person's messages (or a notice they can see) as read; NotFound if not.
  Status MarkRead(const std::string& person_id, const std::string& region,
                  const std::string& message_id);

  static std::vector<store::Migration> Migrations();

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace ow::community
