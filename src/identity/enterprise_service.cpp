#include "identity/enterprise_service.h"

#include "crypto/crypto.h"
#include "identity/validate.h"

namespace ow::identity {

const char* RelationName(Relation r) {
  return r == Relation::kLegalRepresentative ? "legal_representative" : "agent";
}

namespace {
std::optional<Relation> ParseRelation(const std::string& s) {
  if (s == "legal_representative") return Relation::kLegalRepresentative;
  if (s == "agent") return Relation::kAgent;
  return std::nullopt;
}
}  // namespace

Result<std::string> EnterpriseService::Register(const std::string& person_id,
                                                const std::string& credit_code,
                                                const std::string& name,
                                                const std::string& relation) {
  std::vector<FieldError> errors;
  if (!CheckCreditCode(credit_code))
    errors.push_back({"$.credit_code",
                      "must be an 18-character unified social credit code with "
                      "a valid check character",
                      "bad_credit_code"});
  if (name.empty() || name.size() > 200)
    errors.push_back({"$.name", "must be 1-200 bytes", "bad_length"});
  auto rel = ParseRelation(relation);
  if (!rel)
    errors.push_back({"$.relation", "must be legal_representative or agent", "bad_relation"});
  if (!errors.empty()) return Status::Invalid("enterprise data is invalid", std::move(errors));
  std::string id = crypto::NewId();
  int64_t now = clock_.NowMillis();
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO enterprises (id, credit_code, name, region, created_by, "
                "created_at) VALUES (?,?,?,?,?,?)",
                {id, credit_code, name, credit_code.substr(2, 6), person_id, now})
            .status());
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO enterprise_members (enterprise_id, person_id, relation, "
                "added_at) VALUES (?,?,?,?)",
                {id, person_id, RelationName(*rel), now})
            .status());
    return audit_.Append(tx, {person_id, "enterprise.register", id, "", credit_code, ""});
  });
  if (s.code() == Code::kConflict)
    return Status::Conflict("an enterprise with this credit code is already registered");
  OW_RETURN_IF_ERROR(s);
  return id;
}

Status EnterpriseService::AddMember(const std::string& actor, const std::string& enterprise_id,
                                    const std::string& person_id, Relation relation) {
  OW_ASSIGN_OR_RETURN(Relation mine, CanActFor(actor, enterprise_id));
  if (mine != Relation::kLegalRepresentative)
    return Status::Forbidden("only the legal representative may add members");
  return db_.Transact([&](store::Tx& tx) -> Status {
    auto r = tx.Exec(
        "INSERT INTO enterprise_members (enterprise_id, person_id, relation, added_at) "
        "VALUES (?,?,?,?)",
        {enterprise_id, person_id, RelationName(relation), clock_.NowMillis()});
    if (r.status().code() == Code::kConflict)
      return Status::Conflict("this person is already linked to the enterprise");
    OW_RETURN_IF_ERROR(r.status());
    return audit_.Append(tx, {actor, "enterprise.member.add", person_id, "", enterprise_id, ""});
  });
}

Result<std::vector<Membership>> EnterpriseService::ForPerson(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT e.id, e.credit_code, e.name, e.region, e.created_at, "
                                "m.relation FROM enterprise_members m JOIN enterprises e ON "
                                "e.id = m.enterprise_id WHERE m.person_id = ? ORDER BY e.name",
                                {person_id}));
  std::vector<Membership> out;
  for (const auto& r : rows) {
    out.push_back(
        {{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)}, *ParseRelation(r.Text(5))});
  }
  return out;
}

Result<Enterprise> EnterpriseService::Get(const std::string& enterprise_id) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id, credit_code, name, region, created_at FROM "
                                           "enterprises WHERE id = ?",
                                           {enterprise_id}));
  if (rows.empty()) return Status::NotFound("no such enterprise");
  const auto& r = rows[0];
  return Enterprise{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)};
}

Result<Enterprise> EnterpriseService::View(const Principal& viewer,
                                           const std::string& enterprise_id) {
  auto rel = CanActFor(viewer.person_id, enterprise_id);
  if (rel.ok() || viewer.Has(Role::kAdmin)) return Get(enterprise_id);
  if (!viewer.Has(Role::kServiceOfficer)) return rel.status();
  OW_ASSIGN_OR_RETURN(Enterprise e, Get(enterprise_id));
  if (!viewer.HasInRegion(Role::kServiceOfficer, e.region))
    return Status::Forbidden("this enterprise is outside your region");
  return e;
}

Result<Relation> EnterpriseService::CanActFor(const std::string& person_id,
                                              const std::string& enterprise_id) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT relation FROM enterprise_members WHERE "
                                           "enterprise_id = ? AND person_id = ?",
                                           {enterprise_id, person_id}));
  if (rows.empty()) return Status::Forbidden("you are not linked to this enterprise");
  return *ParseRelation(rows[0].Text(0));
}

}  // namespace ow::identity
