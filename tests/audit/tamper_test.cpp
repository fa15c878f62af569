// Tampering with the audit tables through raw SQL must be reported with the right seq.
#include <gtest/gtest.h>

#include <string>

#include "audit/audit.h"
#include "audit/chain.h"
#include "audit_fixture.h"

namespace ow::audit {
namespace {

constexpr int kEntries = 10;

// Each test starts from a fresh, valid log of kEntries entries.
class TamperTest : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    AppendMany(kEntries);
    VerifyReport r = MustVerify();
    ASSERT_TRUE(r.ok) << r.problem;
    ASSERT_EQ(r.entries, kEntries);
  }
  std::string HashOf(int64_t seq) {
    auto rows = db_->Query("SELECT hash FROM audit_log WHERE seq = ?", {seq});
    EXPECT_TRUE(rows.ok() && rows->size() == 1);
    return rows.ok() && !rows->empty() ? (*rows)[0].Bytes(0) : "";
  }
  void ExpectBadAt(int64_t seq) {
    VerifyReport r = MustVerify();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_seq, seq) << r.problem;
    EXPECT_FALSE(r.problem.empty());
    EXPECT_LE(r.entries, seq);
  }
  void InsertRow(int64_t seq, const Event& e, int64_t at_ms, const std::string& prev,
                 const std::string& hash) {
    MustExec(
        "INSERT INTO audit_log (seq, at_ms, actor, action, subject, fields, reason, ip, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {seq, at_ms, e.actor, e.action, e.subject, e.fields, e.reason, e.ip, store::Blob{prev},
         store::Blob{hash}});
  }
};

TEST_F(TamperTest, EditedReason) {
  MustExec("UPDATE audit_log SET reason = 'routine check' WHERE seq = 4");
  ExpectBadAt(4);
}

TEST_F(TamperTest, EditedFirstRow) {
  MustExec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1");
  ExpectBadAt(1);
}

TEST_F(TamperTest, EditedTimestampOfLastRow) {
  MustExec("UPDATE audit_log SET at_ms = at_ms - 1 WHERE seq = ?", {int64_t{kEntries}});
  ExpectBadAt(kEntries);
}

TEST_F(TamperTest, EditedRowWithRecomputedHash) {
  // An attacker who knows the hash function rewrites entry 5 consistently; the link from
  // entry 6 then breaks.
  Event e = MakeEvent(5);
  e.reason = "routine check";
  auto rows = db_->Query("SELECT at_ms, prev_hash FROM audit_log WHERE seq = 5");
  ASSERT_TRUE(rows.ok() && rows->size() == 1);
  std::string hash = internal::ChainHash((*rows)[0].Bytes(1), 5, (*rows)[0].Int(0), e);
  MustExec("UPDATE audit_log SET reason = ?, hash = ? WHERE seq = 5",
           {e.reason, store::Blob{hash}});
  ExpectBadAt(6);
}

TEST_F(TamperTest, DeletedMiddleRow) {
  MustExec("DELETE FROM audit_log WHERE seq = 6");
  ExpectBadAt(6);
}

TEST_F(TamperTest, DeletedFirstRow) {
  MustExec("DELETE FROM audit_log WHERE seq = 1");
  ExpectBadAt(1);
}

TEST_F(TamperTest, DeletedLastRow) {
  MustExec("DELETE FROM audit_log WHERE seq = ?", {int64_t{kEntries}});
  ExpectBadAt(kEntries);
}

TEST_F(TamperTest, DeletedLastRowsAndRenumberedHead) {
  MustExec("DELETE FROM audit_log WHERE seq >= 8");
  MustExec("UPDATE audit_head SET seq = 7");  // hash still that of entry 10
  ExpectBadAt(7);
}

TEST_F(TamperTest, DeletedEverything) {
  MustExec("DELETE FROM audit_log");
  ExpectBadAt(1);
}

TEST_F(TamperTest, InsertedForgedRow) {
  InsertRow(kEntries + 1, MakeEvent(99), 0, crypto::RandomBytes(32), crypto::RandomBytes(32));
  ExpectBadAt(kEntries + 1);
}

TEST_F(TamperTest, InsertedCorrectlyChainedRowIsNotCoveredByHead) {
  Event e = MakeEvent(99);
  std::string prev = HashOf(kEntries);
  InsertRow(kEntries + 1, e, 1, prev, internal::ChainHash(prev, kEntries + 1, 1, e));
  ExpectBadAt(kEntries + 1);
}

TEST_F(TamperTest, InsertedRowBeforeTheFirst) {
  Event e = MakeEvent(99);
  InsertRow(0, e, 1, internal::GenesisHash(),
            internal::ChainHash(internal::GenesisHash(), 0, 1, e));
  ExpectBadAt(0);
}

TEST_F(TamperTest, InsertedRowAfterAGap) {
  InsertRow(kEntries + 5, MakeEvent(99), 0, crypto::RandomBytes(32), crypto::RandomBytes(32));
  ExpectBadAt(kEntries + 5);
}

TEST_F(TamperTest, ReplacedRowWithForgery) {
  MustExec("DELETE FROM audit_log WHERE seq = 3");
  Event e = MakeEvent(3);
  e.actor = "forger";
  std::string prev = HashOf(2);
  InsertRow(3, e, 1, prev, internal::ChainHash(prev, 3, 1, e));
  ExpectBadAt(4);  // entry 4 still links to the original entry 3
}

TEST_F(TamperTest, DeletedHeadRow) {
  MustExec("DELETE FROM audit_head");
  VerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("audit_head"), std::string::npos) << r.problem;
  EXPECT_FALSE(log_->Append(MakeEvent(1)).ok());
}

}  // namespace
}  // namespace ow::audit
