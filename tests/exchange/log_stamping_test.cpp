// Time-stamping the message log against a real TSA (scripts/tsa.sh: `openssl ts -reply` behind
// an HTTP shim on loopback), on both backends: tokens stored and checked, the export verified
// by the real `openssl ts -verify`, a TSA outage (appends go on, backlog and alarm in /metrics,
// recovery by itself), a wrong CA refused, a TSA that never answers timed out, retention with
// the purge anchor, and the `exchange log verify` exit codes.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "exchange/log_stamper.h"
#include "exchange/tsa_client.h"
#include "http/client.h"
#include "http/metrics.h"
#include "log_fixture.h"
#include "support/process.h"

namespace ow::exchange {
namespace {

struct Shell {
  int code = -1;
  std::string output;
};

// Runs a shell command, capturing stdout and stderr.
Shell RunShell(const std::string& cmd) {
  Shell r;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The metric's value in a /metrics rendering ("" when absent).
std::string MetricValue(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + " ", 0) == 0) return line.substr(name.size() + 1);
  return "";
}

class StampTest : public LogTest {
 protected:
  static void SetUpTestSuite() {
    if (RunShell("command -v openssl").code != 0) {
      skip_ = "openssl is not installed: the RFC 3161 tests need `openssl ts` (install-deps.sh)";
      return;
    }
    char tmpl[] = "/tmp/ow-tsa-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    tsa_dir_ = new std::string(tmpl);
    const int port = ow::testing::FreePort();
    Shell s = RunShell("bash " + std::string(OW_SOURCE_DIR) + "/scripts/tsa.sh start " + *tsa_dir_ +
                       " " + std::to_string(port) + " 2>/dev/null");
    ASSERT_EQ(s.code, 0) << s.output;
    std::istringstream lines(s.output);
    std::string url, ca;
    std::getline(lines, url);
    std::getline(lines, ca);
    ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << s.output;
    tsa_url_ = new std::string(url);
    tsa_ca_ = new std::string(ca);
  }
  static void TearDownTestSuite() {
    if (tsa_dir_) {
      RunShell("bash " + std::string(OW_SOURCE_DIR) + "/scripts/tsa.sh stop " + *tsa_dir_);
      std::filesystem::remove_all(*tsa_dir_);
    }
    delete tsa_dir_;
    delete tsa_url_;
    delete tsa_ca_;
    tsa_dir_ = tsa_url_ = tsa_ca_ = nullptr;
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_NE(tsa_url_, nullptr) << "the TSA did not start";
    LogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    TsaUp();
  }
  void TearDown() override {
    if (tsa_dir_) TsaUp();
    LogTest::TearDown();
  }

  static void TsaDown() {
    ASSERT_EQ(
        RunShell("bash " + std::string(OW_SOURCE_DIR) + "/scripts/tsa.sh down " + *tsa_dir_).code,
        0);
  }
  static void TsaUp() {
    ASSERT_EQ(
        RunShell("bash " + std::string(OW_SOURCE_DIR) + "/scripts/tsa.sh up " + *tsa_dir_).code, 0);
  }

  StamperOptions Options() {
    StamperOptions o;
    o.tsa.url = *tsa_url_;
    o.tsa.ca_file = *tsa_ca_;
    o.tsa.timeout = std::chrono::seconds(20);
    o.batch_seconds = 60;
    o.retry_min_ms = 1000;
    o.retry_max_ms = 8000;
    o.alarm_batches = 2;
    return o;
  }
  LogStamper::Round MustRun(LogStamper& stamper) {
    auto r = stamper.RunOnce();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : LogStamper::Round{};
  }

  // The `onewindow` binary on this test's database and key.
  ow::testing::RunResult Cli(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", url_, "--key-file", key_file_});
    return ow::testing::RunBinary(args);
  }

