// Issuing, signing, storing and listing licences (see licences.h).
#include "hall/licences.h"

#include <boost/json.hpp>

#include "codes/cbor_view.h"
#include "codes/cose_sign1.h"
#include "core/time.h"
#include "identity/validate.h"

namespace ow::hall {

namespace json = boost::json;

namespace {

constexpr size_t kMaxFields = 4;        // "a few fields from the case"
constexpr size_t kMaxFieldBytes = 120;  // each, so that the document fits a QR code
constexpr int kMaxWallet = 200;

constexpr char kColumns[] =
    "id, kind, case_number, item_code, department, holder_person, enterprise_id, "
    "issued_at_ms, valid_until, claims_sealed, document_sealed";

std::string ClaimsAad(const std::string& id) { return "hall_licences.claims:" + id; }
std::string DocumentAad(const std::string& id) { return "hall_licences.document:" + id; }

// The first `max` bytes of UTF-8 text, not cutting a character.
std::string Truncate(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

}  // namespace

struct LicenceService::Row {
  std::string id, kind, case_number, item_code, department;
  std::optional<std::string> holder_person, enterprise_id;
  int64_t issued_at_ms = 0;
  std::optional<std::string> valid_until;
  std::string claims_sealed;
  std::optional<std::string> document_sealed;

  static Row From(const store::Row& r) {
    Row o;
    o.id = r.Text(0);
    o.kind = r.Text(1);
    o.case_number = r.Text(2);
    o.item_code = r.Text(3);
    o.department = r.Text(4);
    o.holder_person = r.OptText(5);
    o.enterprise_id = r.OptText(6);
    o.issued_at_ms = r.Int(7);
    o.valid_until = r.OptText(8);
    o.claims_sealed = r.Bytes(9);
    if (!r.IsNull(10)) o.document_sealed = r.Bytes(10);
    return o;
  }
};

LicenceService::LicenceService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                               ItemCatalogue& items, identity::IdentityService& identity,
                               identity::EnterpriseService& enterprises,
                               issuance::IssuerKeyStore& issuer_keys)
    : db_(db),
      clock_(clock),
      keys_(keys),
      items_(items),
      identity_(identity),
      enterprises_(enterprises),
      issuer_keys_(issuer_keys) {}

void LicenceService::Attach(CaseService& cases) {
  cases.AddTransitionHook(
      [this](store::Tx& tx, const CaseEvent& e) { return OnTransition(tx, e); });
  cases.SetLicenceCheck(
      [this](const std::string& person, const std::string& enterprise, const std::string& licence,
             const std::string& kind) { return CheckHeld(person, enterprise, licence, kind); });
}

Status LicenceService::OnTransition(store::Tx& tx, const CaseEvent& e) {
  if (e.from != CaseState::kApproved || e.to != CaseState::kClosed) return Status::Ok();
  OW_ASSIGN_OR_RETURN(auto item, items_.GetVersion(e.item_code, e.item_version));
  codes::LicenceClaims c;
  c.id = crypto::NewId();
  if (item->licence) {
    c.kind = item->licence->kind;
    const Text title = item->licence->name.value_or(item->name);
    c.kind_zh = title.zh;
    c.kind_en = title.en;
  } else {
    c.kind = kDecisionKind;
    c.kind_zh = item->name.zh + "准予决定书";
    c.kind_en = "Decision of approval: " + item->name.en;
  }
  c.item_code = item->code;
  c.item_zh = item->name.zh;
  c.item_en = item->name.en;
  c.case_number = e.case_number;
  c.department = item->department_code;
  c.department_zh = item->department_name.zh;
  c.department_en = item->department_name.en;
  if (!e.enterprise_id.empty()) {
    OW_ASSIGN_OR_RETURN(identity::Enterprise ent, enterprises_.Get(e.enterprise_id));
    c.holder_type = "enterprise";
    c.holder_name = ent.name;
    c.holder_id = identity::MaskResidentId(ent.credit_code);
  } else {
    OW_ASSIGN_OR_RETURN(identity::PersonSummary who, identity_.GetSummary(tx, e.applicant));
    c.holder_type = "citizen";
    c.holder_name = who.masked_name;
    c.holder_id = who.masked_id;
  }
  const Date issued = ShanghaiDate(e.at_ms);
  c.issued_on = FormatDate(issued);
  if (item->licence && item->licence->validity_days) {
    const Date until = CivilFromDays(DaysFromCivil(issued) + *item->licence->validity_days);
    c.valid_until = FormatDate(until);
    // Valid through the last day (Asia/Shanghai).
    c.expires_at = ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil(until) + 1)) / 1000;
  }
  // A few of the applicant's answers, as the case holds them.
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      tx.Query("SELECT answers FROM hall_cases WHERE id = ?", {e.case_id}));
  if (!rows.empty()) {
    boost::system::error_code ec;
    json::value answers = json::parse(rows[0].Text(0), ec);
    for (const Material& m : item->materials) {
      if (ec || !answers.is_object() || c.fields.size() >= kMaxFields) break;
      if (m.source != MaterialSource::kForm) continue;
      const json::value* v = answers.as_object().if_contains(m.id);
      if (v && v->is_string() && !v->as_string().empty())
        c.fields.emplace_back(m.id, Truncate(v->as_string(), kMaxFieldBytes));
    }
  }
  const codes::Bytes encoded = codes::EncodeLicenceClaims(c);
  const std::string sealed =
      crypto::Seal(keys_.data_key(), codes::ToString(encoded), ClaimsAad(c.id));
  const bool enterprise = !e.enterprise_id.empty();
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO hall_licences (id, kind, case_id, case_number, item_code, "
              "department, holder_person, enterprise_id, applicant, issued_at_ms, valid_until, "
              "claims_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {c.id, c.kind, e.case_id, e.case_number, c.item_code, c.department,
               enterprise ? store::Value(nullptr) : store::Value(e.applicant),
               enterprise ? store::Value(e.enterprise_id) : store::Value(nullptr), e.applicant,
               e.at_ms, c.valid_until.empty() ? store::Value(nullptr) : store::Value(c.valid_until),
               store::Blob{sealed}})
          .status());
  tx.AfterCommit([this, id = c.id] { (void)Sign(id); });
  return Status::Ok();
}

