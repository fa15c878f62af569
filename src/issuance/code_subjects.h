// CodeSubjects: the pseudonymous subject id that a person's health codes carry instead of
// any real identifier. Each person gets one random id on first use (never derived from the
// resident ID); the reverse lookup lets this installation's checkpoints find the person.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::issuance {

class CodeSubjects {
 public:
  CodeSubjects(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The person's subject id, created on first use (race-safe across nodes).
  Result<std::string> SubjectFor(const std::string& person_id);
  // The person behind a subject id; NotFound for an unknown (or foreign) subject.
  Result<std::string> PersonFor(const std::string& subject);

 private:
  void Remember(const std::string& subject, const std::string& person_id);

  store::Database& db_;
  const Clock& clock_;
  // The mapping never changes once created, so it can be cached without invalidation.
  std::mutex mu_;
  std::unordered_map<std::string, std::string> by_person_;
  std::unordered_map<std::string, std::string> by_subject_;
};

}  // namespace ow::issuance
