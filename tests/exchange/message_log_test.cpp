// MessageLog on both backends: appending, batches, the data-use lookup, tamper detection
// (edit, deletion, insertion, signature), concurrent appends from threads and from two
// database handles (two nodes), sealing by age, claims and stamp bookkeeping.
#include "exchange/message_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "log_fixture.h"

namespace ow::exchange {
namespace {

TEST_P(LogTest, EmptyLogVerifies) {
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 0);
  EXPECT_EQ(r.first_bad_seq, 0);
}

TEST_P(LogTest, MigrationIsItsOwnStream) {
  auto m = MessageLog::Migrations();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].module, "exchange_log");
  EXPECT_EQ(m[0].version, 1);
  EXPECT_EQ(m[1].module, "exchange_log");
  EXPECT_EQ(m[1].version, 2);
  EXPECT_TRUE(store::Migrate(*db_, m).ok());  // idempotent
}

TEST_P(LogTest, AppendsChainSealBatchesAndVerify) {
  AppendMany(12);
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 12);
  EXPECT_EQ(r.batches, 2);  // 1..5, 6..10; 11..12 still open
  EXPECT_EQ(r.stamped, 0);
  LogCounts c = MustCount();
  EXPECT_EQ(c.entries, 12);
  EXPECT_EQ(c.unstamped_batches, 2);
  EXPECT_EQ(c.open_batch_entries, 2);

  auto batches = log_->Batches(1, 10);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].first_seq, 1);
  EXPECT_EQ((*batches)[0].last_seq, 5);
  EXPECT_EQ((*batches)[1].first_seq, 6);
  EXPECT_EQ((*batches)[1].last_seq, 10);
  // N.data: the entries' hashes in lowercase hex, one per line, in seq order.
  auto data = log_->BatchData(2);
  ASSERT_TRUE(data.ok());
  auto rows = db_->Query("SELECT hash FROM xr_log WHERE seq >= 6 AND seq <= 10 ORDER BY seq");
  ASSERT_TRUE(rows.ok());
  std::string expected;
  for (const auto& row : *rows) expected += crypto::ToHex(row.Bytes(0)) + "\n";
  EXPECT_EQ(*data, expected);
  EXPECT_EQ(data->size(), 5u * 65u);
  EXPECT_EQ((*batches)[1].data_sha256, Sha256(*data));
  EXPECT_EQ(log_->BatchData(3).status().code(), Code::kNotFound);
}

TEST_P(LogTest, StoresNoPlainTextBeyondTheEntryAndCleansText) {
  LogEntry e = MakeEntry(1);
  e.purpose = std::string("bad\xff\0x", 6);
  ASSERT_TRUE(log_->Append(e).ok());
  auto rows = db_->Query("SELECT purpose FROM xr_log WHERE seq = 1");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Text(0), "bad\xEF\xBF\xBD\xEF\xBF\xBDx");
  EXPECT_TRUE(MustVerify().ok);
}

