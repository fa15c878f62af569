// `onewindow trust-list`: cross-region mutual recognition from the command line.
//   export   [--file F] [--all]      the signed trust list of this installation (or, with
//                                    --all, the combined own + imported keys for
//                                    `onewindow verify --trust-list`)
//   import   --file F --root-key B64 import another region's signed trust list
//   root-key                         this installation's root public key (hand it over out
//                                    of band to the regions that import our list)
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "codes/bytes.h"
#include "core/time.h"

namespace ow::cli {

namespace {

struct TrustArgs {
  app::AppConfig config;
  std::string file;
  std::string root_key;
  bool all = false;
};

[[noreturn]] void Fail(const Status& s, int code = 1) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  throw CLI::RuntimeError(code);
}

std::unique_ptr<app::Application> OpenApp(const app::AppConfig& config) {
  // stdout carries the JSON result; module logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("trust-list"));
  auto a = app::Application::Open(config);
  if (!a.ok()) Fail(a.status());
  return std::move(a).value();
}

void AddRegionOption(CLI::App& cmd, app::AppConfig& config) {
  cmd.add_option("--issuer-region", config.issuer_region,
                 "GB/T 2260 region code this installation issues health codes for")
      ->envname("ONEWINDOW_ISSUER_REGION")
      ->capture_default_str();
}

void Output(const std::string& text, const std::string& file) {
  if (file.empty()) {
    std::printf("%s\n", text.c_str());
    return;
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text << "\n";
  if (!out) Fail(Status::Unavailable("cannot write " + file));
}

void Export(const TrustArgs& args) {
  auto a = OpenApp(args.config);
  auto& trust = a->issuer().trust();
  if (args.all) {
    auto combined = trust.Current();
    if (!combined.ok()) Fail(combined.status());
    Output(boost::json::serialize((*combined)->ToJson()), args.file);
    return;
  }
  auto signed_list = trust.PublishSigned();
  if (!signed_list.ok()) Fail(signed_list.status());
  Output(*signed_list, args.file);
}

void Import(const TrustArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) Fail(Status::NotFound("cannot read " + args.file), 2);
  std::stringstream text;
  text << in.rdbuf();
  auto root = codes::FromBase64(args.root_key);
  if (!root.ok() || root->size() != 32)
    Fail(Status::Invalid("--root-key must be a base64 Ed25519 public key (32 bytes)"), 2);
  auto a = OpenApp(args.config);
  auto imported = a->issuer().trust().Import(text.str(), *root, "cli", "");
  if (!imported.ok()) Fail(imported.status());
  boost::json::object o{{"region", imported->region.region},
                        {"keys", imported->region.keys},
                        {"certificates", imported->region.certificates},
                        {"first_import", imported->first_import},
                        {"imported_at", FormatRfc3339(imported->region.imported_at_ms)}};
  std::printf("%s\n", boost::json::serialize(o).c_str());
}

void RootKey(const TrustArgs& args) {
  auto a = OpenApp(args.config);
  auto root = a->issuer().keys().RootInfo();
  if (!root.ok()) Fail(root.status());
  boost::json::object o{{"region", root->region},
                        {"root_kid", root->kid},
                        {"root_public_key", codes::ToBase64(root->public_key)}};
  std::printf("%s\n", boost::json::serialize(o).c_str());
}

}  // namespace

void AddTrustListCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("trust-list", "cross-region trust lists (跨地区互认)");
  cmd->require_subcommand(1);

  auto ex = std::make_shared<TrustArgs>();
  auto* export_cmd = cmd->add_subcommand("export", "print this installation's signed trust list");
  AddDatabaseOptions(*export_cmd, ex->config);
  AddRegionOption(*export_cmd, ex->config);
  export_cmd->add_option("--file", ex->file, "write to this file instead of stdout");
  export_cmd->add_flag("--all", ex->all,
                       "print the combined (own + imported) unsigned list for `verify "
                       "--trust-list`");
  export_cmd->callback([ex] { Export(*ex); });

  auto im = std::make_shared<TrustArgs>();
  auto* import_cmd = cmd->add_subcommand("import", "import another region's signed trust list");
  AddDatabaseOptions(*import_cmd, im->config);
  AddRegionOption(*import_cmd, im->config);
  import_cmd->add_option("--file", im->file, "the signed trust list (JSON)")->required();
  import_cmd
      ->add_option("--root-key", im->root_key,
                   "that region's root public key, base64 (pinned on first import)")
      ->required();
  import_cmd->callback([im] { Import(*im); });

  auto rk = std::make_shared<TrustArgs>();
  auto* root_cmd = cmd->add_subcommand("root-key", "print this installation's root public key");
  AddDatabaseOptions(*root_cmd, rk->config);
  AddRegionOption(*root_cmd, rk->config);
  root_cmd->callback([rk] { RootKey(*rk); });
}

}  // namespace ow::cli
