// ContactIndex: hand-built scenarios where the right contacts are known (overlap edges, entry
// windows, max stay, windows, other places), incremental adds against a bulk build and a
// brute-force reference, Compact(drop_before) and PassesAt.
#include "trace/contact_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

namespace ow::trace {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kMin = 60'000;
constexpr int64_t kHour = 3'600'000;

int64_t At(int h, int m, int s = 0) { return kT0 + h * kHour + m * kMin + s * 1000; }

Pass In(uint32_t person, uint32_t place, int64_t at) { return {person, place, at, Direction::kIn}; }
Pass Out(uint32_t person, uint32_t place, int64_t at) {
  return {person, place, at, Direction::kOut};
}

std::vector<uint32_t> People(const std::vector<Contact>& cs) {
  std::vector<uint32_t> out;
  for (const Contact& c : cs) out.push_back(c.person);
  return out;
}

const Contact* Find(const std::vector<Contact>& cs, uint32_t person) {
  for (const Contact& c : cs)
    if (c.person == person) return &c;
  return nullptr;
}

TraceOptions Day() {
  TraceOptions o;
  o.from_ms = At(0, 0);
  o.to_ms = At(24, 0);
  return o;
}

// Traced person 1 at place 5 (stay 10:00-11:00), 6 (entry 14:00), 7 (stay 16:00-17:00).
ContactIndex Scenario() {
  ContactIndex idx;
  idx.Add({
      In(1, 5, At(10, 0)),       Out(1, 5, At(11, 0)),   // traced: stay at 5
      In(2, 5, At(10, 30)),      Out(2, 5, At(12, 0)),   // overlapping stay: contact
      In(3, 5, At(11, 0)),       Out(3, 5, At(11, 30)),  // begins exactly when 1 leaves: no
      In(4, 5, At(9, 0)),        Out(4, 5, At(10, 0)),   // ends exactly when 1 arrives: no
      In(1, 6, At(14, 0)),                               // traced: entry-only at 6
      In(5, 6, At(14, 59)),                              // 59 min later: contact
      In(6, 6, At(15, 0)),                               // 60 min later: no
      In(7, 6, At(13, 0, 1)),                            // 59:59 before: contact
      In(8, 6, At(13, 0)),                               // 60 min before: no
      Out(9, 6, At(14, 30)),                             // a lone out is entry-only too: contact
      In(1, 7, At(16, 0)),       Out(1, 7, At(17, 0)),   // traced: stay at 7
      In(10, 7, At(16, 59, 59)),                         // entry-only inside the stay: contact
      In(11, 7, At(15, 0)),                              // entry-only ending at 16:00: no
      In(12, 7, At(15, 0, 1)),                           // entry-only ending at 16:00:01: contact
      In(13, 8, At(10, 0)),      Out(13, 8, At(11, 0)),  // same time, another place: no
  });
  return idx;
}

TEST(ContactIndex, HandBuiltScenario) {
  ContactIndex idx = Scenario();
  auto cs = idx.Trace(1, Day());
  EXPECT_EQ(People(cs), (std::vector<uint32_t>{2, 5, 7, 9, 10, 12}));

  const Contact* c2 = Find(cs, 2);
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(c2->first_overlap_ms, At(10, 30));
  ASSERT_EQ(c2->evidence.size(), 1u);
  const Evidence& e = c2->evidence[0];
  EXPECT_EQ(e.place, 5u);
  EXPECT_EQ(e.case_from_ms, At(10, 0));
  EXPECT_EQ(e.case_to_ms, At(11, 0));
  EXPECT_EQ(e.contact_from_ms, At(10, 30));
  EXPECT_EQ(e.contact_to_ms, At(12, 0));
  EXPECT_FALSE(e.case_entry_only);
  EXPECT_FALSE(e.contact_entry_only);

  const Contact* c5 = Find(cs, 5);
  ASSERT_NE(c5, nullptr);
  ASSERT_EQ(c5->evidence.size(), 1u);
  EXPECT_EQ(c5->first_overlap_ms, At(14, 59));
  EXPECT_EQ(c5->evidence[0].case_from_ms, At(14, 0));
  EXPECT_EQ(c5->evidence[0].case_to_ms, At(15, 0));
  EXPECT_EQ(c5->evidence[0].contact_from_ms, At(14, 59));
  EXPECT_EQ(c5->evidence[0].contact_to_ms, At(15, 59));
  EXPECT_TRUE(c5->evidence[0].case_entry_only);
  EXPECT_TRUE(c5->evidence[0].contact_entry_only);

  const Contact* c7 = Find(cs, 7);
  ASSERT_NE(c7, nullptr);
  EXPECT_EQ(c7->first_overlap_ms, At(14, 0));

  const Contact* c10 = Find(cs, 10);
  ASSERT_NE(c10, nullptr);
  EXPECT_EQ(c10->evidence[0].place, 7u);
  EXPECT_FALSE(c10->evidence[0].case_entry_only);
  EXPECT_TRUE(c10->evidence[0].contact_entry_only);
  EXPECT_EQ(c10->first_overlap_ms, At(16, 59, 59));

  // Symmetry: 1 is a contact of 2 and of 12, not of 3.
  EXPECT_EQ(People(idx.Trace(2, Day())), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(People(idx.Trace(12, Day())), (std::vector<uint32_t>{1, 11}));
  EXPECT_TRUE(idx.Trace(13, Day()).empty());
  EXPECT_TRUE(idx.Trace(999, Day()).empty());  // unknown person
}

TEST(ContactIndex, WindowAppliesToTracedPersonOnly) {
  ContactIndex idx = Scenario();
  TraceOptions o = Day();
  o.from_ms = At(11, 0);  // the stay at 5 ended at 11:00: out of the window
  o.to_ms = At(15, 0);
  EXPECT_EQ(People(idx.Trace(1, o)), (std::vector<uint32_t>{5, 7, 9}));
  o.from_ms = At(10, 59, 59);  // the stay's last second is in the window
  EXPECT_EQ(People(idx.Trace(1, o)), (std::vector<uint32_t>{2, 5, 7, 9}));
  o.from_ms = At(15, 0);  // entry at 14:00 lasted until 15:00: out; stay at 7 still in
  o.to_ms = At(16, 0, 1);
  EXPECT_EQ(People(idx.Trace(1, o)), (std::vector<uint32_t>{10, 12}));
  o.to_ms = At(16, 0);  // the stay at 7 begins at 16:00: out
  EXPECT_TRUE(idx.Trace(1, o).empty());
}

TEST(ContactIndex, LongInOutIsTwoEntries) {
  ContactIndex idx;
  idx.Add({
      In(100, 20, At(8, 0)),
      Out(100, 20, At(21, 0)),  // 13 h > 12 h: two entry-only passes
      In(101, 20, At(12, 0)),
      Out(101, 20, At(13, 0)),  // would overlap a stay: no
      In(102, 20, At(8, 30)),   // near the entry: contact
      In(103, 20, At(20, 30)),
      Out(103, 20, At(20, 45)),  // before the out: no
      In(104, 20, At(21, 30)),
      Out(104, 20, At(21, 40)),  // after the out: contact
      In(105, 20, At(7, 0)),
      Out(105, 20, At(19, 30)),  // 12.5 h: [7,8) ends at 8:00; [19:30,20:30)
      In(106, 21, At(8, 0)),
      Out(106, 21, At(20, 0)),  // exactly 12 h: a stay
      In(107, 21, At(19, 0)),
      Out(107, 21, At(19, 10)),
  });
  EXPECT_EQ(People(idx.Trace(100, Day())), (std::vector<uint32_t>{102, 104}));
  EXPECT_EQ(People(idx.Trace(106, Day())), (std::vector<uint32_t>{107}));
  auto ps = idx.Presences(100, Day());
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_TRUE(ps[0].entry_only);
  EXPECT_EQ(ps[0].from_ms, At(8, 0));
  EXPECT_EQ(ps[0].to_ms, At(9, 0));
  EXPECT_EQ(ps[1].from_ms, At(21, 0));
  TraceOptions o = Day();
  o.max_stay_ms = 14 * kHour;  // now a stay
  EXPECT_EQ(People(idx.Trace(100, o)), (std::vector<uint32_t>{101, 102, 103, 105}));
}

TEST(ContactIndex, PairingIsPerPlace) {
  ContactIndex idx;
  // 1 enters 30 at 10:00, passes 31 at 10:30, leaves 30 at 11:00: still a stay at 30.
  idx.Add({In(1, 30, At(10, 0)), In(1, 31, At(10, 30)), Out(1, 30, At(11, 0)),
           In(2, 30, At(10, 45)), Out(2, 30, At(10, 50))});
  EXPECT_EQ(People(idx.Trace(1, Day())), (std::vector<uint32_t>{2}));
  // Two ins then an out: the first in is entry-only, the second pairs with the out.
  idx.Add({In(3, 32, At(9, 0)), In(3, 32, At(12, 0)), Out(3, 32, At(13, 0)), In(4, 32, At(10, 30)),
           Out(4, 32, At(11, 0))});
  EXPECT_TRUE(idx.Trace(4, Day()).empty());
  auto ps = idx.Presences(3, Day());
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_TRUE(ps[0].entry_only);
  EXPECT_FALSE(ps[1].entry_only);
  EXPECT_EQ(ps[1].to_ms, At(13, 0));
}

TEST(ContactIndex, SecondResolution) {
  ContactIndex idx;
  idx.Add({In(1, 5, At(10, 0) + 700), Out(1, 5, At(11, 0) + 999), In(2, 5, At(11, 0) + 300)});
  auto cs = idx.Trace(1, Day());
  // Stored as 10:00:00 and 11:00:00: 2's entry at 11:00:00 no longer overlaps.
  EXPECT_TRUE(cs.empty());
  auto ps = idx.Presences(1, Day());
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].from_ms, At(10, 0));
  EXPECT_EQ(ps[0].to_ms, At(11, 0));
}

