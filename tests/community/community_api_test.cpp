// The community routes end to end over HTTP on both backends: a colour change reaches the
// person's inbox (unread count, marking read, nobody else's to mark), and community workers'
// task lists (status filter, region scopes, completing a task with a note).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "core/time.h"
#include "support/backend_test.h"

namespace ow::testing {
namespace {

const char kGongshuId[] = "330104199003071233";  // registered in 330104
const char kXihuId[] = "330106198505120021";     // registered in 330106

class CommunityApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;  // no PostgreSQL server: skipped (or failed)
    // 2026-02-10 09:00 in Shanghai (01:00 UTC); the clock runs on from there.
    app().test_clock()->Set(TimePoint(
        std::chrono::milliseconds(ShanghaiMidnightMillis({2026, 2, 10}) + 9 * 3'600'000LL)));
    official_ =
        Person("王建国", MakeResidentId("330102", "19920815", 1), Role::kHealthOfficial, "33");
  }

  // Registers a person (the client stays logged in) and grants them a role if one is given.
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

  // A department signal about the person with this ID, sent by the health official.
  void CloseContact(const std::string& id_number) {
    Reply r = official_->Post("/api/v1/signals",
                              {{"id_number", id_number},
                               {"kind", "close_contact"},
                               {"source", "cdc:3301"},
                               {"occurred_at", FormatRfc3339(app().clock().NowMillis())},
                               {"detail", "同航班"}});
    ASSERT_EQ(r.status, 201) << r.raw;
    ASSERT_EQ(r.body.at("colour").as_string(), "red") << r.raw;
  }

  // The tasks a worker sees with this status filter, by the masked names of their people.
  std::vector<std::string> TaskNames(TestClient& worker, const std::string& status = "open") {
    Reply r = worker.Get("/api/v1/tasks?status=" + status);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    for (const auto& t : r.body.at("tasks").as_array())
      out.emplace_back(t.at("masked_name").as_string());
    std::sort(out.begin(), out.end());
    return out;
  }

  // The id of the only task the worker has open.
  std::string OnlyOpenTask(TestClient& worker) {
    Reply r = worker.Get("/api/v1/tasks");
    EXPECT_EQ(r.status, 200) << r.raw;
    if (r.status != 200 || r.body.at("tasks").as_array().size() != 1) {
      ADD_FAILURE() << "not exactly one open task: " << r.raw;
      return "";
    }
    return std::string(r.body.at("tasks").at(0).at("task_id").as_string());
  }

  std::unique_ptr<TestClient> official_;
};

TEST_P(CommunityApiTest, ColourChangeReachesTheInboxAndOnlyItsOwnerMarksItRead) {
  auto person = Person("张小三", kGongshuId);
  auto other = Person("李小红", kXihuId);
  Reply before = person->Get("/api/v1/me/inbox");
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_TRUE(before.body.at("messages").as_array().empty()) << before.raw;
  EXPECT_EQ(before.body.at("unread").as_int64(), 0);

  CloseContact(kGongshuId);

  Reply inbox = person->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  ASSERT_EQ(inbox.body.at("messages").as_array().size(), 1u) << inbox.raw;
  EXPECT_EQ(inbox.body.at("unread").as_int64(), 1);
  const auto& m = inbox.body.at("messages").at(0);
  EXPECT_EQ(m.at("kind").as_string(), "colour_change");
  EXPECT_EQ(m.at("title_zh").as_string(), "您的健康码已变为红码");
  EXPECT_EQ(m.at("title_en").as_string(), "Your health code is now red");
  EXPECT_EQ(m.at("link").as_string(), "/code");
  EXPECT_FALSE(m.at("read").as_bool());
  EXPECT_TRUE(m.at("created_at").as_string().starts_with("2026-02-10T01:00")) << inbox.raw;
  const std::string id(m.at("id").as_string());
  // Nothing for the other person, who cannot mark this message either.
  EXPECT_TRUE(other->Get("/api/v1/me/inbox").body.at("messages").as_array().empty());
  EXPECT_EQ(other->Call("POST", "/api/v1/me/inbox/" + id + "/read").status, 404);
  EXPECT_EQ(person->Get("/api/v1/me/inbox").body.at("unread").as_int64(), 1);
  EXPECT_EQ(person->Call("POST", "/api/v1/me/inbox/no-such-message/read").status, 404);

  Reply read = person->Call("POST", "/api/v1/me/inbox/" + id + "/read");
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.body.at("id").as_string(), id);
  EXPECT_TRUE(read.body.at("read").as_bool());
  Reply after = person->Get("/api/v1/me/inbox");
  EXPECT_EQ(after.body.at("unread").as_int64(), 0) << after.raw;
  ASSERT_EQ(after.body.at("messages").as_array().size(), 1u) << after.raw;
  EXPECT_TRUE(after.body.at("messages").at(0).at("read").as_bool());
}

