// BookingService: holds, bookings, cancellations and attendance on the slots of
// ScheduleService. The database guarantees capacity: every place taken is one conditional
// update of the slot row,
//   UPDATE sched_slots SET booked = booked + 1
//    WHERE id = ? AND booked + <holds of others unexpired now> < capacity
// inside a serializable transaction, with CHECK (booked <= capacity) behind it, so no number
// of nodes can overbook; a person's live bookings never overlap in time, and a person has at
// most one live booking per limit key (a partial unique index).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "scheduling/types.h"
#include "store/database.h"
#include "store/group_commit.h"

namespace ow::scheduling {

struct BookingOptions {
  int64_t hold_ms = 5 * kMillisPerMinute;  // how long a hold keeps its place
  int max_holds_per_person = 3;            // unexpired holds a person may have at once
};

// Machine codes of refusals (FieldError::code of the Conflict/NotFound statuses returned).
inline constexpr char kSlotFull[] = "slot_full";
inline constexpr char kSlotStarted[] = "slot_started";
inline constexpr char kHoldExpired[] = "hold_expired";
inline constexpr char kTooManyHolds[] = "too_many_holds";
inline constexpr char kAlreadyBooked[] = "already_booked";
inline constexpr char kLimitReached[] = "limit_reached";
inline constexpr char kOverlap[] = "overlapping_booking";
inline constexpr char kNotCancellable[] = "not_cancellable";
inline constexpr char kBadTransition[] = "bad_transition";

class BookingService {
 public:
  BookingService(store::Database& db, const Clock& clock, BookingOptions options = {});

  // The caller's own rules, run inside the booking's transaction once the slot is known and
  // before anything is written (no-show blocks, colour gates): a non-ok status refuses.
  using BookCheck = std::function<Status(store::Tx&, const Slot&)>;
  // The caller's own writes, run inside the booking's transaction right after the booking row
  // (a consultation's thread row): a non-ok status undoes the booking too. Re-runnable.
  using AfterBook = std::function<Status(store::Tx&, const Booking&)>;
  // Run inside the cancellation's transaction (cancellation deadlines).
  using CancelCheck = std::function<Status(const Booking&)>;

  // Reserves one place of an upcoming slot for `options.hold_ms`. Conflict kSlotFull when no
  // place is free, kSlotStarted for a past slot, kTooManyHolds past the per-person limit;
  // NotFound for an unknown slot. A second hold of the same person on the slot returns the
  // first.
  Result<Hold> PlaceHold(const std::string& slot_id, const std::string& person);
  // Gives a hold's place back before it expires (NotFound if not the person's live hold).
  Status ReleaseHold(const std::string& hold_id, const std::string& person);
  // A hold not yet used or released (NotFound otherwise); it may have expired (compare
  // expires_at_ms with the clock).
  Result<Hold> GetHold(const std::string& hold_id);

  // Books a place: with req.hold_id the person's unexpired hold on the slot turns into the
  // booking (Conflict kHoldExpired otherwise); without, a free place is taken. Refusals:
  // kSlotFull, kSlotStarted, kAlreadyBooked, kLimitReached, kOverlap, or check's status.
  Result<Booking> Book(const BookRequest& req, const BookCheck& check = {},
                       const AfterBook& after = {});
  // The same booking, answered by `done` instead of a return: with group commit, `done` runs
  // on the group committer's thread after the durable commit that holds the booking (or with
  // the refusal), so the caller's thread never waits for a commit and many callers share one;
  // without, it runs before BookAsync returns. `done` is called exactly once. `check` is kept
  // until then (it may run more than once, on the committer's thread).
  using BookDone = std::function<void(Result<Booking>)>;
  void BookAsync(const BookRequest& req, BookCheck check, BookDone done, AfterBook after = {});
  // Cancels a live booking (status booked) and frees its place. `person` non-empty: only that
  // person's booking (NotFound otherwise). Conflict kNotCancellable if not in status booked.
  Result<Booking> Cancel(const std::string& booking_id, const std::string& person,
                         const CancelCheck& check = {});
  // Attendance: booked -> arrived | noshow | fulfilled, arrived -> fulfilled (Conflict
  // kBadTransition otherwise).
  Result<Booking> SetStatus(const std::string& booking_id, BookingStatus to);

  Result<Booking> Get(const std::string& booking_id);
  // A person's bookings in a realm, newest slot first (at most `limit`).
  Result<std::vector<Booking>> ForPerson(const std::string& person, const std::string& realm,
                                         int limit = 200);
  // Bookings (any status) on slots of owners starting with `owner_prefix` on a Shanghai day.
  Result<std::vector<Booking>> ForOwner(const std::string& owner_prefix, const std::string& day);
  // Bookings with `status` on slots of owners starting with `owner_prefix` on the Shanghai days
  // from_day..to_day (inclusive), newest slot first (at most `limit`).
  Result<std::vector<Booking>> ForOwnerWithStatus(const std::string& owner_prefix,
                                                  BookingStatus status, const std::string& from_day,
                                                  const std::string& to_day, int limit = 1000);
  // The start of a person's latest booking in a realm with `status` (nullopt when none).
  Result<std::optional<int64_t>> LatestStart(const std::string& person, const std::string& realm,
                                             BookingStatus status);
  // How many of a person's bookings in a realm have `status` with a slot starting at or after
  // since_ms (no-shows in the last six months).
  Result<int64_t> CountStatus(const std::string& person, const std::string& realm,
                              BookingStatus status, int64_t since_ms);
  // The same inside a transaction (for a BookCheck).
  static Result<int64_t> CountStatus(store::Tx& tx, const std::string& person,
                                     const std::string& realm, BookingStatus status,
                                     int64_t since_ms);

  const BookingOptions& options() const { return options_; }

  // Lets concurrent Book calls share durable commits (store::GroupCommit with one savepoint
  // per booking): each booking is still one conditional update in a serializable transaction,
  // a refused booking rolls back to its savepoint alone, and every caller is answered after
  // the commit that holds its booking. Call once, before serving.
  void EnableGroupCommit(size_t max_group = 256);
  store::GroupCommit::Stats CommitStats() const {
    return commits_ ? commits_->stats() : store::GroupCommit::Stats{};
  }

 private:
  // The booking's unit of work (re-runnable: it sets *out only when it succeeds).
  store::GroupCommit::Work BookWork(BookRequest req, BookCheck check, AfterBook after,
                                    std::shared_ptr<Booking> out);
  // The fast refusal of a visibly full slot, read outside any transaction.
  Status PeekFull(const BookRequest& req);

  store::Database& db_;
  const Clock& clock_;
  BookingOptions options_;
  std::unique_ptr<store::GroupCommit> commits_;  // last: its thread calls back into this
};

}  // namespace ow::scheduling
