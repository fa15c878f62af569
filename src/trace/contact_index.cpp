#include "trace/contact_index.h"

#include <algorithm>
#include <tuple>

namespace ow::trace {

namespace {

constexpr size_t kTailMax = 4096;    // unsorted appends scanned by every query
constexpr size_t kMinDelta = 65536;  // the delta may always grow to this before a rebuild
constexpr int64_t kMaxSec = (int64_t{1} << 31) - 1;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

int64_t SatAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  return r;
}

bool IsOut(uint32_t tdir) { return (tdir & 1) != 0; }

// Pairs one person's passes at one place (times in ms ascending, `out` flags) into presences
// and calls emit(from, to, entry_only) for each; see the header for the rule.
template <class Get, class Emit>
void PairPasses(size_t n, Get get, int64_t entry_window, int64_t max_stay, Emit emit) {
  for (size_t i = 0; i < n;) {
    auto [t, out] = get(i);
    if (!out && i + 1 < n) {
      auto [t2, out2] = get(i + 1);
      if (out2 && t2 - t <= max_stay) {
        emit(t, t2, false);
        i += 2;
        continue;
      }
    }
    emit(t, t + entry_window, true);
    ++i;
  }
}

struct Hit {
  uint32_t person;
  int64_t overlap_from;
  Evidence e;
};

}  // namespace

uint32_t ContactIndex::Pack(int64_t at_ms, Direction dir) const {
  int64_t sec = FloorDiv(SatAdd(at_ms, -epoch_ms_), 1000);
  sec = std::clamp<int64_t>(sec, 0, kMaxSec);
  return static_cast<uint32_t>(sec << 1) | (dir == Direction::kOut ? 1u : 0u);
}

bool ContactIndex::PackedRange(int64_t lo_ms, int64_t hi_ms, uint32_t& lo, uint32_t& hi) const {
  if (lo_ms > hi_ms) return false;
  int64_t lo_sec = CeilDiv(SatAdd(lo_ms, -epoch_ms_), 1000);
  int64_t hi_sec = FloorDiv(SatAdd(hi_ms, -epoch_ms_), 1000);
  lo_sec = std::max<int64_t>(lo_sec, 0);
  hi_sec = std::min<int64_t>(hi_sec, kMaxSec);
  if (lo_sec > hi_sec) return false;
  lo = static_cast<uint32_t>(lo_sec << 1);
  hi = static_cast<uint32_t>(hi_sec << 1) | 1u;
  return true;
}

void ContactIndex::Add(const Pass& p) {
  tail_.push_back({p.person, p.place, Pack(p.at_ms, p.dir)});
  MaybeMerge();
}

void ContactIndex::Add(const std::vector<Pass>& ps) {
  size_t need = tail_.size() + ps.size();
  if (tail_.capacity() < need) tail_.reserve(std::max(need, 2 * tail_.capacity()));
  for (const Pass& p : ps) tail_.push_back({p.person, p.place, Pack(p.at_ms, p.dir)});
  MaybeMerge();
}

void ContactIndex::MaybeMerge() {
  if (tail_.size() <= kTailMax) return;
  size_t pending = tail_.size() + delta_by_person_.size();
  if (pending > std::max(kMinDelta, person_entries_.size() / 8)) {
    Rebuild(0);
  } else {
    MergeTailIntoDelta();
  }
}

void ContactIndex::MergeTailIntoDelta() {
  std::vector<Loose> by_person = tail_;
  std::sort(by_person.begin(), by_person.end(), [](const Loose& a, const Loose& b) {
    return std::tie(a.key, a.other, a.tdir) < std::tie(b.key, b.other, b.tdir);
  });
  std::vector<Loose> by_place;
  by_place.reserve(tail_.size());
  for (const Loose& l : tail_) by_place.push_back({l.other, l.key, l.tdir});
  auto place_less = [](const Loose& a, const Loose& b) {
    return std::tie(a.key, a.tdir, a.other) < std::tie(b.key, b.tdir, b.other);
  };
  std::sort(by_place.begin(), by_place.end(), place_less);

  std::vector<Loose> merged;
  merged.reserve(delta_by_person_.size() + by_person.size());
  std::merge(delta_by_person_.begin(), delta_by_person_.end(), by_person.begin(), by_person.end(),
             std::back_inserter(merged), [](const Loose& a, const Loose& b) {
               return std::tie(a.key, a.other, a.tdir) < std::tie(b.key, b.other, b.tdir);
             });
  delta_by_person_.swap(merged);
  merged.clear();
  merged.reserve(delta_by_place_.size() + by_place.size());
  std::merge(delta_by_place_.begin(), delta_by_place_.end(), by_place.begin(), by_place.end(),
             std::back_inserter(merged), place_less);
  delta_by_place_.swap(merged);
  tail_.clear();
}

