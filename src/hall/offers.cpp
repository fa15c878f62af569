// 免申即享 offers (see offers.h).
#include "hall/offers.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "crypto/crypto.h"

namespace ow::hall {

namespace json = boost::json;

namespace {

constexpr char kOfferColumns[] =
    "id, item_code, item_version, enterprise_id, state, case_id, data, created_at_ms, "
    "decided_at_ms";

json::object EntriesJson(const std::map<std::string, PrefillEntry>& entries) {
  json::object o;
  for (const auto& [id, e] : entries)
    if (e.ok)
      o[id] = {{"value", e.value},
               {"source", {{"zh", e.source.zh}, {"en", e.source.en}}},
               {"member", e.member},
               {"fetched_at_ms", e.fetched_at_ms}};
  return o;
}

std::map<std::string, PrefillEntry> EntriesOf(const json::object& o) {
  std::map<std::string, PrefillEntry> out;
  for (const auto& [id, v] : o) {
    PrefillEntry e;
    e.material = std::string(id);
    e.ok = true;
    e.value = v.at("value");
    e.member = std::string(v.at("member").as_string());
    e.fetched_at_ms = v.at("fetched_at_ms").to_number<int64_t>();
    out.emplace(e.material, std::move(e));
  }
  return out;
}

}  // namespace

OfferService::OfferService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                           CaseService& cases, PrefillService& prefill,
                           identity::EnterpriseService& enterprises)
    : db_(db),
      clock_(clock),
      items_(items),
      cases_(cases),
      prefill_(prefill),
      enterprises_(enterprises) {}

Result<Offer> OfferService::Load(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query(std::string("SELECT ") + kOfferColumns + " FROM hall_offers WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no offer " + id);
  const store::Row& r = rows[0];
  Offer o;
  o.id = r.Text(0);
  o.item_code = r.Text(1);
  o.item_version = static_cast<int>(r.Int(2));
  o.enterprise_id = r.Text(3);
  o.state = r.Text(4);
  o.case_id = r.OptText(5).value_or("");
  boost::system::error_code ec;
  json::value data = json::parse(r.Text(6), ec);
  if (!ec && data.is_object()) o.prefilled = data.as_object();
  o.created_at_ms = r.Int(7);
  o.decided_at_ms = r.OptInt(8);
  if (auto item = items_.GetVersion(o.item_code, o.item_version); item.ok())
    o.item_name = (*item)->name;
  return o;
}

Result<SweepReport> OfferService::Sweep() {
  SweepReport report;
  if (!prefill_.enabled()) return Status::Unavailable("the data exchange is not configured");
  OW_ASSIGN_OR_RETURN(store::Rows enterprises,
                      db_.Query("SELECT id, credit_code FROM enterprises ORDER BY id", {}));
  for (const auto& item : items_.List()) {
    if (item->automatic_rule.empty() || !item->AllowsApplicant(Applicant::kEnterprise)) continue;
    ++report.items;
    OW_ASSIGN_OR_RETURN(
        store::Rows done,
        db_.Query("SELECT enterprise_id FROM hall_offers WHERE item_code = ?", {item->code}));
    std::set<std::string> offered;
    for (const store::Row& r : done) offered.insert(r.Text(0));
    for (const store::Row& e : enterprises) {
      const std::string enterprise = e.Text(0);
      if (offered.count(enterprise)) continue;
      ++report.enterprises;
      auto entries = prefill_.FetchItem(*item, e.Text(1), std::nullopt);
      bool fetched = true, eligible = true;
      for (const OfferCondition& c : item->automatic_rule) {
        auto it = entries.find(c.material);
        if (it == entries.end() || !it->second.ok) {
          fetched = false;
          break;
        }
        eligible = eligible && ConditionHolds(c, it->second.value);
      }
      if (!fetched) {
        ++report.unavailable;
        continue;
      }
      if (!eligible) continue;
      ++report.eligible;
      Offer o;
      o.id = crypto::NewId();
      o.item_code = item->code;
      o.item_version = item->version;
      o.item_name = item->name;
      o.enterprise_id = enterprise;
      o.state = "offered";
      o.prefilled = EntriesJson(entries);
      o.created_at_ms = clock_.NowMillis();
      bool created = false;
      OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
        // One offer per (item, enterprise), whoever sweeps: the unique key decides.
        OW_ASSIGN_OR_RETURN(
            int64_t n,
            tx.Exec("INSERT INTO hall_offers (id, item_code, item_version, enterprise_id, state, "
                    "data, created_at_ms) VALUES (?, ?, ?, ?, 'offered', ?, ?) ON CONFLICT "
                    "(item_code, enterprise_id) DO NOTHING",
                    {o.id, o.item_code, int64_t{o.item_version}, enterprise,
                     json::serialize(o.prefilled), o.created_at_ms}));
        created = n == 1;
        if (!created || !notify_) return Status::Ok();
        OW_ASSIGN_OR_RETURN(
            store::Rows members,
            tx.Query("SELECT person_id FROM enterprise_members WHERE enterprise_id = ? ORDER BY "
                     "person_id",
                     {enterprise}));
        for (const store::Row& m : members) OW_RETURN_IF_ERROR(notify_(tx, m.Text(0), o));
        return Status::Ok();
      }));
      if (created) ++report.offered;
    }
  }
  return report;
}