  static inline std::string skip_;
  static inline std::string* tsa_dir_ = nullptr;
  static inline std::string* tsa_url_ = nullptr;
  static inline std::string* tsa_ca_ = nullptr;
};

TEST_P(StampTest, StampsSealedBatchesWithCheckedTokens) {
  AppendMany(12);
  http::Metrics metrics;
  LogStamper stamper(*log_, clock_, metrics, Options());
  LogStamper::Round round = MustRun(stamper);
  EXPECT_EQ(round.stamped, 2);
  EXPECT_EQ(round.failed, 0);
  EXPECT_FALSE(round.alarm);
  EXPECT_EQ(MustCount().unstamped_batches, 0);

  auto batches = log_->Batches(1, 10);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  for (const LogBatch& b : *batches) {
    ASSERT_FALSE(b.tsr.empty());
    auto data = log_->BatchData(b.batch);
    ASSERT_TRUE(data.ok());
    auto imprint = TsrImprint(b.tsr);
    ASSERT_TRUE(imprint.ok()) << imprint.status().ToString();
    EXPECT_EQ(*imprint, Sha256(*data));
    auto at = TsrTimeMs(b.tsr);
    ASSERT_TRUE(at.ok());
    EXPECT_GT(*at, 1'600'000'000'000);  // the TSA's own (real) time
  }
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.stamped, 2);

  // The open batch is sealed and stamped once its first entry is old enough.
  clock_.Advance(std::chrono::seconds(61));
  round = MustRun(stamper);
  EXPECT_EQ(round.sealed, 3);
  EXPECT_EQ(round.stamped, 1);
  EXPECT_EQ(MustVerify().stamped, 3);
}

TEST_P(StampTest, DetectsABatchWhoseDataNoLongerMatchesItsToken) {
  AppendMany(10);
  http::Metrics metrics;
  LogStamper stamper(*log_, clock_, metrics, Options());
  ASSERT_EQ(MustRun(stamper).stamped, 2);
  // Batch 2's token moved onto batch 1: the chain is intact, the imprint is not.
  MustExec(
      "UPDATE xr_log_batches SET tsr = (SELECT tsr FROM xr_log_batches WHERE batch = 2) "
      "WHERE batch = 1");
  LogVerifyReport r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 1);
  EXPECT_NE(r.problem.find("imprint"), std::string::npos) << r.problem;
}

TEST_P(StampTest, ExportVerifiesWithOpensslAlone) {
  AppendMany(10);
  http::Metrics metrics;
  LogStamper stamper(*log_, clock_, metrics, Options());
  ASSERT_EQ(MustRun(stamper).stamped, 2);
  AppendMany(5);  // batch 3: sealed, not stamped, not exported
  const std::filesystem::path out = dir_ / "export";
  auto res = Cli({"exchange", "log", "export", "--out", out.string(), "--tsa-ca", *tsa_ca_});
  ASSERT_EQ(res.exit_code, 0) << res.output;
  EXPECT_NE(res.output.find("\"batches\":2"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("\"unstamped\":1"), std::string::npos) << res.output;
  ASSERT_TRUE(std::filesystem::exists(out / "tsa.pem"));
  EXPECT_FALSE(std::filesystem::exists(out / "3.tsr"));
  for (int n : {1, 2}) {
    const std::string base = (out / std::to_string(n)).string();
    EXPECT_EQ(ReadFile(base + ".data"), *log_->BatchData(n));
    Shell v = RunShell("openssl ts -verify -data " + base + ".data -in " + base + ".tsr -CAfile " +
                       (out / "tsa.pem").string());
    EXPECT_EQ(v.code, 0) << v.output;
    EXPECT_NE(v.output.find("Verification: OK"), std::string::npos) << v.output;
  }
  // The same check fails on altered data.
  std::ofstream(out / "1.data", std::ios::app) << "00\n";
  Shell bad = RunShell("openssl ts -verify -data " + (out / "1.data").string() + " -in " +
                       (out / "1.tsr").string() + " -CAfile " + (out / "tsa.pem").string());
  EXPECT_NE(bad.code, 0) << bad.output;
}

TEST_P(StampTest, OutageKeepsMessagesFlowingRaisesTheAlarmAndRecovers) {
  http::Metrics metrics;
  RegisterLogMetrics(metrics, *log_, /*alarm_batches=*/2);
  LogStamper stamper(*log_, clock_, metrics, Options());
  TsaDown();
  AppendMany(15);  // appends never wait for the TSA
  LogStamper::Round round = MustRun(stamper);
  EXPECT_EQ(round.stamped, 0);
  EXPECT_EQ(round.failed, 3);
  EXPECT_TRUE(round.alarm);
  std::string text = metrics.Render();
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_unstamped_batches"), "3") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_tsa_alarm"), "1") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_tsa_failures_total"), "3") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_log_entries"), "15") << text;

  AppendMany(5);  // still flowing; the backlog grows
  round = MustRun(stamper);
  EXPECT_EQ(round.failed, 1);  // the new batch; the others wait for their retry time
  EXPECT_EQ(MetricValue(metrics.Render(), "onewindow_exchange_unstamped_batches"), "4");

  TsaUp();
  round = MustRun(stamper);
  EXPECT_EQ(round.stamped, 0);  // backoff: not due yet
  clock_.Advance(std::chrono::seconds(10));
  round = MustRun(stamper);
  EXPECT_EQ(round.stamped, 4);
  EXPECT_FALSE(round.alarm);
  text = metrics.Render();
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_unstamped_batches"), "0") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_tsa_alarm"), "0") << text;
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 20);
  EXPECT_EQ(r.stamped, 4);
}

