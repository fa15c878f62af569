// Prefill from the data exchange and uploads, on both backends, against `onewindow dept-sim`
// running as a real process over HTTP: an enterprise's draft is prefilled with the
// departments' data (source and time shown), a prefilled value cannot be overwritten, a
// department that is down leaves the material unavailable with a reason and the applicant
// answers it by hand (and cannot submit without doing so); a citizen's item is prefilled with
// the person's own record. Uploads: accepted files listed with their SHA-256 and downloadable
// by the applicant and (audited) the department's officers; every refusal (unknown material,
// empty, too large, type not allowed, content not matching the type, bad name, past
// correction, a stranger) and the required uploads on submit. 免申即享: a sweep offers the
// item to exactly the enterprises the rule admits (by dept-sim's data set), once however often
// it runs, with an inbox message; accepting submits the case and is idempotent; declining.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/time.h"
#include "deptsim/dataset.h"
#include "http/client.h"
#include "support/backend_test.h"
#include "support/process.h"

namespace ow::hall {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

constexpr char kRetentionItem[] = "330000-1006-01";  // enterprise, three exchange materials
constexpr char kTaxItem[] = "330000-0203-01";        // enterprise, two required uploads
constexpr char kCitizenItem[] = "330000-1019-01";    // citizen, contributions from HRSS
const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "IHDR-not-really";

class MaterialsTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    sim_port_ = testing::FreePort();
    sim_ = new testing::ChildProcess({"dept-sim", "--port", std::to_string(sim_port_),
                                      "--data-size", "20"});  // the default (demo) seed
    ASSERT_TRUE(testing::WaitHealthy(sim_port_, 20000)) << sim_->Output();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }

  void SetUp() override {
    std::string url;
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    Sim("POST", "/sim/outage", R"({"on":false})");
    testing::TestServerOptions o;
    o.db_url = url;
    o.configure = [](app::AppConfig& c) {
      c.hall_exchange.default_url = "http://127.0.0.1:" + std::to_string(sim_port_);
      c.hall_exchange.max_attempts = 1;
    };
    server_ = std::make_unique<testing::TestServer>(o);
    json::value ds = Sim("GET", "/sim/dataset");
    uscc_ = std::string(ds.at("enterprises").at(0).as_string());
    applicant_ = Client();
    applicant_->RegisterAndLogin("张三", kApplicantId());
    applicant_person_ = *app().identity().FindByIdNumber(kApplicantId());
    auto e = app().enterprises().Register(applicant_person_, uscc_, "杭州示例科技有限公司",
                                          "legal_representative");
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    enterprise_ = *e;
    officer_ = Client();
    const std::string officer_id = testing::MakeResidentId("330106", "19850101", 2);
    officer_->RegisterAndLogin("李四", officer_id);
    ASSERT_TRUE(app()
                    .identity()
                    .Grant(*app().identity().FindByIdNumber(officer_id), Role::kServiceOfficer,
                           "dept:330000-TAX", "admin")
                    .ok());
    officer_->Login(officer_id);
    stranger_ = Client();
    stranger_->RegisterAndLogin("赵六", testing::MakeResidentId("330106", "19920202", 4));
  }

  static std::string kApplicantId() { return testing::MakeResidentId("330106", "19900307", 1); }

  static json::value Sim(const std::string& method, const std::string& target,
                         const std::string& body = "") {
    http::Client c("127.0.0.1", static_cast<uint16_t>(sim_port_));
    auto r = c.Send(method, target, body);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return nullptr;
    EXPECT_EQ(r->status, 200) << target << " " << r->body;
    return json::parse(r->body);
  }

  app::Application& app() { return server_->app(); }
  std::unique_ptr<TestClient> Client() { return std::make_unique<TestClient>(server_->port()); }

  Reply Draft(const std::string& item, json::object answers = {}, bool enterprise = true) {
    json::object body{{"item", item}, {"answers", std::move(answers)}, {"draft", true}};
    if (enterprise) body["enterprise_id"] = enterprise_;
    return applicant_->Post("/api/v1/hall/applications", body);
  }

  Reply Upload(TestClient& c, const std::string& ref, const std::string& material,
               const std::string& type, const std::string& bytes, const std::string& name = "") {
    std::string target = "/api/v1/hall/applications/" + ref + "/files?material=" + material;
    if (!name.empty()) target += "&name=" + name;
    return c.CallRaw("POST", target, bytes, {{"Content-Type", type}});
  }

  Reply Submit(const std::string& ref) {
    return applicant_->Post("/api/v1/hall/applications/" + ref + "/actions",
                            {{"action", "submit"}});
  }

  static int sim_port_;
  static testing::ChildProcess* sim_;
  testing::PgTestDatabase pg_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<TestClient> applicant_, officer_, stranger_;
  std::string uscc_, enterprise_, applicant_person_;
};

