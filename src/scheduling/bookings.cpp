// Holds, bookings and attendance (see bookings.h).
#include "scheduling/bookings.h"

#include "crypto/crypto.h"

namespace ow::scheduling {

namespace {

constexpr char kBookingColumns[] =
    "id, slot_id, schedule_id, owner, realm, person, start_ms, end_ms, day, status, limit_key, "
    "created_at_ms, updated_at_ms";

// Holds of others that still keep a place now (parameters: slot id, now).
constexpr char kLiveHolds[] =
    "(SELECT COUNT(*) FROM sched_holds h WHERE h.slot_id = ? AND h.used = 0 "
    "AND h.expires_at_ms > ?)";

Status Refusal(Code code, std::string message, const char* path, const char* machine_code) {
  std::string field = message;
  return Status(code, std::move(message), {{path, std::move(field), machine_code}});
}

Booking BookingOf(const store::Row& r) {
  Booking b;
  b.id = r.Text(0);
  b.slot_id = r.Text(1);
  b.schedule_id = r.Text(2);
  b.owner = r.Text(3);
  b.realm = r.Text(4);
  b.person = r.Text(5);
  b.start_ms = r.Int(6);
  b.end_ms = r.Int(7);
  b.day = r.Text(8);
  b.status = ParseBookingStatus(r.Text(9)).value_or(BookingStatus::kBooked);
  b.limit_key = r.Text(10);
  b.created_at_ms = r.Int(11);
  b.updated_at_ms = r.Int(12);
  return b;
}

struct SlotRow {
  Slot slot;
  std::string realm;
};

template <class Q>
Result<SlotRow> LoadSlot(Q& q, const std::string& slot_id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      q.Query("SELECT s.id, s.schedule_id, s.owner, s.start_ms, s.end_ms, s.day, s.capacity, "
              "s.booked, c.realm FROM sched_slots s JOIN sched_schedules c "
              "ON c.id = s.schedule_id WHERE s.id = ?",
              {slot_id}));
  if (rows.empty())
    return Refusal(Code::kNotFound, "no slot " + slot_id, "$.slot_id", "unknown_slot");
  const store::Row& r = rows[0];
  SlotRow o;
  o.slot.id = r.Text(0);
  o.slot.schedule_id = r.Text(1);
  o.slot.owner = r.Text(2);
  o.slot.start_ms = r.Int(3);
  o.slot.end_ms = r.Int(4);
  o.slot.day = r.Text(5);
  o.slot.capacity = static_cast<int>(r.Int(6));
  o.slot.booked = static_cast<int>(r.Int(7));
  o.realm = r.Text(8);
  return o;
}

template <class Q>
Result<Booking> LoadBooking(Q& q, const std::string& id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, q.Query(std::string("SELECT ") + kBookingColumns +
                                                    " FROM sched_bookings WHERE id = ?",
                                                {id}));
  if (rows.empty()) return Status::NotFound("no booking " + id);
  return BookingOf(rows[0]);
}

Status SlotFull() { return Refusal(Code::kConflict, "the slot is full", "$.slot_id", kSlotFull); }

}  // namespace

BookingService::BookingService(store::Database& db, const Clock& clock, BookingOptions options)
    : db_(db), clock_(clock), options_(options) {}

Result<Hold> BookingService::PlaceHold(const std::string& slot_id, const std::string& person) {
  Hold hold;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    const int64_t now = clock_.NowMillis();
    OW_ASSIGN_OR_RETURN(SlotRow s, LoadSlot(tx, slot_id));
    if (s.slot.start_ms <= now)
      return Refusal(Code::kConflict, "the slot has started", "$.slot_id", kSlotStarted);
    OW_ASSIGN_OR_RETURN(store::Rows mine,
                        tx.Query("SELECT id, slot_id, expires_at_ms FROM sched_holds "
                                 "WHERE person = ? AND used = 0 AND expires_at_ms > ?",
                                 {person, now}));
    for (const auto& r : mine) {
      if (r.Text(1) == slot_id) {
        hold = {r.Text(0), slot_id, person, r.Int(2)};
        return Status::Ok();
      }
    }
    if (static_cast<int>(mine.size()) >= options_.max_holds_per_person)
      return Refusal(Code::kConflict, "you hold too many slots already; book or wait", "$.slot_id",
                     kTooManyHolds);
    // The place: taken from the slot row itself, so concurrent holds and bookings serialize.
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec(std::string("UPDATE sched_slots SET hold_seq = "
                                                       "hold_seq + 1 WHERE id = ? AND booked + ") +
                                               kLiveHolds + " < capacity",
                                           {slot_id, slot_id, now}));
    if (n == 0) return SlotFull();
    hold = {crypto::NewId(), slot_id, person, now + options_.hold_ms};
    return tx
        .Exec(
            "INSERT INTO sched_holds (id, slot_id, person, expires_at_ms, used, "
            "created_at_ms) VALUES (?,?,?,?,0,?)",
            {hold.id, slot_id, person, hold.expires_at_ms, now})
        .status();
  }));
  return hold;
}