Status LicenceService::Sign(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT claims_sealed, document_sealed FROM hall_licences WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no licence " + id);
  if (!rows[0].IsNull(1)) return Status::Ok();
  OW_ASSIGN_OR_RETURN(std::string plain,
                      crypto::Open(keys_.data_key(), rows[0].Bytes(0), ClaimsAad(id)));
  OW_ASSIGN_OR_RETURN(codes::CborView view, codes::CborView::Parse(codes::AsBytes(plain)));
  OW_ASSIGN_OR_RETURN(codes::LicenceClaims claims, codes::DecodeLicenceClaims(view));
  OW_ASSIGN_OR_RETURN(auto key, issuer_keys_.ActiveKey());
  claims.issuer = issuer_keys_.options().region;
  claims.issued_at = clock_.NowMillis() / 1000;  // the key is valid from its creation on
  const codes::Bytes cose = codes::SignLicence(claims, *key);
  const std::string sealed = crypto::Seal(keys_.data_key(), codes::ToString(cose), DocumentAad(id));
  // Another node may have signed it meanwhile: the first signature stays.
  return db_
      .Exec(
          "UPDATE hall_licences SET document_sealed = ?, kid = ? WHERE id = ? AND "
          "document_sealed IS NULL",
          {store::Blob{sealed}, codes::ToBase64(key->kid()), id})
      .status();
}

Status LicenceService::CheckHeld(const std::string& person_id, const std::string& enterprise_id,
                                 const std::string& licence_id, const std::string& kind) {
  if (licence_id.size() > 64) return Status::NotFound("no such licence");
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      enterprise_id.empty()
                          ? db_.Query("SELECT 1 FROM hall_licences WHERE id = ? AND kind = ? AND "
                                      "holder_person = ?",
                                      {licence_id, kind, person_id})
                          : db_.Query("SELECT 1 FROM hall_licences WHERE id = ? AND kind = ? AND "
                                      "enterprise_id = ?",
                                      {licence_id, kind, enterprise_id}));
  if (rows.empty()) return Status::NotFound("no licence " + licence_id + " of kind " + kind);
  return Status::Ok();
}