TEST_P(LogTest, ForPersonListsOkEntriesNewestFirstWithinTheRange) {
  const int64_t t0 = clock_.NowMillis();
  for (int i = 1; i <= 6; ++i) {
    LogEntry e = MakeEntry(i, i <= 4 ? "alice" : "bob");
    if (i == 2) e.outcome = "Server.ServerProxy.AccessDenied";
    ASSERT_TRUE(log_->Append(e).ok());
    clock_.Advance(std::chrono::milliseconds(1000));
  }
  auto all = log_->ForPerson("alice", 0, t0 + 100'000, 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);  // the refusal is not a use of the data
  EXPECT_EQ((*all)[0].message_id, "msg-4");
  EXPECT_EQ((*all)[0].seq, 4);
  EXPECT_EQ((*all)[2].message_id, "msg-1");
  EXPECT_EQ((*all)[0].client, "CN-ZJ/GOV/330000-HEALTH/fever-clinic");
  EXPECT_EQ((*all)[0].fields, "visit_date,diagnosis");
  auto window = log_->ForPerson("alice", t0 + 2000, t0 + 3000, 100);  // [from, to)
  ASSERT_TRUE(window.ok());
  ASSERT_EQ(window->size(), 1u);
  EXPECT_EQ((*window)[0].message_id, "msg-3");
  auto limited = log_->ForPerson("alice", 0, t0 + 100'000, 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u);
  EXPECT_EQ(log_->ForPerson("alice", 0, t0, 0).status().code(), Code::kInvalid);
  EXPECT_EQ(log_->ForPerson("alice", 0, t0, 1001).status().code(), Code::kInvalid);
  auto none = log_->ForPerson("carol", 0, t0 + 100'000, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(LogTest, DetectsAnEditedField) {
  AppendMany(8);
  MustExec("UPDATE xr_log SET purpose = 'marketing' WHERE seq = 3");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_NE(r.problem.find("modified"), std::string::npos) << r.problem;
}

TEST_P(LogTest, DetectsAnEditedPersonAndStatus) {
  AppendMany(8);
  MustExec("UPDATE xr_log SET status = 500 WHERE seq = 7");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 7);
}

TEST_P(LogTest, DetectsADeletedMiddleEntry) {
  AppendMany(8);
  MustExec("DELETE FROM xr_log WHERE seq = 4");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 4);
  EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TEST_P(LogTest, DetectsDeletedNewestEntries) {
  AppendMany(8);
  MustExec("DELETE FROM xr_log WHERE seq >= 7");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 7);
}

TEST_P(LogTest, DetectsAnInsertedEntry) {
  AppendMany(8);
  MustExec(
      "INSERT INTO xr_log (seq, at_ms, message_id, direction, client, service, purpose, "
      "person_index, fields, request_hash, response_hash, status, outcome, prev_hash, hash, "
      "signature, batch) SELECT 9, at_ms, 'forged', direction, client, service, purpose, "
      "person_index, fields, request_hash, response_hash, status, outcome, hash, hash, "
      "signature, batch FROM xr_log WHERE seq = 8");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 9);
}

TEST_P(LogTest, DetectsAReplacedSignature) {
  AppendMany(8);
  MustExec(
      "UPDATE xr_log SET signature = (SELECT signature FROM xr_log WHERE seq = 2) "
      "WHERE seq = 6");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 6);
  EXPECT_NE(r.problem.find("signature"), std::string::npos) << r.problem;
}

TEST_P(LogTest, DetectsAnEntryReSignedWithAnotherKey) {
  AppendMany(3);
  // A log written with another installation's master key: hashes link, signatures do not.
  crypto::KeyRing other = crypto::KeyRing::FromMaster(std::string(32, 'x'));
  MessageLog foreign(*db_, clock_, other, MessageLogOptions{kBatch});
  EXPECT_NE(foreign.public_key(), log_->public_key());
  ASSERT_TRUE(foreign.Append(MakeEntry(4)).ok());
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 4);
}

TEST_P(LogTest, DetectsABatchWhoseSealedHashWasChanged) {
  AppendMany(10);
  MustExec(
      "UPDATE xr_log_batches SET data_hash = (SELECT data_hash FROM xr_log_batches "
      "WHERE batch = 1) WHERE batch = 2");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 6);
}

TEST_P(LogTest, DetectsADeletedBatchRow) {
  AppendMany(12);
  MustExec("DELETE FROM xr_log_batches WHERE batch = 2");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 6);
  EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TEST_P(LogTest, ConcurrentAppendsFromThreadsFormOneChain) {
  constexpr int kThreads = 4, kTotal = 60;
  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < kTotal; i = next++)
        if (!log_->Append(MakeEntry(i)).ok()) ++failures;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem << " at " << r.first_bad_seq;
  EXPECT_EQ(r.entries, kTotal);
  EXPECT_EQ(r.batches, kTotal / kBatch);
  auto ids = db_->Query("SELECT COUNT(DISTINCT message_id) FROM xr_log");
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ((*ids)[0].Int(0), kTotal);
}