Result<std::vector<Offer>> OfferService::Mine(const Principal& p) {
  OW_ASSIGN_OR_RETURN(auto memberships, enterprises_.ForPerson(p.person_id));
  std::vector<Offer> out;
  for (const auto& m : memberships) {
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        db_.Query("SELECT id FROM hall_offers WHERE enterprise_id = ?", {m.enterprise.id}));
    for (const store::Row& r : rows) {
      OW_ASSIGN_OR_RETURN(Offer o, Load(r.Text(0)));
      if (!o.case_id.empty()) {
        auto c = cases_.Get(p, o.case_id);
        if (c.ok()) o.case_number = c->case_number;
      }
      out.push_back(std::move(o));
    }
  }
  std::sort(out.begin(), out.end(), [](const Offer& a, const Offer& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms > b.created_at_ms : a.id < b.id;
  });
  return out;
}

Result<CaseView> OfferService::Accept(const Principal& p, const std::string& offer_id,
                                      const json::object& answers) {
  OW_ASSIGN_OR_RETURN(Offer o, Load(offer_id));
  if (!enterprises_.CanActFor(p.person_id, o.enterprise_id).ok())
    return Status::NotFound("no offer " + offer_id);
  if (o.state == "declined") return Status::Conflict("the offer was declined");
  if (o.case_id.empty()) {
    NewApplication in{o.item_code, o.enterprise_id, {}};
    OW_ASSIGN_OR_RETURN(CaseView draft, cases_.Create(p, in));
    bool won = false;
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      OW_ASSIGN_OR_RETURN(int64_t n,
                          tx.Exec("UPDATE hall_offers SET case_id = ? WHERE id = ? AND case_id IS "
                                  "NULL AND state = 'offered'",
                                  {draft.id, o.id}));
      won = n == 1;
      if (!won) return Status::Ok();
      // The case holds the data the offer was made on.
      return PrefillService::StoreEntries(tx, draft.id, EntriesOf(o.prefilled));
    }));
    OW_ASSIGN_OR_RETURN(o, Load(offer_id));  // a concurrent accept may have won
    if (o.state == "declined") return Status::Conflict("the offer was declined");
  }
  OW_ASSIGN_OR_RETURN(CaseView c, cases_.Get(p, o.case_id));
  if (c.state == "draft") {
    if (!answers.empty()) {
      json::object merged = c.answers;
      for (const auto& [k, v] : answers) merged[k] = v;
      OW_ASSIGN_OR_RETURN(c, cases_.SaveAnswers(p, c.id, merged, std::nullopt));
    }
    auto submitted = cases_.Act(p, c.id, CaseAction::kSubmit, "", c.version);
    if (!submitted.ok()) {
      // A concurrent accept may have submitted it: then this is the same case.
      OW_ASSIGN_OR_RETURN(CaseView now, cases_.Get(p, c.id));
      if (now.state == "draft") return submitted.status();
      c = now;
    } else {
      c = *submitted;
    }
  }
  OW_RETURN_IF_ERROR(db_.Exec("UPDATE hall_offers SET state = 'accepted', decided_at_ms = ? WHERE "
                              "id = ? AND state = 'offered'",
                              {clock_.NowMillis(), o.id})
                         .status());
  return c;
}

Result<Offer> OfferService::Decline(const Principal& p, const std::string& offer_id) {
  OW_ASSIGN_OR_RETURN(Offer o, Load(offer_id));
  if (!enterprises_.CanActFor(p.person_id, o.enterprise_id).ok())
    return Status::NotFound("no offer " + offer_id);
  if (o.state == "declined") return o;
  OW_ASSIGN_OR_RETURN(int64_t n,
                      db_.Exec("UPDATE hall_offers SET state = 'declined', decided_at_ms = ? "
                               "WHERE id = ? AND state = 'offered' AND case_id IS NULL",
                               {clock_.NowMillis(), o.id}));
  if (n == 0) return Status::Conflict("the offer has been accepted");
  return Load(offer_id);
}

std::vector<store::Migration> OfferService::Migrations() {
  return {{.module = "hall_prefill", .version = 3, .name = "offers", .sql = R"SQL(
CREATE TABLE hall_offers (
  id TEXT PRIMARY KEY,
  item_code TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  enterprise_id TEXT NOT NULL,
  state TEXT NOT NULL,
  case_id TEXT,
  data TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  decided_at_ms BIGINT,
  UNIQUE (item_code, enterprise_id)
);
CREATE INDEX hall_offers_enterprise ON hall_offers (enterprise_id, created_at_ms);
)SQL"}};
}

}  // namespace ow::hall