TEST_P(StampTest, RefusesATokenThatDoesNotChainToTheConfiguredCa) {
  const std::string other = (dir_ / "other-ca.pem").string();
  Shell s = RunShell(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-keyout " +
      (dir_ / "other.key").string() + " -out " + other + " -days 1 -subj /CN=Other");
  ASSERT_EQ(s.code, 0) << s.output;
  auto client = TsaClient::Create({*tsa_url_, other, std::chrono::seconds(20)});
  ASSERT_TRUE(client.ok());
  auto tsr = client->Stamp("data");
  EXPECT_EQ(tsr.status().code(), Code::kInvalid) << tsr.status().ToString();
  auto good = TsaClient::Create({*tsa_url_, *tsa_ca_, std::chrono::seconds(20)});
  ASSERT_TRUE(good.ok());
  auto ok = good->Stamp("data");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*TsrImprint(*ok), Sha256("data"));
}

TEST_P(StampTest, ATsaThatNeverAnswersTimesOut) {
  // A socket that listens but never accepts: the kernel completes the connection, no one
  // ever answers.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  auto client = TsaClient::Create({url, "", std::chrono::milliseconds(200)});
  ASSERT_TRUE(client.ok());
  auto tsr = client->Stamp("data");
  EXPECT_EQ(tsr.status().code(), Code::kUnavailable) << tsr.status().ToString();
  ::close(fd);
  EXPECT_EQ(TsaClient::Create({"https://tsa.example/", "", {}}).status().code(), Code::kInvalid);
  EXPECT_EQ(TsaClient::Create({"not a url", "", {}}).status().code(), Code::kInvalid);
}

