// DisputeService: a citizen's dispute of one use in their data-use record (数据使用记录) — the
// admin queue with a response deadline in working days, and the response, which also goes to
// the citizen's inbox. One dispute per use per person (a unique key in the database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "community/inbox.h"
#include "core/clock.h"
#include "core/status.h"
#include "exchange/data_uses.h"
#include "store/database.h"

namespace ow::exchange {

// An administrator answers a dispute within this many working days.
inline constexpr int kDisputeResponseWorkingDays = 5;
inline constexpr size_t kMaxDisputeText = 2000;
inline constexpr int kMaxDisputesListed = 1000;

// The end (the following midnight, Asia/Shanghai) of the `working_days`-th working day after
// the Shanghai calendar day of `from_ms`. Working days are Monday to Friday; public holidays
// and their make-up working days (调休) are not known yet — the holiday calendar comes with the
// service-hall issue, and this function is where it will be applied.
int64_t WorkingDaysDeadline(int64_t from_ms, int working_days);

struct Dispute {
  std::string id;
  std::string person_id;
  DataUse use;  // the use as the citizen saw it when disputing
  std::string reason;
  int64_t created_at_ms = 0;
  int64_t due_at_ms = 0;
  std::optional<std::string> response;
  std::string responded_by;
  std::optional<int64_t> responded_at_ms;

  std::string StatusName() const { return response ? "answered" : "open"; }
  bool OverdueAt(int64_t now_ms) const { return !response && now_ms >= due_at_ms; }
};

class DisputeService {
 public:
  DisputeService(store::Database& db, const Clock& clock, audit::AuditLog& audit,
                 community::Inbox& inbox);

  // Files the person's dispute of `use` (Invalid "$.reason" when empty or too long; Conflict
  // when the person already disputed this use). Audited ("exchange.use.dispute").
  Result<Dispute> Open(const std::string& person_id, const DataUse& use, const std::string& reason);
  // The person's disputes, newest first.
  Result<std::vector<Dispute>> ForPerson(const std::string& person_id);
  // The admin queue: `status` "open", "answered" or "" (all); open ones by deadline, then
  // answered ones newest first.
  Result<std::vector<Dispute>> Queue(const std::string& status);
  // Answers an open dispute (conditional UPDATE): NotFound, Conflict when already answered.
  // The answer is posted to the citizen's inbox and audited ("exchange.use.dispute.response")
  // in the same transaction.
  Result<Dispute> Respond(const std::string& id, const std::string& response,
                          const std::string& admin_person_id);

 private:
  Result<Dispute> Get(const std::string& id);

  store::Database& db_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  community::Inbox& inbox_;
};

}  // namespace ow::exchange
