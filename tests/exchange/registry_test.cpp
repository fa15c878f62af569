// The exchange registry on both backends: members, key rotation with its overlap window,
// retiring keys, services and rights, the Directory's answers and their error codes (which the
// gateway maps to X-Road error types), validation paths and codes, auditing, and the catalogue
// import (exchange/catalogue.json) being idempotent and all-or-nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "exchange/registry.h"
#include "http/json.h"
#include "support/backend_test.h"

namespace ow::testing {
namespace {

using exchange::AccessRight;
using exchange::MemberKey;
using exchange::Registry;
using exchange::ServiceDef;
using exchange::SharingClass;
using exchange::SubsystemId;

SubsystemId Sub(std::string_view s) { return *exchange::ParseSubsystemId(s); }
exchange::ServiceId Svc(std::string_view s) { return *exchange::ParseServiceId(s); }

std::string Key(char fill) { return std::string(32, fill); }

bool HasField(const Status& s, std::string_view path, std::string_view code) {
  for (const auto& f : s.fields())
    if (f.path == path && f.code == code) return true;
  return false;
}

class RegistryTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    app().test_clock()->Set(TimePoint(std::chrono::milliseconds(1'780'000'000'000LL)));
  }
  Registry& reg() { return app().registry(); }
  int64_t Now() { return app().clock().NowMillis(); }

  // A member providing one service with purposes a and b.
  void MemberWithService() {
    ASSERT_TRUE(reg().AddMember(Sub("CN-ZJ/GOV/330000-TAX/etax"), "电子税务局", "e-tax", "t").ok());
    ASSERT_TRUE(reg().AddMember(Sub("CN-ZJ/GOV/330000-OW/hall"), "服务大厅", "hall", "t").ok());
    ServiceDef s;
    s.id = Svc("CN-ZJ/GOV/330000-TAX/etax/tax-standing");
    s.name_zh = "纳税信用";
    s.fields = {"uscc", "credit_level"};
    s.sharing = SharingClass::kConditional;
    s.purposes = {"a", "b"};
    auto put = reg().PutService(s, "t");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }
};

TEST_P(RegistryTest, MembersAreListedAndADuplicateIsAConflict) {
  const int64_t before = Now();
  auto m = reg().AddMember(Sub("CN-ZJ/GOV/330000-TAX/etax"), "电子税务局", "e-tax", "admin1");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_GE(m->created_at_ms, before);
  EXPECT_LE(m->created_at_ms, Now());
  auto again = reg().AddMember(Sub("CN-ZJ/GOV/330000-TAX/etax"), "x", "", "admin1");
  EXPECT_EQ(again.status().code(), Code::kConflict);
  auto list = reg().ListMembers();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name_zh, "电子税务局");
  EXPECT_TRUE(*reg().IsMember(Sub("CN-ZJ/GOV/330000-TAX/etax")));
  EXPECT_FALSE(*reg().IsMember(Sub("CN-ZJ/GOV/330000-TAX/other")));
  auto bad = reg().AddMember(Sub("CN-ZJ/GOV/330000-TAX/x"), "", std::string(201, 'a'), "a");
  EXPECT_EQ(bad.status().code(), Code::kInvalid);
  EXPECT_TRUE(HasField(bad.status(), "$.name_zh", "bad_length"));
  EXPECT_TRUE(HasField(bad.status(), "$.name_en", "bad_length"));
  // Audited with actor, action and subject.
  auto entries = app().audit().List(10);
  ASSERT_TRUE(entries.ok());
  bool seen = false;
  for (const auto& e : *entries)
    seen = seen || (e.event.actor == "admin1" && e.event.action == "exchange.member.add" &&
                    e.event.subject == "CN-ZJ/GOV/330000-TAX/etax");
  EXPECT_TRUE(seen);
}

