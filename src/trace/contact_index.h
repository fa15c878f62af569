// ContactIndex: the in-memory contact-tracing index over pass records. Given a traced person
// and an infectious window it finds everyone who was present at one of the same places at an
// overlapping time, with the evidence, without scanning all records (issue 5, "Scale").
//
// Presence. For each person and each place separately, the person's passes there are taken in
// time order. An `in` pass whose next pass by the same person AT THE SAME PLACE is an `out` at
// most max_stay_ms later forms a stay [in, out). Every other pass (an `in` without such an
// `out`, a lone `out`, an `in` whose `out` came more than max_stay_ms later) is entry-only,
// with presence [t, t + entry_window_ms).
//
// Contact. Two presences at one place are a contact iff the half-open intervals intersect:
// a.from < b.to && b.from < a.to. A stay ending exactly when another begins is not a contact;
// two entry-only passes are contacts iff they are less than entry_window_ms apart. The traced
// person's presences count if they intersect [from_ms, to_ms); other people's presences need
// no window filter beyond the overlap.
//
// Storage. Times are stored at one-second resolution (at_ms is rounded down to a whole
// second) as seconds since the index epoch (default 2020-01-01T00:00:00Z; times before it are
// clamped to it, the range ends 68 years later), so all times in Presence and Evidence are
// whole seconds (multiples of 1000 ms from the epoch). The compacted part is two CSR arrays of
// 8-byte entries: per person {place, time|direction} sorted by (place, time), and per place
// {person, time|direction} sorted by time, plus offsets: about 16 bytes per record. Appends
// after a compaction go to a small unsorted tail (scanned by queries, at most 4096 records)
// that is sorted into a delta (binary-searched by queries); the delta is merged into the CSR
// arrays when it grows beyond 1/8 of them, or on Compact(); such a merge copies the whole
// index (about 2.5 s at 100 M records) and runs inside Add, under the caller's
// write lock. Queries always see every record added. A trace reads the traced person's passes
// through the per-person array and, per place and cluster of nearby presences, only the place's
// passes within [from - max(max_stay, entry_window) - max_stay, to + max_stay].
//
// Threads: Add and Compact need exclusive access (the caller holds a write lock); the const
// queries may run concurrently with each other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "checkpoint/direction.h"

namespace ow::trace {

using checkpoint::Direction;

// One pass record as tracing sees it: dense person and place numbers (the caller maps its
// string ids), the instant, the direction. Only allowed passes are fed in (refused ones are
// not).
struct Pass {
  uint32_t person = 0;
  uint32_t place = 0;
  int64_t at_ms = 0;
  Direction dir = Direction::kIn;
};

// Parameters of one trace.
struct TraceOptions {
  int64_t from_ms = 0, to_ms = 0;        // infectious window of the traced person
  int64_t entry_window_ms = 3'600'000;   // presence assumed after an entry-only pass
  int64_t max_stay_ms = 12 * 3'600'000;  // an in..out pair longer than this is two entry-only
  size_t max_evidence = 10;              // evidence items kept per contact
};

// Why someone is a contact: both presences at one place.
struct Evidence {
  uint32_t place = 0;
  int64_t case_from_ms = 0, case_to_ms = 0;        // traced person's presence [from, to)
  int64_t contact_from_ms = 0, contact_to_ms = 0;  // contact's presence [from, to)
  bool case_entry_only = false, contact_entry_only = false;
};

// One contact of a traced person; evidence is earliest overlap first, at most max_evidence.
struct Contact {
  uint32_t person = 0;
  int64_t first_overlap_ms = 0;  // start of the earliest overlap (the later of the two froms)
  std::vector<Evidence> evidence;
};

// One presence of a person at a place, as derived from the passes (see the file comment).
struct Presence {
  uint32_t place = 0;
  int64_t from_ms = 0, to_ms = 0;  // [from, to)
  bool entry_only = false;
};

// The index; see the file comment for the semantics and the layout.
class ContactIndex {
 public:
  static constexpr int64_t kDefaultEpochMs = 1'577'836'800'000;  // 2020-01-01T00:00:00Z

  explicit ContactIndex(int64_t epoch_ms = kDefaultEpochMs) : epoch_ms_(epoch_ms) {}

  // Any order (offline uploads arrive late). Not thread-safe against readers: the caller holds
  // a write lock. For bulk loads prefer the vector form (one merge for the whole batch).
  void Add(const Pass& p);
  void Add(const std::vector<Pass>& ps);

  // Contacts of `person` in the window, ordered by person number; never includes `person`.
  std::vector<Contact> Trace(uint32_t person, const TraceOptions& o) const;

  // The presences of `person` intersecting [o.from_ms, o.to_ms), ordered by (place, from).
  std::vector<Presence> Presences(uint32_t person, const TraceOptions& o) const;

  // Calls fn(person, at_ms) for every pass at one of `places` with at_ms in [from_ms, to_ms),
  // in no particular order (a person appears once per such pass; a place listed twice counts
  // once).
  void PassesAt(const std::vector<uint32_t>& places, int64_t from_ms, int64_t to_ms,
                const std::function<void(uint32_t person, int64_t at_ms)>& fn) const;

  // Merges pending appends into the compacted arrays and drops passes with
  // at_ms < drop_before_ms (an `out` whose `in` was dropped becomes entry-only).
  void Compact(int64_t drop_before_ms = std::numeric_limits<int64_t>::min());

  size_t records() const;      // passes held (compacted + pending)
  size_t MemoryBytes() const;  // bytes held (vector capacities, not sizes)

 private:
  // Per-person CSR entry: the place and the packed time (seconds << 1 | out).
  struct PersonEntry {
    uint32_t place;
    uint32_t tdir;
  };
  // Per-place CSR entry: the person and the packed time.
  struct PlaceEntry {
    uint32_t person;
    uint32_t tdir;
  };
  // A pending record (tail and delta): key is the person or the place, other the other one.
  struct Loose {
    uint32_t key;
    uint32_t other;
    uint32_t tdir;
  };

  uint32_t Pack(int64_t at_ms, Direction dir) const;
  int64_t Ms(uint32_t tdir) const { return epoch_ms_ + static_cast<int64_t>(tdir >> 1) * 1000; }
  // The packed range [lo, hi] of the stored times within [lo_ms, hi_ms]; false if empty.
  bool PackedRange(int64_t lo_ms, int64_t hi_ms, uint32_t& lo, uint32_t& hi) const;

  // Every pass of `person`, sorted by (place, tdir).
  std::vector<PersonEntry> PersonPasses(uint32_t person) const;
  // Calls f(person, tdir) for the compacted and delta passes at `place` with tdir in [lo, hi]
  // (not the tail: callers scan it once for all their places).
  template <class F>
  void ForEachAtPlace(uint32_t place, uint32_t lo, uint32_t hi, F&& f) const;

  void MergeTailIntoDelta();
  void Rebuild(uint32_t drop_before_tdir);
  void MaybeMerge();

  int64_t epoch_ms_;
  // Compacted part: CSR by person and by place (offsets have count+1 entries, or are empty).
  std::vector<uint64_t> person_off_;
  std::vector<PersonEntry> person_entries_;
  std::vector<uint64_t> place_off_;
  std::vector<PlaceEntry> place_entries_;
  // Pending part: delta sorted by (person, place, tdir) and by (place, tdir, person); tail
  // unsorted (key = person, other = place).
  std::vector<Loose> delta_by_person_;
  std::vector<Loose> delta_by_place_;
  std::vector<Loose> tail_;
};

}  // namespace ow::trace
