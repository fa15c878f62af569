// Electronic licences through the HTTP API on both backends: issued when a case is closed after
// approval (not after a rejection, a withdrawal or an approval alone), signed so that the logic
// of `onewindow verify` accepts the downloaded document and its QR text offline and refuses
// them when one byte changes, listed only in the holder's wallet, and usable as material of a
// later application only by their holder and for the right kind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "codes/trust_list.h"
#include "codes/verify_command.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "hall/item_catalogue.h"
#include "hall_apply.h"
#include "identity/validate.h"
#include "support/backend_test.h"

namespace ow::hall {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

constexpr char kTaxItem[] = "330000-0203-01";  // enterprise; material "licence": business_licence
constexpr char kRegistrationItem[] = "330000-0901-01";  // the test item below
constexpr char kTaxDept[] = "dept:330000-TAX";

// An item of the tax department whose approval issues a business licence valid for a year.
constexpr char kRegistrationFile[] = R"({
  "code": "330000-0901-01", "basic_code": "0901", "version": 1,
  "kind": "administrative_licence",
  "name": {"zh": "测试登记", "en": "Test registration"},
  "department": {"code": "330000-TAX", "name": {"zh": "税务局", "en": "Tax service"}},
  "applicants": ["enterprise"],
  "legal_basis": ["test"],
  "conditions": {"zh": ["无"], "en": ["none"]},
  "materials": [{"id": "scope", "name": {"zh": "经营范围", "en": "Business scope"},
                 "source": "form", "required": true}],
  "legal_days": 20, "promised_days": 5, "visits": 0, "fee_yuan": 0,
  "licence": {"kind": "business_licence", "name": {"zh": "营业执照", "en": "Business licence"},
              "validity_days": 365}
})";

std::string CreditCode(const std::string& serial9) {
  std::string first = "91330100" + serial9;
  return first + identity::CreditCodeCheckChar(first);
}

class LicencesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    app().test_clock()->Set(
        TimePoint(std::chrono::milliseconds(*ParseRfc3339("2026-09-21T02:00:00Z"))));
    app().test_clock()->Freeze(true);
    std::vector<ItemFile> files = EmbeddedItemFiles();
    files.push_back({"registration.json", kRegistrationFile});
    ASSERT_TRUE(app().hall_items().Load(files).ok());
    applicant_ = Client();
    applicant_->RegisterAndLogin("张三", testing::MakeResidentId("330106", "19900307", 1));
    auto e = app().enterprises().Register(Person(testing::MakeResidentId("330106", "19900307", 1)),
                                          CreditCode("MA2H0000X"), "杭州示例科技有限公司",
                                          "legal_representative");
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    enterprise_ = *e;
    stranger_ = Client();
    stranger_->RegisterAndLogin("赵六", testing::MakeResidentId("330106", "19920202", 4));
    auto e2 = app().enterprises().Register(Person(testing::MakeResidentId("330106", "19920202", 4)),
                                           CreditCode("MA2H0001X"), "宁波另一有限公司",
                                           "legal_representative");
    ASSERT_TRUE(e2.ok()) << e2.status().ToString();
    other_enterprise_ = *e2;
    officer_ = Client();
    const std::string officer_id = testing::MakeResidentId("330106", "19850101", 2);
    officer_->RegisterAndLogin("李四", officer_id);
    ASSERT_TRUE(
        app().identity().Grant(Person(officer_id), Role::kServiceOfficer, kTaxDept, "admin").ok());
    ASSERT_TRUE(app()
                    .identity()
                    .Grant(Person(officer_id), Role::kServiceOfficer, "dept:330000-HRSS", "admin")
                    .ok());
    officer_->Login(officer_id);
    dir_ = std::filesystem::temp_directory_path() /
           ("ow_licences_" + std::to_string(::getpid()) + "_" + GetParam());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string Person(const std::string& id_number) {
    auto p = app().identity().FindByIdNumber(id_number);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : "";
  }

  Reply Apply(TestClient& c, const std::string& item, const std::string& enterprise,
              json::object answers) {
    json::object body{{"item", item}, {"answers", answers}};
    if (!enterprise.empty()) body["enterprise_id"] = enterprise;
    return ow::testing::ApplyWithUploads(c, std::move(body));
  }

  Reply Act(TestClient& c, const std::string& ref, const std::string& action,
            const std::string& note = "") {
    json::object body{{"action", action}};
    if (!note.empty()) body["note"] = note;
    return c.Post("/api/v1/hall/applications/" + ref + "/actions", body);
  }

  // Submits and takes the officer's actions; returns the case number.
  std::string Drive(TestClient& c, const std::string& item, const std::string& enterprise,
                    json::object answers, const std::vector<std::string>& actions) {
    Reply r = Apply(c, item, enterprise, std::move(answers));
    EXPECT_EQ(r.status, 201) << r.raw;
    if (r.status != 201) return "";
    const std::string number(r.body.at("case_number").as_string());
    for (const std::string& a : actions) {
      Reply step = a == "withdraw" ? Act(c, number, a)
                                   : Act(*officer_, number, a,
                                         a == "approve" || a == "reject" ? "理由 reason" : "");
      EXPECT_EQ(step.status, 200) << a << ": " << step.raw;
    }
    return number;
  }

  std::string DriveTax(const std::vector<std::string>& actions) {
    return Drive(*applicant_, kTaxItem, enterprise_,
                 {{"deferral_request", "增值税 30 万元，延期 3 个月，疫情停工"}}, actions);
  }

  json::array Wallet(TestClient& c) {
    Reply r = c.Get("/api/v1/me/licences");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? r.body.at("licences").as_array() : json::array{};
  }

  std::string Write(const std::string& name, std::string_view data) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }

  codes::VerifyCommandOutput Verify(codes::VerifyCommandInput in) {
    Reply trust = applicant_->Get("/api/v1/trust-list");
    EXPECT_EQ(trust.status, 200);
    in.trust_list_path = Write("trust.json", trust.raw);
    return codes::RunVerifyCommand(in, app().clock().NowMillis() / 1000);
  }

  const std::vector<std::string> kApproveClose = {"accept", "start_review", "approve", "close"};
  std::unique_ptr<TestClient> applicant_, stranger_, officer_;
  std::string enterprise_, other_enterprise_;
  std::filesystem::path dir_;
};

TEST_P(LicencesTest, IssuedOnlyWhenClosedAfterApproval) {
  if (!server_) return;
  DriveTax({"accept", "start_review", "reject", "close"});
  DriveTax({"accept", "withdraw"});
  DriveTax({"accept", "start_review", "approve"});
  EXPECT_TRUE(Wallet(*applicant_).empty());

  const std::string number = DriveTax(kApproveClose);
  json::array wallet = Wallet(*applicant_);
  ASSERT_EQ(wallet.size(), 1u);
  const json::object& l = wallet[0].as_object();
  EXPECT_EQ(l.at("case_number").as_string(), number);
  EXPECT_EQ(l.at("kind").as_string(), "decision");
  EXPECT_EQ(l.at("item").at("code").as_string(), kTaxItem);
  EXPECT_EQ(l.at("department").at("code").as_string(), "330000-TAX");
  EXPECT_EQ(l.at("holder").at("type").as_string(), "enterprise");
  EXPECT_EQ(l.at("holder").at("name").as_string(), "杭州示例科技有限公司");
  // The credit code is shown masked.
  EXPECT_EQ(l.at("holder").at("id").as_string(), identity::MaskResidentId(CreditCode("MA2H0000X")));
  EXPECT_EQ(l.at("issued_on").as_string(), "2026-09-21");
  EXPECT_TRUE(l.at("valid_until").is_null());
  EXPECT_EQ(l.at("status").as_string(), "valid");
  EXPECT_EQ(l.at("enterprise_id").as_string(), enterprise_);
  EXPECT_EQ(l.at("fields").at("deferral_request").as_string(),
            "增值税 30 万元，延期 3 个月，疫情停工");

  // An item's validity gives the licence an end date.
  Drive(*applicant_, kRegistrationItem, enterprise_, {{"scope", "软件开发"}}, kApproveClose);
  wallet = Wallet(*applicant_);
  ASSERT_EQ(wallet.size(), 2u);
  int business = 0;
  for (const auto& v : wallet) {
    if (v.at("kind").as_string() != "business_licence") continue;
    ++business;
    EXPECT_EQ(v.at("valid_until").as_string(), "2027-09-21");
    EXPECT_EQ(v.at("title").at("zh").as_string(), "营业执照");
  }
  EXPECT_EQ(business, 1);

  // Nothing of it is stored in the clear but the wallet's keys.
  auto rows = app().db().Query("SELECT claims_sealed, document_sealed FROM hall_licences");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  for (const auto& row : *rows) {
    EXPECT_FALSE(row.IsNull(1)) << "signed right after the commit, before any read";
    EXPECT_EQ(row.Bytes(0).find("杭州示例"), std::string::npos);
    EXPECT_EQ(row.Bytes(1).find("杭州示例"), std::string::npos);
  }
}

