// The internet hospital (互联网医院) through the HTTP API on both backends: follow-up
// consultations only (a first visit is refused), online slots on the shared BookingService,
// a message thread with text and images served only to its participants, the doctor's close
// with notes (read-only afterwards), prescription renewal (request → the doctor's signature →
// a pharmacist's review → dispensing), controlled drugs refused, children under 6 without a
// guardian refused, two pharmacists approving at once, the retention purge on the test clock,
// and staff reads shown in the citizen's data-use record.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/time.h"
#include "support/backend_test.h"

namespace ow::hospital {
namespace {

namespace json = boost::json;
using testing::MakeResidentId;
using testing::Reply;
using testing::TestClient;

std::string Str(const json::value& v, std::string_view key) {
  return std::string(v.at(key).as_string());
}

std::string ErrorCode(const Reply& r) {
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return "";
  const auto& errors = r.body.at("errors").as_array();
  if (errors.empty() || !errors[0].as_object().contains("code")) return "";
  return Str(errors[0], "code");
}

std::string ErrorPath(const Reply& r) {
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return "";
  const auto& errors = r.body.at("errors").as_array();
  return errors.empty() ? "" : Str(errors[0], "path");
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "IHDR-test-image-bytes";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF-test";

class InternetHospitalTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    SetNow("2026-03-01T23:00:00Z");  // Monday 2026-03-02, 07:00 in Shanghai
    auto place = app().places().Create(
        {"杭州市第一人民医院 互联网医院", "hospital", "330104", "浣纱路261号", "", {}}, "test");
    ASSERT_TRUE(place.ok()) << place.status().ToString();
    hospital_ = place->id;
    admin_ = Staff("院管理", 1, Role::kHospitalAdmin, "place:" + hospital_);
    Reply dep =
        admin_->Post(H("/departments"), {{"name_zh", "内分泌科"}, {"name_en", "Endocrinology"}});
    ASSERT_EQ(dep.status, 201) << dep.raw;
    dept_ = Str(dep.body, "id");
    Reply doc = admin_->Post(H("/doctors"),
                             {{"department_id", dept_}, {"name", "李医生"}, {"title", "主任医师"}});
    ASSERT_EQ(doc.status, 201) << doc.raw;
    doctor_id_ = Str(doc.body, "id");
    Reply doc2 = admin_->Post(
        H("/doctors"), {{"department_id", dept_}, {"name", "赵医生"}, {"title", "主治医师"}});
    ASSERT_EQ(doc2.status, 201) << doc2.raw;
    json::array weekly;
    for (int d = 1; d <= 7; ++d)
      weekly.push_back({{"weekday", d}, {"start", "19:00"}, {"end", "20:00"}});
    Reply online = admin_->Post(H("/online-schedules"), {{"department_id", dept_},
                                                         {"doctor_id", doctor_id_},
                                                         {"slot_minutes", 15},
                                                         {"capacity", 1},
                                                         {"weekly", weekly}});
    ASSERT_EQ(online.status, 201) << online.raw;
    json::array morning;
    for (int d = 1; d <= 7; ++d)
      morning.push_back({{"weekday", d}, {"start", "08:00"}, {"end", "09:00"}});
    Reply inperson = admin_->Post(H("/schedules"), {{"department_id", dept_},
                                                    {"doctor_id", doctor_id_},
                                                    {"slot_minutes", 10},
                                                    {"capacity", 1},
                                                    {"weekly", morning}});
    ASSERT_EQ(inperson.status, 201) << inperson.raw;
    doctor_ = Staff("李医生", 2, Role::kDoctor, "doctor:" + doctor_id_);
    other_doctor_ = Staff("赵医生", 3, Role::kDoctor, "doctor:" + Str(doc2.body, "id"));
    pharmacist_ = Staff("钱药师", 4, Role::kPharmacist, "place:" + hospital_);
    pharmacist2_ = Staff("孙药师", 5, Role::kPharmacist, "place:" + hospital_);
    p1_ = Patient("张一", "19600101", 11);
    p2_ = Patient("王二", "19700101", 12);
    // 张一 was seen in person a month ago and left with a chronic prescription.
    Reply v =
        RecordVisit(MakeResidentId("330104", "19600101", 11),
                    {{"drug_code", "metformin-500"}, {"quantity", 60}, {"dosage", "每日两次"}});
    ASSERT_EQ(v.status, 201) << v.raw;
    rx1_ = Str(v.body.at("prescription"), "id");
  }

