// Uploaded materials (see uploads.h).
#include "hall/uploads.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "crypto/crypto.h"
#include "http/json.h"

namespace ow::hall {

namespace json = boost::json;

namespace {

constexpr size_t kMaxName = 200;

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return crypto::ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

// "application/pdf; charset=binary" -> "application/pdf", lower case.
std::string BareType(std::string_view t) {
  std::string s(t.substr(0, t.find(';')));
  while (!s.empty() && s.back() == ' ') s.pop_back();
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const char kFileColumns[] = "id, case_id, material, name, type, size, sha256, created_at_ms";

StoredFile FileOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Text(6), r.Int(7)};
}

}  // namespace

std::string SniffMediaType(std::string_view b) {
  if (b.starts_with("%PDF-")) return "application/pdf";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  if (b.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  return "";
}

struct UploadService::Access {
  std::string case_id;
  std::string case_number;
  std::string applicant;
  std::string department;
  std::string item_code;
  int item_version = 0;
  CaseState state = CaseState::kDraft;
  bool applicant_call = false;  // the caller is the applicant (else an officer)
};

UploadService::UploadService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                             identity::EnterpriseService& enterprises, audit::AuditLog& audit)
    : db_(db), clock_(clock), items_(items), enterprises_(enterprises), audit_(audit) {}

Result<UploadService::Access> UploadService::Check(const Principal& p, const std::string& ref) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, case_number, applicant, enterprise_id, department, "
                                "item_code, item_version, state FROM hall_cases WHERE id = ? OR "
                                "case_number = ?",
                                {ref, ref}));
  if (rows.empty()) return Status::NotFound("no application " + ref);
  const store::Row& r = rows[0];
  Access a{r.Text(0),
           r.OptText(1).value_or(""),
           r.Text(2),
           r.Text(4),
           r.Text(5),
           static_cast<int>(r.Int(6)),
           ParseCaseState(r.Text(7)).value_or(CaseState::kDraft)};
  const std::string enterprise = r.OptText(3).value_or("");
  a.applicant_call = a.applicant == p.person_id ||
                     (!enterprise.empty() && enterprises_.CanActFor(p.person_id, enterprise).ok());
  if (a.applicant_call) return a;
  bool officer = false;
  for (const std::string& scope : p.Scopes(Role::kServiceOfficer))
    officer = officer || scope == kDepartmentScopePrefix + a.department;
  if (!officer || a.state == CaseState::kDraft) return Status::NotFound("no application " + ref);
  return a;
}

Result<StoredFile> UploadService::Upload(const Principal& p, const std::string& ref,
                                         const std::string& material, const std::string& name,
                                         const std::string& content_type,
                                         const std::string& bytes) {
  OW_ASSIGN_OR_RETURN(Access a, Check(p, ref));
  if (!a.applicant_call) return Status::Forbidden("only the applicant uploads materials");
  if (a.state != CaseState::kDraft && a.state != CaseState::kCorrection)
    return Status::Conflict("files can be added only to a draft or during correction");
  OW_ASSIGN_OR_RETURN(auto item, items_.GetVersion(a.item_code, a.item_version));
  const std::string path = "$.files." + material;
  const Material* m = nullptr;
  for (const Material& c : item->materials)
    if (c.id == material && c.source == MaterialSource::kUpload) m = &c;
  if (m == nullptr)
    return Status::Invalid("no such upload material",
                           {{path, "is not an upload material of this item", "unknown_material"}});
  const std::string file_name = name.empty() ? material : name;
  if (file_name.size() > kMaxName ||
      http::FindDisallowedChar(file_name, http::TextKind::kLine) != std::string::npos ||
      file_name.find_first_of("/\\") != std::string::npos)
    return Status::Invalid("bad file name", {{"$.name",
                                              "must be at most 200 bytes of text without a "
                                              "slash or control characters",
                                              "bad_name"}});
  if (bytes.empty())
    return Status::Invalid("the file is empty", {{path, "the file is empty", "empty"}});
  if (static_cast<int64_t>(bytes.size()) > m->max_bytes)
    return Status::Invalid(
        "the file is too large",
        {{path, "must be at most " + std::to_string(m->max_bytes) + " bytes", "too_large"}});
  const std::string type = BareType(content_type);
  if (std::find(m->types.begin(), m->types.end(), type) == m->types.end()) {
    std::string allowed;
    for (const std::string& t : m->types) allowed += (allowed.empty() ? "" : ", ") + t;
    return Status::Invalid("this type of file is not accepted",
                           {{path, "must be one of " + allowed, "type_not_allowed"}});
  }
  if (SniffMediaType(bytes) != type)
    return Status::Invalid(
        "the file's content does not match its type",
        {{path, "the content is not " + type + " (was the file renamed?)", "content_mismatch"}});
  StoredFile f{crypto::NewId(),
               a.case_id,
               material,
               file_name,
               type,
               static_cast<int64_t>(bytes.size()),
               Sha256Hex(bytes),
               clock_.NowMillis()};
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    // The state again, under the transaction: a submission in between wins.
    OW_ASSIGN_OR_RETURN(store::Rows s,
                        tx.Query("SELECT state FROM hall_cases WHERE id = ?", {a.case_id}));
    const std::string state = s.empty() ? "" : s[0].Text(0);
    if (state != "draft" && state != "correction")
      return Status::Conflict("files can be added only to a draft or during correction");
    return tx
        .Exec(
            "INSERT INTO hall_files (id, case_id, material, name, type, size, sha256, data, "
            "uploader, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {f.id, f.case_id, f.material, f.name, f.type, f.size, f.sha256, store::Blob{bytes},
             p.person_id, f.created_at_ms})
        .status();
  }));
  return f;
}

