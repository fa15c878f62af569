#include "healthcode/rule_book.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ow::healthcode {

namespace fs = std::filesystem;

RuleBook::RuleBook(std::string path) : path_(std::move(path)) {
  auto r = ParseRules(EmbeddedDefaultRules());
  if (!r.ok())
    throw std::logic_error("embedded default rules are invalid: " + r.status().ToString());
  rules_ = std::make_shared<const Rules>(std::move(r).value());
}

Result<std::string> RuleBook::ResolvePath() const {
  if (path_.empty()) return std::string();
  std::error_code ec;
  if (fs::exists(path_, ec)) return path_;
  if (fs::path(path_).is_relative()) {
    if (const char* src = std::getenv("OW_SOURCE_DIR"); src && *src) {
      fs::path p = fs::path(src) / path_;
      if (fs::exists(p, ec)) return p.string();
    }
  }
  if (path_ == kDefaultRulesFile) return std::string();
  return Status::NotFound("rules file " + path_ + " not found");
}

Result<std::shared_ptr<const Rules>> RuleBook::Load() {
  OW_ASSIGN_OR_RETURN(std::string file, ResolvePath());
  Result<Rules> r = file.empty() ? ParseRules(EmbeddedDefaultRules()) : LoadRulesFile(file);
  if (!r.ok()) return r.status();
  auto rules = std::make_shared<const Rules>(std::move(r).value());
  std::lock_guard lock(mu_);
  rules_ = rules;
  return rules;
}

std::shared_ptr<const Rules> RuleBook::Get() const {
  std::lock_guard lock(mu_);
  return rules_;
}

}  // namespace ow::healthcode