TEST_P(RegistryTest, KeyOfTellsUnknownMemberUnknownKeyAndKeyNotValidApart) {
  const auto tax = Sub("CN-ZJ/GOV/330000-TAX/etax");
  auto unknown = reg().KeyOf(tax, "k1", Now());
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_EQ(exchange::DirectoryErrorCode(unknown.status()), exchange::kUnknownMember);
  EXPECT_TRUE(unknown.status().message().starts_with("unknown member: "))
      << unknown.status().message();

  ASSERT_TRUE(reg().AddMember(tax, "电子税务局", "", "t").ok());
  auto nokey = reg().KeyOf(tax, "k1", Now());
  EXPECT_EQ(exchange::DirectoryErrorCode(nokey.status()), exchange::kUnknownKey);
  EXPECT_TRUE(nokey.status().message().starts_with("unknown key: "));

  const int64_t start = Now() + 1000;
  ASSERT_TRUE(reg().AddKey(tax, {"k1", Key('a'), start, start + 5000}, "t").ok());
  auto early = reg().KeyOf(tax, "k1", start - 1);
  EXPECT_EQ(exchange::DirectoryErrorCode(early.status()), exchange::kKeyNotValid);
  EXPECT_TRUE(early.status().message().starts_with("key not valid: "));
  auto ok = reg().KeyOf(tax, "k1", start);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->public_key, Key('a'));
  EXPECT_TRUE(reg().KeyOf(tax, "k1", start + 4999).ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().KeyOf(tax, "k1", start + 5000).status()),
            exchange::kKeyNotValid);
  // A disabled member is unknown to the gateway, keys and all.
  ASSERT_TRUE(reg().SetMemberDisabled(tax, true, "t").ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().KeyOf(tax, "k1", start).status()),
            exchange::kUnknownMember);
  EXPECT_FALSE(*reg().IsMember(tax));
  ASSERT_TRUE(reg().SetMemberDisabled(tax, false, "t").ok());
  EXPECT_TRUE(reg().KeyOf(tax, "k1", start).ok());
}

TEST_P(RegistryTest, KeysAreValidatedAndUniquePerMember) {
  const auto tax = Sub("CN-ZJ/GOV/330000-TAX/etax");
  EXPECT_TRUE(HasField(reg().AddKey(tax, {"k1", Key('a'), 0, 0}, "t"), "$.member",
                       exchange::kUnknownMember));
  ASSERT_TRUE(reg().AddMember(tax, "电子税务局", "", "t").ok());
  Status bad = reg().AddKey(tax, {"bad key/id", "short", 10, 5}, "t");
  EXPECT_EQ(bad.code(), Code::kInvalid);
  EXPECT_TRUE(HasField(bad, "$.key_id", "bad_key_id"));
  EXPECT_TRUE(HasField(bad, "$.public_key", "bad_key"));
  EXPECT_TRUE(HasField(bad, "$.not_after", "bad_time"));
  ASSERT_TRUE(reg().AddKey(tax, {"k1", Key('a'), 0, 0}, "t").ok());
  EXPECT_EQ(reg().AddKey(tax, {"k1", Key('b'), 0, 0}, "t").code(), Code::kConflict);
}

TEST_P(RegistryTest, RotationKeepsTheOldKeyValidForTheOverlapThenOnlyTheNewOne) {
  const auto tax = Sub("CN-ZJ/GOV/330000-TAX/etax");
  ASSERT_TRUE(reg().AddMember(tax, "电子税务局", "", "t").ok());
  ASSERT_TRUE(reg().AddKey(tax, {"k1", Key('a'), Now(), 0}, "t").ok());
  const int64_t rotated_at = Now();
  ASSERT_TRUE(reg().RotateKey(tax, {"k2", Key('b'), 0, 0}, 3'600'000, "t").ok());
  auto keys = reg().ListKeys(tax);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  const int64_t end = (*keys)[0].not_after_ms;
  EXPECT_GE(end, rotated_at + 3'600'000);
  EXPECT_LE(end, Now() + 3'600'000);
  EXPECT_EQ((*keys)[1].key_id, "k2");
  EXPECT_EQ((*keys)[1].not_after_ms, 0);
  // Both verify during the overlap.
  EXPECT_TRUE(reg().KeyOf(tax, "k1", end - 1).ok());
  EXPECT_TRUE(reg().KeyOf(tax, "k2", Now()).ok());
  // After it, the old key is refused and the new one is not.
  app().test_clock()->Advance(std::chrono::hours(1) + std::chrono::seconds(1));
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().KeyOf(tax, "k1", Now()).status()),
            exchange::kKeyNotValid);
  EXPECT_TRUE(reg().KeyOf(tax, "k2", Now()).ok());
  // A rotation with no overlap ends k2 at once; a key already ending sooner keeps its end.
  ASSERT_TRUE(reg().RotateKey(tax, {"k3", Key('c'), 0, 0}, 0, "t").ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().KeyOf(tax, "k2", Now()).status()),
            exchange::kKeyNotValid);
  auto after = reg().ListKeys(tax);
  EXPECT_EQ((*after)[0].not_after_ms, end);
  EXPECT_TRUE(reg().KeyOf(tax, "k3", Now()).ok());
  EXPECT_TRUE(HasField(reg().RotateKey(tax, {"k4", Key('d'), 0, 0}, -1, "t"), "$.overlap_seconds",
                       "out_of_range"));
}

