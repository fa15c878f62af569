// The public catalogue over HTTP and item versioning, on both backends.
#include <gtest/gtest.h>

#include "hall/item_catalogue.h"
#include "support/backend_test.h"

namespace ow::hall {
namespace {

namespace json = boost::json;

class CatalogueTest : public testing::BackendTest {};

std::vector<std::string> Codes(const json::value& body) {
  std::vector<std::string> out;
  for (const auto& i : body.at("items").as_array()) out.emplace_back(i.at("code").as_string());
  return out;
}

TEST_P(CatalogueTest, PublicListSearchAndGuide) {
  if (!server_) return;
  auto c = Client();  // no login
  auto all = c->Get("/api/v1/hall/items");
  ASSERT_EQ(all.status, 200) << all.raw;
  ASSERT_GE(all.body.at("items").as_array().size(), 4u);
  const auto& first = all.body.at("items").as_array()[0].as_object();
  for (const char* key :
       {"code", "name", "department", "applicants", "legal_days", "promised_days", "visits"})
    EXPECT_TRUE(first.contains(key)) << key;

  auto tax = c->Get("/api/v1/hall/items?q=%E5%BB%B6%E6%9C%9F");  // 延期
  ASSERT_EQ(tax.status, 200);
  EXPECT_EQ(Codes(tax.body), std::vector<std::string>{"330000-0203-01"});
  auto english = c->Get("/api/v1/hall/items?q=DEFERRED");
  EXPECT_EQ(Codes(english.body), std::vector<std::string>{"330000-0203-01"});
  auto citizens = c->Get("/api/v1/hall/items?applicant=citizen");
  EXPECT_EQ(Codes(citizens.body), std::vector<std::string>{"330000-1019-01"});
  auto tax_dept = c->Get("/api/v1/hall/items?department=330000-TAX");
  EXPECT_EQ(Codes(tax_dept.body), std::vector<std::string>{"330000-0203-01"});

  auto guide = c->Get("/api/v1/hall/items/330000-0203-01");
  ASSERT_EQ(guide.status, 200) << guide.raw;
  EXPECT_EQ(guide.body.at("legal_days").as_int64(), 20);
  EXPECT_GE(guide.body.at("materials").as_array().size(), 4u);
  bool exchange = false, upload = false;
  for (const auto& m : guide.body.at("materials").as_array()) {
    exchange |= m.at("source").as_string() == "exchange";
    upload |= m.at("source").as_string() == "upload" && m.as_object().contains("max_bytes");
  }
  EXPECT_TRUE(exchange && upload);
  EXPECT_EQ(c->Get("/api/v1/hall/items/330000-9999-01").status, 404);

  auto bad = c->Get("/api/v1/hall/items?applicant=robot");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body.at("errors").as_array()[0].at("path").as_string(), "$.applicant");
}

ItemFile Changed(const ItemFile& f, int version, std::string_view old_text,
                 std::string_view new_text) {
  ItemFile out = f;
  auto at = out.text.find(old_text);
  out.text.replace(at, old_text.size(), new_text);
  auto v = out.text.find("\"version\": 1");
  out.text.replace(v, 12, "\"version\": " + std::to_string(version));
  return out;
}

TEST_P(CatalogueTest, VersionsAreKeptAndAChangedFileNeedsANewVersion) {
  if (!server_) return;
  ItemCatalogue& cat = app().hall_items();
  std::vector<ItemFile> files = EmbeddedItemFiles();
  size_t tax = 0;
  while (files[tax].text.find("330000-0203-01") == std::string::npos) ++tax;
  const ItemFile original = files[tax];

  // Same version, other content: refused, and the catalogue keeps what it had.
  files[tax] = Changed(original, 1, "\"promised_days\": 5", "\"promised_days\": 3");
  Status same = cat.Load(files);
  EXPECT_EQ(same.code(), Code::kConflict) << same.ToString();
  EXPECT_EQ((*cat.Get("330000-0203-01"))->promised_days, 5);

  // A new version becomes current; the old one stays readable.
  files[tax] = Changed(original, 2, "\"promised_days\": 5", "\"promised_days\": 3");
  ASSERT_TRUE(cat.Load(files).ok());
  EXPECT_EQ((*cat.Get("330000-0203-01"))->promised_days, 3);
  auto v1 = cat.GetVersion("330000-0203-01", 1);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->promised_days, 5);
  EXPECT_EQ((*cat.GetVersion("330000-0203-01", 2))->version, 2);
  EXPECT_EQ(cat.GetVersion("330000-0203-01", 3).status().code(), Code::kNotFound);

  // Going back to version 1 is refused.
  files[tax] = original;
  EXPECT_EQ(cat.Load(files).code(), Code::kConflict);
}

TEST_P(CatalogueTest, ABadFileIsRefusedByName) {
  if (!server_) return;
  std::vector<ItemFile> files = EmbeddedItemFiles();
  files.push_back({"broken.json", R"({"code": "x"})"});
  Status s = app().hall_items().Load(files);
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_NE(s.message().find("broken.json"), std::string::npos);
  EXPECT_FALSE(s.fields().empty());
  files.pop_back();
  files.push_back(files[0]);
  files.back().name = "copy.json";
  EXPECT_EQ(app().hall_items().Load(files).code(), Code::kInvalid);  // a code twice
}

OW_INSTANTIATE_BACKENDS(CatalogueTest);

}  // namespace
}  // namespace ow::hall