TEST_P(LicencesTest, VerifiesOfflineAndNotWhenAByteChanges) {
  if (!server_) return;
  const std::string number = DriveTax(kApproveClose);
  json::array wallet = Wallet(*applicant_);
  ASSERT_EQ(wallet.size(), 1u);
  const std::string id(wallet[0].at("id").as_string());
  Reply detail = applicant_->Get("/api/v1/me/licences/" + id);
  ASSERT_EQ(detail.status, 200) << detail.raw;
  auto doc = crypto::Base64Decode(detail.body.at("document").as_string());
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(detail.body.at("qr_png").is_null());
  const std::string qr(detail.body.at("qr_text").as_string());
  EXPECT_TRUE(qr.starts_with("OWL1:"));

  // The download is the same document.
  Reply file = applicant_->Get("/api/v1/me/licences/" + id + "/document");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.ContentType(), "application/cose");
  EXPECT_EQ(file.raw, *doc);

  codes::VerifyCommandInput in;
  in.file_path = Write("licence.cose", *doc);
  codes::VerifyCommandOutput out = Verify(in);
  EXPECT_EQ(out.exit_code, 0) << out.json;
  json::object o = json::parse(out.json).as_object();
  EXPECT_EQ(o.at("format").as_string(), "licence");
  EXPECT_EQ(o.at("issuer").as_string(), "330000");
  EXPECT_EQ(o.at("licence").at("case_number").as_string(), number);
  EXPECT_EQ(o.at("licence").at("holder").at("name").as_string(), "杭州示例科技有限公司");

  codes::VerifyCommandInput text;
  text.payload = qr;
  out = Verify(text);
  EXPECT_EQ(out.exit_code, 0) << out.json;
  in.file_path = Write("licence.txt", qr + "\n");
  out = Verify(in);
  EXPECT_EQ(out.exit_code, 0) << out.json;

  // One byte changed, in the claims (the case number's last digit) or in the signature.
  std::string forged = *doc;
  const size_t at = forged.find(number);
  ASSERT_NE(at, std::string::npos);
  forged[at + number.size() - 1] ^= 1;
  in.file_path = Write("forged.cose", forged);
  out = Verify(in);
  EXPECT_EQ(out.exit_code, 1) << out.json;
  EXPECT_EQ(json::parse(out.json).at("reason").as_string(), "bad_signature");
  std::string bad_sig = *doc;
  bad_sig.back() ^= 0x40;
  in.file_path = Write("bad_sig.cose", bad_sig);
  out = Verify(in);
  EXPECT_EQ(out.exit_code, 1) << out.json;
  EXPECT_EQ(json::parse(out.json).at("reason").as_string(), "bad_signature");

  // Signed by a key the trust list does not hold: unknown.
  codes::VerifyCommandInput empty;
  empty.file_path = Write("licence2.cose", *doc);
  empty.trust_list_path = Write("empty.json", json::serialize(codes::TrustList().ToJson()));
  out = codes::RunVerifyCommand(empty, app().clock().NowMillis() / 1000);
  EXPECT_EQ(out.exit_code, 1) << out.json;
  EXPECT_EQ(json::parse(out.json).at("reason").as_string(), "unknown_kid");
}