TEST_P(LogTest, TwoNodesOnOneDatabaseKeepTheChainLinear) {
  // Two database handles (own connection pools), as two servers on one PostgreSQL.
  auto db2 = OpenDb();
  ASSERT_TRUE(db2);
  MessageLog node2(*db2, clock_, *keys_, MessageLogOptions{kBatch});
  constexpr int kEach = 30;
  std::atomic<int> failures{0};
  std::thread a([&] {
    for (int i = 0; i < kEach; ++i)
      if (!log_->Append(MakeEntry(i)).ok()) ++failures;
  });
  std::thread b([&] {
    for (int i = 0; i < kEach; ++i)
      if (!node2.Append(MakeEntry(1000 + i)).ok()) ++failures;
  });
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem << " at " << r.first_bad_seq;
  EXPECT_EQ(r.entries, 2 * kEach);
  auto r2 = node2.Verify();
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(r2->ok);
}

TEST_P(LogTest, TheStamperSealsAnOldOpenBatch) {
  AppendMany(3);
  auto none = log_->SealOpenBatch(60'000);  // the first entry is not a minute old yet
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  clock_.Advance(std::chrono::seconds(61));
  auto sealed = log_->SealOpenBatch(60'000);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(*sealed, 1);
  auto again = log_->SealOpenBatch(0);  // empty open batch: nothing to seal
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  AppendMany(5);  // batch 2 = seqs 4..8, sealed by count
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.batches, 2);
  auto batches = log_->Batches(1, 10);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].last_seq, 3);
  EXPECT_EQ((*batches)[1].first_seq, 4);
  EXPECT_EQ((*batches)[1].last_seq, 8);
}

TEST_P(LogTest, ClaimsKeepTwoNodesApartAndFailuresBackOff) {
  AppendMany(15);  // three sealed batches
  auto first = log_->ClaimDue("node-a", 60'000, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  auto second = log_->ClaimDue("node-b", 60'000, 10);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);  // only the batch node-a did not take
  EXPECT_EQ((*second)[0].batch, 3);
  auto third = log_->ClaimDue("node-c", 60'000, 10);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->empty());

  // Only the claiming node may store or fail a batch.
  EXPECT_EQ(log_->StoreStamp(1, "node-b", "token").code(), Code::kConflict);
  ASSERT_TRUE(log_->RecordStampFailure(1, "node-a", "TSA down", clock_.NowMillis() + 5000).ok());
  auto b1 = log_->Batches(1, 1);
  ASSERT_TRUE(b1.ok());
  EXPECT_EQ((*b1)[0].attempts, 1);
  EXPECT_EQ((*b1)[0].last_error, "TSA down");
  auto not_yet = log_->ClaimDue("node-c", 60'000, 10);
  ASSERT_TRUE(not_yet.ok());
  EXPECT_TRUE(not_yet->empty());  // batch 1 waits for its retry time
  clock_.Advance(std::chrono::seconds(6));
  auto retry = log_->ClaimDue("node-c", 60'000, 10);
  ASSERT_TRUE(retry.ok());
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].batch, 1);
  // An expired claim is free again.
  clock_.Advance(std::chrono::seconds(61));
  auto expired = log_->ClaimDue("node-d", 60'000, 10);
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->size(), 3u);
}

TEST_P(LogTest, PurgeKeepsUnstampedBatches) {
  AppendMany(10);
  clock_.Advance(std::chrono::hours(24 * 40));
  auto n = log_->PurgeBefore(clock_.NowMillis());
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);  // nothing is stamped: nothing may go
  EXPECT_EQ(MustCount().entries, 10);
}

