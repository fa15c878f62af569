// The FHIR R4 interface of hospital scheduling (IHE ITI Scheduling server) over HTTP on both
// backends: the CapabilityStatement, read and search of Location, HealthcareService,
// Practitioner, Schedule, Slot and Appointment, Appointment/$find (_count, Bundle.total, held
// slots never offered), $hold, $book (hold expiry on the test clock, full slots, the health-code
// gate, cancelling with status cancelled and its deadline), OperationOutcome for every refusal,
// who may read whose appointments, the audit of hospital reads in the citizen's data-use record,
// and patients shown only under a pseudonym and a masked name.
#include <gtest/gtest.h>

#include "core/time.h"
#include "crypto/crypto.h"
#include "healthcode/colour_state.h"
#include "hospital/fhir_resources.h"
#include "hospital/fhir_routes.h"
#include "support/backend_test.h"

namespace ow::hospital {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

std::string Str(const json::value& v, std::string_view key) {
  return std::string(v.at(key).as_string());
}

const json::object& Issue(const Reply& r) { return r.body.at("issue").as_array()[0].as_object(); }
std::string IssueCode(const Reply& r) { return Str(Issue(r), "code"); }
// Our machine code in issue.details.coding[0].code ("" if none).
std::string DetailCode(const Reply& r) {
  const json::object& i = Issue(r);
  if (!i.contains("details")) return "";
  return Str(i.at("details").at("coding").as_array()[0], "code");
}
std::string Expression(const Reply& r) {
  const json::object& i = Issue(r);
  if (!i.contains("expression")) return "";
  return std::string(i.at("expression").as_array()[0].as_string());
}

const json::array& Entries(const Reply& r) {
  static const json::array kNone;
  if (!r.body.is_object() || !r.body.as_object().contains("entry")) return kNone;
  return r.body.at("entry").as_array();
}

json::object Param(const std::string& name, const std::string& value_key, json::value value) {
  return {{"name", name}, {value_key, std::move(value)}};
}

json::object Parameters(json::array params) {
  return {{"resourceType", "Parameters"}, {"parameter", std::move(params)}};
}

json::object RefParam(const std::string& name, const std::string& ref) {
  return Param(name, "valueReference", json::object{{"reference", ref}});
}

class FhirTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // Monday 2026-03-02, 07:00 in Shanghai.
    SetNow("2026-03-01T23:00:00Z");
    auto place = app().places().Create(
        {"市第一人民医院", "hospital", "330104", "解放路1号", "", {}}, "test");
    ASSERT_TRUE(place.ok()) << place.status().ToString();
    hospital_ = place->id;
    auto other = app().places().Create({"市第二医院", "hospital", "330104", "", "", {}}, "test");
    ASSERT_TRUE(other.ok());
    other_hospital_ = other->id;
    admin_ = Client();
    admin_->RegisterAndLogin("院管理", testing::MakeResidentId("330104", "19800101", 1));
    ASSERT_TRUE(app()
                    .identity()
                    .Grant(Person(testing::MakeResidentId("330104", "19800101", 1)),
                           Role::kHospitalAdmin, "place:" + hospital_, "test")
                    .ok());
    other_admin_ = Client();
    other_admin_->RegisterAndLogin("别院管", testing::MakeResidentId("330104", "19800101", 5));
    ASSERT_TRUE(app()
                    .identity()
                    .Grant(Person(testing::MakeResidentId("330104", "19800101", 5)),
                           Role::kHospitalAdmin, "place:" + other_hospital_, "test")
                    .ok());
    Reply dep = admin_->Post(H("/departments"), {{"name_zh", "内科"}, {"name_en", "Internal"}});
    ASSERT_EQ(dep.status, 201) << dep.raw;
    internal_ = Str(dep.body, "id");
    Reply fever =
        admin_->Post(H("/departments"),
                     {{"name_zh", "发热门诊"}, {"name_en", "Fever clinic"}, {"kind", "fever"}});
    ASSERT_EQ(fever.status, 201) << fever.raw;
    fever_ = Str(fever.body, "id");
    Reply doc = admin_->Post(
        H("/doctors"), {{"department_id", internal_}, {"name", "李医生"}, {"title", "主任医师"}});
    ASSERT_EQ(doc.status, 201) << doc.raw;
    doctor_ = Str(doc.body, "id");
    // Every day 08:00-09:00: six ten-minute slots of one place each (the doctor's); the fever
    // clinic has five places a slot.
    json::array weekly;
    for (int d = 1; d <= 7; ++d)
      weekly.push_back({{"weekday", d}, {"start", "08:00"}, {"end", "09:00"}});
    Reply s = admin_->Post(H("/schedules"), {{"department_id", internal_},
                                             {"doctor_id", doctor_},
                                             {"slot_minutes", 10},
                                             {"capacity", 1},
                                             {"weekly", weekly}});
    ASSERT_EQ(s.status, 201) << s.raw;
    schedule_ = Str(s.body, "id");
    Reply f = admin_->Post(
        H("/schedules"),
        {{"department_id", fever_}, {"slot_minutes", 10}, {"capacity", 5}, {"weekly", weekly}});
    ASSERT_EQ(f.status, 201) << f.raw;
    p1_ = Patient("张一", 2);
    p2_ = Patient("王二", 3);
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
  std::unique_ptr<TestClient> Patient(const std::string& name, int seq) {
    auto c = Client();
    c->RegisterAndLogin(name, testing::MakeResidentId("330104", "19900101", seq));
    return c;
  }
  // An operation; $hold and $book answer a searchset Bundle of the one Appointment (IHE
  // ITI-116/117), which a successful reply's body is replaced with.
  Reply Op(TestClient& c, const std::string& op, json::array params) {
    Reply r =
        c.Call("POST", "/fhir/r4/Appointment/$" + op, Parameters(std::move(params)),
               {{"Content-Type", "application/fhir+json"}, {"Accept", "application/fhir+json"}});
    if (op == "find" || r.status != 200) return r;
    EXPECT_EQ(Str(r.body, "resourceType"), "Bundle") << r.raw;
    EXPECT_EQ(r.body.at("total").as_int64(), 1) << r.raw;
    EXPECT_EQ(Entries(r).size(), 1u) << r.raw;
    if (Entries(r).size() == 1) {
      json::value appointment = Entries(r)[0].at("resource");
      r.body = std::move(appointment);
    }
    return r;
  }
  // $find of the internal clinic on one day.
  Reply FindDay(TestClient& c, const std::string& day, int count = -1) {
    json::array ps{
        Param("start", "valueDate", json::string(day)),
        Param("end", "valueDate", json::string(day)),
        Param("specialty", "valueCodeableConcept",
              json::object{{"coding", json::array{json::object{
                                          {"system", "urn:onewindow:hospital-department"},
                                          {"code", internal_}}}}})};
    if (count >= 0) ps.push_back(Param("_count", "valueInteger", count));
    return Op(c, "find", std::move(ps));
  }
  // The id of the i-th proposed appointment of the internal clinic on a day.
  std::string Proposed(TestClient& c, const std::string& day, size_t i) {
    Reply r = FindDay(c, day);
    EXPECT_EQ(r.status, 200) << r.raw;
    auto e = Entries(r);
    EXPECT_GT(e.size(), i) << r.raw;
    return e.size() > i ? Str(e[i].at("resource"), "id") : "";
  }
  Reply Hold(TestClient& c, const std::string& appointment_id) {
    return Op(c, "hold", {RefParam("appointment-reference", "Appointment/" + appointment_id)});
  }
  Reply BookRef(TestClient& c, const std::string& appointment_id) {
    return Op(c, "book", {RefParam("appointment-reference", "Appointment/" + appointment_id)});
  }
  Reply CancelViaBook(TestClient& c, const std::string& id) {
    json::object appt{{"resourceType", "Appointment"},
                      {"id", id},
                      {"status", "cancelled"},
                      {"participant", json::array{json::object{{"status", "declined"}}}}};
    return Op(c, "book", {json::object{{"name", "appointment-resource"}, {"resource", appt}}});
  }
  static void ExpectFhir(const Reply& r, const char* type) {
    EXPECT_TRUE(r.ContentType().starts_with("application/fhir+json")) << r.ContentType();
    ASSERT_TRUE(r.body.is_object()) << r.raw;
    EXPECT_EQ(Str(r.body, "resourceType"), type) << r.raw;
  }

