// JSON request bodies (http/json.h): the media type a body must declare, the strict parse that
// refuses repeated keys, and the control characters text fields refuse.
#include "http/json.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace ow::http {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request req;
  req.method = Method::kPost;
  req.body = std::move(body);
  if (!content_type.empty()) req.headers["Content-Type"] = std::move(content_type);
  return req;
}

TEST(JsonContentTypeTest, JsonAndPlusJsonWithUtf8OrNoCharset) {
  for (const char* ok : {"application/json", "Application/JSON", "application/json; charset=utf-8",
                         "application/json;charset=UTF-8", "application/json ; charset=\"utf-8\"",
                         "application/merge-patch+json", "application/vnd.onewindow+json; v=1"}) {
    EXPECT_TRUE(IsJsonContentType(ok)) << ok;
  }
  for (const char* bad :
       {"", "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "text/json", "application/jsonx", "application/+json",
        "application/json; charset=iso-8859-1", "application/json; charset=utf-16"}) {
    EXPECT_FALSE(IsJsonContentType(bad)) << bad;
  }
}

TEST(ParseObjectTest, BodyNotDeclaredAsJsonIs415) {
  for (const char* type : {"text/plain", "", "application/x-www-form-urlencoded"}) {
    auto r = ParseObject(JsonRequest(R"({"name":"x"})", type));
    ASSERT_FALSE(r.ok()) << type;
    EXPECT_EQ(r.status().code(), Code::kUnsupportedMediaType) << type;
    EXPECT_EQ(HttpStatusFor(r.status().code()), 415);
  }
  auto ok = ParseObject(JsonRequest(R"({"name":"x"})", "application/json; charset=utf-8"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->at("name").as_string(), "x");
}

TEST(ParseObjectTest, RepeatedKeyIs400WithItsPath) {
  auto r = ParseObject(JsonRequest(R"({"name":"a","role":"admin","name":"b"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kBadRequest);
  ASSERT_EQ(r.status().fields().size(), 1u);
  EXPECT_EQ(r.status().fields()[0].path, "$.name");
  EXPECT_EQ(r.status().fields()[0].code, "duplicate_key");

  const auto path_of = [](const std::string& body) -> std::string {
    auto res = ParseJsonStrict(body);
    if (res.ok()) return "accepted";
    return res.status().fields().empty() ? "malformed" : res.status().fields()[0].path;
  };
  // Keys compare after escapes are decoded.
  EXPECT_EQ(path_of(R"({"a":1,"\u0061":2})"), "$.a");
  // Nested, inside arrays: the path of the second occurrence.
  EXPECT_EQ(path_of(R"({"records":[{"id":1},{"id":2,"at":3,"id":4}]})"), "$.records[1].id");
  EXPECT_EQ(path_of(R"([1,[2,{"x":{"y":1,"y":2}}]])"), "$[1][1].x.y");
  // A key repeated after a nested object closed.
  EXPECT_EQ(path_of(R"({"a":{"b":1,"c":[1,2]},"d":true,"a":null})"), "$.a");
  // The same key in different objects, or as a value, is fine.
  EXPECT_EQ(path_of(R"({"a":{"a":1},"b":{"a":2},"c":["a","a"],"e":{"b":{"a":3}}})"), "accepted");
  // Malformed JSON stays a plain 400 without field errors.
  EXPECT_EQ(path_of(R"({"a":1)"), "malformed");
  EXPECT_EQ(path_of(R"({"a":1} x)"), "malformed");
  EXPECT_EQ(path_of(R"({"a":1,})"), "malformed");
}

TEST(ParseObjectTest, RepeatedKeyInAnObjectWithManyKeys) {
  std::string body = "{";
  for (int i = 0; i < 200; ++i) body += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  std::string unique = body;
  unique.back() = '}';
  auto ok = ParseJsonStrict(unique);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->as_object().size(), 200u);
  EXPECT_EQ(ok->at("k199").as_int64(), 199);
  for (int repeated : {0, 14, 15, 16, 17, 150}) {
    auto r = ParseJsonStrict(body + "\"k" + std::to_string(repeated) + "\":0}");
    ASSERT_FALSE(r.ok()) << repeated;
    EXPECT_EQ(r.status().fields().at(0).path, "$.k" + std::to_string(repeated));
  }
}

TEST(ParseObjectTest, StrictParseBuildsTheSameValueAsJsonParse) {
  const std::string text =
      R"({"s":"x\n\u00e9\ud83d\ude00","i":-5,"u":18446744073709551615,"d":1.5e3,"b":false,)"
      R"("n":null,"a":[1,{"k":"v"},[]],"o":{},"long":")" +
      std::string(5000, 'z') + R"("})";
  auto strict = ParseJsonStrict(text);
  ASSERT_TRUE(strict.ok()) << strict.status().ToString();
  EXPECT_EQ(*strict, json::parse(text));
}

