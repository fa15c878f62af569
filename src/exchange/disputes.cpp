#include "exchange/disputes.h"

#include "core/time.h"
#include "crypto/crypto.h"

namespace ow::exchange {

namespace {

constexpr char kColumns[] =
    "id, person_id, use_id, reason, use_channel, use_at_ms, use_who, use_unit, use_purpose, "
    "use_fields, created_at_ms, due_at_ms, response, responded_by, responded_at_ms";

Dispute DisputeOf(const store::Row& r) {
  Dispute d;
  d.id = r.Text(0);
  d.person_id = r.Text(1);
  d.use.id = r.Text(2);
  d.reason = r.Text(3);
  d.use.channel = r.Text(4);
  d.use.at_ms = r.Int(5);
  d.use.who = r.Text(6);
  d.use.unit = r.Text(7);
  d.use.purpose = r.Text(8);
  d.use.fields = r.Text(9);
  d.created_at_ms = r.Int(10);
  d.due_at_ms = r.Int(11);
  if (!r.IsNull(12)) d.response = r.Text(12);
  d.responded_by = r.IsNull(13) ? "" : r.Text(13);
  if (!r.IsNull(14)) d.responded_at_ms = r.Int(14);
  return d;
}

// 1970-01-01 was a Thursday: 0 = Sunday ... 6 = Saturday.
int WeekdayOf(int64_t days_since_epoch) {
  return static_cast<int>(((days_since_epoch % 7) + 7 + 4) % 7);
}

}  // namespace

int64_t WorkingDaysDeadline(int64_t from_ms, int working_days) {
  int64_t day = DaysFromCivil(ShanghaiDate(from_ms));
  int counted = 0;
  while (counted < working_days) {
    ++day;
    int wd = WeekdayOf(day);
    if (wd >= 1 && wd <= 5) ++counted;  // holidays: see the header
  }
  return ShanghaiMidnightMillis(CivilFromDays(day + 1));
}

DisputeService::DisputeService(store::Database& db, const Clock& clock, audit::AuditLog& audit,
                               community::Inbox& inbox)
    : db_(db), clock_(clock), audit_(audit), inbox_(inbox) {}

Result<Dispute> DisputeService::Open(const std::string& person_id, const DataUse& use,
                                     const std::string& reason) {
  if (reason.empty() || reason.size() > kMaxDisputeText)
    return Status::Invalid(
        "dispute is invalid",
        {{"$.reason", "must be 1-" + std::to_string(kMaxDisputeText) + " bytes"}});
  Dispute d;
  d.id = crypto::NewId();
  d.person_id = person_id;
  d.use = use;
  d.reason = reason;
  d.created_at_ms = clock_.NowMillis();
  d.due_at_ms = WorkingDaysDeadline(d.created_at_ms, kDisputeResponseWorkingDays);
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO xr_use_disputes (id, person_id, use_id, reason, use_channel, "
                "use_at_ms, use_who, use_unit, use_purpose, use_fields, created_at_ms, "
                "due_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                {d.id, person_id, use.id, reason, use.channel, use.at_ms, use.who, use.unit,
                 use.purpose, use.fields, d.created_at_ms, d.due_at_ms})
            .status());
    return audit_.Append(tx, {person_id, "exchange.use.dispute", person_id, "",
                              "use=" + use.id + " dispute=" + d.id, ""});
  });
  if (s.code() == Code::kConflict) return Status::Conflict("you have already disputed this use");
  OW_RETURN_IF_ERROR(s);
  return d;
}

Result<std::vector<Dispute>> DisputeService::ForPerson(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT " + std::string(kColumns) +
                                               " FROM xr_use_disputes WHERE person_id = ? "
                                               "ORDER BY created_at_ms DESC, id LIMIT ?",
                                           {person_id, int64_t{kMaxDisputesListed}}));
  std::vector<Dispute> out;
  for (const auto& r : rows) out.push_back(DisputeOf(r));
  return out;
}

Result<std::vector<Dispute>> DisputeService::Queue(const std::string& status) {
  std::vector<Dispute> out;
  if (status.empty() || status == "open") {
    OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT " + std::string(kColumns) +
                                                 " FROM xr_use_disputes WHERE response IS NULL "
                                                 "ORDER BY due_at_ms, created_at_ms, id LIMIT ?",
                                             {int64_t{kMaxDisputesListed}}));
    for (const auto& r : rows) out.push_back(DisputeOf(r));
  }
  if (status.empty() || status == "answered") {
    OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT " + std::string(kColumns) +
                                                 " FROM xr_use_disputes WHERE response IS NOT NULL "
                                                 "ORDER BY responded_at_ms DESC, id LIMIT ?",
                                             {int64_t{kMaxDisputesListed}}));
    for (const auto& r : rows) out.push_back(DisputeOf(r));
  }
  return out;
}

Result<Dispute> DisputeService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT " + std::string(kColumns) + " FROM xr_use_disputes WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no such dispute");
  return DisputeOf(rows[0]);
}

Result<Dispute> DisputeService::Respond(const std::string& id, const std::string& response,
                                        const std::string& admin_person_id) {
  if (response.empty() || response.size() > kMaxDisputeText)
    return Status::Invalid(
        "response is invalid",
        {{"$.response", "must be 1-" + std::to_string(kMaxDisputeText) + " bytes"}});
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT person_id, use_id, response FROM "
                                            "xr_use_disputes WHERE id = ?",
                                            {id}));
    if (rows.empty()) return Status::NotFound("no such dispute");
    if (!rows[0].IsNull(2)) return Status::Conflict("the dispute has already been answered");
    const std::string person_id = rows[0].Text(0);
    const std::string use_id = rows[0].Text(1);
    OW_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Exec("UPDATE xr_use_disputes SET response = ?, responded_by = ?, "
                                "responded_at_ms = ? WHERE id = ? AND response IS NULL",
                                {response, admin_person_id, now, id}));
    if (changed != 1) return Status::Conflict("the dispute has already been answered");
    OW_RETURN_IF_ERROR(inbox_.Post(tx, person_id,
                                   {.kind = "data_use_dispute",
                                    .title_zh = "您对数据使用的异议已答复",
                                    .title_en = "Your data-use dispute has been answered",
                                    .body_zh = "答复：" + response,
                                    .body_en = "Response: " + response,
                                    .link = "/data-uses"}));
    return audit_.Append(tx, {admin_person_id, "exchange.use.dispute.response", person_id, "",
                              "dispute=" + id + " use=" + use_id, ""});
  }));
  return Get(id);
}

}  // namespace ow::exchange