  std::string hospital_, other_hospital_, internal_, fever_, doctor_, schedule_;
  std::unique_ptr<TestClient> admin_, other_admin_, p1_, p2_;
};

TEST_P(FhirTest, CapabilityStatementIsPublicEverythingElseNeedsAToken) {
  auto anon = Client();
  Reply m = anon->Get("/fhir/r4/metadata");
  ASSERT_EQ(m.status, 200) << m.raw;
  ExpectFhir(m, "CapabilityStatement");
  EXPECT_EQ(Str(m.body, "fhirVersion"), "4.0.1");
  EXPECT_EQ(Str(m.body, "kind"), "instance");
  const auto& rest = m.body.at("rest").as_array()[0];
  std::set<std::string> ops, types;
  for (const auto& o : rest.at("operation").as_array()) ops.insert(Str(o, "name"));
  for (const auto& r : rest.at("resource").as_array()) types.insert(Str(r, "type"));
  EXPECT_EQ(ops, (std::set<std::string>{"find", "hold", "book"}));
  EXPECT_EQ(types, (std::set<std::string>{"Appointment", "HealthcareService", "Location",
                                          "Practitioner", "Schedule", "Slot"}));
  Reply slots = anon->Get("/fhir/r4/Location");
  EXPECT_EQ(slots.status, 401);
  ExpectFhir(slots, "OperationOutcome");
  EXPECT_EQ(IssueCode(slots), "login");
  anon->SetToken("not-a-token");
  Reply bad = anon->Post("/fhir/r4/Appointment/$find", Parameters({}));
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(IssueCode(bad), "login");
  Reply unknown = p1_->Get("/fhir/r4/Patient/x");
  EXPECT_EQ(unknown.status, 404);
  ExpectFhir(unknown, "OperationOutcome");
  EXPECT_EQ(IssueCode(unknown), "not-supported");
}

