#include "cli/demo_data.h"

#include <spdlog/spdlog.h>

#include "http/json.h"

namespace ow::cli {

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kAccounts = {
      {"张三", "330104199003071233", "demo-citizen-1", {}, "citizen"},
      {"李小红", "330106198505120021", "demo-citizen-2", {}, "citizen"},
      {"王建国",
       "330102199208150047",
       "demo-official",
       {{Role::kHealthOfficial, "3301"}},
       "health official for Hangzhou (3301)"},
      {"陈晓晖",
       "350102198001010038",
       "demo-community",
       {{Role::kCommunityWorker, "350102"},
        {Role::kCheckpointStaff, "350102"},
        {Role::kCommunityWorker, "3301"}},
       "community worker (Fuzhou 350102 and Hangzhou 3301), checkpoint staff (350102)"},
      {"赵管理", "330104197002200057", "demo-admin", {{Role::kAdmin, ""}}, "administrator"},
  };
  return kAccounts;
}

Status LoadDemoData(app::Application& app) {
  auto& identity = app.identity();
  for (const auto& a : DemoAccounts()) {
    std::string person_id;
    auto existing = identity.FindByIdNumber(a.id_number);
    if (existing.ok()) {
      person_id = *existing;
    } else {
      identity::RegisterInput in{a.name, a.id_number, a.password, std::nullopt, std::nullopt};
      OW_ASSIGN_OR_RETURN(person_id, identity.Register(in));
      spdlog::info("{{\"event\":\"demo_account\",\"label\":\"{}\"}}", a.label);
    }
    for (const auto& [role, scope] : a.grants)
      OW_RETURN_IF_ERROR(identity.Grant(person_id, role, scope, "system"));
  }
  // The exchange catalogue (exchange/catalogue.json, compiled in): departments, services and
  // access rights; their keys come from dept-sim.
  OW_ASSIGN_OR_RETURN(auto catalogue, http::ParseJsonStrict(exchange::DefaultCatalogue()));
  OW_ASSIGN_OR_RETURN(auto counts, app.registry().Import(catalogue, "system"));
  if (counts.members + counts.services + counts.rights > 0)
    spdlog::info(
        "{{\"event\":\"demo_exchange_catalogue\",\"members\":{},\"services\":{},"
        "\"rights\":{}}}",
        counts.members, counts.services, counts.rights);
  return Status::Ok();
}

}  // namespace ow::cli