TEST(ContactIndex, EvidenceEarliestFirstAndCapped) {
  ContactIndex idx;
  std::vector<Pass> ps;
  for (int d = 13; d >= 0; --d) {  // two co-residents through one gate, 14 days, added backwards
    int64_t day = d * 24 * kHour;
    ps.push_back(In(1, 40, At(18, 0) + day));
    ps.push_back(In(2, 40, At(18, 20) + day));
  }
  idx.Add(ps);
  TraceOptions o;
  o.from_ms = At(0, 0) + 2 * 24 * kHour;
  o.to_ms = At(0, 0) + 30 * 24 * kHour;
  o.max_evidence = 5;
  auto cs = idx.Trace(1, o);
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].first_overlap_ms, At(18, 20) + 2 * 24 * kHour);
  ASSERT_EQ(cs[0].evidence.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(cs[0].evidence[i].case_from_ms, At(18, 0) + (2 + i) * 24 * kHour);
    EXPECT_EQ(cs[0].evidence[i].contact_from_ms, At(18, 20) + (2 + i) * 24 * kHour);
  }
}

TEST(ContactIndex, CompactDropsOldPasses) {
  ContactIndex idx = Scenario();
  size_t before = idx.records();
  EXPECT_EQ(before, 21u);
  // Drop everything before 10:30: 1's in at 10:00 goes; its out at 11:00 becomes entry-only
  // [11:00, 12:00), which now overlaps 3's stay and 2's stay.
  idx.Compact(At(10, 30));
  EXPECT_EQ(idx.records(), before - 4);  // 1, 4 (two) and 13's in
  auto cs = idx.Trace(1, Day());
  EXPECT_EQ(People(cs), (std::vector<uint32_t>{2, 3, 5, 7, 9, 10, 12}));
  const Contact* c3 = Find(cs, 3);
  ASSERT_NE(c3, nullptr);
  EXPECT_TRUE(c3->evidence[0].case_entry_only);
  EXPECT_EQ(c3->evidence[0].case_from_ms, At(11, 0));
  idx.Compact(At(24, 0));
  EXPECT_EQ(idx.records(), 0u);
  EXPECT_TRUE(idx.Trace(1, Day()).empty());
}