TEST_P(FhirTest, DirectoryScheduleAndSlotResources) {
  Reply locs = p1_->Get("/fhir/r4/Location");
  ASSERT_EQ(locs.status, 200) << locs.raw;
  ExpectFhir(locs, "Bundle");
  EXPECT_EQ(Str(locs.body, "type"), "searchset");
  EXPECT_EQ(locs.body.at("total").as_int64(), 2);
  Reply named = p1_->Get("/fhir/r4/Location?name=%E7%AC%AC%E4%B8%80");  // 第一
  EXPECT_EQ(named.body.at("total").as_int64(), 1) << named.raw;
  Reply loc = p1_->Get("/fhir/r4/Location/" + hospital_);
  ASSERT_EQ(loc.status, 200);
  ExpectFhir(loc, "Location");
  EXPECT_EQ(Str(loc.body, "name"), "市第一人民医院");
  EXPECT_EQ(p1_->Get("/fhir/r4/Location/nope").status, 404);

  Reply services = p1_->Get("/fhir/r4/HealthcareService?location=Location/" + hospital_);
  ASSERT_EQ(services.status, 200) << services.raw;
  EXPECT_EQ(services.body.at("total").as_int64(), 2);
  Reply fever = p1_->Get("/fhir/r4/HealthcareService/" + fever_);
  ExpectFhir(fever, "HealthcareService");
  EXPECT_EQ(Str(fever.body.at("type").as_array()[0].at("coding").as_array()[0], "code"), "fever");

  Reply docs = p1_->Get("/fhir/r4/Practitioner?name=%E6%9D%8E");  // 李
  ASSERT_EQ(docs.status, 200);
  ASSERT_EQ(docs.body.at("total").as_int64(), 1);
  EXPECT_EQ(Str(Entries(docs)[0].at("resource"), "id"), doctor_);
  EXPECT_TRUE(Str(Entries(docs)[0], "fullUrl").ends_with("/fhir/r4/Practitioner/" + doctor_));
  ExpectFhir(p1_->Get("/fhir/r4/Practitioner/" + doctor_), "Practitioner");

  Reply schedules = p1_->Get("/fhir/r4/Schedule?actor=Practitioner/" + doctor_);
  ASSERT_EQ(schedules.status, 200);
  ASSERT_EQ(schedules.body.at("total").as_int64(), 1);
  EXPECT_EQ(Str(Entries(schedules)[0].at("resource"), "id"), schedule_);
  EXPECT_EQ(p1_->Get("/fhir/r4/Schedule").body.at("total").as_int64(), 2);
  ExpectFhir(p1_->Get("/fhir/r4/Schedule/" + schedule_), "Schedule");

  Reply slots = p1_->Get("/fhir/r4/Slot?schedule=Schedule/" + schedule_ + "&start=2026-03-03");
  ASSERT_EQ(slots.status, 200) << slots.raw;
  ASSERT_EQ(slots.body.at("total").as_int64(), 6);
  const std::string slot = Str(Entries(slots)[0].at("resource"), "id");
  EXPECT_EQ(Str(Entries(slots)[0].at("resource"), "status"), "free");
  EXPECT_EQ(Str(Entries(slots)[0].at("resource"), "start"), "2026-03-03T00:00:00.000Z");
  Reply counted = p1_->Get("/fhir/r4/Slot?schedule=" + schedule_ + "&start=eq2026-03-03&_count=2");
  EXPECT_EQ(counted.body.at("total").as_int64(), 6);
  EXPECT_EQ(Entries(counted).size(), 2u);
  ExpectFhir(p1_->Get("/fhir/r4/Slot/" + slot), "Slot");
  Reply none = p1_->Get("/fhir/r4/Slot/nope");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(IssueCode(none), "not-found");
  EXPECT_EQ(DetailCode(none), "unknown_slot");
  Reply need = p1_->Get("/fhir/r4/Slot?start=2026-03-03");
  EXPECT_EQ(need.status, 422);
  EXPECT_EQ(IssueCode(need), "invalid");
  EXPECT_EQ(Expression(need), "schedule");
}

TEST_P(FhirTest, FindHonoursCountTotalAndNeverOffersHeldSlots) {
  Reply all = FindDay(*p1_, "2026-03-03");
  ASSERT_EQ(all.status, 200) << all.raw;
  ExpectFhir(all, "Bundle");
  EXPECT_EQ(all.body.at("total").as_int64(), 6);
  ASSERT_EQ(Entries(all).size(), 6u);
  const json::value& first = Entries(all)[0].at("resource");
  EXPECT_EQ(Str(first, "status"), "proposed");
  EXPECT_EQ(Str(first, "start"), "2026-03-03T00:00:00.000Z");
  Reply two = FindDay(*p1_, "2026-03-03", 2);
  EXPECT_EQ(two.body.at("total").as_int64(), 6);
  EXPECT_EQ(Entries(two).size(), 2u);
  // p2 holds the first slot: nobody is offered it any more, its Slot is busy.
  const std::string held = Str(first, "id");
  Reply h = Hold(*p2_, held);
  ASSERT_EQ(h.status, 200) << h.raw;
  Reply after = FindDay(*p1_, "2026-03-03");
  EXPECT_EQ(after.body.at("total").as_int64(), 5);
  for (const auto& e : Entries(after)) EXPECT_NE(Str(e.at("resource"), "id"), held);
  const std::string slot_id = held.substr(std::string_view("proposed-").size());
  EXPECT_EQ(Str(p1_->Get("/fhir/r4/Slot/" + slot_id).body, "status"), "busy");
  EXPECT_EQ(p1_->Get("/fhir/r4/Appointment/" + held).status, 404);
  // By practitioner, by hospital (the fever clinic's slots too), over two days.
  Reply by_doc = Op(*p1_, "find",
                    {Param("start", "valueDateTime", "2026-03-03T00:00:00Z"),
                     Param("end", "valueDateTime", "2026-03-03T00:30:00Z"),
                     RefParam("practitioner", "Practitioner/" + doctor_)});
  ASSERT_EQ(by_doc.status, 200) << by_doc.raw;
  EXPECT_EQ(by_doc.body.at("total").as_int64(), 2);  // 08:10 and 08:20 (08:00 is held)
  Reply by_place =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-03"), Param("end", "valueDate", "2026-03-04"),
          RefParam("location", "Location/" + hospital_)});
  EXPECT_EQ(by_place.body.at("total").as_int64(), 5 + 6 + 6 + 6);
  Reply elsewhere =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-03"), Param("end", "valueDate", "2026-03-04"),
          RefParam("location", "Location/" + other_hospital_)});
  EXPECT_EQ(elsewhere.body.at("total").as_int64(), 0);
  EXPECT_FALSE(elsewhere.body.as_object().contains("entry"));
  // Refusals.
  Reply no_start = Op(*p1_, "find", {Param("end", "valueDate", "2026-03-03")});
  EXPECT_EQ(no_start.status, 422);
  EXPECT_EQ(IssueCode(no_start), "invalid");
  EXPECT_EQ(Expression(no_start), "start");
  Reply backwards =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-05"), Param("end", "valueDate", "2026-03-03")});
  EXPECT_EQ(backwards.status, 422);
  Reply too_long =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-01"), Param("end", "valueDate", "2026-05-01")});
  EXPECT_EQ(too_long.status, 422);
  Reply not_params = p1_->Post("/fhir/r4/Appointment/$find", {{"resourceType", "Bundle"}});
  EXPECT_EQ(not_params.status, 422);
  ExpectFhir(not_params, "OperationOutcome");
  Reply not_json = p1_->CallRaw("POST", "/fhir/r4/Appointment/$find", "{",
                                {{"Content-Type", "application/fhir+json"}});
  EXPECT_EQ(not_json.status, 400);
  ExpectFhir(not_json, "OperationOutcome");
  Reply no_doc =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-03"), Param("end", "valueDate", "2026-03-03"),
          RefParam("practitioner", "Practitioner/nope")});
  EXPECT_EQ(no_doc.status, 404);
  EXPECT_EQ(IssueCode(no_doc), "not-found");
}

