// The notices module end to end over HTTP on both backends: who may author a notice for a
// region, corrections with their history, signatures (valid, and invalid once tampered with),
// targeting of residents' inboxes by region prefix, the per-region Atom and JSON feeds with
// ETag/304 and their invalidation, CAP 1.2 alerts checked against the CAP schema, and the
// region's public portal page.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <optional>

#include "core/time.h"
#include "crypto/crypto.h"
#include "hospital/directory.h"
#include "support/backend_test.h"
#include "support/well_formed_xml.h"

namespace ow::testing {
namespace {

const char kGongshuId[] = "330104199003071233";  // a resident of 330104 (Hangzhou)
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

// Empty when `xml` is valid against the XSD at `xsd_path`; otherwise libxml2's errors.
std::string SchemaErrors(const std::string& xml, const std::string& xsd_path) {
  std::string errors;
  xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(xsd_path.c_str());
  xmlSchemaPtr schema = xmlSchemaParse(pctx);
  xmlSchemaFreeParserCtxt(pctx);
  if (!schema) return "schema did not load: " + xsd_path;
  xmlDocPtr doc =
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "cap.xml", nullptr, XML_PARSE_NONET);
  if (!doc) {
    xmlSchemaFree(schema);
    return "not well-formed";
  }
  xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(
      vctx,
      [](void* out, auto* e) {
        *static_cast<std::string*>(out) += std::string(e->message ? e->message : "?");
      },
      &errors);
  int rc = xmlSchemaValidateDoc(vctx, doc);
  if (rc != 0 && errors.empty()) errors = "invalid (" + std::to_string(rc) + ")";
  xmlSchemaFreeValidCtxt(vctx);
  xmlFreeDoc(doc);
  xmlSchemaFree(schema);
  return errors;
}

// The text of every node an XPath selects (namespaces: a = Atom, cap = CAP 1.2).
std::vector<std::string> XPathTexts(const std::string& xml, const std::string& path) {
  std::vector<std::string> out;
  xmlDocPtr doc =
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "x.xml", nullptr, XML_PARSE_NONET);
  if (!doc) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
  xmlXPathRegisterNs(ctx, BAD_CAST "cap", BAD_CAST "urn:oasis:names:tc:emergency:cap:1.2");
  xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST path.c_str(), ctx);
  if (res && res->nodesetval) {
    for (int i = 0; i < res->nodesetval->nodeNr; ++i) {
      xmlChar* s = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
      out.emplace_back(s ? reinterpret_cast<const char*>(s) : "");
      xmlFree(s);
    }
  }
  xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return out;
}

class NoticesApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // 2026-02-10 09:00 in Shanghai; the clock runs on from there.
    app().test_clock()->Set(
        TimePoint(std::chrono::milliseconds(ShanghaiMidnightMillis({2026, 2, 10}) + 9 * kHourMs)));
    hangzhou_ =
        Person("王建国", MakeResidentId("330102", "19920815", 1), Role::kHealthOfficial, "3301");
    ningbo_ =
        Person("李卫东", MakeResidentId("330203", "19880101", 2), Role::kHealthOfficial, "3302");
  }

  std::unique_ptr<TestClient> Person(const std::string& name, const std::string& id,
                                     std::optional<Role> role = std::nullopt,
                                     const std::string& scope = "") {
    auto c = Client();
    c->RegisterAndLogin(name, id);
    if (role) {
      auto pid = app().identity().FindByIdNumber(id);
      EXPECT_TRUE(pid.ok() && app().identity().Grant(*pid, *role, scope, "test").ok()) << id;
    }
    return c;
  }

  int64_t Now() { return app().clock().NowMillis(); }

  json::object Body(const std::string& region, const std::string& title,
                    const std::string& severity = "ordinary") {
    return {{"region", region},
            {"title_zh", title},
            {"title_en", "Notice: " + title},
            {"body_zh", "请居民配合" + title + "。"},
            {"body_en", "Residents, please cooperate."},
            {"severity", severity},
            {"hotlines", json::array{"0571-12345", "12320"}},
            {"valid_from", FormatRfc3339(Now() - kHourMs)},
            {"valid_to", FormatRfc3339(Now() + 7 * kDayMs)}};
  }

  // Publishes and returns the notice id (empty on failure).
  std::string Publish(TestClient& official, const std::string& region, const std::string& title,
                      const std::string& severity = "ordinary") {
    Reply r = official.Post("/api/v1/notices", Body(region, title, severity));
    EXPECT_EQ(r.status, 201) << r.raw;
    if (r.status != 201) return "";
    return std::string(r.body.at("notice_id").as_string());
  }

  Reply Correct(TestClient& official, const std::string& id, const std::string& title,
                const std::string& severity = "ordinary") {
    json::object b = Body("", title, severity);
    b.erase("region");
    b["note"] = "更正时间 / corrected time";
    return official.Post("/api/v1/notices/" + id + "/versions", b);
  }

  std::vector<std::string> InboxTitles(TestClient& c) {
    Reply r = c.Get("/api/v1/me/inbox");
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    for (const auto& m : r.body.at("messages").as_array())
      out.emplace_back(m.at("title_zh").as_string());
    return out;
  }

  std::unique_ptr<TestClient> hangzhou_, ningbo_;
};

