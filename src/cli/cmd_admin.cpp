#include <cstdio>

#include "cli/commands.h"
#include "cli/demo_data.h"

namespace ow::cli {

namespace {

std::unique_ptr<app::Application> OpenOrExit(const app::AppConfig& config) {
  auto a = app::Application::Open(config);
  if (!a.ok()) {
    std::fprintf(stderr, "error: %s\n", a.status().ToString().c_str());
    throw CLI::RuntimeError(1);
  }
  return std::move(a).value();
}

void Fail(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  throw CLI::RuntimeError(1);
}

struct GrantArgs {
  app::AppConfig config;
  std::string id_number, role, scope;
};

void AddGrantLike(CLI::App& admin, const char* name, bool revoke) {
  auto args = std::make_shared<GrantArgs>();
  auto* cmd = admin.add_subcommand(
      name, revoke ? "take a role away from a person" : "give a registered person a role");
  AddDatabaseOptions(*cmd, args->config);
  cmd->add_option("--id-number", args->id_number, "resident ID of the person")->required();
  cmd->add_option("--role", args->role,
                  "checkpoint_staff|community_worker|health_official|service_officer|"
                  "department_system|admin|hospital_admin|doctor|pharmacist")
      ->required();
  cmd->add_option("--scope", args->scope, "region code (2/4/6 digits), place:<id> or doctor:<id>");
  cmd->callback([args, revoke] {
    auto role = ParseRole(args->role);
    if (!role || *role == Role::kCitizen) {
      std::fprintf(stderr, "error: unknown role '%s'\n", args->role.c_str());
      throw CLI::RuntimeError(2);
    }
    auto a = OpenOrExit(args->config);
    auto person = a->identity().FindByIdNumber(args->id_number);
    if (!person.ok()) Fail(person.status());
    Status s = revoke ? a->identity().Revoke(*person, *role, args->scope, "cli")
                      : a->identity().Grant(*person, *role, args->scope, "cli");
    if (!s.ok()) Fail(s);
    std::printf("{\"person_id\":\"%s\",\"role\":\"%s\",\"scope\":\"%s\",\"%s\":true}\n",
                person->c_str(), args->role.c_str(), args->scope.c_str(),
                revoke ? "revoked" : "granted");
  });
}

}  // namespace

void AddAdminCommand(CLI::App& app) {
  auto* admin = app.add_subcommand("admin", "administration: accounts, roles, audit");
  admin->require_subcommand(1);

  // admin bootstrap: register (if needed) and make an administrator.
  struct BootstrapArgs {
    app::AppConfig config;
    std::string name, id_number, password;
  };
  auto b = std::make_shared<BootstrapArgs>();
  auto* boot = admin->add_subcommand("bootstrap", "create the first administrator");
  AddDatabaseOptions(*boot, b->config);
  boot->add_option("--name", b->name, "real name")->required();
  boot->add_option("--id-number", b->id_number, "resident ID")->required();
  boot->add_option("--password", b->password, "password (or ONEWINDOW_ADMIN_PASSWORD)")
      ->envname("ONEWINDOW_ADMIN_PASSWORD")
      ->required();
  boot->callback([b] {
    auto a = OpenOrExit(b->config);
    std::string person;
    auto existing = a->identity().FindByIdNumber(b->id_number);
    if (existing.ok()) {
      person = *existing;
    } else {
      auto r = a->identity().Register({b->name, b->id_number, b->password, {}, {}});
      if (!r.ok()) Fail(r.status());
      person = *r;
    }
    Status s = a->identity().Grant(person, Role::kAdmin, "", "cli");
    if (!s.ok()) Fail(s);
    std::printf("{\"person_id\":\"%s\",\"role\":\"admin\"}\n", person.c_str());
  });

  AddGrantLike(*admin, "grant", false);
  AddGrantLike(*admin, "revoke", true);

  auto demo_cfg = std::make_shared<app::AppConfig>();
  auto* demo = admin->add_subcommand("demo-data", "load the demo accounts (idempotent)");
  AddDatabaseOptions(*demo, *demo_cfg);
  demo->callback([demo_cfg] {
    auto a = OpenOrExit(*demo_cfg);
    Status s = LoadDemoData(*a);
    if (!s.ok()) Fail(s);
    std::printf("{\"demo_accounts\":%zu}\n", DemoAccounts().size());
  });

  auto* audit = admin->add_subcommand("audit", "audit log tools");
  audit->require_subcommand(1);
  auto audit_cfg = std::make_shared<app::AppConfig>();
  auto* verify = audit->add_subcommand("verify", "check the audit hash chain; exit 1 if broken");
  AddDatabaseOptions(*verify, *audit_cfg);
  verify->callback([audit_cfg] {
    auto a = OpenOrExit(*audit_cfg);
    auto rep = a->audit().Verify();
    if (!rep.ok()) Fail(rep.status());
    std::printf("{\"ok\":%s,\"entries\":%lld,\"first_bad_seq\":%lld,\"problem\":\"%s\"}\n",
                rep->ok ? "true" : "false", static_cast<long long>(rep->entries),
                static_cast<long long>(rep->first_bad_seq), rep->problem.c_str());
    if (!rep->ok) throw CLI::RuntimeError(1);
  });
}

}  // namespace ow::cli