TEST_P(FhirTest, HoldThenBookAndPatientsArePseudonymous) {
  const std::string proposed = Proposed(*p1_, "2026-03-03", 1);
  Reply h = Hold(*p1_, proposed);
  ASSERT_EQ(h.status, 200) << h.raw;
  ExpectFhir(h, "Appointment");
  EXPECT_EQ(Str(h.body, "status"), "pending");
  const std::string pending = Str(h.body, "id");
  EXPECT_TRUE(pending.starts_with("hold-")) << pending;
  // The pending appointment is the holder's only.
  EXPECT_EQ(Str(p1_->Get("/fhir/r4/Appointment/" + pending).body, "status"), "pending");
  EXPECT_EQ(p2_->Get("/fhir/r4/Appointment/" + pending).status, 404);
  EXPECT_EQ(BookRef(*p2_, pending).status, 409);
  Reply b = BookRef(*p1_, pending);
  ASSERT_EQ(b.status, 200) << b.raw;
  ExpectFhir(b, "Appointment");
  EXPECT_EQ(Str(b.body, "status"), "booked");
  const std::string booked = Str(b.body, "id");
  // The patient: a pseudonym and a masked name, never the resident ID or the full name.
  const auto& patient = b.body.at("participant").as_array()[0].at("actor");
  EXPECT_EQ(Str(patient.at("identifier"), "system"), "urn:onewindow:fhir-patient");
  EXPECT_EQ(Str(patient, "display"), "张*");
  EXPECT_EQ(b.raw.find(testing::MakeResidentId("330104", "19900101", 2)), std::string::npos);
  EXPECT_EQ(b.raw.find("张一"), std::string::npos);
  // The hold was used: it cannot book again; the slot is busy for everyone.
  EXPECT_EQ(BookRef(*p1_, pending).status, 409);
  Reply full =
      Op(*p2_, "book",
         {json::object{
             {"name", "appointment-resource"},
             {"resource",
              {{"resourceType", "Appointment"},
               {"status", "proposed"},
               {"slot", json::array{json::object{{"reference", "Slot/" + proposed.substr(9)}}}},
               {"participant", json::array{}}}}}});
  EXPECT_EQ(full.status, 409) << full.raw;
  EXPECT_EQ(IssueCode(full), "conflict");
  EXPECT_EQ(DetailCode(full), "slot_full");
  EXPECT_EQ(Expression(full), "Appointment.slot");
  // Booking a proposed appointment directly (no hold) works too.
  Reply direct = BookRef(*p2_, Proposed(*p2_, "2026-03-04", 0));
  ASSERT_EQ(direct.status, 200) << direct.raw;
  EXPECT_EQ(Str(direct.body, "status"), "booked");
  // Unknown appointments and slots.
  Reply unknown = Hold(*p1_, "proposed-nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(DetailCode(unknown), "unknown_slot");
  EXPECT_EQ(Op(*p1_, "hold", {}).status, 422);
  EXPECT_EQ(BookRef(*p1_, "nope").status, 404);
  EXPECT_EQ(Str(p1_->Get("/fhir/r4/Appointment/" + booked).body, "status"), "booked");
}

TEST_P(FhirTest, AHoldExpiresByItself) {
  const std::string proposed = Proposed(*p1_, "2026-03-03", 0);
  Reply h = Hold(*p1_, proposed);
  ASSERT_EQ(h.status, 200) << h.raw;
  EXPECT_EQ(FindDay(*p2_, "2026-03-03").body.at("total").as_int64(), 5);
  app().test_clock()->Advance(std::chrono::minutes(6));
  // Offered again, and the expired hold books nothing.
  EXPECT_EQ(FindDay(*p2_, "2026-03-03").body.at("total").as_int64(), 6);
  Reply late = BookRef(*p1_, Str(h.body, "id"));
  EXPECT_EQ(late.status, 409) << late.raw;
  ExpectFhir(late, "OperationOutcome");
  EXPECT_EQ(IssueCode(late), "expired");
  EXPECT_EQ(DetailCode(late), "hold_expired");
  Reply gone = p1_->Get("/fhir/r4/Appointment/" + Str(h.body, "id"));
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(IssueCode(gone), "expired");
}

TEST_P(FhirTest, BookWithStatusCancelledCancelsBeforeTheDeadline) {
  Reply b = BookRef(*p1_, Proposed(*p1_, "2026-03-03", 0));
  ASSERT_EQ(b.status, 200) << b.raw;
  const std::string id = Str(b.body, "id");
  EXPECT_EQ(CancelViaBook(*p2_, id).status, 404);  // not p2's
  Reply c = CancelViaBook(*p1_, id);
  ASSERT_EQ(c.status, 200) << c.raw;
  ExpectFhir(c, "Appointment");
  EXPECT_EQ(Str(c.body, "status"), "cancelled");
  EXPECT_EQ(FindDay(*p2_, "2026-03-03").body.at("total").as_int64(), 6);
  Reply again = CancelViaBook(*p1_, id);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(DetailCode(again), "not_cancellable");
  // Today's 08:30 slot: from 07:00 the two-hour deadline has passed.
  Reply today = BookRef(*p1_, Proposed(*p1_, "2026-03-02", 3));
  ASSERT_EQ(today.status, 200) << today.raw;
  Reply late = CancelViaBook(*p1_, Str(today.body, "id"));
  EXPECT_EQ(late.status, 409) << late.raw;
  EXPECT_EQ(IssueCode(late), "business-rule");
  EXPECT_EQ(DetailCode(late), "cancel_deadline_passed");
  // A hold is given back the same way.
  Reply h = Hold(*p2_, Proposed(*p2_, "2026-03-05", 0));
  ASSERT_EQ(h.status, 200);
  Reply released = CancelViaBook(*p2_, Str(h.body, "id"));
  ASSERT_EQ(released.status, 200) << released.raw;
  EXPECT_EQ(Str(released.body, "status"), "cancelled");
  EXPECT_EQ(FindDay(*p1_, "2026-03-05").body.at("total").as_int64(), 6);
}

TEST_P(FhirTest, BookingRulesAndTheHealthCodeGateAnswerOperationOutcomes) {
  // One booking per department per day (the hospital's rule, through AppointmentService).
  ASSERT_EQ(BookRef(*p1_, Proposed(*p1_, "2026-03-03", 0)).status, 200);
  Reply second = BookRef(*p1_, Proposed(*p1_, "2026-03-03", 1));
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(DetailCode(second), "limit_reached");
  EXPECT_EQ(IssueCode(second), "business-rule");
  // Red/yellow: the ordinary clinic refuses, the fever clinic books.
  auto s = app().health_codes().ApplySignal(
      {Person(testing::MakeResidentId("330104", "19900101", 3)),
       healthcode::SignalKind::kCloseContact, "trace:test", app().clock().NowMillis(), "", ""});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Reply refused = BookRef(*p2_, Proposed(*p2_, "2026-03-03", 2));
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(IssueCode(refused), "forbidden");
  EXPECT_EQ(DetailCode(refused), "fever_clinic_required");
  EXPECT_EQ(Hold(*p2_, Proposed(*p2_, "2026-03-03", 2)).status, 403);
  Reply fever =
      Op(*p2_, "find",
         {Param("start", "valueDate", "2026-03-03"), Param("end", "valueDate", "2026-03-03"),
          RefParam("service", "HealthcareService/" + fever_)});
  ASSERT_EQ(fever.body.at("total").as_int64(), 6) << fever.raw;
  Reply ok = BookRef(*p2_, Str(Entries(fever)[0].at("resource"), "id"));
  EXPECT_EQ(ok.status, 200) << ok.raw;
}

TEST_P(FhirTest, AppointmentSearchOwnOrTheHospitalsAuditedInTheDataUseRecord) {
  Reply b1 = BookRef(*p1_, Proposed(*p1_, "2026-03-03", 0));
  ASSERT_EQ(b1.status, 200);
  Reply b2 = BookRef(*p2_, Proposed(*p2_, "2026-03-03", 1));
  ASSERT_EQ(b2.status, 200);
  ASSERT_EQ(BookRef(*p1_, Proposed(*p1_, "2026-03-04", 0)).status, 200);
  const std::string pseudonym =
      Str(b1.body.at("participant").as_array()[0].at("actor").at("identifier"), "value");
  // A patient: their own only.
  Reply mine = p1_->Get("/fhir/r4/Appointment");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ExpectFhir(mine, "Bundle");
  EXPECT_EQ(mine.body.at("total").as_int64(), 2);
  EXPECT_EQ(p1_->Get("/fhir/r4/Appointment?date=2026-03-04").body.at("total").as_int64(), 1);
  EXPECT_EQ(p1_->Get("/fhir/r4/Appointment?status=cancelled").body.at("total").as_int64(), 0);
  EXPECT_EQ(p1_->Get("/fhir/r4/Appointment?patient=Patient/" + pseudonym + "&status=booked")
                .body.at("total")
                .as_int64(),
            2);
  Reply counted = p1_->Get("/fhir/r4/Appointment?_count=1");
  EXPECT_EQ(counted.body.at("total").as_int64(), 2);
  EXPECT_EQ(Entries(counted).size(), 1u);
  Reply others = p2_->Get("/fhir/r4/Appointment?patient=Patient/" + pseudonym);
  EXPECT_EQ(others.status, 403);
  EXPECT_EQ(IssueCode(others), "forbidden");
  EXPECT_EQ(p2_->Get("/fhir/r4/Appointment/" + Str(b1.body, "id")).status, 404);
  EXPECT_EQ(p1_->Get("/fhir/r4/Appointment?status=done").status, 422);
  EXPECT_EQ(p1_->Get("/fhir/r4/Appointment?date=03-03").status, 422);
  // Nobody has read p1's appointments yet.
  auto uses = [&] {
    Reply r = p1_->Get("/api/v1/me/data-uses");
    EXPECT_EQ(r.status, 200) << r.raw;
    int n = 0;
    for (const auto& u : r.body.at("uses").as_array())
      if (Str(u, "fields") == "appointments" && Str(u, "channel") == "official") ++n;
    return n;
  };
  EXPECT_EQ(uses(), 0);
  // The hospital's system: one day of its own hospital; each read audited.
  Reply no_day = admin_->Get("/fhir/r4/Appointment");
  EXPECT_EQ(no_day.status, 422);
  Reply day = admin_->Get("/fhir/r4/Appointment?date=2026-03-03");
  ASSERT_EQ(day.status, 200) << day.raw;
  EXPECT_EQ(day.body.at("total").as_int64(), 2);
  EXPECT_EQ(uses(), 1);
  Reply one = admin_->Get("/fhir/r4/Appointment?date=2026-03-03&patient=Patient/" + pseudonym);
  EXPECT_EQ(one.body.at("total").as_int64(), 1);
  EXPECT_EQ(uses(), 2);
  Reply read = admin_->Get("/fhir/r4/Appointment/" + Str(b1.body, "id"));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(Str(read.body, "status"), "booked");
  EXPECT_EQ(uses(), 3);
  Reply r = p1_->Get("/api/v1/me/data-uses");
  const auto& use = r.body.at("uses").as_array()[0];
  EXPECT_EQ(Str(use, "who"), "院*理") << r.raw;
  EXPECT_NE(Str(use, "purpose").find(hospital_), std::string::npos);
  // Another hospital's system sees nothing of this one.
  Reply other = other_admin_->Get("/fhir/r4/Appointment?date=2026-03-03");
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.body.at("total").as_int64(), 0);
  EXPECT_EQ(other_admin_->Get("/fhir/r4/Appointment?date=2026-03-03&location=Location/" + hospital_)
                .status,
            403);
  EXPECT_EQ(other_admin_->Get("/fhir/r4/Appointment/" + Str(b1.body, "id")).status, 404);
  EXPECT_EQ(uses(), 3);
}

