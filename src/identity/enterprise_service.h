// EnterpriseService: enterprises registered by their unified social credit code (GB 32100),
// with citizens linked as legal representative (法定代表人) or agent (经办人) who may act for
// the enterprise in online services.
#pragma once

#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::identity {

enum class Relation { kLegalRepresentative, kAgent };
const char* RelationName(Relation r);

struct Enterprise {
  std::string id;
  std::string credit_code;
  std::string name;
  std::string region;
  int64_t created_at_ms = 0;
};

struct Membership {
  Enterprise enterprise;
  Relation relation;
};

class EnterpriseService {
 public:
  EnterpriseService(store::Database& db, const Clock& clock, audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Registers an enterprise with the caller linked by `relation`. Conflict if the credit code
  // is already registered.
  Result<std::string> Register(const std::string& person_id, const std::string& credit_code,
                               const std::string& name, const std::string& relation);
  // Links another person as agent; only the legal representative may do so.
  Status AddMember(const std::string& actor, const std::string& enterprise_id,
                   const std::string& person_id, Relation relation);
  Result<std::vector<Membership>> ForPerson(const std::string& person_id);
  Result<Enterprise> Get(const std::string& enterprise_id);
  // The enterprise as `viewer` may see it: its members, administrators, and service officers
  // whose region scope covers the enterprise's region (from its credit code). Forbidden for
  // anyone else (and, for people without such a role, whether or not it exists); NotFound.
  Result<Enterprise> View(const Principal& viewer, const std::string& enterprise_id);
  // The caller's relation to the enterprise, or Forbidden.
  Result<Relation> CanActFor(const std::string& person_id, const std::string& enterprise_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  audit::AuditLog& audit_;
};

}  // namespace ow::identity