TEST(ContactIndex, PassesAt) {
  ContactIndex idx = Scenario();
  idx.Compact();
  idx.Add(In(50, 6, At(14, 10)));  // pending (tail)
  std::vector<std::pair<uint32_t, int64_t>> got;
  idx.PassesAt({6, 8, 6}, At(13, 0), At(15, 0), [&](uint32_t p, int64_t at) {
    got.push_back({p, at});
  });
  std::sort(got.begin(), got.end());
  std::vector<std::pair<uint32_t, int64_t>> want = {{1, At(14, 0)},    {5, At(14, 59)},
                                                    {7, At(13, 0, 1)}, {8, At(13, 0)},
                                                    {9, At(14, 30)},   {50, At(14, 10)}};
  EXPECT_EQ(got, want);  // 6's pass at 15:00 is excluded ([from, to)); 13 at 8 was at 10:00
}

// ---- Randomised: incremental builds and a brute-force reference agree. ----

std::vector<Pass> RandomPasses(uint32_t persons, uint32_t places, int days, size_t n,
                               uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Pass> ps;
  while (ps.size() < n) {
    uint32_t person = rng() % persons, place = rng() % places;
    int64_t t = kT0 + static_cast<int64_t>(rng() % (days * 24 * 60)) * kMin;
    uint64_t kind = rng() % 4;
    if (kind < 2) {  // a stay, sometimes too long
      ps.push_back(In(person, place, t));
      ps.push_back(Out(person, place, t + static_cast<int64_t>(rng() % (14 * 60)) * kMin));
    } else {
      ps.push_back({person, place, t, kind == 2 ? Direction::kIn : Direction::kOut});
    }
  }
  return ps;
}