// A hospital's own system reaches /fhir/r4 with an OAuth 2.0 client_credentials token (RFC 6749
// section 4.4): registered by an administrator with SMART-style system scopes and its one
// hospital, it $finds, $holds and $books for a patient named by resident ID (found through the
// blind index, never returned), each lookup in the patient's data-use record; the patient's
// own rules apply, and refusals are OperationOutcome.
TEST_P(FhirTest, AHospitalSystemWithClientCredentialsBooksForAPatient) {
  auto root = Client();
  const std::string root_id = testing::MakeResidentId("330104", "19700101", 7);
  root->RegisterAndLogin("超级管", root_id);
  ASSERT_TRUE(app().identity().Grant(Person(root_id), Role::kAdmin, "", "test").ok());
  const std::string place = "place:" + hospital_;
  auto reg = [&](json::object body) { return root->Post("/api/v1/admin/oidc/clients", body); };
  // Registration: a system client has system scopes, one place and no redirect URI.
  EXPECT_EQ(reg({{"name", "x"},
                 {"grant_types", json::array{"client_credentials"}},
                 {"scopes", json::array{"system/Appointment.write"}}})
                .status,
            422);
  EXPECT_EQ(reg({{"name", "x"},
                 {"grant_types", json::array{"client_credentials"}},
                 {"scopes", json::array{"openid", place}}})
                .status,
            422);
  EXPECT_EQ(reg({{"name", "x"},
                 {"grant_types", json::array{"client_credentials"}},
                 {"redirect_uris", json::array{"https://his.example/cb"}},
                 {"scopes", json::array{"system/Appointment.write", place}}})
                .status,
            422);
  EXPECT_EQ(reg({{"name", "x"},
                 {"grant_types", json::array{"password"}},
                 {"scopes", json::array{"system/Appointment.write", place}}})
                .status,
            422);
  Reply client = reg({{"name", "一院预约系统"},
                      {"grant_types", json::array{"client_credentials"}},
                      {"scopes", json::array{"system/Appointment.read", "system/Appointment.write",
                                             "system/Slot.read", place}}});
  ASSERT_EQ(client.status, 201) << client.raw;
  EXPECT_EQ(client.body.at("grant_types").as_array().at(0).as_string(), "client_credentials");
  const std::string basic = "Basic " + crypto::Base64Encode(Str(client.body, "client_id") + ":" +
                                                            Str(client.body, "client_secret"));
  // The secret is stored only as a keyed hash.
  auto stored = app().db().Query("SELECT secret_hash FROM oidc_clients WHERE client_id = ?",
                                 {Str(client.body, "client_id")});
  ASSERT_TRUE(stored.ok());
  EXPECT_NE((*stored)[0].Bytes(0), Str(client.body, "client_secret"));

  auto sys = Client();
  auto token = [&](const std::string& form, const std::string& auth) {
    return sys->CallRaw(
        "POST", "/oauth2/token", form,
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", auth}});
  };
  Reply wrong = token("grant_type=client_credentials",
                      "Basic " + crypto::Base64Encode(Str(client.body, "client_id") + ":wrong"));
  EXPECT_EQ(wrong.status, 401) << wrong.raw;
  EXPECT_EQ(Str(wrong.body, "error"), "invalid_client");
  Reply bad_scope = token("grant_type=client_credentials&scope=system%2FSchedule.read", basic);
  EXPECT_EQ(bad_scope.status, 400);
  EXPECT_EQ(Str(bad_scope.body, "error"), "invalid_scope");
  EXPECT_EQ(Str(token("grant_type=authorization_code&code=x&redirect_uri=y", basic).body, "error"),
            "unauthorized_client");
  Reply read_only = token("grant_type=client_credentials&scope=system%2FAppointment.read", basic);
  ASSERT_EQ(read_only.status, 200) << read_only.raw;
  EXPECT_EQ(Str(read_only.body, "scope"), "system/Appointment.read " + place);
  Reply granted = token("grant_type=client_credentials", basic);
  ASSERT_EQ(granted.status, 200) << granted.raw;
  EXPECT_EQ(Str(granted.body, "token_type"), "Bearer");
  EXPECT_FALSE(granted.body.as_object().contains("id_token"));
  EXPECT_NE(Str(granted.body, "scope").find(place), std::string::npos);
  // A system token describes no person.
  sys->SetToken(Str(granted.body, "access_token"));
  EXPECT_EQ(sys->Get("/oauth2/userinfo").status, 401);

  // $find with the token; $book needs the patient.
  const std::string proposed = Proposed(*sys, "2026-03-03", 0);
  ASSERT_FALSE(proposed.empty());
  auto patient = [](const std::string& id) {
    return Param(
        "patient", "valueReference",
        json::object{{"identifier", json::object{{"system", kResidentIdSystem}, {"value", id}}}});
  };
  const json::object ref = RefParam("appointment-reference", "Appointment/" + proposed);
  Reply no_patient = Op(*sys, "book", {ref});
  EXPECT_EQ(no_patient.status, 422) << no_patient.raw;
  ExpectFhir(no_patient, "OperationOutcome");
  Reply unknown =
      Op(*sys, "book", {ref, patient(testing::MakeResidentId("330104", "19900101", 99))});
  EXPECT_EQ(unknown.status, 404) << unknown.raw;
  EXPECT_EQ(DetailCode(unknown), "unknown_patient");
  // A read-only token may not book.
  auto reader = Client();
  reader->SetToken(Str(read_only.body, "access_token"));
  Reply refused =
      Op(*reader, "book", {ref, patient(testing::MakeResidentId("330104", "19900101", 2))});
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(DetailCode(refused), "insufficient_scope");
  // Booked for 张一 (p1): the answer names the patient by pseudonym and masked name only.
  const std::string p1_id = testing::MakeResidentId("330104", "19900101", 2);
  Reply booked = Op(*sys, "book", {ref, patient(p1_id)});
  ASSERT_EQ(booked.status, 200) << booked.raw;
  EXPECT_EQ(Str(booked.body, "status"), "booked");
  EXPECT_EQ(booked.raw.find(p1_id), std::string::npos) << booked.raw;
  EXPECT_EQ(Str(booked.body.at("participant").as_array()[0].at("actor"), "display"), "张*");
  Reply mine = p1_->Get("/api/v1/me/appointments");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body.at("appointments").as_array().size(), 1u);
  EXPECT_EQ(Str(mine.body.at("appointments").as_array()[0], "id"), Str(booked.body, "id"));
  // The patient's rules: one booking per department a day.
  Reply again =
      Op(*sys, "book",
         {RefParam("appointment-reference", "Appointment/" + Proposed(*sys, "2026-03-03", 0)),
          patient(p1_id)});
  EXPECT_EQ(again.status, 409) << again.raw;
  EXPECT_EQ(DetailCode(again), "limit_reached");
  // $hold then $book for 王二 (p2).
  const std::string p2_id = testing::MakeResidentId("330104", "19900101", 3);
  Reply held =
      Op(*sys, "hold",
         {RefParam("appointment-reference", "Appointment/" + Proposed(*sys, "2026-03-04", 1)),
          patient(p2_id)});
  ASSERT_EQ(held.status, 200) << held.raw;
  EXPECT_EQ(Str(held.body, "status"), "pending");
  Reply from_hold = Op(
      *sys, "book",
      {RefParam("appointment-reference", "Appointment/" + Str(held.body, "id")), patient(p2_id)});
  ASSERT_EQ(from_hold.status, 200) << from_hold.raw;
  EXPECT_EQ(Str(from_hold.body, "status"), "booked");
  // The system reads its hospital's appointments of a day.
  Reply day = sys->Get("/fhir/r4/Appointment?date=2026-03-03");
  ASSERT_EQ(day.status, 200) << day.raw;
  EXPECT_EQ(day.body.at("total").as_int64(), 1);
  // Another hospital's slots are not its to book.
  Reply dep = other_admin_->Post("/api/v1/hospitals/" + other_hospital_ + "/departments",
                                 {{"name_zh", "外科"}});
  ASSERT_EQ(dep.status, 201) << dep.raw;
  json::array weekly;
  for (int d = 1; d <= 7; ++d)
    weekly.push_back({{"weekday", d}, {"start", "08:00"}, {"end", "09:00"}});
  ASSERT_EQ(other_admin_
                ->Post("/api/v1/hospitals/" + other_hospital_ + "/schedules",
                       {{"department_id", Str(dep.body, "id")},
                        {"slot_minutes", 10},
                        {"capacity", 1},
                        {"weekly", weekly}})
                .status,
            201);
  Reply other_slots =
      p1_->Get("/api/v1/hospital-departments/" + Str(dep.body, "id") + "/slots?day=2026-03-05");
  ASSERT_EQ(other_slots.status, 200) << other_slots.raw;
  const std::string other_slot = Str(other_slots.body.at("slots").as_array().at(0), "id");
  Reply elsewhere =
      Op(*sys, "book",
         {RefParam("appointment-reference", "Appointment/proposed-" + other_slot), patient(p1_id)});
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.raw;
  EXPECT_EQ(DetailCode(elsewhere), "other_hospital");
  // The data-use record of p1: the system's lookups, under its registered name.
  Reply uses = p1_->Get("/api/v1/me/data-uses");
  ASSERT_EQ(uses.status, 200) << uses.raw;
  int by_system = 0;
  for (const auto& u : uses.body.at("uses").as_array())
    if (Str(u, "who") == "一院预约系统" && Str(u, "fields") == "resident_id,appointments")
      ++by_system;
  EXPECT_GE(by_system, 3)
      << uses.raw;  // unknown patients are not p1; the read-only try was refused first
  // An unknown bearer token: 401 OperationOutcome.
  auto stranger = Client();
  stranger->SetToken("not-a-token");
  Reply who = stranger->Get("/fhir/r4/Slot?schedule=Schedule/" + schedule_);
  EXPECT_EQ(who.status, 401);
  ExpectFhir(who, "OperationOutcome");
}