Result<LicenceView> LicenceService::ViewOf(const Row& r) {
  LicenceView v;
  v.id = r.id;
  v.kind = r.kind;
  v.case_number = r.case_number;
  v.item_code = r.item_code;
  v.department = r.department;
  v.enterprise_id = r.enterprise_id.value_or("");
  v.issued_at_ms = r.issued_at_ms;
  v.valid_until = r.valid_until.value_or("");
  v.status = "valid";
  if (r.valid_until && FormatDate(ShanghaiDate(clock_.NowMillis())) > *r.valid_until)
    v.status = "expired";
  OW_ASSIGN_OR_RETURN(std::string plain,
                      crypto::Open(keys_.data_key(), r.claims_sealed, ClaimsAad(r.id)));
  OW_ASSIGN_OR_RETURN(codes::CborView view, codes::CborView::Parse(codes::AsBytes(plain)));
  OW_ASSIGN_OR_RETURN(v.claims, codes::DecodeLicenceClaims(view));
  return v;
}

Result<bool> LicenceService::Holds(const Principal& p, const Row& r) {
  if (r.holder_person) return *r.holder_person == p.person_id;
  return r.enterprise_id && enterprises_.CanActFor(p.person_id, *r.enterprise_id).ok();
}

Result<std::vector<LicenceView>> LicenceService::Wallet(const Principal& p) {
  OW_ASSIGN_OR_RETURN(auto memberships, enterprises_.ForPerson(p.person_id));
  std::string sql =
      std::string("SELECT ") + kColumns + " FROM hall_licences WHERE holder_person = ?";
  std::vector<store::Value> params = {p.person_id};
  for (const identity::Membership& m : memberships) {
    sql += " OR enterprise_id = ?";
    params.emplace_back(m.enterprise.id);
  }
  sql += " ORDER BY issued_at_ms DESC, id LIMIT ?";
  params.emplace_back(int64_t{kMaxWallet});
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(sql, params));
  std::vector<LicenceView> out;
  for (const store::Row& row : rows) {
    OW_ASSIGN_OR_RETURN(LicenceView v, ViewOf(Row::From(row)));
    out.push_back(std::move(v));
  }
  return out;
}

Result<LicenceView> LicenceService::Get(const Principal& p, const std::string& id) {
  const std::string select = std::string("SELECT ") + kColumns + " FROM hall_licences WHERE id = ?";
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(select, {id}));
  if (rows.empty()) return Status::NotFound("no licence " + id);
  Row r = Row::From(rows[0]);
  OW_ASSIGN_OR_RETURN(bool holds, Holds(p, r));
  if (!holds) return Status::NotFound("no licence " + id);
  if (!r.document_sealed) {  // the signature after commit was lost (e.g. a restart)
    OW_RETURN_IF_ERROR(Sign(id));
    OW_ASSIGN_OR_RETURN(rows, db_.Query(select, {id}));
    r = Row::From(rows.at(0));
    if (!r.document_sealed) return Status::Unavailable("the licence is not signed yet");
  }
  OW_ASSIGN_OR_RETURN(LicenceView v, ViewOf(r));
  OW_ASSIGN_OR_RETURN(std::string doc,
                      crypto::Open(keys_.data_key(), *r.document_sealed, DocumentAad(id)));
  v.document.assign(doc.begin(), doc.end());
  // The signed document is what counts: its claims carry issuer and signing time.
  OW_ASSIGN_OR_RETURN(codes::CborView item, codes::CborView::Parse(v.document));
  OW_ASSIGN_OR_RETURN(codes::CoseSign1View msg, codes::ParseCoseSign1(item));
  OW_ASSIGN_OR_RETURN(codes::CborView claims, codes::CborView::Parse(msg.payload));
  OW_ASSIGN_OR_RETURN(v.claims, codes::DecodeLicenceClaims(claims));
  return v;
}

std::vector<store::Migration> LicenceService::Migrations() {
  return {{.module = "hall_licences", .version = 1, .name = "licences", .sql = R"SQL(
CREATE TABLE hall_licences (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  case_id TEXT NOT NULL UNIQUE,
  case_number TEXT NOT NULL,
  item_code TEXT NOT NULL,
  department TEXT NOT NULL,
  holder_person TEXT,
  enterprise_id TEXT,
  applicant TEXT NOT NULL,
  issued_at_ms BIGINT NOT NULL,
  valid_until TEXT,
  claims_sealed {blob} NOT NULL,
  document_sealed {blob},
  kid TEXT
);
CREATE INDEX hall_licences_person ON hall_licences (holder_person, issued_at_ms);
CREATE INDEX hall_licences_enterprise ON hall_licences (enterprise_id, issued_at_ms);
)SQL"}};
}

}  // namespace ow::hall