TEST_P(StampTest, RetentionPurgesWholeStampedBatchesAndVerifyStillPasses) {
  http::Metrics metrics;
  StamperOptions o = Options();
  o.retention_days = 30;
  AppendMany(12);  // batches 1, 2 sealed; 11..12 open
  LogStamper stamper(*log_, clock_, metrics, o);
  ASSERT_EQ(MustRun(stamper).purged, 0);  // nothing old yet
  clock_.Advance(std::chrono::hours(24 * 31));
  AppendMany(3);  // batch 3 = 11..15, sealed by count, unstamped until the next round
  TsaDown();      // batch 3 stays unstamped
  o.purge_every_ms = 0;
  LogStamper stamper2(*log_, clock_, metrics, o);
  LogStamper::Round round = MustRun(stamper2);
  EXPECT_EQ(round.purged, 10);  // batches 1 and 2; batch 3 is unstamped and newer
  EXPECT_EQ(MetricValue(metrics.Render(), "onewindow_exchange_log_purged_total"), "10");
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 5);
  EXPECT_EQ(MustCount().entries, 5);
  AppendMany(2);
  EXPECT_TRUE(MustVerify().ok);

  // The anchor is signed: moving it (to hide deleted entries) is detected.
  MustExec(
      "UPDATE xr_log_head SET purged_seq = 11, purged_hash = (SELECT hash FROM xr_log "
      "WHERE seq = 11)");
  MustExec("DELETE FROM xr_log WHERE seq = 11");
  r = MustVerify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 12);
  EXPECT_NE(r.problem.find("anchor"), std::string::npos) << r.problem;
}

TEST_P(StampTest, VerifyCommandExitsZeroWhenIntactAndOneOnTampering) {
  AppendMany(7);
  http::Metrics metrics;
  LogStamper stamper(*log_, clock_, metrics, Options());
  ASSERT_EQ(MustRun(stamper).stamped, 1);
  auto ok = Cli({"exchange", "log", "verify"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("\"ok\":true"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("\"entries\":7"), std::string::npos) << ok.output;
  MustExec("UPDATE xr_log SET client = 'CN-ZJ/GOV/330000-TAX/etax' WHERE seq = 6");
  auto bad = Cli({"exchange", "log", "verify"});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("\"first_bad_seq\":6"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("first bad seq 6"), std::string::npos) << bad.output;
  auto broken = ow::testing::RunBinary({"exchange", "log", "verify", "--db",
                                        "sqlite:" + (dir_ / "none" / "x.db").string(), "--key-file",
                                        key_file_});
  EXPECT_EQ(broken.exit_code, 2) << broken.output;
}

TEST_P(StampTest, ServeStampsInTheBackgroundAndShowsTheBacklogInMetrics) {
  const int port = ow::testing::FreePort();
  ow::testing::ChildProcess serve(
      {"serve", "--db", url_, "--key-file", key_file_, "--port", std::to_string(port), "--tsa-url",
       *tsa_url_, "--tsa-ca", *tsa_ca_, "--exchange-log-batch-size", "5",
       "--exchange-log-batch-seconds", "1", "--tsa-alarm-batches", "0", "--log-level", "warn"});
  ASSERT_TRUE(ow::testing::WaitHealthy(port, 30'000)) << serve.Output();
  AppendMany(12);  // another process appends; this server seals and stamps
  http::Client client("127.0.0.1", static_cast<uint16_t>(port));
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = client.Send("GET", "/metrics");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    text = r->body;
    auto c = log_->Counts();
    ASSERT_TRUE(c.ok());
    if (c->unstamped_batches == 0 && c->open_batch_entries == 0 &&
        MetricValue(text, "onewindow_exchange_unstamped_batches") == "0")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_log_entries"), "12") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_unstamped_batches"), "0") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_tsa_alarm"), "0") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_tsa_failures_total"), "0") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_log_purged_total"), "0") << text;
  LogVerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.stamped, 3) << serve.Output();  // 1..5, 6..10 by count, 11..12 by age

  // An outage seen through the server: the backlog and the alarm (threshold 0) show.
  TsaDown();
  AppendMany(5);
  const auto deadline2 = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline2) {
    auto m = client.Send("GET", "/metrics");
    ASSERT_TRUE(m.ok());
    text = m->body;
    if (MetricValue(text, "onewindow_exchange_tsa_failures_total") != "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_unstamped_batches"), "1") << text;
  EXPECT_EQ(MetricValue(text, "onewindow_exchange_tsa_alarm"), "1") << text;
  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(30'000), 0) << serve.Output();
}

OW_INSTANTIATE_BACKENDS(StampTest);

}  // namespace
}  // namespace ow::exchange
