#include "checkpoint/pass_log/client_ids.h"

#include <array>

#include "checkpoint/pass_log/record_rows.h"

namespace ow::checkpoint::passlog {

namespace {

std::string PostgresSql(size_t rows) {
  std::string sql = "INSERT INTO pass_client_ids (client_id, at_ms) VALUES ";
  for (size_t r = 0; r < rows; ++r) sql += r ? ",(?,?)" : "(?,?)";
  return sql + " ON CONFLICT (client_id) DO NOTHING RETURNING client_id";
}

// SQLite statements on client ids for a chunk of ids (a size ChunkSize returns).
const std::string& SqliteSql(bool insert, size_t rows) {
  static const auto make = [](bool ins, size_t n) {
    std::string sql = ins ? "INSERT OR IGNORE INTO pass_client_ids (client_id, at_ms) VALUES "
                          : "SELECT client_id FROM pass_client_ids WHERE client_id IN (";
    for (size_t r = 0; r < n; ++r) sql += r ? (ins ? ",(?,?)" : ",?") : (ins ? "(?,?)" : "?");
    return ins ? sql : sql + ")";
  };
  static const auto texts = [] {
    std::array<std::array<std::string, kChunkSizes>, 2> t;
    for (size_t i = 0; i < kChunkSizes; ++i) {
      t[0][i] = make(false, size_t{1} << i);
      t[1][i] = make(true, size_t{1} << i);
    }
    return t;
  }();
  return texts[insert ? 1 : 0][ChunkIndex(rows)];
}

// (client_id, at_ms) of recs[pos, pos + n).
std::vector<store::Value> Params(const std::vector<const PassRecord*>& recs, size_t pos, size_t n) {
  std::vector<store::Value> p;
  p.reserve(2 * n);
  for (size_t i = pos; i < pos + n; ++i) {
    p.push_back(*recs[i]->client_id);
    p.push_back(recs[i]->at_ms);
  }
  return p;
}

}  // namespace

Status ClientIds::Claim(store::Tx& tx, const std::vector<const PassRecord*>& recs, bool look_up,
                        std::unordered_set<std::string>& fresh, bool& replayed) {
  if (tx.dialect() == store::Dialect::kPostgres) {
    // Multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING: few round trips.
    return ForChunks(recs.size(), [&](size_t pos, size_t n) -> Status {
      OW_ASSIGN_OR_RETURN(auto rows, tx.Query(PostgresSql(n), Params(recs, pos, n)));
      for (const auto& row : rows) fresh.insert(row.Text(0));
      return Status::Ok();
    });
  }
  // SQLite: which ids are stored already (a read, when looking up), then the new ones (the first
  // record carrying each) in multi-row INSERT OR IGNORE statements, checked like the records.
  // Not the RETURNING form: SQLite keeps a statement journal for it and gathers its result in a
  // temporary B-tree per statement (docs/performance.md, "Client ids"). The lookup is half the cost
  // again, and online scans are almost never replays.
  std::unordered_set<std::string> stored;
  if (look_up) {
    OW_RETURN_IF_ERROR(ForChunks(recs.size(), [&](size_t pos, size_t n) -> Status {
      std::vector<store::Value> ids;
      for (size_t i = pos; i < pos + n; ++i) ids.push_back(*recs[i]->client_id);
      OW_ASSIGN_OR_RETURN(auto rows, tx.Query(SqliteSql(false, n), ids));
      for (const auto& row : rows) stored.insert(row.Text(0));
      return Status::Ok();
    }));
  }
  std::vector<const PassRecord*> news;
  for (const PassRecord* r : recs)
    if (!stored.contains(*r->client_id) && fresh.insert(*r->client_id).second) news.push_back(r);
  return ForChunks(news.size(), [&](size_t pos, size_t n) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t inserted, tx.Exec(SqliteSql(true, n), Params(news, pos, n)));
    if (inserted == static_cast<int64_t>(n)) return Status::Ok();
    if (look_up) return Status::Internal("client ids of a group were not stored");
    replayed = true;
    return Status::Conflict("a client id of the group was stored before");
  });
}

// In batches, each its own transaction: at a province's scale (~1 M ids a day beside 28 M
// kept) one DELETE would hold the only write lock, and with it every gate's scans, for as long
// as it scans and rewrites the table.
Result<ClientIds::Purged> ClientIds::PurgeBefore(int64_t before_ms) {
  Purged purged;
  for (;;) {
    OW_ASSIGN_OR_RETURN(int64_t n, db_.Exec("DELETE FROM pass_client_ids WHERE client_id IN "
                                            "(SELECT client_id FROM pass_client_ids WHERE "
                                            "at_ms < ? LIMIT ?)",
                                            {before_ms, purge_batch_}));
    purged.ids += n;
    ++purged.transactions;
    if (n < purge_batch_) break;
  }
  return purged;
}

}  // namespace ow::checkpoint::passlog