Status BookingService::ReleaseHold(const std::string& hold_id, const std::string& person) {
  OW_ASSIGN_OR_RETURN(int64_t n, db_.Exec("UPDATE sched_holds SET used = 2 WHERE id = ? AND "
                                          "person = ? AND used = 0 AND expires_at_ms > ?",
                                          {hold_id, person, clock_.NowMillis()}));
  if (n == 0) return Status::NotFound("no live hold " + hold_id);
  return Status::Ok();
}

Result<Hold> BookingService::GetHold(const std::string& hold_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, slot_id, person, expires_at_ms FROM sched_holds "
                                "WHERE id = ? AND used = 0",
                                {hold_id}));
  if (rows.empty()) return Status::NotFound("no hold " + hold_id);
  return Hold{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2), rows[0].Int(3)};
}

Status BookingService::PeekFull(const BookRequest& req) {
  // A fast refusal without a transaction when the slot is visibly full: the decision that
  // counts is still the conditional update of BookWork.
  if (req.hold_id.empty()) {
    OW_ASSIGN_OR_RETURN(SlotRow peek, LoadSlot(db_, req.slot_id));
    if (peek.slot.booked >= peek.slot.capacity) return SlotFull();
  }
  return Status::Ok();
}

store::GroupCommit::Work BookingService::BookWork(BookRequest req, BookCheck check, AfterBook after,
                                                  std::shared_ptr<Booking> out) {
  return [this, req = std::move(req), check = std::move(check), after = std::move(after),
          out = std::move(out)](store::Tx& tx) -> Status {
    const int64_t now = clock_.NowMillis();
    OW_ASSIGN_OR_RETURN(SlotRow s, LoadSlot(tx, req.slot_id));
    if (s.slot.start_ms <= now)
      return Refusal(Code::kConflict, "the slot has started", "$.slot_id", kSlotStarted);
    if (!req.hold_id.empty()) {
      OW_ASSIGN_OR_RETURN(int64_t used,
                          tx.Exec("UPDATE sched_holds SET used = 1 WHERE id = ? AND slot_id = ? "
                                  "AND person = ? AND used = 0 AND expires_at_ms > ?",
                                  {req.hold_id, req.slot_id, req.person, now}));
      if (used == 0)
        return Refusal(Code::kConflict, "the hold has expired or is not yours", "$.hold_id",
                       kHoldExpired);
    }
    // Capacity: the one place where a place is taken (the row is locked from here on).
    OW_ASSIGN_OR_RETURN(int64_t taken,
                        tx.Exec(std::string("UPDATE sched_slots SET booked = "
                                            "booked + 1 WHERE id = ? AND booked + ") +
                                    kLiveHolds + " < capacity",
                                {req.slot_id, req.slot_id, now}));
    if (taken == 0) return SlotFull();
    OW_ASSIGN_OR_RETURN(store::Rows same,
                        tx.Query("SELECT 1 FROM sched_bookings WHERE slot_id = ? AND person = ? "
                                 "AND status <> 'cancelled'",
                                 {req.slot_id, req.person}));
    if (!same.empty())
      return Refusal(Code::kConflict, "you have booked this slot already", "$.slot_id",
                     kAlreadyBooked);
    if (!req.limit_key.empty()) {
      OW_ASSIGN_OR_RETURN(store::Rows limited,
                          tx.Query("SELECT 1 FROM sched_bookings WHERE person = ? AND "
                                   "limit_key = ? AND status <> 'cancelled' AND limit_key <> ''",
                                   {req.person, req.limit_key}));
      if (!limited.empty())
        return Refusal(Code::kConflict, "you have a booking of this kind already", "$.slot_id",
                       kLimitReached);
    }
    OW_ASSIGN_OR_RETURN(store::Rows overlapping,
                        tx.Query("SELECT 1 FROM sched_bookings WHERE person = ? AND "
                                 "status <> 'cancelled' AND start_ms < ? AND end_ms > ?",
                                 {req.person, s.slot.end_ms, s.slot.start_ms}));
    if (!overlapping.empty())
      return Refusal(Code::kConflict, "you have another booking at this time", "$.slot_id",
                     kOverlap);
    if (check) OW_RETURN_IF_ERROR(check(tx, s.slot));
    Booking b{crypto::NewId(),
              s.slot.id,
              s.slot.schedule_id,
              s.slot.owner,
              s.realm,
              req.person,
              s.slot.start_ms,
              s.slot.end_ms,
              s.slot.day,
              BookingStatus::kBooked,
              req.limit_key,
              now,
              now};
    Status ins = tx.Exec(std::string("INSERT INTO sched_bookings (") + kBookingColumns +
                             ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         {b.id, b.slot_id, b.schedule_id, b.owner, b.realm, b.person, b.start_ms,
                          b.end_ms, b.day, std::string("booked"), b.limit_key, now, now})
                     .status();
    // A concurrent booking of the same person took the key first: run again, and the checks
    // above say which rule refuses.
    if (ins.code() == Code::kConflict) return Status::Aborted(ins.message());
    OW_RETURN_IF_ERROR(ins);
    if (after) OW_RETURN_IF_ERROR(after(tx, b));
    *out = std::move(b);
    return Status::Ok();
  };
}