TEST_P(LicencesTest, OnlyTheHolderSeesALicence) {
  if (!server_) return;
  DriveTax(kApproveClose);
  json::array wallet = Wallet(*applicant_);
  ASSERT_EQ(wallet.size(), 1u);
  const std::string id(wallet[0].at("id").as_string());
  EXPECT_TRUE(Wallet(*stranger_).empty());
  EXPECT_EQ(stranger_->Get("/api/v1/me/licences/" + id).status, 404);
  EXPECT_EQ(stranger_->Get("/api/v1/me/licences/" + id + "/document").status, 404);
  EXPECT_EQ(officer_->Get("/api/v1/me/licences/" + id).status, 404);
  EXPECT_EQ(applicant_->Get("/api/v1/me/licences/nonexistent").status, 404);
  TestClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/me/licences").status, 401);

  // A person the enterprise links as agent sees the enterprise's licences.
  ASSERT_TRUE(app()
                  .enterprises()
                  .AddMember(Person(testing::MakeResidentId("330106", "19900307", 1)), enterprise_,
                             Person(testing::MakeResidentId("330106", "19920202", 4)),
                             identity::Relation::kAgent)
                  .ok());
  EXPECT_EQ(Wallet(*stranger_).size(), 1u);
  EXPECT_EQ(stranger_->Get("/api/v1/me/licences/" + id).status, 200);
}

TEST_P(LicencesTest, ALicenceServesAsMaterialOnlyForItsHolder) {
  if (!server_) return;
  Drive(*applicant_, kRegistrationItem, enterprise_, {{"scope", "软件开发"}}, kApproveClose);
  DriveTax(kApproveClose);  // a decision: the wrong kind
  std::string business, decision;
  for (const auto& v : Wallet(*applicant_))
    (v.at("kind").as_string() == "business_licence" ? business : decision) =
        std::string(v.at("id").as_string());
  ASSERT_FALSE(business.empty());
  ASSERT_FALSE(decision.empty());

  const json::object request{{"deferral_request", "增值税 10 万元，延期 1 个月"}};
  json::object answers = request;
  answers["licence"] = business;
  Reply ok = Apply(*applicant_, kTaxItem, enterprise_, answers);
  EXPECT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body.at("answers").at("licence").as_string(), business);

  auto refused = [&](TestClient& c, const std::string& enterprise, const std::string& licence) {
    json::object a = request;
    a["licence"] = licence;
    Reply r = Apply(c, kTaxItem, enterprise, a);
    EXPECT_EQ(r.status, 422) << r.raw;
    if (r.status != 422) return;
    const auto& e = r.body.at("errors").as_array()[0];
    EXPECT_EQ(e.at("path").as_string(), "$.answers.licence");
    EXPECT_EQ(e.at("code").as_string(), "licence_not_held");
  };
  refused(*applicant_, enterprise_, decision);           // wrong kind
  refused(*applicant_, enterprise_, "no-such-licence");  // unknown
  refused(*stranger_, other_enterprise_, business);      // someone else's
}

TEST_P(LicencesTest, ACitizensLicenceNamesThePersonMasked) {
  if (!server_) return;
  Drive(*applicant_, "330000-1019-01", "", {{"bank_account", "6222 0000 1234 5678"}},
        kApproveClose);
  json::array wallet = Wallet(*applicant_);
  ASSERT_EQ(wallet.size(), 1u);
  EXPECT_EQ(wallet[0].at("holder").at("type").as_string(), "citizen");
  EXPECT_EQ(wallet[0].at("holder").at("name").as_string(), "张*");
  EXPECT_EQ(wallet[0].at("holder").at("id").as_string(),
            identity::MaskResidentId(testing::MakeResidentId("330106", "19900307", 1)));
  EXPECT_FALSE(wallet[0].as_object().contains("enterprise_id"));
  EXPECT_TRUE(Wallet(*stranger_).empty());
}

OW_INSTANTIATE_BACKENDS(LicencesTest);

}  // namespace
}  // namespace ow::hall