void ContactIndex::Compact(int64_t drop_before_ms) {
  uint32_t min_tdir = 0;
  if (drop_before_ms != std::numeric_limits<int64_t>::min()) {
    int64_t sec = CeilDiv(SatAdd(drop_before_ms, -epoch_ms_), 1000);
    sec = std::clamp<int64_t>(sec, 0, kMaxSec + 1);
    if (sec > kMaxSec) {
      // Everything goes.
      *this = ContactIndex(epoch_ms_);
      return;
    }
    min_tdir = static_cast<uint32_t>(sec << 1);
  }
  Rebuild(min_tdir);
}

void ContactIndex::Rebuild(uint32_t min_tdir) {
  size_t old_persons = person_off_.empty() ? 0 : person_off_.size() - 1;
  size_t old_places = place_off_.empty() ? 0 : place_off_.size() - 1;
  size_t n_persons = old_persons, n_places = old_places;
  for (const Loose& l : delta_by_person_) {
    n_persons = std::max<size_t>(n_persons, size_t{l.key} + 1);
    n_places = std::max<size_t>(n_places, size_t{l.other} + 1);
  }
  for (const Loose& l : tail_) {
    n_persons = std::max<size_t>(n_persons, size_t{l.key} + 1);
    n_places = std::max<size_t>(n_places, size_t{l.other} + 1);
  }

  // Count per person and per place (kept records only).
  std::vector<uint64_t> poff(n_persons + 1, 0), loff(n_places + 1, 0);
  for (size_t i = 0; i < old_persons; ++i)
    for (uint64_t k = person_off_[i]; k < person_off_[i + 1]; ++k) {
      const PersonEntry& e = person_entries_[k];
      if (e.tdir < min_tdir) continue;
      ++poff[i + 1];
      ++loff[size_t{e.place} + 1];
    }
  auto count_loose = [&](const std::vector<Loose>& v) {
    for (const Loose& l : v) {
      if (l.tdir < min_tdir) continue;
      ++poff[size_t{l.key} + 1];
      ++loff[size_t{l.other} + 1];
    }
  };
  count_loose(delta_by_person_);
  count_loose(tail_);
  for (size_t i = 0; i < n_persons; ++i) poff[i + 1] += poff[i];
  for (size_t i = 0; i < n_places; ++i) loff[i + 1] += loff[i];

  // Per person: compacted (sorted) first, then the delta (sorted), then the tail.
  // Each segment is the old (sorted) entries, from its start to *mid, then the new ones.
  std::vector<PersonEntry> pent(poff[n_persons]);
  std::vector<uint64_t> pmid;
  {
    std::vector<uint64_t> pos(poff.begin(), poff.end() - 1);
    for (size_t i = 0; i < old_persons; ++i)
      for (uint64_t k = person_off_[i]; k < person_off_[i + 1]; ++k)
        if (person_entries_[k].tdir >= min_tdir) pent[pos[i]++] = person_entries_[k];
    pmid = pos;
    for (const std::vector<Loose>* v : {&delta_by_person_, &tail_})
      for (const Loose& l : *v)
        if (l.tdir >= min_tdir) pent[pos[l.key]++] = {l.other, l.tdir};
  }
  std::vector<uint64_t>().swap(person_off_);
  std::vector<PersonEntry>().swap(person_entries_);
  auto person_less = [](const PersonEntry& a, const PersonEntry& b) {
    return a.place != b.place ? a.place < b.place : a.tdir < b.tdir;
  };
  for (size_t i = 0; i < n_persons; ++i) {
    auto b = pent.begin() + poff[i], m = pent.begin() + pmid[i], e = pent.begin() + poff[i + 1];
    if (std::is_sorted(b, e, person_less)) continue;
    std::sort(m, e, person_less);
    std::inplace_merge(b, m, e, person_less);
  }
  std::vector<uint64_t>().swap(pmid);

  std::vector<PlaceEntry> lent(loff[n_places]);
  std::vector<uint64_t> lmid;
  {
    std::vector<uint64_t> pos(loff.begin(), loff.end() - 1);
    for (size_t i = 0; i < old_places; ++i)
      for (uint64_t k = place_off_[i]; k < place_off_[i + 1]; ++k)
        if (place_entries_[k].tdir >= min_tdir) lent[pos[i]++] = place_entries_[k];
    lmid = pos;
    for (const Loose& l : delta_by_place_)
      if (l.tdir >= min_tdir) lent[pos[l.key]++] = {l.other, l.tdir};
    for (const Loose& l : tail_)
      if (l.tdir >= min_tdir) lent[pos[l.other]++] = {l.key, l.tdir};
  }
  std::vector<uint64_t>().swap(place_off_);
  std::vector<PlaceEntry>().swap(place_entries_);
  auto place_less = [](const PlaceEntry& a, const PlaceEntry& b) {
    return a.tdir != b.tdir ? a.tdir < b.tdir : a.person < b.person;
  };
  for (size_t i = 0; i < n_places; ++i) {
    auto b = lent.begin() + loff[i], m = lent.begin() + lmid[i], e = lent.begin() + loff[i + 1];
    if (std::is_sorted(b, e, place_less)) continue;
    std::sort(m, e, place_less);
    std::inplace_merge(b, m, e, place_less);
  }

  person_off_ = std::move(poff);
  person_entries_ = std::move(pent);
  place_off_ = std::move(loff);
  place_entries_ = std::move(lent);
  std::vector<Loose>().swap(delta_by_person_);
  std::vector<Loose>().swap(delta_by_place_);
  std::vector<Loose>().swap(tail_);
}