TEST_P(NoticesApiTest, OnlyOfficialsOfTheRegionMayAuthor) {
  // 3301's official may publish for 3301 and for a district within it.
  EXPECT_FALSE(Publish(*hangzhou_, "3301", "全市通告").empty());
  EXPECT_FALSE(Publish(*hangzhou_, "330104", "江干区通告").empty());
  // Not for Ningbo, nor for the whole province above their scope.
  EXPECT_EQ(hangzhou_->Post("/api/v1/notices", Body("3302", "越权")).status, 403);
  EXPECT_EQ(hangzhou_->Post("/api/v1/notices", Body("33", "越权")).status, 403);
  // A citizen may not; nobody without a session either.
  auto citizen = Person("张小三", kGongshuId);
  EXPECT_EQ(citizen->Post("/api/v1/notices", Body("330104", "x")).status, 403);
  TestClient anon(server_->port());
  EXPECT_EQ(anon.Post("/api/v1/notices", Body("330104", "x")).status, 401);
  // Ningbo's official may not correct or withdraw Hangzhou's notice.
  std::string id = Publish(*hangzhou_, "3301", "核酸检测安排");
  EXPECT_EQ(Correct(*ningbo_, id, "篡改").status, 403);
  EXPECT_EQ(ningbo_->Post("/api/v1/notices/" + id + "/withdraw", {{"reason", "x"}}).status, 403);
  // Each official lists the notices of their own regions.
  Reply mine = ningbo_->Get("/api/v1/notices");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_TRUE(mine.body.at("notices").as_array().empty()) << mine.raw;
  EXPECT_EQ(hangzhou_->Get("/api/v1/notices").body.at("notices").as_array().size(), 3u);
}