TEST_P(CommunityApiTest, TaskStatusMustBeOpenDoneOrAll) {
  auto worker =
      Person("陈晓晖", MakeResidentId("330104", "19800101", 51), Role::kCommunityWorker, "330104");
  Reply bogus = worker->Get("/api/v1/tasks?status=bogus");
  ASSERT_EQ(bogus.status, 422) << bogus.raw;
  ASSERT_EQ(bogus.body.at("errors").as_array().size(), 1u) << bogus.raw;
  EXPECT_EQ(bogus.body.at("errors").at(0).at("path").as_string(), "$.status");
  for (const char* status : {"open", "done", "all"})
    EXPECT_EQ(worker->Get(std::string("/api/v1/tasks?status=") + status).status, 200) << status;
  // A citizen has no task list.
  auto citizen = Person("张小三", kGongshuId);
  EXPECT_EQ(citizen->Get("/api/v1/tasks").status, 403);
}

TEST_P(CommunityApiTest, TasksAreScopedToTheWorkersRegion) {
  auto gongshu =
      Person("陈晓晖", MakeResidentId("330104", "19800101", 51), Role::kCommunityWorker, "330104");
  auto xihu =
      Person("林西湖", MakeResidentId("330106", "19800101", 52), Role::kCommunityWorker, "330106");
  auto fujian =
      Person("林远方", MakeResidentId("350102", "19800101", 53), Role::kCommunityWorker, "350102");
  Person("张小三", kGongshuId);
  Person("李小红", kXihuId);
  CloseContact(kGongshuId);
  CloseContact(kXihuId);

  EXPECT_EQ(TaskNames(*gongshu), std::vector<std::string>{"张*三"});
  EXPECT_EQ(TaskNames(*xihu), std::vector<std::string>{"李*红"});
  EXPECT_TRUE(TaskNames(*fujian).empty());
  EXPECT_EQ(TaskNames(*official_), (std::vector<std::string>{"张*三", "李*红"}));
  // Nor can a worker complete a task outside their region.
  const std::string xihu_task = OnlyOpenTask(*xihu);
  EXPECT_EQ(gongshu->Post("/api/v1/tasks/" + xihu_task + "/done", {{"note", "x"}}).status, 403);
  EXPECT_EQ(TaskNames(*xihu), std::vector<std::string>{"李*红"});
}

