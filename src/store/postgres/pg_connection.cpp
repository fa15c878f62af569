#include "store/postgres/pg_connection.h"

#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "store/postgres/pg_values.h"
#include "store/postgres/placeholders.h"

namespace ow::store {
namespace {

// Frees a PGresult.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

bool Succeeded(const PGresult* res) {
  if (res == nullptr) return false;
  ExecStatusType st = PQresultStatus(res);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& url,
                                                            int timeout_ms) {
  // Earlier keywords are defaults; settings in the expanded URL (dbname) override them.
  const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
                        nullptr};
  const char* values[] = {"5", "onewindow", "UTF8", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Status::Unavailable("postgres: out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(conn);
    return Status::Unavailable("postgres: cannot connect: " + msg);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn, timeout_ms));
}

PGresult* PgConnection::Await(bool* timed_out) {
  *timed_out = false;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms_);
  PGresult* kept = nullptr;
  for (;;) {
    while (PQisBusy(conn_)) {
      int wait = -1;
      if (timeout_ms_ > 0) {
        wait = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
        if (wait <= 0) {
          PQclear(kept);
          abandoned_ = true;
          *timed_out = true;
          return nullptr;
        }
      }
      pollfd pfd{PQsocket(conn_), POLLIN, 0};
      const int ready = poll(&pfd, 1, wait);
      if (ready < 0 && errno == EINTR) continue;
      if (ready != 0 && !PQconsumeInput(conn_)) break;  // PQgetResult reports the failure
    }
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) break;
    if (kept != nullptr && !Succeeded(kept)) {
      PQclear(r);  // keep the first failure
    } else {
      PQclear(kept);
      kept = r;
    }
    if (PQstatus(conn_) == CONNECTION_BAD) break;
  }
  return kept;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<Rows> PgConnection::Run(std::string_view sql, const std::vector<Value>& params,
                               int64_t* changes, std::string* sqlstate) {
  int count = 0;
  std::string text = RewritePlaceholders(sql, &count);
  if (count != static_cast<int>(params.size())) {
    return Status::Internal("postgres: statement expects " + std::to_string(count) +
                            " parameters but got " + std::to_string(params.size()) +
                            " (in: " + std::string(sql.substr(0, 120)) + ")");
  }
  PgParams p(params);
  if (abandoned_) return Status::Unavailable("postgres: connection abandoned after a timeout");
  if (!PQsendQueryParams(conn_, text.c_str(), p.size(), p.types(), p.values(), p.lengths(),
                         p.formats(), /*resultFormat=*/0))
    return PgStatus(conn_, nullptr, sql);
  bool timed_out = false;
  ResultPtr res(Await(&timed_out));
  if (timed_out)
    return Status::Unavailable("postgres: no answer within " + std::to_string(timeout_ms_) +
                               " ms (in: " + std::string(sql.substr(0, 80)) + ")");
  if (!Succeeded(res.get())) {
    if (sqlstate != nullptr) *sqlstate = PgSqlState(res.get());
    return PgStatus(conn_, res.get(), sql);
  }
  if (changes != nullptr) {
    // Like SQLite, a plain SELECT changes nothing (libpq reports the rows it returned).
    const bool select = std::string_view(PQcmdStatus(res.get())).starts_with("SELECT");
    const char* n = select ? "" : PQcmdTuples(res.get());
    *changes = (n == nullptr || *n == '\0') ? 0 : std::strtoll(n, nullptr, 10);
  }
  return ReadPgRows(res.get());
}

Status PgConnection::ExecScript(std::string_view sql, std::string* sqlstate) {
  std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()));
  if (!Succeeded(res.get())) {
    if (sqlstate != nullptr) *sqlstate = PgSqlState(res.get());
    return PgStatus(conn_, res.get(), sql);
  }
  return Status::Ok();
}

Status PgConnection::Control(std::string_view sql, std::string* sqlstate) {
  if (abandoned_) return Status::Unavailable("postgres: connection abandoned after a timeout");
  std::string text(sql);
  if (!PQsendQuery(conn_, text.c_str())) return PgStatus(conn_, nullptr, sql);
  bool timed_out = false;
  ResultPtr res(Await(&timed_out));
  if (timed_out)
    return Status::Unavailable("postgres: no answer to " + text + " within " +
                               std::to_string(timeout_ms_) + " ms");
  if (!Succeeded(res.get())) {
    if (sqlstate != nullptr) *sqlstate = PgSqlState(res.get());
    return PgStatus(conn_, res.get(), sql);
  }
  return Status::Ok();
}

bool PgConnection::Reset() {
  abandoned_ = false;
  PQreset(conn_);
  if (!Healthy()) return false;
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  return true;
}

bool PgConnection::InTransaction() const {
  PGTransactionStatusType st = PQtransactionStatus(conn_);
  return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE;
}

bool PgConnection::InFailedTransaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

}  // namespace ow::store
