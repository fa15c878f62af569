// Loading, versioning and searching service items (see item_catalogue.h).
#include "hall/item_catalogue.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace ow::hall {

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Case-insensitive for ASCII (English names and codes); Chinese matches as written.
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return c < 0x80 ? std::tolower(c) : c; });
  return s;
}

}  // namespace

Result<std::vector<ItemFile>> ReadItemFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("no item directory " + dir);
  std::vector<ItemFile> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return Status::Internal("cannot read " + entry.path().string());
    files.push_back({entry.path().filename().string(), text.str()});
  }
  if (ec) return Status::Internal("cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const ItemFile& a, const ItemFile& b) { return a.name < b.name; });
  return files;
}

Status ItemCatalogue::Load(const std::vector<ItemFile>& files) {
  std::vector<std::shared_ptr<const ServiceItem>> items;
  std::set<std::string> codes;
  for (const ItemFile& file : files) {
    auto item = ParseItem(file.text);
    if (!item.ok())
      return Status::Invalid(file.name + ": " + item.status().message(), item.status().fields());
    if (!codes.insert(item->code).second)
      return Status::Invalid(file.name + ": item " + item->code + " is defined twice");
    items.push_back(std::make_shared<const ServiceItem>(std::move(*item)));
  }
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    for (const auto& item : items) {
      OW_ASSIGN_OR_RETURN(
          store::Rows rows,
          tx.Query("SELECT version, digest FROM hall_item_versions WHERE code = ? ORDER BY "
                   "version DESC",
                   {item->code}));
      bool known = false;
      for (const store::Row& r : rows) {
        if (r.Int(0) > item->version)
          return Status::Conflict("item " + item->code + ": version " + std::to_string(r.Int(0)) +
                                  " is already loaded; a file may not go back to version " +
                                  std::to_string(item->version));
        if (r.Int(0) == item->version) {
          if (r.Text(1) != item->digest_hex)
            return Status::Conflict("item " + item->code + " version " +
                                    std::to_string(item->version) +
                                    " has changed; give the changed file a new version");
          known = true;
        }
      }
      if (known) continue;
      OW_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO hall_item_versions (code, version, digest, "
                  "document, loaded_at_ms) VALUES (?, ?, ?, ?, ?)",
                  {item->code, int64_t{item->version}, item->digest_hex, item->source_json, now})
              .status());
    }
    return Status::Ok();
  }));
  std::lock_guard lock(mu_);
  current_.clear();
  for (auto& item : items) current_[item->code] = item;
  return Status::Ok();
}

std::vector<std::shared_ptr<const ServiceItem>> ItemCatalogue::List(
    const ItemFilter& filter) const {
  const std::string q = Lower(filter.q);
  std::vector<std::shared_ptr<const ServiceItem>> out;
  std::lock_guard lock(mu_);
  for (const auto& [code, item] : current_) {
    if (!filter.applicant.empty()) {
      Applicant a = filter.applicant == "citizen" ? Applicant::kCitizen : Applicant::kEnterprise;
      if (!item->AllowsApplicant(a)) continue;
    }
    if (!filter.department.empty() && item->department_code != filter.department) continue;
    if (!q.empty() && !Contains(item->name.zh, q) && !Contains(Lower(item->name.en), q) &&
        !Contains(Lower(item->code), q) && !Contains(item->department_name.zh, q) &&
        !Contains(Lower(item->department_name.en), q))
      continue;
    out.push_back(item);
  }
  return out;
}

Result<std::shared_ptr<const ServiceItem>> ItemCatalogue::Get(const std::string& code) const {
  std::lock_guard lock(mu_);
  auto it = current_.find(code);
  if (it == current_.end()) return Status::NotFound("no service item " + code);
  return it->second;
}

Result<std::shared_ptr<const ServiceItem>> ItemCatalogue::GetVersion(const std::string& code,
                                                                     int version) const {
  {
    std::lock_guard lock(mu_);
    auto it = current_.find(code);
    if (it != current_.end() && it->second->version == version) return it->second;
  }
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT document FROM hall_item_versions WHERE code = ? AND "
                                "version = ?",
                                {code, int64_t{version}}));
  if (rows.empty())
    return Status::NotFound("no version " + std::to_string(version) + " of item " + code);
  OW_ASSIGN_OR_RETURN(ServiceItem item, ParseItem(rows[0].Text(0)));
  return std::make_shared<const ServiceItem>(std::move(item));
}

std::vector<store::Migration> ItemCatalogue::Migrations() {
  return {{.module = "hall", .version = 1, .name = "service item versions", .sql = R"SQL(
CREATE TABLE hall_item_versions (
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  digest TEXT NOT NULL,
  document TEXT NOT NULL,
  loaded_at_ms BIGINT NOT NULL,
  PRIMARY KEY (code, version)
);
)SQL"}};
}

}  // namespace ow::hall