// A task note may span lines, but control characters (NUL, BEL, ...) are refused with the path.
TEST_P(CommunityApiTest, TaskNoteWithControlCharactersIs422) {
  auto worker =
      Person("陈晓晖", MakeResidentId("330104", "19800101", 51), Role::kCommunityWorker, "330104");
  Person("张小三", kGongshuId);
  CloseContact(kGongshuId);
  const std::string task = OnlyOpenTask(*worker);
  for (const std::string& note :
       {std::string("已联系\0", 10), std::string("已联系\a"), std::string("已联系\xc2\x9b")}) {
    Reply bad = worker->Post("/api/v1/tasks/" + task + "/done", {{"note", note}});
    EXPECT_EQ(bad.status, 422) << bad.raw;
    ASSERT_TRUE(bad.body.is_object()) << bad.raw;
    EXPECT_EQ(bad.body.at("errors").at(0).at("path").as_string(), "$.note");
    EXPECT_EQ(bad.body.at("errors").at(0).at("code").as_string(), "control_character");
  }
  EXPECT_EQ(TaskNames(*worker).size(), 1u);  // still open
  Reply done =
      worker->Post("/api/v1/tasks/" + task + "/done", {{"note", "已电话联系\r\n居家隔离"}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body.at("note").as_string(), "已电话联系\r\n居家隔离");
}

TEST_P(CommunityApiTest, CompletedTaskKeepsItsNoteAndMovesToDone) {
  auto worker =
      Person("陈晓晖", MakeResidentId("330104", "19800101", 51), Role::kCommunityWorker, "330104");
  Person("张小三", kGongshuId);
  CloseContact(kGongshuId);
  const std::string task = OnlyOpenTask(*worker);
  EXPECT_TRUE(TaskNames(*worker, "done").empty());

  Reply done = worker->Post("/api/v1/tasks/" + task + "/done", {{"note", "已电话联系，居家隔离"}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body.at("task_id").as_string(), task);
  EXPECT_EQ(done.body.at("status").as_string(), "done");
  EXPECT_EQ(done.body.at("note").as_string(), "已电话联系，居家隔离");
  EXPECT_TRUE(done.body.at("done_at").is_string()) << done.raw;

  EXPECT_TRUE(TaskNames(*worker).empty());
  Reply listed = worker->Get("/api/v1/tasks?status=done");
  ASSERT_EQ(listed.status, 200) << listed.raw;
  ASSERT_EQ(listed.body.at("tasks").as_array().size(), 1u) << listed.raw;
  EXPECT_EQ(listed.body.at("tasks").at(0).at("task_id").as_string(), task);
  EXPECT_EQ(listed.body.at("tasks").at(0).at("note").as_string(), "已电话联系，居家隔离");
  EXPECT_EQ(TaskNames(*worker, "all"), std::vector<std::string>{"张*三"});
  // Once done, it stays done.
  EXPECT_EQ(worker->Post("/api/v1/tasks/" + task + "/done", {{"note", "again"}}).status, 409);
}

// "Contact the resident": the worker sees the phone and address the resident gave, each reveal
// is recorded in the resident's own data-use record, and nobody outside the region sees them.
TEST_P(CommunityApiTest, WorkerRevealsTheResidentsContactAndTheResidentSeesIt) {
  auto worker =
      Person("陈晓晖", MakeResidentId("330104", "19800101", 51), Role::kCommunityWorker, "330104");
  auto xihu =
      Person("林西湖", MakeResidentId("330106", "19800101", 52), Role::kCommunityWorker, "330106");
  auto resident = Client();
  Reply reg = resident->Post("/api/v1/citizens", {{"name", "张小三"},
                                                  {"id_number", kGongshuId},
                                                  {"password", "correct horse 1"},
                                                  {"phone", "13800138000"},
                                                  {"address", "拱墅区湖墅南路 1 号"}});
  ASSERT_EQ(reg.status, 201) << reg.raw;
  resident->Login(kGongshuId);
  CloseContact(kGongshuId);
  const std::string task = OnlyOpenTask(*worker);
  // The list itself never carries them.
  EXPECT_EQ(worker->Get("/api/v1/tasks").raw.find("13800138000"), std::string::npos);

  EXPECT_EQ(xihu->Post("/api/v1/tasks/" + task + "/contact", json::object{}).status, 403);
  Reply c = worker->Post("/api/v1/tasks/" + task + "/contact", json::object{});
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body.at("phone").as_string(), "13800138000");
  EXPECT_EQ(c.body.at("address").as_string(), "拱墅区湖墅南路 1 号");
  EXPECT_EQ(c.body.at("masked_name").as_string(), "张*三");
  EXPECT_EQ(c.response.Header("Cache-Control"), "no-store");

  Reply uses = resident->Get("/api/v1/me/data-uses?channel=official");
  ASSERT_EQ(uses.status, 200) << uses.raw;
  int reveals = 0;
  for (const auto& u : uses.body.at("uses").as_array()) {
    if (u.at("fields").as_string() != "phone,address") continue;
    ++reveals;
    EXPECT_EQ(u.at("who").as_string(), "陈*晖") << u;
    EXPECT_NE(std::string(u.at("purpose").as_string()).find(task), std::string::npos) << u;
  }
  EXPECT_EQ(reveals, 1) << uses.raw;

  // Once the task is done the contact is no longer shown.
  ASSERT_EQ(worker->Post("/api/v1/tasks/" + task + "/done", {{"note", "已电话联系"}}).status, 200);
  EXPECT_EQ(worker->Post("/api/v1/tasks/" + task + "/contact", json::object{}).status, 409);
}

// A resident who gave neither phone nor address: nulls, and no use recorded.
TEST_P(CommunityApiTest, NoContactGivenRevealsNothingAndRecordsNothing) {
  auto worker =
      Person("陈晓晖", MakeResidentId("330104", "19800101", 51), Role::kCommunityWorker, "330104");
  auto resident = Person("张小三", kGongshuId);
  CloseContact(kGongshuId);
  const std::string task = OnlyOpenTask(*worker);
  Reply c = worker->Post("/api/v1/tasks/" + task + "/contact", json::object{});
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_TRUE(c.body.at("phone").is_null());
  EXPECT_TRUE(c.body.at("address").is_null());
  Reply uses = resident->Get("/api/v1/me/data-uses?channel=official");
  ASSERT_EQ(uses.status, 200) << uses.raw;
  for (const auto& u : uses.body.at("uses").as_array())
    EXPECT_EQ(std::string(u.at("purpose").as_string()).find("community task"), std::string::npos)
        << u;
}

OW_INSTANTIATE_BACKENDS(CommunityApiTest);

}  // namespace
}  // namespace ow::testing