Result<Booking> BookingService::Book(const BookRequest& req, const BookCheck& check,
                                     const AfterBook& after) {
  OW_RETURN_IF_ERROR(PeekFull(req));
  auto out = std::make_shared<Booking>();
  store::GroupCommit::Work work = BookWork(req, check, after, out);
  OW_RETURN_IF_ERROR(commits_ ? commits_->Run(work) : db_.Transact(work));
  return *out;
}

void BookingService::BookAsync(const BookRequest& req, BookCheck check, BookDone done,
                               AfterBook after) {
  if (Status full = PeekFull(req); !full.ok()) return done(full);
  auto out = std::make_shared<Booking>();
  store::GroupCommit::Work work = BookWork(req, std::move(check), std::move(after), out);
  if (!commits_) {
    Status s = db_.Transact(work);
    return s.ok() ? done(*out) : done(s);
  }
  commits_->Submit(std::move(work),
                   [out, done = std::move(done)](Status s) { s.ok() ? done(*out) : done(s); });
}

void BookingService::EnableGroupCommit(size_t max_group) {
  if (!commits_)
    commits_ = std::make_unique<store::GroupCommit>(db_, max_group, /*isolate_units=*/true);
}

Result<Booking> BookingService::Cancel(const std::string& booking_id, const std::string& person,
                                       const CancelCheck& check) {
  Booking b;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(b, LoadBooking(tx, booking_id));
    if (!person.empty() && b.person != person) return Status::NotFound("no booking " + booking_id);
    if (b.status != BookingStatus::kBooked)
      return Refusal(
          Code::kConflict,
          std::string("the booking is ") + BookingStatusName(b.status) + " and cannot be cancelled",
          "$.booking_id", kNotCancellable);
    if (check) OW_RETURN_IF_ERROR(check(b));
    const int64_t now = clock_.NowMillis();
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE sched_bookings SET status = 'cancelled', "
                                           "updated_at_ms = ? WHERE id = ? AND status = 'booked'",
                                           {now, booking_id}));
    if (n == 0) return Status::Aborted("booking changed concurrently");
    OW_RETURN_IF_ERROR(
        tx.Exec("UPDATE sched_slots SET booked = booked - 1 WHERE id = ? AND booked > 0",
                {b.slot_id})
            .status());
    b.status = BookingStatus::kCancelled;
    b.updated_at_ms = now;
    return Status::Ok();
  }));
  return b;
}