TEST(FieldReaderTest, ControlCharactersInTextFieldsAre422WithTheirPath) {
  json::object body{{"name", std::string("Cafe\x01")},
                    {"nul", std::string("a\0b", 3)},
                    {"del", "a\x7f"},
                    {"c1", "a\xc2\x85"},  // U+0085 NEL
                    {"newline", "a\nb"},
                    {"note", "line 1\r\nline 2\twith a tab"},
                    {"bell_note", "ring\a"},
                    {"password", std::string("p\x01w")},
                    {"fine", "西湖区北山街道 No. 1 – «ok» 😀"}};
  FieldReader f(body);
  EXPECT_FALSE(f.String("name", true).has_value());
  EXPECT_FALSE(f.String("nul", true).has_value());
  EXPECT_FALSE(f.String("del", true).has_value());
  EXPECT_FALSE(f.String("c1", true).has_value());
  EXPECT_FALSE(f.String("newline", true).has_value());  // one line: no line breaks
  EXPECT_EQ(f.String("note", true, 1000, TextKind::kLines).value_or(""),
            "line 1\r\nline 2\twith a tab");
  EXPECT_FALSE(f.String("bell_note", true, 1000, TextKind::kLines).has_value());
  EXPECT_TRUE(f.String("password", true, 1000, TextKind::kOpaque).has_value());
  EXPECT_TRUE(f.String("fine", true).has_value());
  Status s = f.status();
  EXPECT_EQ(s.code(), Code::kInvalid);
  std::vector<std::string> paths;
  for (const auto& e : s.fields()) {
    EXPECT_EQ(e.code, "control_character") << e.path;
    paths.push_back(e.path);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"$.name", "$.nul", "$.del", "$.c1", "$.newline",
                                             "$.bell_note"}));
}

TEST(FieldReaderTest, ProblemListsTheMachineCode) {
  Response r = Problem(Status(
      Code::kInvalid, "bad",
      {{"$.name", "has a control character", "control_character"}, {"$.other", "is required"}}));
  json::value v = json::parse(r.body);
  EXPECT_EQ(v.at("status").as_int64(), 422);
  EXPECT_EQ(v.at("errors").at(0).at("code").as_string(), "control_character");
  EXPECT_FALSE(v.at("errors").at(1).as_object().contains("code"));
  Response unsupported = Problem(Status::UnsupportedMediaType("send JSON"));
  EXPECT_EQ(unsupported.status, 415);
  EXPECT_EQ(json::parse(unsupported.body).at("type").as_string(),
            "https://onewindow.gov.cn/problems/unsupported_media_type");
  EXPECT_EQ(json::parse(unsupported.body).at("title").as_string(), "Unsupported Media Type");
}

// Issue 24: every mistake FieldReader finds has a stable code (the web app translates codes).
TEST(FieldReaderTest, EveryMistakeHasACode) {
  json::object body{{"s", 1},     {"long", "abcdef"},  {"n", "x"},    {"i", 1.5},
                    {"b", "yes"}, {"d", "2020-13-01"}, {"t", "noon"}, {"a", 1},
                    {"o", 1},     {"extra", 1}};
  FieldReader f(body);
  f.RejectUnknown({"s", "long", "n", "i", "b", "d", "t", "a", "o", "missing"});
  (void)f.String("missing", true);
  (void)f.String("s", true);
  (void)f.String("long", true, 3);
  (void)f.Number("n", true);
  (void)f.Integer("i", true);
  (void)f.Bool("b", true);
  (void)f.DateField("d", true);
  (void)f.Timestamp("t", true);
  (void)f.Array("a", true);
  (void)f.Object("o", true);
  std::map<std::string, std::string> codes;
  Status s = f.status();
  for (const auto& e : s.fields()) codes[e.path] = e.code;
  EXPECT_EQ(codes, (std::map<std::string, std::string>{{"$.extra", "unknown_field"},
                                                       {"$.missing", "required"},
                                                       {"$.s", "not_a_string"},
                                                       {"$.long", "too_long"},
                                                       {"$.n", "not_a_number"},
                                                       {"$.i", "not_an_integer"},
                                                       {"$.b", "not_a_boolean"},
                                                       {"$.d", "not_a_date"},
                                                       {"$.t", "not_a_timestamp"},
                                                       {"$.a", "not_a_list"},
                                                       {"$.o", "not_an_object"}}));
}

}  // namespace
}  // namespace ow::http