std::vector<ContactIndex::PersonEntry> ContactIndex::PersonPasses(uint32_t person) const {
  std::vector<PersonEntry> out;
  if (size_t{person} + 1 < person_off_.size())
    out.assign(person_entries_.begin() + person_off_[person],
               person_entries_.begin() + person_off_[person + 1]);
  size_t compacted = out.size();
  auto it = std::lower_bound(delta_by_person_.begin(), delta_by_person_.end(), person,
                             [](const Loose& l, uint32_t k) { return l.key < k; });
  for (; it != delta_by_person_.end() && it->key == person; ++it)
    out.push_back({it->other, it->tdir});
  for (const Loose& l : tail_)
    if (l.key == person) out.push_back({l.other, l.tdir});
  if (out.size() != compacted)
    std::sort(out.begin(), out.end(), [](const PersonEntry& a, const PersonEntry& b) {
      return a.place != b.place ? a.place < b.place : a.tdir < b.tdir;
    });
  return out;
}

template <class F>
void ContactIndex::ForEachAtPlace(uint32_t place, uint32_t lo, uint32_t hi, F&& f) const {
  if (size_t{place} + 1 < place_off_.size()) {
    auto b = place_entries_.begin() + place_off_[place];
    auto e = place_entries_.begin() + place_off_[place + 1];
    auto it =
        std::lower_bound(b, e, lo, [](const PlaceEntry& x, uint32_t v) { return x.tdir < v; });
    for (; it != e && it->tdir <= hi; ++it) f(it->person, it->tdir);
  }
  auto it = std::lower_bound(delta_by_place_.begin(), delta_by_place_.end(),
                             std::pair<uint32_t, uint32_t>{place, lo},
                             [](const Loose& x, const std::pair<uint32_t, uint32_t>& v) {
                               return x.key != v.first ? x.key < v.first : x.tdir < v.second;
                             });
  for (; it != delta_by_place_.end() && it->key == place && it->tdir <= hi; ++it)
    f(it->other, it->tdir);
}

std::vector<Presence> ContactIndex::Presences(uint32_t person, const TraceOptions& o) const {
  const int64_t ew = std::max<int64_t>(o.entry_window_ms, 0);
  const int64_t ms = std::max<int64_t>(o.max_stay_ms, 0);
  std::vector<PersonEntry> mine = PersonPasses(person);
  std::vector<Presence> out;
  for (size_t i = 0; i < mine.size();) {
    size_t j = i;
    while (j < mine.size() && mine[j].place == mine[i].place) ++j;
    uint32_t place = mine[i].place;
    PairPasses(
        j - i,
        [&](size_t k) {
          return std::pair{Ms(mine[i + k].tdir), IsOut(mine[i + k].tdir)};
        },
        ew, ms,
        [&](int64_t from, int64_t to, bool entry_only) {
          if (from < o.to_ms && to > o.from_ms) out.push_back({place, from, to, entry_only});
        });
    i = j;
  }
  return out;
}