TEST_P(FhirTest, MoreRefusalsAndAnInactiveScheduleIsBusyUnavailable) {
  // A stopped schedule: its slots stay, busy-unavailable, and $find offers none of them.
  ASSERT_TRUE(app().schedules().Deactivate(schedule_).ok());
  Reply slots = p1_->Get("/fhir/r4/Slot?schedule=Schedule/" + schedule_ + "&start=2026-03-03");
  ASSERT_EQ(slots.status, 200) << slots.raw;
  ASSERT_EQ(slots.body.at("total").as_int64(), 6);
  EXPECT_EQ(Str(Entries(slots)[0].at("resource"), "status"), "busy-unavailable");
  EXPECT_EQ(p1_->Get("/fhir/r4/Slot?schedule=" + schedule_ + "&start=2026-03-03&status=free")
                .body.at("total")
                .as_int64(),
            0);
  EXPECT_EQ(FindDay(*p1_, "2026-03-03").body.at("total").as_int64(), 0);
  EXPECT_EQ(p1_->Get("/fhir/r4/Slot?schedule=" + schedule_ + "&status=open").status, 422);
  // A practitioner of another department than the one asked: nothing.
  Reply mismatch =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-04"), Param("end", "valueDate", "2026-03-04"),
          RefParam("practitioner", "Practitioner/" + doctor_),
          RefParam("service", "HealthcareService/" + fever_)});
  ASSERT_EQ(mismatch.status, 200) << mismatch.raw;
  EXPECT_EQ(mismatch.body.at("total").as_int64(), 0);
  // Malformed operations and searches.
  Reply bad_count =
      Op(*p1_, "find",
         {Param("start", "valueDate", "2026-03-04"), Param("end", "valueDate", "2026-03-04"),
          Param("_count", "valueString", "ten")});
  EXPECT_EQ(bad_count.status, 422);
  EXPECT_EQ(Expression(bad_count), "Parameters.parameter[2]");
  EXPECT_EQ(p1_->Get("/fhir/r4/Location?_count=-1").status, 422);
  Reply unnamed = p1_->Call(
      "POST", "/fhir/r4/Appointment/$hold",
      {{"resourceType", "Parameters"}, {"parameter", json::array{{{"valueString", "x"}}}}});
  EXPECT_EQ(unnamed.status, 422);
  EXPECT_EQ(Expression(unnamed), "Parameters.parameter[0].name");
  Reply not_appt = Op(*p1_, "book",
                      {json::object{{"name", "appointment-resource"},
                                    {"resource", {{"resourceType", "Slot"}, {"id", "x"}}}}});
  EXPECT_EQ(not_appt.status, 422);
  Reply arrived =
      Op(*p1_, "book",
         {json::object{
             {"name", "appointment-resource"},
             {"resource", {{"resourceType", "Appointment"}, {"id", "x"}, {"status", "arrived"}}}}});
  EXPECT_EQ(arrived.status, 422);
  EXPECT_EQ(Expression(arrived), "Parameters.parameter[0].resource.status");
  Reply no_id = Op(*p1_, "book",
                   {json::object{{"name", "appointment-resource"},
                                 {"resource",
                                  {{"resourceType", "Appointment"},
                                   {"status", "cancelled"},
                                   {"slot", json::array{{{"reference", "Slot/x"}}}}}}}});
  EXPECT_EQ(no_id.status, 422);
  Reply wrong_type =
      p1_->CallRaw("POST", "/fhir/r4/Appointment/$find", "{}", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(IssueCode(wrong_type), "not-supported");
}