TEST_P(NoticesApiTest, InvalidNoticeIs422WithFieldPaths) {
  json::object b = Body("3301x", "");
  b["severity"] = "panic";
  b["hotlines"] = json::array{"12345", "call me"};
  b["valid_to"] = FormatRfc3339(Now() - 2 * kHourMs);
  Reply r = hangzhou_->Post("/api/v1/notices", b);
  ASSERT_EQ(r.status, 422) << r.raw;
  std::vector<std::string> paths;
  for (const auto& e : r.body.at("errors").as_array()) paths.emplace_back(e.at("path").as_string());
  for (const char* want : {"$.region", "$.title_zh", "$.severity", "$.hotlines[1]", "$.valid_to"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want << " " << r.raw;
  EXPECT_TRUE(hangzhou_->Get("/api/v1/notices").body.at("notices").as_array().empty());
}

TEST_P(NoticesApiTest, CorrectionsKeepHistoryAndWithdrawalIsFinal) {
  std::string id = Publish(*hangzhou_, "3301", "第一版");
  Reply v2 = Correct(*hangzhou_, id, "第二版");
  ASSERT_EQ(v2.status, 201) << v2.raw;
  EXPECT_EQ(v2.body.at("version").as_int64(), 2);
  EXPECT_EQ(v2.body.at("current").at("title_zh").as_string(), "第二版");

  TestClient anon(server_->port());
  Reply history = anon.Get("/api/v1/notices/" + id + "/versions");
  ASSERT_EQ(history.status, 200) << history.raw;
  const auto& versions = history.body.at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u) << history.raw;
  EXPECT_EQ(versions[0].at("version").as_int64(), 1);
  EXPECT_EQ(versions[0].at("title_zh").as_string(), "第一版");
  EXPECT_EQ(versions[0].at("note").as_string(), "");
  EXPECT_EQ(versions[1].at("title_zh").as_string(), "第二版");
  EXPECT_EQ(versions[1].at("note").as_string(), "更正时间 / corrected time");

  Reply w = hangzhou_->Post("/api/v1/notices/" + id + "/withdraw", {{"reason", "已过时"}});
  ASSERT_EQ(w.status, 200) << w.raw;
  EXPECT_EQ(w.body.at("status").as_string(), "withdrawn");
  EXPECT_EQ(w.body.at("withdraw_reason").as_string(), "已过时");
  EXPECT_EQ(Correct(*hangzhou_, id, "第三版").status, 409);
  EXPECT_EQ(hangzhou_->Post("/api/v1/notices/" + id + "/withdraw", {{"reason", "x"}}).status, 409);
  // History survives the withdrawal; unknown notices are 404.
  EXPECT_EQ(anon.Get("/api/v1/notices/" + id + "/versions").body.at("versions").as_array().size(),
            2u);
  EXPECT_EQ(anon.Get("/api/v1/notices/nope").status, 404);
  EXPECT_EQ(Correct(*hangzhou_, "nope", "x").status, 404);
}

TEST_P(NoticesApiTest, SignaturesVerifyAndFailOnceTampered) {
  std::string id = Publish(*hangzhou_, "3301", "签名通告");
  TestClient anon(server_->port());
  Reply key = anon.Get("/api/v1/notices/signing-key");
  ASSERT_EQ(key.status, 200) << key.raw;
  auto pub = crypto::Base64UrlDecode(std::string(key.body.at("jwk").at("x").as_string()));
  ASSERT_TRUE(pub.ok());

  Reply v = anon.Get("/api/v1/notices/" + id + "/versions");
  ASSERT_EQ(v.status, 200) << v.raw;
  const auto& sig = v.body.at("versions").at(0).at("signature");
  EXPECT_EQ(sig.at("key_id").as_string(), key.body.at("key_id").as_string());
  EXPECT_TRUE(sig.at("valid").as_bool());
  const std::string signed_bytes(sig.at("signed").as_string());
  auto raw_sig = crypto::Base64UrlDecode(std::string(sig.at("value").as_string()));
  ASSERT_TRUE(raw_sig.ok());
  // Anyone can check it with the public key alone.
  EXPECT_TRUE(crypto::Ed25519Verify(*pub, signed_bytes, *raw_sig));
  EXPECT_NE(signed_bytes.find("签名通告"), std::string::npos) << signed_bytes;
  std::string altered = signed_bytes;
  altered.replace(altered.find("签名通告"), std::string("签名通告").size(), "伪造通告");
  EXPECT_FALSE(crypto::Ed25519Verify(*pub, altered, *raw_sig));

  // Someone edits the stored text behind the service's back: the signature no longer holds.
  ASSERT_TRUE(app()
                  .db()
                  .Exec("UPDATE notice_versions SET body_zh = ? WHERE notice_id = ?",
                        {std::string("伪造的正文"), id})
                  .ok());
  Reply after = anon.Get("/api/v1/notices/" + id);
  ASSERT_EQ(after.status, 200) << after.raw;
  const auto& sig2 = after.body.at("current").at("signature");
  EXPECT_FALSE(sig2.at("valid").as_bool()) << after.raw;
  EXPECT_FALSE(crypto::Ed25519Verify(*pub, std::string(sig2.at("signed").as_string()), *raw_sig));
}

TEST_P(NoticesApiTest, CityNoticeReachesItsDistrictsResidentsOnly) {
  auto gongshu = Person("张小三", kGongshuId);
  auto haishu = Person("李小红", MakeResidentId("330203", "19850512", 7));  // Ningbo
  Publish(*hangzhou_, "3301", "杭州市通告");
  Publish(*ningbo_, "3302", "宁波市通告");
  std::vector<std::string> g = InboxTitles(*gongshu);
  std::vector<std::string> h = InboxTitles(*haishu);
  EXPECT_NE(std::find(g.begin(), g.end(), "杭州市通告"), g.end());
  EXPECT_EQ(std::find(g.begin(), g.end(), "宁波市通告"), g.end());
  EXPECT_NE(std::find(h.begin(), h.end(), "宁波市通告"), h.end());
  EXPECT_EQ(std::find(h.begin(), h.end(), "杭州市通告"), h.end());
  // An urgent correction is announced again, marked as such.
  std::string id = Publish(*hangzhou_, "330104", "区通告");
  ASSERT_EQ(Correct(*hangzhou_, id, "区通告", "urgent").status, 201);
  g = InboxTitles(*gongshu);
  EXPECT_NE(std::find(g.begin(), g.end(), "【更正】【紧急】区通告"), g.end());
}

TEST_P(NoticesApiTest, FeedsListCoveringNoticesWithEscapingAndETags) {
  auto province =
      Person("赵省", MakeResidentId("330102", "19700101", 3), Role::kHealthOfficial, "33");
  Publish(*province, "33", "全省通告");
  app().test_clock()->Advance(std::chrono::milliseconds(1000));  // a distinct update time
  std::string city = Publish(*hangzhou_, "3301", "核酸 <检测> & \"安排\"");
  Publish(*ningbo_, "3302", "宁波通告");
  TestClient anon(server_->port());

  Reply atom = anon.Get("/api/v1/regions/330104/notices.atom");
  ASSERT_EQ(atom.status, 200) << atom.raw;
  EXPECT_TRUE(atom.ContentType().starts_with("application/atom+xml"));
  EXPECT_EQ(XmlWellFormednessError(atom.raw), "") << atom.raw;
  std::vector<std::string> titles = XPathTexts(atom.raw, "/a:feed/a:entry/a:title");
  ASSERT_EQ(titles.size(), 2u) << atom.raw;
  // Newest first; the special characters survive the round trip through a real parser.
  EXPECT_EQ(titles[0], "核酸 <检测> & \"安排\" / Notice: 核酸 <检测> & \"安排\"");
  EXPECT_EQ(titles[1], "全省通告 / Notice: 全省通告");
  std::vector<std::string> updated = XPathTexts(atom.raw, "/a:feed/a:updated");
  std::vector<std::string> entry_updated = XPathTexts(atom.raw, "/a:feed/a:entry[1]/a:updated");
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated, entry_updated);

  Reply feed = anon.Get("/api/v1/regions/330104/notices.json");
  ASSERT_EQ(feed.status, 200) << feed.raw;
  EXPECT_EQ(feed.body.at("version").as_string(), "https://jsonfeed.org/version/1.1");
  ASSERT_EQ(feed.body.at("items").as_array().size(), 2u) << feed.raw;
  EXPECT_EQ(feed.body.at("items").at(0).at("_onewindow").at("notice_id").as_string(), city);
  // Ningbo's feed has only Ningbo's and the province's notices.
  Reply nb = anon.Get("/api/v1/regions/3302/notices.json");
  ASSERT_EQ(nb.body.at("items").as_array().size(), 2u) << nb.raw;

  // ETag and 304, until a correction changes the feed.
  const std::string etag = atom.response.Header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(atom.response.Header("Cache-Control"), "public, no-cache");
  Reply same =
      anon.Call("GET", "/api/v1/regions/330104/notices.atom", nullptr, {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304) << same.raw;
  EXPECT_TRUE(same.raw.empty());
  EXPECT_EQ(same.response.Header("ETag"), etag);
  // Served from memory: repeated reads render nothing new until something changes.
  const int64_t renders = app().portal().renders();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(anon.Get("/api/v1/regions/330104/notices.atom").status, 200);
  EXPECT_EQ(app().portal().renders(), renders);
  ASSERT_EQ(Correct(*hangzhou_, city, "已更正").status, 201);
  Reply changed =
      anon.Call("GET", "/api/v1/regions/330104/notices.atom", nullptr, {{"If-None-Match", etag}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_NE(changed.response.Header("ETag"), etag);
  EXPECT_NE(changed.raw.find("已更正"), std::string::npos);

  // A notice past its valid period leaves the feeds.
  app().test_clock()->Advance(std::chrono::milliseconds(8 * kDayMs));
  Reply later = anon.Get("/api/v1/regions/330104/notices.json");
  EXPECT_TRUE(later.body.at("items").as_array().empty()) << later.raw;
  EXPECT_EQ(anon.Get("/api/v1/regions/33010x/notices.json").status, 404);
}

TEST_P(NoticesApiTest, UrgentNoticesHaveValidCapAlerts) {
  const std::string xsd = OW_CAP_XSD;
  TestClient anon(server_->port());
  std::string ordinary = Publish(*hangzhou_, "3301", "普通通告");
  EXPECT_EQ(anon.Get("/api/v1/notices/" + ordinary + "/cap.xml").status, 404);

  std::string id = Publish(*hangzhou_, "330104", "紧急 <封控> & 通知", "urgent");
  Reply cap = anon.Get("/api/v1/notices/" + id + "/cap.xml");
  ASSERT_EQ(cap.status, 200) << cap.raw;
  EXPECT_TRUE(cap.ContentType().starts_with("application/cap+xml"));
  EXPECT_EQ(SchemaErrors(cap.raw, xsd), "") << cap.raw;
  EXPECT_EQ(XPathTexts(cap.raw, "/cap:alert/cap:msgType"), std::vector<std::string>{"Alert"});
  EXPECT_EQ(XPathTexts(cap.raw, "/cap:alert/cap:info/cap:language"),
            (std::vector<std::string>{"zh-CN", "en-US"}));
  EXPECT_EQ(XPathTexts(cap.raw, "/cap:alert/cap:info[1]/cap:headline"),
            std::vector<std::string>{"紧急 <封控> & 通知"});
  EXPECT_EQ(XPathTexts(cap.raw, "/cap:alert/cap:info[1]/cap:area/cap:geocode/cap:value"),
            std::vector<std::string>{"330104"});
  const std::vector<std::string> first_id = XPathTexts(cap.raw, "/cap:alert/cap:identifier");

  ASSERT_EQ(Correct(*hangzhou_, id, "紧急通知（更正）", "urgent").status, 201);
  Reply update = anon.Get("/api/v1/notices/" + id + "/cap.xml");
  EXPECT_EQ(SchemaErrors(update.raw, xsd), "") << update.raw;
  EXPECT_EQ(XPathTexts(update.raw, "/cap:alert/cap:msgType"), std::vector<std::string>{"Update"});
  std::vector<std::string> refs = XPathTexts(update.raw, "/cap:alert/cap:references");
  ASSERT_EQ(refs.size(), 1u) << update.raw;
  ASSERT_EQ(first_id.size(), 1u);
  EXPECT_NE(refs[0].find("," + first_id[0] + ","), std::string::npos) << refs[0];

  ASSERT_EQ(hangzhou_->Post("/api/v1/notices/" + id + "/withdraw", {{"reason", "解除"}}).status,
            200);
  Reply cancel = anon.Get("/api/v1/notices/" + id + "/cap.xml");
  EXPECT_EQ(SchemaErrors(cancel.raw, xsd), "") << cancel.raw;
  EXPECT_EQ(XPathTexts(cancel.raw, "/cap:alert/cap:msgType"), std::vector<std::string>{"Cancel"});

  // The validator is live: a wrong value and a missing element are refused.
  std::string broken = cap.raw;
  broken.replace(broken.find("<status>Actual</status>"), 23, "<status>Real</status>");
  EXPECT_NE(SchemaErrors(broken, xsd), "");
  std::string missing = cap.raw;
  size_t s = missing.find("<scope>");
  missing.erase(s, missing.find("</scope>") + 8 - s);
  EXPECT_NE(SchemaErrors(missing, xsd), "");
}

TEST_P(NoticesApiTest, PortalShowsRiskAreasRulesNoticesHotlinesAndClinics) {
  // A hospital in 330104 with a fever clinic, another in Ningbo.
  auto hz = app().places().Create(
      {"浙大一院", "hospital", "330104", "庆春路79号", "", std::nullopt}, "test");
  ASSERT_TRUE(hz.ok());
  ASSERT_TRUE(
      app()
          .hospitals()
          .AddDepartment(hz->id, "发热门诊", "Fever clinic", hospital::DepartmentKind::kFever)
          .ok());
  ASSERT_TRUE(
      app()
          .hospitals()
          .AddDepartment(hz->id, "眼科", "Ophthalmology", hospital::DepartmentKind::kOrdinary)
          .ok());
  auto nb = app().places().Create(
      {"宁波一院", "hospital", "330203", "柳汀街59号", "", std::nullopt}, "test");
  ASSERT_TRUE(nb.ok());
  ASSERT_TRUE(
      app()
          .hospitals()
          .AddDepartment(nb->id, "发热门诊", "Fever clinic", hospital::DepartmentKind::kFever)
          .ok());
  Publish(*hangzhou_, "3301", "杭州市通告");

  TestClient anon(server_->port());
  Reply p = anon.Get("/api/v1/regions/330104/portal");
  ASSERT_EQ(p.status, 200) << p.raw;
  EXPECT_EQ(p.body.at("region").as_string(), "330104");
  ASSERT_EQ(p.body.at("notices").as_array().size(), 1u) << p.raw;
  EXPECT_EQ(p.body.at("notices").at(0).at("title_zh").as_string(), "杭州市通告");
  ASSERT_EQ(p.body.at("fever_clinics").as_array().size(), 1u) << p.raw;
  EXPECT_EQ(p.body.at("fever_clinics").at(0).at("hospital_name").as_string(), "浙大一院");
  EXPECT_EQ(p.body.at("fever_clinics").at(0).at("name_en").as_string(), "Fever clinic");
  std::vector<std::string> numbers;
  for (const auto& h : p.body.at("hotlines").as_array())
    numbers.emplace_back(h.at("number").as_string());
  EXPECT_EQ(numbers, (std::vector<std::string>{"0571-12345", "12320", "12345"}));
  const auto& colours = p.body.at("rules").at("colours").as_array();
  ASSERT_EQ(colours.size(), 3u);
  EXPECT_EQ(colours[0].at("colour").as_string(), "red");
  EXPECT_EQ(colours[0].at("quarantine_days").as_int64(), 14);
  bool close_contact = false;
  for (const auto& r : colours[0].at("reasons").as_array())
    if (r.at("code").as_string() == "close_contact") {
      close_contact = true;
      EXPECT_EQ(r.at("zh").as_string(), "因某日被判定为密切接触者，需集中隔离14天");
    }
  EXPECT_TRUE(close_contact) << p.raw;
  EXPECT_TRUE(p.body.at("risk_areas").as_array().empty());
  const std::string etag = p.response.Header("ETag");
  EXPECT_EQ(
      anon.Call("GET", "/api/v1/regions/330104/portal", nullptr, {{"If-None-Match", etag}}).status,
      304);

  // A risk area published in the district shows at once (the cached page is dropped).
  auto province =
      Person("赵省", MakeResidentId("330102", "19700101", 3), Role::kHealthOfficial, "33");
  Reply area = province->Post("/api/v1/risk-areas", {{"name", "上城区湖滨街道"},
                                                     {"region", "330104"},
                                                     {"level", "medium"},
                                                     {"from", FormatRfc3339(Now() - kDayMs)},
                                                     {"to", FormatRfc3339(Now() + kDayMs)}});
  ASSERT_EQ(area.status, 201) << area.raw;
  Reply p2 = anon.Call("GET", "/api/v1/regions/330104/portal", nullptr, {{"If-None-Match", etag}});
  ASSERT_EQ(p2.status, 200) << p2.raw;
  ASSERT_EQ(p2.body.at("risk_areas").as_array().size(), 1u) << p2.raw;
  EXPECT_EQ(p2.body.at("risk_areas").at(0).at("name").as_string(), "上城区湖滨街道");

  // Ningbo's portal has its own clinic and none of Hangzhou's area or notice.
  Reply n = anon.Get("/api/v1/regions/330203/portal");
  ASSERT_EQ(n.status, 200) << n.raw;
  EXPECT_TRUE(n.body.at("risk_areas").as_array().empty());
  EXPECT_TRUE(n.body.at("notices").as_array().empty());
  ASSERT_EQ(n.body.at("fever_clinics").as_array().size(), 1u);
  EXPECT_EQ(n.body.at("fever_clinics").at(0).at("hospital_name").as_string(), "宁波一院");
  EXPECT_EQ(anon.Get("/api/v1/regions/abc/portal").status, 404);
}

OW_INSTANTIATE_BACKENDS(NoticesApiTest);

}  // namespace
}  // namespace ow::testing