// The semantics spelled out directly: all presences, every pair compared.
std::vector<Contact> Reference(const std::vector<Pass>& ps, uint32_t person,
                               const TraceOptions& o) {
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::pair<int64_t, bool>>> by;
  for (const Pass& p : ps)
    by[{p.person, p.place}].push_back({p.at_ms / 1000 * 1000, p.dir == Direction::kOut});
  std::vector<std::tuple<uint32_t, uint32_t, int64_t, int64_t, bool>> pres;  // place first
  for (auto& [key, v] : by) {
    std::sort(v.begin(), v.end());
    for (size_t i = 0; i < v.size();) {
      if (!v[i].second && i + 1 < v.size() && v[i + 1].second &&
          v[i + 1].first - v[i].first <= o.max_stay_ms) {
        pres.emplace_back(key.second, key.first, v[i].first, v[i + 1].first, false);
        i += 2;
      } else {
        pres.emplace_back(key.second, key.first, v[i].first, v[i].first + o.entry_window_ms, true);
        ++i;
      }
    }
  }
  std::map<uint32_t, std::vector<std::pair<int64_t, Evidence>>> hits;
  for (const auto& a : pres) {
    if (std::get<1>(a) != person) continue;
    if (!(std::get<2>(a) < o.to_ms && std::get<3>(a) > o.from_ms)) continue;
    for (const auto& b : pres) {
      if (std::get<1>(b) == person || std::get<0>(b) != std::get<0>(a)) continue;
      if (!(std::get<2>(a) < std::get<3>(b) && std::get<2>(b) < std::get<3>(a))) continue;
      Evidence e{std::get<0>(a), std::get<2>(a), std::get<3>(a), std::get<2>(b),
                 std::get<3>(b), std::get<4>(a), std::get<4>(b)};
      hits[std::get<1>(b)].push_back({std::max(std::get<2>(a), std::get<2>(b)), e});
    }
  }
  std::vector<Contact> out;
  for (auto& [p, v] : hits) {
    Contact c;
    c.person = p;
    c.first_overlap_ms = std::min_element(v.begin(), v.end(), [](auto& x, auto& y) {
                           return x.first < y.first;
                         })->first;
    for (auto& h : v) c.evidence.push_back(h.second);
    out.push_back(std::move(c));
  }
  return out;
}