Result<std::pair<StoredFile, std::string>> UploadService::Download(const Principal& p,
                                                                   const std::string& ref,
                                                                   const std::string& file_id) {
  OW_ASSIGN_OR_RETURN(Access a, Check(p, ref));
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kFileColumns +
                                    ", data FROM hall_files WHERE id = ? AND case_id = ?",
                                {file_id, a.case_id}));
  if (rows.empty()) return Status::NotFound("no file " + file_id);
  StoredFile f = FileOf(rows[0]);
  if (!a.applicant_call)
    OW_RETURN_IF_ERROR(audit_.Append(
        {p.person_id, "hall.file.read", a.applicant, f.material,
         "case " + (a.case_number.empty() ? a.case_id : a.case_number) + " file " + f.id, ""}));
  return std::make_pair(std::move(f), rows[0].Bytes(8));
}

Status UploadService::Delete(const Principal& p, const std::string& ref,
                             const std::string& file_id) {
  OW_ASSIGN_OR_RETURN(Access a, Check(p, ref));
  if (!a.applicant_call) return Status::Forbidden("only the applicant deletes materials");
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(store::Rows s,
                        tx.Query("SELECT state FROM hall_cases WHERE id = ?", {a.case_id}));
    const std::string state = s.empty() ? "" : s[0].Text(0);
    if (state != "draft" && state != "correction")
      return Status::Conflict("files can be deleted only from a draft or during correction");
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM hall_files WHERE id = ? AND case_id = ?",
                                           {file_id, a.case_id}));
    if (n == 0) return Status::NotFound("no file " + file_id);
    return Status::Ok();
  });
}

Result<std::vector<StoredFile>> UploadService::ForCase(const std::string& case_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kFileColumns +
                                    " FROM hall_files WHERE case_id = ? ORDER BY created_at_ms, id",
                                {case_id}));
  std::vector<StoredFile> out;
  for (const store::Row& r : rows) out.push_back(FileOf(r));
  return out;
}

Status UploadService::Decorate(const std::string& case_id, json::object& view) {
  OW_ASSIGN_OR_RETURN(auto files, ForCase(case_id));
  json::array out;
  for (const StoredFile& f : files)
    out.push_back({{"id", f.id},
                   {"material", f.material},
                   {"name", f.name},
                   {"type", f.type},
                   {"size", f.size},
                   {"sha256", f.sha256}});
  view["files"] = std::move(out);
  return Status::Ok();
}

void UploadService::Attach(CaseService& cases) {
  ItemCatalogue& items = items_;
  cases.AddTransitionHook([&items](store::Tx& tx, const CaseEvent& e) -> Status {
    if (e.action != CaseAction::kSubmit && e.action != CaseAction::kResubmit) return Status::Ok();
    OW_ASSIGN_OR_RETURN(auto item, items.GetVersion(e.item_code, e.item_version));
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("SELECT DISTINCT material FROM hall_files WHERE case_id = ?", {e.case_id}));
    std::vector<FieldError> errors;
    for (const Material& m : item->materials) {
      if (m.source != MaterialSource::kUpload || !m.required) continue;
      bool found = false;
      for (const store::Row& r : rows) found = found || r.Text(0) == m.id;
      if (!found) errors.push_back({"$.files." + m.id, "upload this file", "required"});
    }
    if (!errors.empty()) return Status::Invalid("required files are missing", std::move(errors));
    return Status::Ok();
  });
}

std::vector<store::Migration> UploadService::Migrations() {
  return {{.module = "hall_prefill",
           .version = 2,
           .name = "uploaded files",
           .sql = R"SQL(
CREATE TABLE hall_files (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  material TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BYTEA NOT NULL,
  uploader TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX hall_files_case ON hall_files (case_id, created_at_ms);
)SQL",
           .sqlite_sql = R"SQL(
CREATE TABLE hall_files (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  material TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  uploader TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX hall_files_case ON hall_files (case_id, created_at_ms);
)SQL"}};
}

}  // namespace ow::hall
