#include "checkpoint/pass_log/record_rows.h"

#include <map>
#include <tuple>

#include "core/mutex.h"

namespace ow::checkpoint::passlog {

namespace {

constexpr char kColumns[] =
    "id, client_id, person_id, person_key, subject, issuer, place_id, place_key, at_ms, "
    "direction, allowed, colour, reason, staff_id, device, source";

std::string InsertSql(const std::string& table, size_t rows, bool or_ignore) {
  std::string sql = std::string(or_ignore ? "INSERT OR IGNORE INTO " : "INSERT INTO ") + table +
                    " (" + kColumns + ") VALUES ";
  std::string one = "(";
  for (int i = 0; i < kColumnCount; ++i) one += i ? ",?" : "?";
  one += ")";
  for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
  return sql;
}

store::Value Opt(const std::optional<std::string>& s) {
  return s ? store::Value(*s) : store::Value(nullptr);
}

// The statement texts CachedInsertSql hands out, per (table, rows, or_ignore).
Mutex insert_sql_mu;
std::map<std::tuple<std::string, size_t, bool>, std::shared_ptr<const std::string>> insert_sql
    GUARDED_BY(insert_sql_mu);

}  // namespace

const char kSelect[] =
    "SELECT id, client_id, person_id, subject, issuer, place_id, at_ms, direction, allowed, "
    "colour, reason, staff_id, device, source FROM ";

std::shared_ptr<const std::string> CachedInsertSql(const std::string& table, size_t rows,
                                                   bool or_ignore) {
  MutexLock lock(insert_sql_mu);
  if (insert_sql.size() > 256) insert_sql.clear();  // old partitions are never written again
  auto& sql = insert_sql[{table, rows, or_ignore}];
  if (!sql) sql = std::make_shared<const std::string>(InsertSql(table, rows, or_ignore));
  return sql;
}

void AddParams(int64_t id, const PassRecord& r, std::vector<store::Value>& p) {
  p.push_back(id);
  p.push_back(Opt(r.client_id));
  p.push_back(Opt(r.person_id));
  p.push_back(r.person_id ? store::Value(Key(*r.person_id)) : store::Value(nullptr));
  p.push_back(r.subject);
  p.push_back(r.issuer);
  p.push_back(r.place_id);
  p.push_back(Key(r.place_id));
  p.push_back(r.at_ms);
  p.push_back(std::string(DirectionName(r.direction)));
  p.push_back(static_cast<int64_t>(r.allowed ? 1 : 0));
  p.push_back(std::string(r.colour ? codes::ColourName(*r.colour) : ""));
  p.push_back(r.reason);
  p.push_back(r.staff_id);
  p.push_back(r.device);
  p.push_back(std::string(SourceName(r.source)));
}

PassRecord FromRow(const store::Row& row) {
  PassRecord r;
  r.id = row.Int(0);
  r.client_id = row.OptText(1);
  r.person_id = row.OptText(2);
  r.subject = row.Text(3);
  r.issuer = row.Text(4);
  r.place_id = row.Text(5);
  r.at_ms = row.Int(6);
  r.direction = ParseDirection(row.Text(7)).value_or(Direction::kIn);
  r.allowed = row.Int(8) != 0;
  r.colour = codes::ParseColour(row.Text(9));
  r.reason = row.Text(10);
  r.staff_id = row.Text(11);
  r.device = row.Text(12);
  r.source = ParseSource(row.Text(13)).value_or(PassSource::kScan);
  return r;
}

}  // namespace ow::checkpoint::passlog
