// Bulk import of department signals from JSON Lines (`onewindow signals import`): counts and
// per-line errors; good lines apply even when others fail.
#include "healthcode/signal_import.h"

#include <gtest/gtest.h>

#include <sstream>

#include "healthcode/hc_fixture.h"

namespace ow::testing {
namespace {

TEST(SignalImportTest, AppliesGoodLinesAndReportsBadOnes) {
  HcServer server;
  SetShanghai(server.clock(), 0, 9);
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("张小三", "330104199003071233");
  std::string unknown = MakeResidentId("330104", "19900307", 124);
  std::stringstream in;
  in << R"({"id_number":"330104199003071233","kind":"fever_clinic_visit","source":"hospital:1",)"
     << R"("occurred_at":"2026-02-10T00:30:00Z","detail":"发热门诊"})"
     << "\n"
     << "\n"
     << "not json\n"
     << R"({"id_number":")" << unknown
     << R"(","kind":"close_contact","source":"cdc","occurred_at":"2026-02-10T00:00:00Z"})"
     << "\n"
     << R"({"id_number":"330104199003071233","kind":"sneeze","source":"","occurred_at":"x"})"
     << "\r\n"
     << R"({"id_number":"330104199003071233","kind":"close_contact","source":"cdc:1",)"
     << R"("occurred_at":"2026-02-10T00:40:00Z","ref":"case:1"})"
     << "\n";
  healthcode::ImportReport r =
      healthcode::ImportSignals(in, server.app().health_codes(), server.app().identity());
  EXPECT_EQ(r.lines, 5);
  EXPECT_EQ(r.imported, 2);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_EQ(r.errors[1].line, 4);
  EXPECT_NE(r.errors[1].message.find("no person"), std::string::npos);
  EXPECT_EQ(r.errors[1].message.find(unknown), std::string::npos);  // no IDs in the report
  EXPECT_EQ(r.errors[2].line, 5);
  EXPECT_NE(r.errors[2].message.find("$.kind"), std::string::npos);
  EXPECT_NE(r.errors[2].message.find("$.source"), std::string::npos);
  EXPECT_NE(r.errors[2].message.find("$.occurred_at"), std::string::npos);
  Reply c = citizen.Get("/api/v1/me/colour");
  EXPECT_EQ(c.body.at("colour").as_string(), "red");
  EXPECT_EQ(c.body.at("reasons").as_array().size(), 2u);
}

}  // namespace
}  // namespace ow::testing