Result<Booking> BookingService::SetStatus(const std::string& booking_id, BookingStatus to) {
  Booking b;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(b, LoadBooking(tx, booking_id));
    const bool from_booked = b.status == BookingStatus::kBooked &&
                             (to == BookingStatus::kArrived || to == BookingStatus::kNoShow ||
                              to == BookingStatus::kFulfilled);
    const bool from_arrived =
        b.status == BookingStatus::kArrived && to == BookingStatus::kFulfilled;
    if (!from_booked && !from_arrived)
      return Refusal(Code::kConflict,
                     std::string("a booking that is ") + BookingStatusName(b.status) +
                         " cannot become " + BookingStatusName(to),
                     "$.status", kBadTransition);
    const int64_t now = clock_.NowMillis();
    OW_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("UPDATE sched_bookings SET status = ?, updated_at_ms = ? "
                                "WHERE id = ? AND status = ?",
                                {std::string(BookingStatusName(to)), now, booking_id,
                                 std::string(BookingStatusName(b.status))}));
    if (n == 0) return Status::Aborted("booking changed concurrently");
    b.status = to;
    b.updated_at_ms = now;
    return Status::Ok();
  }));
  return b;
}

Result<Booking> BookingService::Get(const std::string& booking_id) {
  return LoadBooking(db_, booking_id);
}

Result<std::vector<Booking>> BookingService::ForPerson(const std::string& person,
                                                       const std::string& realm, int limit) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kBookingColumns +
                                    " FROM sched_bookings WHERE person = ? AND realm = ? "
                                    "ORDER BY start_ms DESC, id LIMIT ?",
                                {person, realm, int64_t{limit}}));
  std::vector<Booking> out;
  for (const auto& r : rows) out.push_back(BookingOf(r));
  return out;
}

Result<std::vector<Booking>> BookingService::ForOwner(const std::string& owner_prefix,
                                                      const std::string& day) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kBookingColumns +
                                    " FROM sched_bookings WHERE owner >= ? AND owner < ? AND "
                                    "day = ? ORDER BY start_ms, id",
                                {owner_prefix, owner_prefix + "\xef\xbf\xbf", day}));
  std::vector<Booking> out;
  for (const auto& r : rows) out.push_back(BookingOf(r));
  return out;
}

Result<std::vector<Booking>> BookingService::ForOwnerWithStatus(const std::string& owner_prefix,
                                                                BookingStatus status,
                                                                const std::string& from_day,
                                                                const std::string& to_day,
                                                                int limit) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query(std::string("SELECT ") + kBookingColumns +
                    " FROM sched_bookings WHERE owner >= ? AND owner < ? AND status = ? AND "
                    "day >= ? AND day <= ? ORDER BY start_ms DESC, id LIMIT ?",
                {owner_prefix, owner_prefix + "\xef\xbf\xbf",
                 std::string(BookingStatusName(status)), from_day, to_day, int64_t{limit}}));
  std::vector<Booking> out;
  for (const auto& r : rows) out.push_back(BookingOf(r));
  return out;
}

Result<std::optional<int64_t>> BookingService::LatestStart(const std::string& person,
                                                           const std::string& realm,
                                                           BookingStatus status) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT COUNT(*), COALESCE(MAX(start_ms), 0) FROM sched_bookings "
                                "WHERE person = ? AND realm = ? AND status = ?",
                                {person, realm, std::string(BookingStatusName(status))}));
  if (rows.empty() || rows[0].Int(0) == 0) return std::optional<int64_t>{};
  return std::optional<int64_t>{rows[0].Int(1)};
}

Result<int64_t> BookingService::CountStatus(const std::string& person, const std::string& realm,
                                            BookingStatus status, int64_t since_ms) {
  int64_t count = 0;
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT COUNT(*) FROM sched_bookings WHERE person = ? AND "
                                "realm = ? AND status = ? AND start_ms >= ?",
                                {person, realm, std::string(BookingStatusName(status)), since_ms}));
  if (!rows.empty()) count = rows[0].Int(0);
  return count;
}

Result<int64_t> BookingService::CountStatus(store::Tx& tx, const std::string& person,
                                            const std::string& realm, BookingStatus status,
                                            int64_t since_ms) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      tx.Query("SELECT COUNT(*) FROM sched_bookings WHERE person = ? AND "
                               "realm = ? AND status = ? AND start_ms >= ?",
                               {person, realm, std::string(BookingStatusName(status)), since_ms}));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

}  // namespace ow::scheduling
