// ItemCatalogue: the service items in force and every version ever loaded. Item files are
// loaded at start (compiled in from hall/items/, or a directory given by configuration); each
// (code, version) is kept in `hall_item_versions` with the file's digest, so an application can
// always be read under the version it was made under, and a file changed without a higher
// version — or a version lower than one already loaded — is refused.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "hall/item.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

// One item file: its name (for messages) and text.
struct ItemFile {
  std::string name;
  std::string text;
};

// The item files compiled into the binary (hall/items/*.json).
std::vector<ItemFile> EmbeddedItemFiles();
// The *.json files of `dir`, sorted by name; NotFound if the directory does not exist.
Result<std::vector<ItemFile>> ReadItemFiles(const std::string& dir);

struct ItemFilter {
  std::string q;           // matched against names (zh, en), code and department name
  std::string applicant;   // "citizen" | "enterprise" | ""
  std::string department;  // department code, or ""
};

class ItemCatalogue {
 public:
  ItemCatalogue(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Parses every file (Invalid naming the file and the JSON paths), checks codes are unique,
  // records new versions and makes them current. Nothing changes when any file is refused.
  Status Load(const std::vector<ItemFile>& files);

  // Current items, ordered by code.
  std::vector<std::shared_ptr<const ServiceItem>> List(const ItemFilter& filter = {}) const;
  // The current version of an item; NotFound when unknown.
  Result<std::shared_ptr<const ServiceItem>> Get(const std::string& code) const;
  // A version ever loaded (for an application made under it); NotFound when unknown.
  Result<std::shared_ptr<const ServiceItem>> GetVersion(const std::string& code, int version) const;

  // Module "hall", version 1: hall_item_versions.
  static std::vector<store::Migration> Migrations();

 private:
  store::Database& db_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const ServiceItem>> current_;  // guarded by mu_
};

}  // namespace ow::hall