  void SetNow(const char* rfc3339) {
    app().test_clock()->Set(TimePoint(std::chrono::milliseconds(*ParseRfc3339(rfc3339))));
    app().test_clock()->Freeze(true);
  }
  std::string H(const std::string& rest) { return "/api/v1/hospitals/" + hospital_ + rest; }
  std::string Person(const std::string& id_number) {
    auto p = app().identity().FindByIdNumber(id_number);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : "";
  }
  std::unique_ptr<TestClient> Staff(const std::string& name, int seq, Role role,
                                    const std::string& scope) {
    auto c = Client();
    const std::string id = MakeResidentId("330104", "19800101", seq);
    c->RegisterAndLogin(name, id);
    EXPECT_TRUE(app().identity().Grant(Person(id), role, scope, "test").ok());
    c->Login(id);  // the session carries the new grant
    return c;
  }
  std::unique_ptr<TestClient> Patient(const std::string& name, const std::string& birth, int seq) {
    auto c = Client();
    c->RegisterAndLogin(name, MakeResidentId("330104", birth, seq));
    return c;
  }
  Reply RecordVisit(const std::string& id_number, const json::object& item) {
    return admin_->Post(
        H("/visits"),
        {{"id_number", id_number},
         {"doctor_id", doctor_id_},
         {"visited_at", "2026-02-01T02:00:00Z"},
         {"prescription", {{"diagnosis", "2型糖尿病"}, {"items", json::array{item}}}}});
  }
  std::string OnlineSlot(TestClient& c, size_t i, const std::string& day = "2026-03-02") {
    Reply r = c.Get("/api/v1/hospital-departments/" + dept_ + "/online-slots?day=" + day);
    EXPECT_EQ(r.status, 200) << r.raw;
    const auto& slots = r.body.at("slots").as_array();
    EXPECT_GT(slots.size(), i) << r.raw;
    return slots.size() > i ? Str(slots[i], "id") : "";
  }
  Reply Book(TestClient& c, const std::string& slot, const json::object& extra = {}) {
    json::object body{{"slot_id", slot}};
    for (const auto& [k, v] : extra) body[k] = v;
    return c.Post("/api/v1/consultations", body);
  }
  std::string BookedConsultation(TestClient& c, size_t slot) {
    Reply r = Book(c, OnlineSlot(c, slot));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? Str(r.body, "id") : "";
  }
  std::string C(const std::string& id, const std::string& rest = "") {
    return "/api/v1/consultations/" + id + rest;
  }
  std::string R(const std::string& id, const std::string& rest = "") {
    return "/api/v1/prescription-renewals/" + id + rest;
  }
  std::string RequestRenewal(TestClient& c, const std::string& rx) {
    Reply r = c.Post("/api/v1/prescriptions/" + rx + "/renewals", json::object{});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? Str(r.body, "id") : "";
  }
  int64_t Count(const std::string& table) {
    auto rows = app().db().Query("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }

  std::string hospital_, dept_, doctor_id_, rx1_;
  std::unique_ptr<TestClient> admin_, doctor_, other_doctor_, pharmacist_, pharmacist2_, p1_, p2_;
};

TEST_P(InternetHospitalTest, AFirstVisitIsRefusedAndOnlineSlotsStayApart) {
  // 王二 has never been to the department: follow-ups only.
  Reply r = Book(*p2_, OnlineSlot(*p2_, 0));
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_EQ(ErrorCode(r), "first_visit_required");
  EXPECT_EQ(ErrorPath(r), "$.slot_id");
  // The online slots are not the in-person ones: 4 quarter hours online, 6 in person.
  EXPECT_EQ(p2_->Get("/api/v1/hospital-departments/" + dept_ + "/online-slots?day=2026-03-02")
                .body.at("slots")
                .as_array()
                .size(),
            4u);
  Reply inperson = p2_->Get("/api/v1/hospital-departments/" + dept_ + "/slots?day=2026-03-02");
  ASSERT_EQ(inperson.body.at("slots").as_array().size(), 6u) << inperson.raw;
  const std::string morning = Str(inperson.body.at("slots").as_array()[0], "id");
  // An in-person slot is not an online consultation.
  Reply wrong = Book(*p1_, morning);
  EXPECT_EQ(wrong.status, 422) << wrong.raw;
  EXPECT_EQ(ErrorCode(wrong), "not_online_slot");
  // Nor is an online slot an in-person appointment.
  Reply appt = p1_->Post("/api/v1/appointments", {{"slot_id", OnlineSlot(*p1_, 0)}});
  EXPECT_EQ(appt.status, 404) << appt.raw;
  // An arrived in-person appointment is an earlier visit: then 王二 may follow up online.
  Reply a = p2_->Post("/api/v1/appointments", {{"slot_id", morning}});
  ASSERT_EQ(a.status, 201) << a.raw;
  EXPECT_EQ(Book(*p2_, OnlineSlot(*p2_, 0)).status, 403);
  Reply arrived = admin_->Post(H("/appointments/" + Str(a.body, "id") + "/attendance"),
                               {{"status", "arrived"}});
  ASSERT_EQ(arrived.status, 200) << arrived.raw;
  Reply ok = Book(*p2_, OnlineSlot(*p2_, 0));
  EXPECT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(Str(ok.body, "doctor_id"), doctor_id_);
  EXPECT_EQ(Str(ok.body, "status"), "open");
}

TEST_P(InternetHospitalTest, OnlineSlotsAreNeverOverbooked) {
  const std::string slot = OnlineSlot(*p1_, 0);
  Reply r1 = Book(*p1_, slot);
  ASSERT_EQ(r1.status, 201) << r1.raw;
  // 王二 with a visit of his own finds the slot taken.
  ASSERT_EQ(RecordVisit(MakeResidentId("330104", "19700101", 12),
                        {{"drug_code", "amlodipine-5"}, {"quantity", 30}})
                .status,
            201);
  Reply r2 = Book(*p2_, slot);
  EXPECT_EQ(r2.status, 409) << r2.raw;
  EXPECT_EQ(ErrorCode(r2), "slot_full");
  // One online consultation per department per day.
  Reply again = Book(*p1_, OnlineSlot(*p1_, 0));
  EXPECT_EQ(again.status, 409) << again.raw;
  EXPECT_EQ(ErrorCode(again), "limit_reached");
  Reply mine = p1_->Get("/api/v1/me/consultations");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body.at("consultations").as_array().size(), 1u);
}

TEST_P(InternetHospitalTest, AThreadWithTextAndImagesClosedByTheDoctor) {
  const std::string id = BookedConsultation(*p1_, 0);
  ASSERT_FALSE(id.empty());
  Reply m1 = p1_->Post(C(id, "/messages"), {{"text", "李医生您好，最近血糖偏高。"}});
  ASSERT_EQ(m1.status, 201) << m1.raw;
  EXPECT_EQ(Str(m1.body, "from"), "patient");
  Reply img = p1_->CallRaw("POST", C(id, "/images"), kPng, {{"Content-Type", "image/png"}});
  ASSERT_EQ(img.status, 201) << img.raw;
  const std::string image_id = Str(img.body, "image_id");
  // Images are checked: the content must be what the type says, within the size limit.
  Reply mismatch = p1_->CallRaw("POST", C(id, "/images"), kJpeg, {{"Content-Type", "image/png"}});
  EXPECT_EQ(mismatch.status, 422) << mismatch.raw;
  EXPECT_EQ(ErrorCode(mismatch), "content_mismatch");
  Reply big = p1_->CallRaw("POST", C(id, "/images"), kPng + std::string(1000 * 1000, 'x'),
                           {{"Content-Type", "image/png"}});
  EXPECT_EQ(big.status, 422) << big.raw;
  EXPECT_EQ(ErrorCode(big), "too_large");
  Reply text = p1_->CallRaw("POST", C(id, "/images"), "hello", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415) << text.raw;
  // The doctor's inbox shows it with the patient's masked name.
  Reply inbox = doctor_->Get("/api/v1/doctor/consultations");
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  ASSERT_EQ(inbox.body.at("consultations").as_array().size(), 1u);
  EXPECT_EQ(Str(inbox.body.at("consultations").as_array()[0], "patient"), "张*");
  EXPECT_EQ(
      other_doctor_->Get("/api/v1/doctor/consultations").body.at("consultations").as_array().size(),
      0u);
  Reply m2 = doctor_->Post(C(id, "/messages"), {{"text", "请把近一周的血糖记录拍照发来。"}});
  ASSERT_EQ(m2.status, 201) << m2.raw;
  EXPECT_EQ(Str(m2.body, "from"), "doctor");
  Reply thread = doctor_->Get(C(id));
  ASSERT_EQ(thread.status, 200) << thread.raw;
  const auto& messages = thread.body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(Str(messages[1], "kind"), "image");
  // The image: to the two participants only.
  Reply got = doctor_->Get(Str(messages[1], "image_url"));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.raw, kPng);
  EXPECT_EQ(got.ContentType(), "image/png");
  EXPECT_EQ(p1_->Get(C(id, "/images/" + image_id)).status, 200);
  EXPECT_EQ(p2_->Get(C(id, "/images/" + image_id)).status, 404);
  EXPECT_EQ(other_doctor_->Get(C(id)).status, 404);
  EXPECT_EQ(p2_->Post(C(id, "/messages"), {{"text", "hi"}}).status, 404);
  // Only the doctor closes; notes are required; controlled drugs are never prescribed online.
  EXPECT_EQ(p1_->Post(C(id, "/close"), {{"notes", "x"}}).status, 403);
  Reply empty = doctor_->Post(C(id, "/close"), {{"notes", ""}});
  EXPECT_EQ(empty.status, 422) << empty.raw;
  EXPECT_EQ(ErrorPath(empty), "$.notes");
  Reply narcotic =
      doctor_->Post(C(id, "/close"),
                    {{"notes", "疼痛"},
                     {"prescription",
                      {{"diagnosis", "疼痛"},
                       {"items", json::array{{{"drug_code", "morphine-10"}, {"quantity", 10}}}}}}});
  EXPECT_EQ(narcotic.status, 403) << narcotic.raw;
  EXPECT_EQ(ErrorCode(narcotic), "controlled_drug");
  EXPECT_EQ(ErrorPath(narcotic), "$.prescription.items[0].drug_code");
  Reply unknown = doctor_->Post(
      C(id, "/close"),
      {{"notes", "x"},
       {"prescription", {{"items", json::array{{{"drug_code", "nope"}, {"quantity", 1}}}}}}});
  EXPECT_EQ(unknown.status, 422) << unknown.raw;
  EXPECT_EQ(ErrorCode(unknown), "unknown_drug");
  Reply closed =
      doctor_->Post(C(id, "/close"), {{"notes", "血糖控制尚可，继续二甲双胍，加用氨氯地平。"},
                                      {"prescription",
                                       {{"diagnosis", "2型糖尿病；高血压"},
                                        {"items", json::array{{{"drug_code", "amlodipine-5"},
                                                               {"quantity", 28},
                                                               {"dosage", "每日一次"}}}}}}});
  ASSERT_EQ(closed.status, 200) << closed.raw;
  EXPECT_EQ(Str(closed.body, "status"), "closed");
  EXPECT_EQ(Str(closed.body, "notes"), "血糖控制尚可，继续二甲双胍，加用氨氯地平。");
  const std::string rx = Str(closed.body, "prescription_id");
  // Closed threads are read-only.
  Reply late = p1_->Post(C(id, "/messages"), {{"text", "谢谢"}});
  EXPECT_EQ(late.status, 409) << late.raw;
  EXPECT_EQ(ErrorCode(late), "consultation_closed");
  EXPECT_EQ(p1_->CallRaw("POST", C(id, "/images"), kPng, {{"Content-Type", "image/png"}}).status,
            409);
  EXPECT_EQ(doctor_->Post(C(id, "/close"), {{"notes", "again"}}).status, 409);
  // The patient sees the notes and the new prescription.
  Reply mine = p1_->Get(C(id));
  EXPECT_EQ(Str(mine.body, "status"), "closed");
  Reply rxs = p1_->Get("/api/v1/me/prescriptions");
  ASSERT_EQ(rxs.status, 200) << rxs.raw;
  bool found = false;
  for (const auto& p : rxs.body.at("prescriptions").as_array())
    if (Str(p, "id") == rx) {
      found = true;
      EXPECT_EQ(Str(p, "source"), "consultation");
      EXPECT_TRUE(p.at("renewable").as_bool());
    }
  EXPECT_TRUE(found) << rxs.raw;
}

TEST_P(InternetHospitalTest, RenewalIsSignedByTheDoctorReviewedAndDispensed) {
  const std::string id = RequestRenewal(*p1_, rx1_);
  ASSERT_FALSE(id.empty());
  // One renewal in progress per prescription.
  Reply twice = p1_->Post("/api/v1/prescriptions/" + rx1_ + "/renewals", json::object{});
  EXPECT_EQ(twice.status, 409) << twice.raw;
  EXPECT_EQ(ErrorCode(twice), "renewal_pending");
  // Nothing is issued automatically: the pharmacist waits for the doctor's signature.
  Reply early = pharmacist_->Post(R(id, "/review"), {{"decision", "approve"}});
  EXPECT_EQ(early.status, 409) << early.raw;
  EXPECT_EQ(ErrorCode(early), "bad_transition");
  EXPECT_EQ(pharmacist_->Get("/api/v1/pharmacist/prescription-renewals")
                .body.at("renewals")
                .as_array()
                .size(),
            0u);
  // Only the treating doctor signs.
  EXPECT_EQ(other_doctor_->Post(R(id, "/sign"), json::object{}).status, 404);
  EXPECT_EQ(p1_->Post(R(id, "/sign"), json::object{}).status, 403);
  Reply queue = doctor_->Get("/api/v1/doctor/prescription-renewals");
  ASSERT_EQ(queue.body.at("renewals").as_array().size(), 1u) << queue.raw;
  Reply signed_ = doctor_->Post(R(id, "/sign"), json::object{});
  ASSERT_EQ(signed_.status, 200) << signed_.raw;
  EXPECT_EQ(Str(signed_.body, "status"), "signed");
  EXPECT_TRUE(signed_.body.at("signature_valid").as_bool());
  EXPECT_FALSE(Str(signed_.body, "signature").empty());
  EXPECT_EQ(doctor_->Post(R(id, "/sign"), json::object{}).status, 409);
  // The patient cannot dispense before the review.
  Reply notyet = p1_->Post(R(id, "/dispense"), {{"method", "pickup"}});
  EXPECT_EQ(notyet.status, 409) << notyet.raw;
  Reply review_queue = pharmacist_->Get("/api/v1/pharmacist/prescription-renewals");
  ASSERT_EQ(review_queue.body.at("renewals").as_array().size(), 1u);
  EXPECT_EQ(Str(review_queue.body.at("renewals").as_array()[0], "patient"), "张*");
  Reply approved = pharmacist_->Post(R(id, "/review"), {{"decision", "approve"}});
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(Str(approved.body, "status"), "active");
  // Delivery needs an address, shown masked.
  Reply noaddr = p1_->Post(R(id, "/dispense"), {{"method", "delivery"}});
  EXPECT_EQ(noaddr.status, 422);
  EXPECT_EQ(ErrorPath(noaddr), "$.address");
  Reply sent = p1_->Post(R(id, "/dispense"),
                         {{"method", "delivery"}, {"address", "浙江省杭州市上城区解放路100号3幢"}});
  ASSERT_EQ(sent.status, 200) << sent.raw;
  EXPECT_EQ(Str(sent.body, "status"), "dispensed");
  EXPECT_EQ(Str(sent.body, "address"), "浙江省杭州市****");
  EXPECT_EQ(p1_->Post(R(id, "/dispense"), {{"method", "pickup"}}).status, 409);
  Reply mine = p1_->Get("/api/v1/me/prescriptions");
  ASSERT_EQ(mine.body.at("renewals").as_array().size(), 1u);
  EXPECT_EQ(Str(mine.body.at("renewals").as_array()[0], "address"), "浙江省杭州市****");
  EXPECT_EQ(mine.raw.find("解放路"), std::string::npos);
  // After a dispensed renewal, the next one may be asked for; a rejection needs a reason.
  const std::string next = RequestRenewal(*p1_, rx1_);
  ASSERT_EQ(doctor_->Post(R(next, "/sign"), json::object{}).status, 200);
  Reply noreason = pharmacist_->Post(R(next, "/review"), {{"decision", "reject"}});
  EXPECT_EQ(noreason.status, 422);
  EXPECT_EQ(ErrorPath(noreason), "$.reason");
  Reply rejected =
      pharmacist_->Post(R(next, "/review"), {{"decision", "reject"}, {"reason", "剂量需面诊调整"}});
  ASSERT_EQ(rejected.status, 200) << rejected.raw;
  EXPECT_EQ(Str(rejected.body, "status"), "rejected");
  EXPECT_EQ(Str(rejected.body, "reason"), "剂量需面诊调整");
  EXPECT_EQ(p1_->Post(R(next, "/dispense"), {{"method", "pickup"}}).status, 409);
}

TEST_P(InternetHospitalTest, ControlledDrugsAreNeverRenewedOnline) {
  // Prescribed in person (allowed there), never renewed online.
  Reply v = RecordVisit(MakeResidentId("330104", "19700101", 12),
                        {{"drug_code", "alprazolam-04"}, {"quantity", 14}});
  ASSERT_EQ(v.status, 201) << v.raw;
  EXPECT_FALSE(v.body.at("prescription").at("renewable").as_bool());
  const std::string rx = Str(v.body.at("prescription"), "id");
  Reply r = p2_->Post("/api/v1/prescriptions/" + rx + "/renewals", json::object{});
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_EQ(ErrorCode(r), "controlled_drug");
  Reply n = RecordVisit(MakeResidentId("330104", "19700101", 12),
                        {{"drug_code", "fentanyl-patch"}, {"quantity", 5}});
  ASSERT_EQ(n.status, 201);
  EXPECT_EQ(p2_->Post("/api/v1/prescriptions/" + Str(n.body.at("prescription"), "id") + "/renewals",
                      json::object{})
                .status,
            403);
  // Someone else's prescription does not exist for the caller.
  EXPECT_EQ(p2_->Post("/api/v1/prescriptions/" + rx1_ + "/renewals", json::object{}).status, 404);
  // The catalogue says which are controlled.
  Reply drugs = p2_->Get("/api/v1/drugs");
  ASSERT_EQ(drugs.status, 200);
  int controlled = 0;
  for (const auto& d : drugs.body.at("drugs").as_array())
    if (!d.at("online").as_bool()) ++controlled;
  EXPECT_GE(controlled, 6);
}

TEST_P(InternetHospitalTest, AChildUnderSixNeedsARegisteredGuardian) {
  auto child = Patient("刘小", "20220101", 21);  // 4 years old on 2026-03-02
  auto parent = Patient("刘大", "19900505", 22);
  Reply v = RecordVisit(MakeResidentId("330104", "20220101", 21),
                        {{"drug_code", "amoxicillin-granules"}, {"quantity", 12}});
  ASSERT_EQ(v.status, 201) << v.raw;
  const std::string rx = Str(v.body.at("prescription"), "id");
  const std::string target = "/api/v1/prescriptions/" + rx + "/renewals";
  Reply none = child->Post(target, json::object{});
  EXPECT_EQ(none.status, 403) << none.raw;
  EXPECT_EQ(ErrorCode(none), "guardian_required");
  EXPECT_EQ(ErrorPath(none), "$.guardian");
  Reply unknown = child->Post(target, {{"guardian",
                                        {{"id_number", MakeResidentId("330104", "19900505", 99)},
                                         {"name", "刘大"},
                                         {"relation", "parent"}}}});
  EXPECT_EQ(unknown.status, 422) << unknown.raw;
  EXPECT_EQ(ErrorCode(unknown), "unknown_guardian");
  EXPECT_EQ(ErrorPath(unknown), "$.guardian.id_number");
  Reply wrong_name = child->Post(target, {{"guardian",
                                           {{"id_number", MakeResidentId("330104", "19900505", 22)},
                                            {"name", "刘二"},
                                            {"relation", "parent"}}}});
  EXPECT_EQ(wrong_name.status, 422) << wrong_name.raw;
  EXPECT_EQ(ErrorCode(wrong_name), "guardian_mismatch");
  // Online booking is refused the same way without a guardian.
  Reply booking = Book(*child, OnlineSlot(*child, 1));
  EXPECT_EQ(booking.status, 403) << booking.raw;
  EXPECT_EQ(ErrorCode(booking), "guardian_required");
  const json::object guardian{{"id_number", MakeResidentId("330104", "19900505", 22)},
                              {"name", "刘大"},
                              {"relation", "parent"}};
  Reply ok = child->Post(target, {{"guardian", guardian}});
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_TRUE(ok.body.at("guardian").as_bool());
  Reply booked = Book(*child, OnlineSlot(*child, 1), {{"guardian", guardian}});
  EXPECT_EQ(booked.status, 201) << booked.raw;
  // From the sixth birthday on, no guardian is needed.
  SetNow("2028-01-01T02:00:00Z");
  child->Login(MakeResidentId("330104", "20220101", 21));
  admin_->Login(MakeResidentId("330104", "19800101", 1));
  Reply v2 = RecordVisit(MakeResidentId("330104", "20220101", 21),
                         {{"drug_code", "amoxicillin-granules"}, {"quantity", 12}});
  ASSERT_EQ(v2.status, 201) << v2.raw;
  Reply six =
      child->Post("/api/v1/prescriptions/" + Str(v2.body.at("prescription"), "id") + "/renewals",
                  json::object{});
  EXPECT_EQ(six.status, 201) << six.raw;
}

TEST_P(InternetHospitalTest, TwoPharmacistsApprovingAtOnceGiveOneApprovalAndOneConflict) {
  for (int round = 0; round < 3; ++round) {
    const std::string id = RequestRenewal(*p1_, rx1_);
    Reply s = doctor_->Post(R(id, "/sign"), json::object{});
    ASSERT_EQ(s.status, 200) << s.raw;
    const int64_t version = s.body.at("version").as_int64();
    Reply a, b;
    std::thread t1([&] {
      a = pharmacist_->Post(R(id, "/review"), {{"decision", "approve"}, {"version", version}});
    });
    std::thread t2([&] {
      b = pharmacist2_->Post(R(id, "/review"), {{"decision", "approve"}, {"version", version}});
    });
    t1.join();
    t2.join();
    std::multiset<int> statuses{a.status, b.status};
    EXPECT_EQ(statuses, (std::multiset<int>{200, 409})) << a.raw << " / " << b.raw;
    const Reply& loser = a.status == 409 ? a : b;
    EXPECT_EQ(ErrorCode(loser), "bad_transition");
    auto rows = app().db().Query("SELECT status, version FROM hosp_renewals WHERE id = ?", {id});
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ((*rows)[0].Text(0), "active");
    EXPECT_EQ((*rows)[0].Int(1), version + 1);
    ASSERT_EQ(p1_->Post(R(id, "/dispense"), {{"method", "pickup"}}).status, 200);
  }
}

TEST_P(InternetHospitalTest, MedicalRecordsArePurgedAfterTheRetentionPeriod) {
  const std::string id = BookedConsultation(*p1_, 0);
  ASSERT_EQ(p1_->Post(C(id, "/messages"), {{"text", "您好"}}).status, 201);
  ASSERT_EQ(p1_->CallRaw("POST", C(id, "/images"), kPng, {{"Content-Type", "image/png"}}).status,
            201);
  ASSERT_EQ(doctor_->Post(C(id, "/close"), {{"notes", "继续用药"}}).status, 200);
  const std::string renewal = RequestRenewal(*p1_, rx1_);
  ASSERT_EQ(doctor_->Post(R(renewal, "/sign"), json::object{}).status, 200);
  // Within the retention period nothing goes.
  ASSERT_TRUE(app().RunHospitalPurge().ok());
  EXPECT_EQ(Count("hosp_consultations"), 1);
  EXPECT_EQ(Count("hosp_consult_messages"), 2);
  EXPECT_EQ(Count("hosp_consult_images"), 1);
  EXPECT_EQ(Count("hosp_prescriptions"), 1);
  EXPECT_EQ(Count("hosp_renewals"), 1);
  EXPECT_EQ(Count("hosp_visits"), 1);
  const int days = app().config().internet_hospital.record_retention_days;
  const int64_t now = app().clock().NowMillis();
  // A day before the end of the retention of the newest record: the visit (a month older) goes.
  app().test_clock()->Set(
      TimePoint(std::chrono::milliseconds(now + int64_t{days} * kMillisPerDay - kMillisPerDay)));
  ASSERT_TRUE(app().RunHospitalPurge().ok());
  EXPECT_EQ(Count("hosp_visits"), 0);
  EXPECT_EQ(Count("hosp_consultations"), 1);
  EXPECT_EQ(Count("hosp_renewals"), 1);
  EXPECT_EQ(Count("hosp_prescriptions"), 1);
  app().test_clock()->Set(
      TimePoint(std::chrono::milliseconds(now + int64_t{days} * kMillisPerDay + kMillisPerDay)));
  ASSERT_TRUE(app().RunHospitalPurge().ok());
  EXPECT_EQ(Count("hosp_consultations"), 0);
  EXPECT_EQ(Count("hosp_consult_messages"), 0);
  EXPECT_EQ(Count("hosp_consult_images"), 0);
  EXPECT_EQ(Count("hosp_renewals"), 0);
  EXPECT_EQ(Count("hosp_prescriptions"), 0);
  // The job ran under its lease, once per cluster.
  auto lease = app().job_lease().Get("hospital_record_purge");
  ASSERT_TRUE(lease.ok() && lease->has_value());
  EXPECT_EQ((*lease)->holder, app().job_lease().holder());
}

TEST_P(InternetHospitalTest, StaffReadsShowInTheCitizensDataUseRecord) {
  const std::string id = BookedConsultation(*p1_, 0);
  ASSERT_EQ(doctor_->Get(C(id)).status, 200);
  const std::string renewal = RequestRenewal(*p1_, rx1_);
  ASSERT_EQ(doctor_->Post(R(renewal, "/sign"), json::object{}).status, 200);
  ASSERT_EQ(pharmacist_->Get(R(renewal)).status, 200);
  Reply uses = p1_->Get("/api/v1/me/data-uses");
  ASSERT_EQ(uses.status, 200) << uses.raw;
  bool consultation = false, prescription = false;
  for (const auto& u : uses.body.at("uses").as_array()) {
    if (Str(u, "channel") != "official") continue;
    if (Str(u, "fields").find("consultation") != std::string::npos) {
      consultation = true;
      EXPECT_EQ(Str(u, "who"), "李*生");
    }
    if (Str(u, "fields") == "prescription" && Str(u, "who") == "钱*师") prescription = true;
  }
  EXPECT_TRUE(consultation) << uses.raw;
  EXPECT_TRUE(prescription) << uses.raw;
  // The patient's own reads are not uses by others.
  const size_t before = uses.body.at("uses").as_array().size();
  ASSERT_EQ(p1_->Get(C(id)).status, 200);
  EXPECT_EQ(p1_->Get("/api/v1/me/data-uses").body.at("uses").as_array().size(), before);
}

OW_INSTANTIATE_BACKENDS(InternetHospitalTest);

}  // namespace
}  // namespace ow::hospital