// Full-logging mode: bodies are kept sealed (no plain text in the table), opened per entry,
// checked by Verify (edited, moved or orphaned bodies are found), and purged with their
// entries. The default mode keeps none.
TEST_P(LogTest, FullLoggingKeepsSealedBodiesThatVerifyChecks) {
  LogEntry plain = MakeEntry(1);
  plain.request_body = "{\"hashes only\":1}";
  ASSERT_TRUE(log_->Append(plain).ok());
  MessageLogOptions full{kBatch};
  full.full_bodies = true;
  MessageLog full_log(*db_, clock_, *keys_, full);
  for (int i = 2; i <= 7; ++i) {
    LogEntry e = MakeEntry(i);
    e.request_body = "{\"id_number\":\"33010419900307123" + std::to_string(i % 10) + "\"}";
    e.response_body = "{\"colour\":\"yellow\",\"n\":" + std::to_string(i) + "}";
    e.response_hash = crypto::Base64Encode(crypto::Sha512(e.response_body));
    ASSERT_TRUE(full_log.Append(e).ok());
  }
  auto rows = db_->Query("SELECT seq, sealed FROM xr_log_bodies ORDER BY seq");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 6u);  // entry 1 was written in the default mode
  EXPECT_EQ(rows->at(0).Int(0), 2);
  for (const auto& r : *rows) {
    EXPECT_EQ(r.Bytes(1).find("yellow"), std::string::npos);
    EXPECT_EQ(r.Bytes(1).find("330104"), std::string::npos);
  }
  auto one = full_log.Get(1);
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(one->bodies.has_value());
  auto three = log_->Get(3);  // any node of the installation opens them
  ASSERT_TRUE(three.ok()) << three.status().ToString();
  ASSERT_TRUE(three->bodies.has_value());
  EXPECT_EQ(three->bodies->request_body, "{\"id_number\":\"330104199003071233\"}");
  EXPECT_EQ(three->bodies->response_body, "{\"colour\":\"yellow\",\"n\":3}");
  EXPECT_EQ(three->entry.message_id, "msg-3");
  EXPECT_EQ(log_->Get(99).status().code(), Code::kNotFound);
  LogVerifyReport ok = MustVerify();
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_EQ(ok.bodies, 6);

  // Another installation's key cannot open them.
  crypto::KeyRing other = crypto::KeyRing::FromMaster(std::string(32, 'x'));
  MessageLog foreign(*db_, clock_, other, full);
  EXPECT_EQ(foreign.Get(3).status().code(), Code::kInvalid);

  // Entry 4's sealed bodies moved onto entry 5: found at entry 5.
  auto four = db_->Query("SELECT sealed FROM xr_log_bodies WHERE seq = 4");
  ASSERT_TRUE(four.ok());
  MustExec("UPDATE xr_log_bodies SET sealed = ? WHERE seq = 5", {store::Blob{four->at(0).Bytes(0)}});
  LogVerifyReport moved = MustVerify();
  EXPECT_FALSE(moved.ok);
  EXPECT_EQ(moved.first_bad_seq, 5);
  EXPECT_EQ(full_log.Get(5).status().code(), Code::kInvalid);
  MustExec("DELETE FROM xr_log_bodies WHERE seq = 5");
  // Bodies for an entry that is not there.
  MustExec("INSERT INTO xr_log_bodies (seq, sealed) VALUES (42, ?)", {store::Blob{four->at(0).Bytes(0)}});
  EXPECT_FALSE(MustVerify().ok);
  MustExec("DELETE FROM xr_log_bodies WHERE seq = 42");
  EXPECT_TRUE(MustVerify().ok);

  // Retention takes the bodies with their batch (1..5; stamped here by hand).
  MustExec("UPDATE xr_log_batches SET tsr = ? WHERE batch = 1", {store::Blob{"x"}});
  clock_.Advance(std::chrono::hours(24 * 40));
  auto purged = log_->PurgeBefore(clock_.NowMillis());
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(*purged, 5);
  auto left = db_->Query("SELECT MIN(seq), COUNT(*) FROM xr_log_bodies");
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->at(0).Int(0), 6);
  EXPECT_EQ(left->at(0).Int(1), 2);
  LogVerifyReport after = MustVerify();
  EXPECT_TRUE(after.ok) << after.problem;
  EXPECT_EQ(after.bodies, 2);
}

OW_INSTANTIATE_BACKENDS(LogTest);

}  // namespace
}  // namespace ow::exchange