std::vector<Contact> ContactIndex::Trace(uint32_t person, const TraceOptions& o) const {
  const int64_t ew = std::max<int64_t>(o.entry_window_ms, 0);
  const int64_t max_stay = std::max<int64_t>(o.max_stay_ms, 0);
  const int64_t longest = std::max(ew, max_stay);  // no presence is longer than this
  // Context read around a cluster of the traced person's presences, so that the pairing of
  // every other presence that can overlap them is decided exactly as in a full scan.
  const int64_t before = longest + max_stay, after = max_stay;

  std::vector<Presence> own = Presences(person, o);
  if (own.empty()) return {};

  // The tail is scanned once: its passes at the traced person's places.
  std::vector<Loose> tail_here;  // key = place, other = person
  if (!tail_.empty()) {
    std::vector<uint32_t> places;
    for (const Presence& p : own)
      if (places.empty() || places.back() != p.place) places.push_back(p.place);
    for (const Loose& l : tail_)
      if (std::binary_search(places.begin(), places.end(), l.other))
        tail_here.push_back({l.other, l.key, l.tdir});
  }

  std::vector<Hit> hits;
  std::vector<PlaceEntry> around;
  for (size_t i = 0; i < own.size();) {
    // A cluster: presences at one place whose context ranges touch.
    const uint32_t place = own[i].place;
    int64_t cf = own[i].from_ms, ct = own[i].to_ms;
    size_t j = i + 1;
    while (j < own.size() && own[j].place == place &&
           own[j].from_ms - before <= SatAdd(ct, after)) {
      ct = std::max(ct, own[j].to_ms);
      ++j;
    }
    uint32_t lo, hi;
    if (PackedRange(cf - before, SatAdd(ct, after), lo, hi)) {
      around.clear();
      ForEachAtPlace(place, lo, hi, [&](uint32_t p, uint32_t tdir) {
        around.push_back({p, tdir});
      });
      for (const Loose& l : tail_here)
        if (l.key == place && l.tdir >= lo && l.tdir <= hi) around.push_back({l.other, l.tdir});
      std::sort(around.begin(), around.end(), [](const PlaceEntry& a, const PlaceEntry& b) {
        return a.person != b.person ? a.person < b.person : a.tdir < b.tdir;
      });
      for (size_t a = 0; a < around.size();) {
        size_t b = a;
        while (b < around.size() && around[b].person == around[a].person) ++b;
        const uint32_t other = around[a].person;
        if (other != person) {
          PairPasses(
              b - a,
              [&](size_t k) {
                return std::pair{Ms(around[a + k].tdir), IsOut(around[a + k].tdir)};
              },
              ew, max_stay,
              [&](int64_t from, int64_t to, bool entry_only) {
                if (!(from < ct && to > cf)) return;
                // own[i, j) is sorted by from and no presence is longer than `longest`.
                auto first =
                    std::lower_bound(own.begin() + i, own.begin() + j, from - longest,
                                     [](const Presence& p, int64_t v) { return p.from_ms < v; });
                for (auto it = first; it != own.begin() + j && it->from_ms < to; ++it) {
                  if (!(it->to_ms > from)) continue;
                  Evidence e{place, it->from_ms, it->to_ms, from, to, it->entry_only, entry_only};
                  hits.push_back({other, std::max(it->from_ms, from), e});
                }
              });
        }
        a = b;
      }
    }
    i = j;
  }

  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.person, a.overlap_from, a.e.place, a.e.case_from_ms, a.e.contact_from_ms) <
           std::tie(b.person, b.overlap_from, b.e.place, b.e.case_from_ms, b.e.contact_from_ms);
  });
  std::vector<Contact> contacts;
  for (size_t a = 0; a < hits.size();) {
    size_t b = a;
    while (b < hits.size() && hits[b].person == hits[a].person) ++b;
    Contact c;
    c.person = hits[a].person;
    c.first_overlap_ms = hits[a].overlap_from;
    size_t keep = std::min(b - a, o.max_evidence);
    c.evidence.reserve(keep);
    for (size_t k = a; k < a + keep; ++k) c.evidence.push_back(hits[k].e);
    contacts.push_back(std::move(c));
    a = b;
  }
  return contacts;
}

void ContactIndex::PassesAt(const std::vector<uint32_t>& places, int64_t from_ms, int64_t to_ms,
                            const std::function<void(uint32_t, int64_t)>& fn) const {
  if (to_ms == std::numeric_limits<int64_t>::min()) return;
  uint32_t lo, hi;
  if (!PackedRange(from_ms, to_ms - 1, lo, hi)) return;
  std::vector<uint32_t> sorted(places);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (uint32_t place : sorted)
    ForEachAtPlace(place, lo, hi, [&](uint32_t p, uint32_t tdir) { fn(p, Ms(tdir)); });
  if (tail_.empty()) return;
  for (const Loose& l : tail_)
    if (l.tdir >= lo && l.tdir <= hi && std::binary_search(sorted.begin(), sorted.end(), l.other))
      fn(l.key, Ms(l.tdir));
}

size_t ContactIndex::records() const {
  return person_entries_.size() + delta_by_person_.size() + tail_.size();
}

size_t ContactIndex::MemoryBytes() const {
  return sizeof(*this) + person_off_.capacity() * sizeof(uint64_t) +
         person_entries_.capacity() * sizeof(PersonEntry) +
         place_off_.capacity() * sizeof(uint64_t) + place_entries_.capacity() * sizeof(PlaceEntry) +
         (delta_by_person_.capacity() + delta_by_place_.capacity() + tail_.capacity()) *
             sizeof(Loose);
}

}  // namespace ow::trace