int MaterialsTest::sim_port_ = 0;
testing::ChildProcess* MaterialsTest::sim_ = nullptr;

std::string Error(const Reply& r, const char* key) {
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return "";
  return std::string(r.body.at("errors").as_array()[0].at(key).as_string());
}

TEST_P(MaterialsTest, DraftIsPrefilledWithSourcesAndCannotBeOverwritten) {
  if (!server_) return;
  Reply d = Draft(kRetentionItem);
  ASSERT_EQ(d.status, 201) << d.raw;
  const json::object& pre = d.body.at("prefilled").as_object();
  ASSERT_EQ(pre.size(), 3u) << d.raw;
  EXPECT_TRUE(d.body.at("prefill_errors").as_object().empty());
  const json::object& insured = pre.at("insured_employees").as_object();
  EXPECT_TRUE(insured.at("value").is_int64());
  EXPECT_EQ(insured.at("source").at("zh").as_string(), "浙江省人力资源和社会保障厅");
  EXPECT_EQ(insured.at("member").as_string(), "CN-ZJ/GOV/330000-HRSS/social-insurance");
  EXPECT_GT(insured.at("fetched_at_ms").as_int64(), 0);
  EXPECT_LE(insured.at("fetched_at_ms").as_int64(), app().clock().NowMillis());
  EXPECT_TRUE(pre.at("registration").at("value").is_string());  // active | deregistered
  EXPECT_EQ(pre.at("tax_standing").at("source").at("zh").as_string(), "国家税务总局浙江省税务局");
  // The pulls are in the exchange's message log, direction "out".
  auto counts = app().message_log().Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->entries, 3);

  const std::string id(d.body.at("id").as_string());
  Reply overwrite = applicant_->Call("PUT", "/api/v1/hall/applications/" + id + "/answers",
                                     {{"answers", {{"insured_employees", "99"}}}});
  EXPECT_EQ(overwrite.status, 422) << overwrite.raw;
  EXPECT_EQ(Error(overwrite, "path"), "$.answers.insured_employees");
  EXPECT_EQ(Error(overwrite, "code"), "prefilled");
  // Nor at creation.
  Reply at_create = Draft(kRetentionItem, {{"tax_standing", "good"}});
  EXPECT_EQ(at_create.status, 422);
  EXPECT_EQ(Error(at_create, "code"), "prefilled");

  // Submission with the one form answer.
  ASSERT_EQ(applicant_
                ->Call("PUT", "/api/v1/hall/applications/" + id + "/answers",
                       {{"answers", {{"bank_account", "6222 0000 1111"}}}})
                .status,
            200);
  Reply s = Submit(id);
  ASSERT_EQ(s.status, 200) << s.raw;
  EXPECT_EQ(s.body.at("prefilled").as_object().size(), 3u);
  // After submission there is nothing to refresh.
  Reply refresh = applicant_->Call("POST", "/api/v1/hall/applications/" + id + "/prefill");
  EXPECT_EQ(refresh.status, 409) << refresh.raw;
}