// The issue types of our machine codes and of status codes (the table in docs/hospital.md).
TEST(FhirOutcomeTest, MachineCodesMapToFhirIssueTypes) {
  const std::pair<const char*, const char*> table[] = {
      {"slot_full", "conflict"},
      {"hold_expired", "expired"},
      {"unknown_slot", "not-found"},
      {"already_booked", "duplicate"},
      {"limit_reached", "business-rule"},
      {"overlapping_booking", "business-rule"},
      {"cancel_deadline_passed", "business-rule"},
      {"fever_clinic_required", "forbidden"},
      {"noshow_blocked", "forbidden"},
      {"real_name_required", "security"},
  };
  for (const auto& [ours, theirs] : table) EXPECT_EQ(fhir::IssueCodeFor(ours), theirs) << ours;
  EXPECT_EQ(fhir::IssueCodeFor("no_such_code"), "");
  json::object o = fhir::OperationOutcome(Status::Invalid(
      "the schedule is invalid", {{"$.weekly[0].start", "must be HH:MM", "bad_time"}}));
  const json::object& issue = o.at("issue").as_array()[0].as_object();
  EXPECT_EQ(issue.at("code").as_string(), "invalid");
  EXPECT_EQ(issue.at("expression").as_array()[0].as_string(), "weekly[0].start");
  EXPECT_EQ(issue.at("details").at("coding").as_array()[0].at("code").as_string(), "bad_time");
  json::object nf = fhir::OperationOutcome(Status::NotFound("no such thing"));
  EXPECT_EQ(nf.at("issue").as_array()[0].at("code").as_string(), "not-found");
  EXPECT_EQ(nf.at("issue").as_array()[0].at("diagnostics").as_string(), "no such thing");
  json::object internal = fhir::OperationOutcome(Status::Internal("boom"));
  EXPECT_EQ(internal.at("issue").as_array()[0].at("severity").as_string(), "fatal");
}

OW_INSTANTIATE_BACKENDS(FhirTest);

}  // namespace
}  // namespace ow::hospital
