#include "issuance/code_subjects.h"

#include "crypto/crypto.h"

namespace ow::issuance {

namespace {
constexpr size_t kMaxCached = 100000;
constexpr size_t kMaxSubjectLength = 64;
}  // namespace

void CodeSubjects::Remember(const std::string& subject, const std::string& person_id) {
  std::lock_guard lock(mu_);
  if (by_person_.size() >= kMaxCached) {
    by_person_.clear();
    by_subject_.clear();
  }
  by_person_[person_id] = subject;
  by_subject_[subject] = person_id;
}

Result<std::string> CodeSubjects::SubjectFor(const std::string& person_id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = by_person_.find(person_id); it != by_person_.end()) return it->second;
  }
  const char* select = "SELECT subject FROM code_subjects WHERE person_id = ?";
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(select, {person_id}));
  if (rows.empty()) {
    // 128 random bits; a concurrent first request on another node may win, then its id is
    // the one read back.
    OW_RETURN_IF_ERROR(db_.Exec("INSERT INTO code_subjects (subject, person_id, created_at) "
                                "VALUES (?,?,?) ON CONFLICT DO NOTHING",
                                {crypto::RandomToken(16), person_id, clock_.NowMillis()})
                           .status());
    OW_ASSIGN_OR_RETURN(rows, db_.Query(select, {person_id}));
    if (rows.empty()) return Status::Internal("code subject vanished after insert");
  }
  std::string subject = rows[0].Text(0);
  Remember(subject, person_id);
  return subject;
}

Result<std::string> CodeSubjects::PersonFor(const std::string& subject) {
  if (subject.empty() || subject.size() > kMaxSubjectLength)
    return Status::NotFound("unknown code subject");
  {
    std::lock_guard lock(mu_);
    if (auto it = by_subject_.find(subject); it != by_subject_.end()) return it->second;
  }
  OW_ASSIGN_OR_RETURN(
      auto rows, db_.Query("SELECT person_id FROM code_subjects WHERE subject = ?", {subject}));
  if (rows.empty()) return Status::NotFound("unknown code subject");
  std::string person = rows[0].Text(0);
  Remember(subject, person);
  return person;
}

}  // namespace ow::issuance