TEST_P(RegistryTest, RetiringAKeyEndsItNow) {
  const auto tax = Sub("CN-ZJ/GOV/330000-TAX/etax");
  ASSERT_TRUE(reg().AddMember(tax, "电子税务局", "", "t").ok());
  ASSERT_TRUE(reg().AddKey(tax, {"k1", Key('a'), Now() - 1000, 0}, "t").ok());
  EXPECT_TRUE(reg().KeyOf(tax, "k1", Now()).ok());
  const int64_t before = Now();
  ASSERT_TRUE(reg().RetireKey(tax, "k1", "t").ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().KeyOf(tax, "k1", Now()).status()),
            exchange::kKeyNotValid);
  EXPECT_TRUE(reg().KeyOf(tax, "k1", before - 1).ok());  // signatures made before stay checkable
  Status missing = reg().RetireKey(tax, "nope", "t");
  EXPECT_EQ(exchange::DirectoryErrorCode(missing), exchange::kUnknownKey);
}

TEST_P(RegistryTest, ServicesNeedARegisteredProviderAndCodes) {
  ServiceDef s;
  s.id = Svc("CN-ZJ/GOV/330000-TAX/etax/tax-standing");
  s.name_zh = "纳税信用";
  s.fields = {"uscc"};
  s.purposes = {"service_application"};
  auto orphan = reg().PutService(s, "t");
  EXPECT_EQ(orphan.status().code(), Code::kInvalid);
  EXPECT_TRUE(HasField(orphan.status(), "$.id", exchange::kUnknownMember));
  ASSERT_TRUE(reg().AddMember(Sub("CN-ZJ/GOV/330000-TAX/etax"), "电子税务局", "", "t").ok());
  ServiceDef bad = s;
  bad.fields = {"Bad Field", "uscc", "uscc"};
  bad.purposes = {};
  bad.name_zh = "";
  auto invalid = reg().PutService(bad, "t");
  EXPECT_TRUE(HasField(invalid.status(), "$.fields[0]", "bad_code"));
  EXPECT_TRUE(HasField(invalid.status(), "$.fields[2]", "duplicate"));
  EXPECT_TRUE(HasField(invalid.status(), "$.purposes", "required"));
  EXPECT_TRUE(HasField(invalid.status(), "$.name_zh", "bad_length"));

  const int64_t before = Now();
  auto stored = reg().PutService(s, "t");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_GE(stored->updated_at_ms, before);
  EXPECT_LE(stored->updated_at_ms, Now());
  s.sharing = SharingClass::kConditional;
  s.legal_basis = "《优化营商环境条例》";
  s.fields = {"uscc", "credit_level"};
  s.about_person = true;
  ASSERT_TRUE(reg().PutService(s, "t").ok());
  auto got = reg().Service(s.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sharing, SharingClass::kConditional);
  EXPECT_EQ(got->legal_basis, "《优化营商环境条例》");
  EXPECT_EQ(got->fields, (std::vector<std::string>{"uscc", "credit_level"}));
  EXPECT_TRUE(got->about_person);
  auto unknown = reg().Service(Svc("CN-ZJ/GOV/330000-TAX/etax/nope"));
  EXPECT_EQ(exchange::DirectoryErrorCode(unknown.status()), exchange::kUnknownService);

  EXPECT_EQ(reg().ListServices({"CN-ZJ/GOV/330000-TAX/etax", ""})->size(), 1u);
  EXPECT_EQ(reg().ListServices({"CN-ZJ/GOV/330000-AMR/x", ""})->size(), 0u);
  EXPECT_EQ(reg().ListServices({"", "纳税"})->size(), 1u);
  EXPECT_EQ(reg().ListServices({"", "TAX-STANDING"})->size(), 1u);
  EXPECT_EQ(reg().ListServices({"", "licence"})->size(), 0u);
}