auto Key(const Evidence& e) {
  return std::tie(e.place, e.case_from_ms, e.case_to_ms, e.contact_from_ms, e.contact_to_ms,
                  e.case_entry_only, e.contact_entry_only);
}

void ExpectSame(std::vector<Contact> a, std::vector<Contact> b, uint32_t person) {
  ASSERT_EQ(People(a), People(b)) << "person " << person;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].first_overlap_ms, b[i].first_overlap_ms) << "person " << person;
    auto less = [](const Evidence& x, const Evidence& y) { return Key(x) < Key(y); };
    std::sort(a[i].evidence.begin(), a[i].evidence.end(), less);
    std::sort(b[i].evidence.begin(), b[i].evidence.end(), less);
    ASSERT_EQ(a[i].evidence.size(), b[i].evidence.size()) << "person " << person;
    for (size_t k = 0; k < a[i].evidence.size(); ++k)
      EXPECT_TRUE(Key(a[i].evidence[k]) == Key(b[i].evidence[k])) << "person " << person;
  }
}

TEST(ContactIndex, IncrementalMatchesBulkAndReference) {
  std::vector<Pass> ps = RandomPasses(300, 25, 4, 30000, 7);
  TraceOptions o;
  o.from_ms = kT0 + 24 * kHour;
  o.to_ms = kT0 + 3 * 24 * kHour;
  o.max_evidence = 100000;

  ContactIndex bulk;
  bulk.Add(ps);
  bulk.Compact();
  ASSERT_EQ(bulk.records(), ps.size());

  // Shuffled single adds with a Compact in the middle: the rest stays pending (delta + tail).
  std::vector<Pass> shuffled = ps;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(3));
  ContactIndex inc;
  for (size_t i = 0; i < shuffled.size(); ++i) {
    inc.Add(shuffled[i]);
    if (i == 9000) inc.Compact();
  }
  ASSERT_EQ(inc.records(), ps.size());

  // Only single adds from empty: several automatic rebuilds.
  ContactIndex singles;
  std::vector<Pass> more = RandomPasses(300, 25, 4, 100000, 11);
  for (const Pass& p : more) singles.Add(p);
  ContactIndex singles_bulk;
  singles_bulk.Add(more);

  for (uint32_t person = 0; person < 300; person += 7) {
    auto want = Reference(ps, person, o);
    ExpectSame(bulk.Trace(person, o), want, person);
    ExpectSame(inc.Trace(person, o), want, person);
    ExpectSame(singles.Trace(person, o), singles_bulk.Trace(person, o), person);
  }
  for (uint32_t person : {0u, 1u, 2u})
    ExpectSame(singles.Trace(person, o), Reference(more, person, o), person);

  // PassesAt sees every part too.
  auto count = [&](const ContactIndex& idx) {
    size_t n = 0;
    idx.PassesAt({0, 3, 4}, o.from_ms, o.to_ms, [&](uint32_t, int64_t) { ++n; });
    return n;
  };
  size_t want_n = 0;
  for (const Pass& p : ps)
    if ((p.place == 0 || p.place == 3 || p.place == 4) && p.at_ms >= o.from_ms && p.at_ms < o.to_ms)
      ++want_n;
  EXPECT_EQ(count(bulk), want_n);
  EXPECT_EQ(count(inc), want_n);
  EXPECT_LE(bulk.MemoryBytes(), bulk.records() * 20 + 4096);
}

}  // namespace
}  // namespace ow::trace