TEST_P(MaterialsTest, UnreachableDepartmentIsMarkedAndAnsweredByHand) {
  if (!server_) return;
  Sim("POST", "/sim/outage", R"({"on":true})");
  Reply d = Draft(kRetentionItem, {{"bank_account", "6222 0000 1111"}});
  ASSERT_EQ(d.status, 201) << d.raw;
  EXPECT_TRUE(d.body.at("prefilled").as_object().empty());
  const json::object& errors = d.body.at("prefill_errors").as_object();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors.at("insured_employees").at("code").as_string(), "unavailable");
  EXPECT_FALSE(errors.at("insured_employees").at("message").as_string().empty());
  const std::string id(d.body.at("id").as_string());
  // Not submittable until the shared data are there or answered.
  Reply s = Submit(id);
  EXPECT_EQ(s.status, 422) << s.raw;
  EXPECT_EQ(Error(s, "code"), "prefill_unavailable");
  // Answered by hand where the department failed.
  Reply answered = applicant_->Call("PUT", "/api/v1/hall/applications/" + id + "/answers",
                                    {{"answers",
                                      {{"bank_account", "6222 0000 1111"},
                                       {"registration", "存续"},
                                       {"insured_employees", "12"}}}});
  ASSERT_EQ(answered.status, 200) << answered.raw;
  EXPECT_EQ(Submit(id).status, 422);  // tax_standing still missing
  // The department is back: a refresh fills in what it can; the hand answers of now
  // prefilled materials no longer count, the fetched value does.
  Sim("POST", "/sim/outage", R"({"on":false})");
  Reply refreshed = applicant_->Call("POST", "/api/v1/hall/applications/" + id + "/prefill");
  ASSERT_EQ(refreshed.status, 200) << refreshed.raw;
  EXPECT_EQ(refreshed.body.at("prefilled").as_object().size(), 3u);
  EXPECT_TRUE(refreshed.body.at("prefill_errors").as_object().empty());
  EXPECT_EQ(Submit(id).status, 200);
  // Nobody else may refresh.
  Reply d2 = Draft(kRetentionItem);
  Reply other = stranger_->Call("POST", "/api/v1/hall/applications/" +
                                            std::string(d2.body.at("id").as_string()) + "/prefill");
  EXPECT_EQ(other.status, 404);
}

TEST_P(MaterialsTest, CitizenItemIsPrefilledWithTheOwnRecord) {
  if (!server_) return;
  Reply d = Draft(kCitizenItem, {}, /*enterprise=*/false);
  ASSERT_EQ(d.status, 201) << d.raw;
  const json::object& c = d.body.at("prefilled").at("contributions").as_object();
  EXPECT_TRUE(c.at("value").is_int64());
  EXPECT_EQ(c.at("member").as_string(), "CN-ZJ/GOV/330000-HRSS/social-insurance");
}