TEST_P(RegistryTest, RightsAreGrantedForAServicePurposeAndRevokedAtOnce) {
  MemberWithService();
  const auto hall = Sub("CN-ZJ/GOV/330000-OW/hall");
  const auto svc = Svc("CN-ZJ/GOV/330000-TAX/etax/tax-standing");
  auto none = reg().RightOf(hall, svc, "a");
  EXPECT_EQ(exchange::DirectoryErrorCode(none.status()), exchange::kNoAccessRight);
  EXPECT_TRUE(none.status().message().starts_with("no access right: "));

  const int64_t before = Now();
  auto granted = reg().Grant({hall, svc, "a", "法", 0, ""}, "admin1");
  ASSERT_TRUE(granted.ok()) << granted.status().ToString();
  EXPECT_EQ(granted->granted_by, "admin1");
  EXPECT_EQ(granted->legal_basis, "法");
  auto right = reg().RightOf(hall, svc, "a");
  ASSERT_TRUE(right.ok());
  EXPECT_GE(right->granted_at_ms, before);
  EXPECT_LE(right->granted_at_ms, Now());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().RightOf(hall, svc, "b").status()),
            exchange::kNoAccessRight);

  // The purpose must be the service's; client and service must be known.
  EXPECT_TRUE(HasField(reg().Grant({hall, svc, "c", "", 0, ""}, "t").status(), "$.purpose",
                       "unknown_purpose"));
  EXPECT_TRUE(
      HasField(reg().Grant({hall, svc, "Bad!", "", 0, ""}, "t").status(), "$.purpose", "bad_code"));
  EXPECT_TRUE(
      HasField(reg().Grant({Sub("CN-ZJ/GOV/330000-X/y"), svc, "a", "", 0, ""}, "t").status(),
               "$.client", exchange::kUnknownMember));
  EXPECT_TRUE(HasField(
      reg().Grant({hall, Svc("CN-ZJ/GOV/330000-TAX/etax/nope"), "a", "", 0, ""}, "t").status(),
      "$.service", exchange::kUnknownService));

  ASSERT_TRUE(reg().Grant({hall, svc, "b", "", 0, ""}, "t").ok());
  EXPECT_EQ(reg().ListRights({"CN-ZJ/GOV/330000-OW/hall", "", ""})->size(), 2u);
  EXPECT_EQ(reg().ListRights({"", "", "b"})->size(), 1u);
  EXPECT_EQ(reg().ListRights({"CN-ZJ/GOV/330000-TAX/etax", "", ""})->size(), 0u);

  ASSERT_TRUE(reg().Revoke(hall, svc, "a", "admin1").ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().RightOf(hall, svc, "a").status()),
            exchange::kNoAccessRight);
  EXPECT_TRUE(reg().RightOf(hall, svc, "b").ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(reg().Revoke(hall, svc, "a", "admin1")),
            exchange::kNoAccessRight);
}

boost::json::value Catalogue() { return *http::ParseJsonStrict(exchange::DefaultCatalogue()); }

