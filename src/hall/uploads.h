// UploadService: files an applicant uploads for the `"source": "upload"` materials of an item
// (only what no department holds). Each file is checked against the material's `types` and
// `max_bytes`, its content sniffed (a PDF starts with %PDF-, a JPEG with FF D8 FF, a PNG with
// the PNG signature) so a renamed file is refused, and stored as a blob row in `hall_files`
// with its SHA-256 (migration stream "hall_prefill", version 2): in the database rather than in
// files beside it so that a file commits or rolls back with the case check, both backends and
// every node see it without a shared file system, and a backup holds case and files together;
// the limits (at most 50 MB per material by the item format, 1 MiB per request by the HTTP
// server's default body limit) keep rows small. Uploads and deletions only while the case is a
// draft or in correction; required uploads are checked on submit and resubmit.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "identity/enterprise_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

struct StoredFile {
  std::string id;
  std::string case_id;
  std::string material;
  std::string name;  // as the applicant named it (for the download)
  std::string type;  // media type, one of the material's types
  int64_t size = 0;
  std::string sha256;  // hex
  int64_t created_at_ms = 0;
};

// The media type `bytes` look like ("application/pdf", "image/jpeg", "image/png"), or "".
std::string SniffMediaType(std::string_view bytes);

class UploadService {
 public:
  UploadService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                identity::EnterpriseService& enterprises, audit::AuditLog& audit);

  // Stores a file for `material` of the case `ref` (the applicant's, draft or correction).
  // Refusals: NotFound (not the applicant's case); Conflict (past correction); Invalid at
  // $.files.<material> with code unknown_material | empty | too_large | type_not_allowed |
  // content_mismatch, or at $.name with bad_name.
  Result<StoredFile> Upload(const Principal& p, const std::string& ref, const std::string& material,
                            const std::string& name, const std::string& content_type,
                            const std::string& bytes);
  // A file's metadata and bytes, for the applicant and the department's officers (an
  // officer's download is audited); NotFound for anyone else.
  Result<std::pair<StoredFile, std::string>> Download(const Principal& p, const std::string& ref,
                                                      const std::string& file_id);
  // Deletes a file (the applicant, draft or correction).
  Status Delete(const Principal& p, const std::string& ref, const std::string& file_id);

  Result<std::vector<StoredFile>> ForCase(const std::string& case_id);
  // Adds "files": [{id, material, name, type, size, sha256}] to a case view.
  Status Decorate(const std::string& case_id, boost::json::object& view);
  // On submit and resubmit, every required upload material needs a file (Invalid at
  // $.files.<material>, code "required").
  void Attach(CaseService& cases);

  // Module "hall_prefill", version 2: hall_files.
  static std::vector<store::Migration> Migrations();

 private:
  struct Access;
  Result<Access> Check(const Principal& p, const std::string& ref);

  store::Database& db_;
  const Clock& clock_;
  ItemCatalogue& items_;
  identity::EnterpriseService& enterprises_;
  audit::AuditLog& audit_;
};

}  // namespace ow::hall