TEST_P(MaterialsTest, UploadsAreCheckedListedDownloadedAndRequired) {
  if (!server_) return;
  Reply d = Draft(kTaxItem, {{"deferral_request", "增值税 30 万元，延期 3 个月"}});
  ASSERT_EQ(d.status, 201) << d.raw;
  const std::string id(d.body.at("id").as_string());

  // Refusals, each at $.files.<material> with its code.
  Reply unknown = Upload(*applicant_, id, "salary", "application/pdf", kPdf);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(Error(unknown, "path"), "$.files.salary");
  EXPECT_EQ(Error(unknown, "code"), "unknown_material");
  Reply empty = Upload(*applicant_, id, "bank_statements", "application/pdf", "");
  EXPECT_EQ(Error(empty, "code"), "empty");
  Reply text = Upload(*applicant_, id, "bank_statements", "text/plain", "hello");
  EXPECT_EQ(text.status, 422);
  EXPECT_EQ(Error(text, "path"), "$.files.bank_statements");
  EXPECT_EQ(Error(text, "code"), "type_not_allowed");
  Reply renamed = Upload(*applicant_, id, "bank_statements", "application/pdf", kPng);
  EXPECT_EQ(renamed.status, 422);
  EXPECT_EQ(Error(renamed, "code"), "content_mismatch");
  Reply bad_name = Upload(*applicant_, id, "bank_statements", "application/pdf", kPdf, "a%2Fb");
  EXPECT_EQ(Error(bad_name, "code"), "bad_name");
  Reply stranger = Upload(*stranger_, id, "bank_statements", "application/pdf", kPdf);
  EXPECT_EQ(stranger.status, 404);
  // Sizes over HTTP: the upload route takes bodies beyond the server's 1 MiB limit, up to the
  // material's own (5 MiB here): 3 MiB is stored, one byte over 5 MiB is the material's
  // too_large. Other routes keep the server's limit (413).
  const std::string three_mib = "%PDF-" + std::string(3 * 1024 * 1024, 'x');
  Reply mid = Upload(*applicant_, id, "bank_statements", "application/pdf", three_mib, "big.pdf");
  ASSERT_EQ(mid.status, 201) << mid.raw.substr(0, 300);
  EXPECT_EQ(mid.body.at("size").as_int64(), static_cast<int64_t>(three_mib.size()));
  EXPECT_EQ(applicant_
                ->Call("DELETE", "/api/v1/hall/applications/" + id + "/files/" +
                                     std::string(mid.body.at("id").as_string()))
                .status,
            204);
  Reply over = Upload(*applicant_, id, "bank_statements", "application/pdf",
                      "%PDF-" + std::string(5242880, 'x'));
  EXPECT_EQ(over.status, 422) << over.raw.substr(0, 300);
  EXPECT_EQ(Error(over, "code"), "too_large");
  EXPECT_EQ(Error(over, "path"), "$.files.bank_statements");
  Reply json_big = applicant_->CallRaw("PUT", "/api/v1/hall/applications/" + id + "/answers",
                                       std::string(1024 * 1024 + 10, ' '),
                                       {{"Content-Type", "application/json"}});
  EXPECT_EQ(json_big.status, 413);

  // Required uploads are checked on submit.
  Reply early = Submit(id);
  EXPECT_EQ(early.status, 422) << early.raw;
  EXPECT_EQ(Error(early, "path"), "$.files.bank_statements");
  EXPECT_EQ(Error(early, "code"), "required");

  Reply ok = Upload(*applicant_, id, "bank_statements", "application/pdf", kPdf, "statements.pdf");
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body.at("sha256").as_string(),
            "32492ef76fb4d3f5c3fc398345dede6cf33d0ceaca24325b4f1e5fbda732e650");  // sha256sum
  EXPECT_EQ(ok.body.at("type").as_string(), "application/pdf");
  EXPECT_EQ(ok.body.at("size").as_int64(), static_cast<int64_t>(kPdf.size()));
  const std::string file(ok.body.at("id").as_string());
  // A second one, deleted again while a draft.
  Reply extra = Upload(*applicant_, id, "balance_sheet", "image/png", kPng, "sheet.png");
  ASSERT_EQ(extra.status, 201) << extra.raw;
  const std::string extra_id(extra.body.at("id").as_string());
  EXPECT_EQ(
      applicant_->Call("DELETE", "/api/v1/hall/applications/" + id + "/files/" + extra_id).status,
      204);
  EXPECT_EQ(applicant_->Get("/api/v1/hall/applications/" + id + "/files/" + extra_id).status, 404);
  EXPECT_EQ(Submit(id).status, 422);  // balance_sheet is required too
  ASSERT_EQ(Upload(*applicant_, id, "balance_sheet", "image/jpeg",
                   std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF", "sheet.jpg")
                .status,
            201);
  Reply view = applicant_->Get("/api/v1/hall/applications/" + id);
  ASSERT_EQ(view.status, 200);
  ASSERT_EQ(view.body.at("files").as_array().size(), 2u);
  EXPECT_EQ(view.body.at("files").at(0).at("name").as_string(), "statements.pdf");

  // The applicant downloads the bytes.
  Reply got = applicant_->Get("/api/v1/hall/applications/" + id + "/files/" + file);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.raw, kPdf);
  EXPECT_EQ(got.ContentType(), "application/pdf");
  // An officer of another department does not see a draft's files, nor anyone else.
  EXPECT_EQ(officer_->Get("/api/v1/hall/applications/" + id + "/files/" + file).status, 404);

  Reply s = Submit(id);
  ASSERT_EQ(s.status, 200) << s.raw;
  // Submitted: no more changes.
  EXPECT_EQ(Upload(*applicant_, id, "bank_statements", "application/pdf", kPdf).status, 409);
  EXPECT_EQ(applicant_->Call("DELETE", "/api/v1/hall/applications/" + id + "/files/" + file).status,
            409);
  // The tax department's officer downloads it, and the download is audited.
  Reply by_officer = officer_->Get("/api/v1/hall/applications/" + id + "/files/" + file);
  ASSERT_EQ(by_officer.status, 200) << by_officer.raw;
  EXPECT_EQ(by_officer.raw, kPdf);
  auto audit = app().db().Query("SELECT COUNT(*) FROM audit_log WHERE action = 'hall.file.read'");
  ASSERT_TRUE(audit.ok()) << audit.status().ToString();
  EXPECT_EQ((*audit)[0].Int(0), 1);
  EXPECT_EQ(stranger_->Get("/api/v1/hall/applications/" + id + "/files/" + file).status, 404);
}