TEST_P(RegistryTest, TheCatalogueImportsOnceAndASecondImportChangesNothing) {
  auto first = reg().Import(Catalogue(), "cli");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->members, 8);
  EXPECT_EQ(first->services, 11);
  EXPECT_EQ(first->rights, 13);
  EXPECT_EQ(first->keys, 0);
  auto services = reg().ListServices();
  auto rights = reg().ListRights();
  app().test_clock()->Advance(std::chrono::minutes(1));
  auto second = reg().Import(Catalogue(), "cli");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->members + second->services + second->rights + second->keys, 0);
  // Nothing was rewritten: same update and grant times.
  auto services2 = reg().ListServices();
  ASSERT_EQ(services2->size(), services->size());
  for (size_t i = 0; i < services->size(); ++i)
    EXPECT_EQ((*services2)[i].updated_at_ms, (*services)[i].updated_at_ms);
  auto rights2 = reg().ListRights();
  ASSERT_EQ(rights2->size(), rights->size());
  for (size_t i = 0; i < rights->size(); ++i)
    EXPECT_EQ((*rights2)[i].granted_at_ms, (*rights)[i].granted_at_ms);

  // The pulls and pushes are in it.
  const auto hall = Sub("CN-ZJ/GOV/330000-OW/hall");
  EXPECT_TRUE(
      reg()
          .RightOf(hall, Svc("CN-ZJ/GOV/330000-TAX/etax/tax-standing"), "service_application")
          .ok());
  auto clinic = Sub("CN-ZJ/GOV/330000-HEALTH/fever-clinic");
  auto colour = Svc("CN-ZJ/GOV/330000-OW/healthcode/colour");
  EXPECT_FALSE(reg().RightOf(clinic, colour, "epidemic_control")->legal_basis.empty());
  EXPECT_TRUE(reg().RightOf(clinic, colour, "treatment")->legal_basis.empty());  // consent
  EXPECT_TRUE(reg()
                  .RightOf(Sub("CN-ZJ/GOV/330000-RAIL/tickets"),
                           Svc("CN-ZJ/GOV/330000-OW/healthcode/events"), "epidemic_control")
                  .ok());
  EXPECT_EQ(reg().Service(Svc("CN-ZJ/GOV/330000-TAX/etax/tax-returns"))->sharing,
            SharingClass::kNotShared);
}

TEST_P(RegistryTest, ImportAddsKeysAndIsAllOrNothing) {
  auto doc = Catalogue();
  auto& m0 = doc.as_object()["members"].as_array()[0].as_object();
  m0["keys"] = boost::json::array{{{"key_id", "tax-2026"},
                                   {"public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
                                   {"not_before", "2026-01-01T00:00:00Z"}}};
  auto counts = reg().Import(doc, "cli");
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->keys, 1);
  auto key = reg().KeyOf(Sub("CN-ZJ/GOV/330000-TAX/etax"), "tax-2026", Now());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->public_key, std::string(32, '\0'));
  EXPECT_EQ(reg().Import(doc, "cli")->keys, 0);

  // A bad document changes nothing and names every bad place.
  auto bad = Catalogue();
  bad.as_object()["members"].as_array()[1].as_object()["id"] = "not/an/id";
  bad.as_object()["services"].as_array()[0].as_object()["sharing_class"] = "sometimes";
  bad.as_object()["rights"].as_array()[0].as_object()["purpose"] = "Epidemic Control";
  bad.as_object()["extra"] = 1;
  auto refused = reg().Import(bad, "cli");
  EXPECT_EQ(refused.status().code(), Code::kInvalid);
  EXPECT_TRUE(HasField(refused.status(), "$.members[1].id", "bad_id"));
  EXPECT_TRUE(HasField(refused.status(), "$.services[0].sharing_class", "bad_sharing_class"));
  EXPECT_TRUE(HasField(refused.status(), "$.rights[0].purpose", "bad_code"));
  EXPECT_TRUE(HasField(refused.status(), "$.extra", "unknown_field"));

  // A right naming a service missing from the catalogue is refused in the transaction, with
  // its path; the members before it are not kept.
  auto dangling = boost::json::value{
      {"members", boost::json::array{{{"id", "CN-ZJ/GOV/330000-NEW/x"}, {"name_zh", "新"}}}},
      {"rights", boost::json::array{{{"client", "CN-ZJ/GOV/330000-NEW/x"},
                                     {"service", "CN-ZJ/GOV/330000-NEW/x/none"},
                                     {"purpose", "a"}}}}};
  auto refused2 = reg().Import(dangling, "cli");
  EXPECT_TRUE(HasField(refused2.status(), "$.rights[0].service", exchange::kUnknownService))
      << refused2.status().ToString();
  EXPECT_FALSE(*reg().IsMember(Sub("CN-ZJ/GOV/330000-NEW/x")));
}

OW_INSTANTIATE_BACKENDS(RegistryTest);

}  // namespace
}  // namespace ow::testing
