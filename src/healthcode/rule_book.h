// RuleBook: the rules in force, shared by every request, and their reloading. Readers get an
// immutable snapshot; a reload that fails leaves the old rules in force.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"
#include "healthcode/rules.h"

namespace ow::healthcode {

inline constexpr char kDefaultRulesFile[] = "rules/default.json";

class RuleBook {
 public:
  // Starts with the embedded default rules; Load() reads `path`.
  explicit RuleBook(std::string path = kDefaultRulesFile);

  // (Re)reads the rules file. The path is used as given when it exists, else relative to
  // $OW_SOURCE_DIR; the default path falls back to the embedded copy of rules/default.json.
  // On failure the rules in force stay and the error (with JSON paths) is returned.
  Result<std::shared_ptr<const Rules>> Load();

  std::shared_ptr<const Rules> Get() const;
  const std::string& path() const { return path_; }
  // The file Load() would read ("" = the embedded default), or NotFound.
  Result<std::string> ResolvePath() const;

 private:
  std::string path_;
  mutable std::mutex mu_;
  std::shared_ptr<const Rules> rules_;
};

}  // namespace ow::healthcode