TEST_P(MaterialsTest, OffersAreMadeOnceToEligibleEnterprisesAndAcceptedInOneClick) {
  if (!server_) return;
  // The enterprises of the simulator's data set (same seed and size), registered here by the
  // applicant; which of them the rule admits, computed from the data set itself.
  const deptsim::Dataset data("onewindow-demo", 20);
  std::set<std::string> eligible;
  json::value ds = Sim("GET", "/sim/dataset");
  const json::array& codes = ds.at("enterprises").as_array();
  for (size_t i = 0; i < codes.size() && i < 12; ++i) {
    const std::string uscc(codes[i].as_string());
    std::string id = enterprise_;
    if (i > 0) {
      auto e = app().enterprises().Register(applicant_person_, uscc, "企业" + std::to_string(i),
                                            "legal_representative");
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      id = *e;
    }
    const deptsim::Enterprise* x = data.FindEnterprise(uscc);
    ASSERT_NE(x, nullptr);
    if (x->status == "active" && x->insured_employees >= 1 && x->standing == "good")
      eligible.insert(id);
  }
  ASSERT_FALSE(eligible.empty()) << "the data set should hold an eligible enterprise";
  ASSERT_LT(eligible.size(), 12u) << "and an ineligible one";

  auto first = app().hall_extras().offers->Sweep();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->items, 1);
  EXPECT_EQ(first->offered, static_cast<int>(eligible.size()));
  auto second = app().hall_extras().offers->Sweep();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->offered, 0);  // one offer per enterprise and item
  // Admins may sweep over the API; nobody else.
  EXPECT_EQ(applicant_->Call("POST", "/api/v1/hall/offers/sweep").status, 403);
  auto admin = Client();
  const std::string admin_id = testing::MakeResidentId("330106", "19700101", 5);
  admin->RegisterAndLogin("管理员", admin_id);
  ASSERT_TRUE(app()
                  .identity()
                  .Grant(*app().identity().FindByIdNumber(admin_id), Role::kAdmin, "", "test")
                  .ok());
  admin->Login(admin_id);
  Reply swept = admin->Call("POST", "/api/v1/hall/offers/sweep");
  ASSERT_EQ(swept.status, 200) << swept.raw;
  EXPECT_EQ(swept.body.at("offered").as_int64(), 0);

  Reply mine = applicant_->Get("/api/v1/me/hall/offers");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  const json::array& offers = mine.body.at("offers").as_array();
  ASSERT_EQ(offers.size(), eligible.size());
  for (const auto& o : offers) {
    EXPECT_TRUE(eligible.count(std::string(o.at("enterprise_id").as_string())));
    EXPECT_EQ(o.at("state").as_string(), "offered");
    EXPECT_EQ(o.at("prefilled").as_object().size(), 3u);
  }
  EXPECT_TRUE(stranger_->Get("/api/v1/me/hall/offers").body.at("offers").as_array().empty());
  // The linked person was told, once per offer.
  Reply inbox = applicant_->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200);
  size_t told = 0;
  for (const auto& m : inbox.body.at("messages").as_array())
    told += m.at("kind").as_string() == "offer" ? 1 : 0;
  EXPECT_EQ(told, eligible.size());

  const std::string offer(offers[0].at("id").as_string());
  const std::string accept = "/api/v1/hall/offers/" + offer + "/accept";
  EXPECT_EQ(stranger_->Call("POST", accept).status, 404);
  Reply incomplete = applicant_->Call("POST", accept);
  EXPECT_EQ(incomplete.status, 422) << incomplete.raw;
  EXPECT_EQ(Error(incomplete, "path"), "$.answers.bank_account");
  Reply accepted = applicant_->Post(accept, {{"answers", {{"bank_account", "6222 0000 1111"}}}});
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(accepted.body.at("state").as_string(), "submitted");
  EXPECT_EQ(accepted.body.at("prefilled").as_object().size(), 3u);
  const std::string number(accepted.body.at("case_number").as_string());
  Reply again = applicant_->Call("POST", accept);
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body.at("case_number").as_string(), number);  // the same case
  EXPECT_EQ(applicant_->Call("POST", "/api/v1/hall/offers/" + offer + "/decline").status, 409);

  if (offers.size() > 1) {
    const std::string other(offers[1].at("id").as_string());
    Reply declined = applicant_->Call("POST", "/api/v1/hall/offers/" + other + "/decline");
    ASSERT_EQ(declined.status, 200) << declined.raw;
    EXPECT_EQ(declined.body.at("state").as_string(), "declined");
    EXPECT_EQ(applicant_->Call("POST", "/api/v1/hall/offers/" + other + "/accept").status, 409);
  }
}

OW_INSTANTIATE_BACKENDS(MaterialsTest);

}  // namespace
}  // namespace ow::hall
