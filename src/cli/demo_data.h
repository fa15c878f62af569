// Demo accounts and data for `make run` (serve --demo). Idempotent: existing accounts are kept.
// The accounts are listed in README.md; they use made-up resident IDs with valid check digits.
#pragma once

#include <string>
#include <vector>

#include "app/application.h"

namespace ow::cli {

struct DemoAccount {
  std::string name;
  std::string id_number;
  std::string password;
  std::vector<std::pair<Role, std::string>> grants;
  std::string label;  // what the account is for
};

const std::vector<DemoAccount>& DemoAccounts();
// dept-sim's defaults (simulator.h SimOptions), which scripts/run.sh starts with.
inline constexpr char kDemoSimSeed[] = "onewindow-demo";
inline constexpr int kDemoSimSize = 300;
Status LoadDemoData(app::Application& app);

}  // namespace ow::cli
