// Conversions between store::Value and libpq's wire representation, and the mapping of
// PostgreSQL errors to Status codes.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace ow::store {

// Parameters in the form PQexecParams takes: text, except Blob (binary bytea).
class PgParams {
 public:
  explicit PgParams(const std::vector<Value>& params);
  int size() const { return static_cast<int>(values_.size()); }
  const Oid* types() const { return types_.data(); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<std::string> text_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<Oid> types_;
};

// Converts one text-format field of a column with type `oid`.
Value DecodePgValue(Oid oid, const char* text, int length);

// Converts every row of a successful text-format result.
Rows ReadPgRows(const PGresult* res);

// The Status for a failed command (`res` may be null): see PgStatusFor.
Status PgStatus(PGconn* conn, const PGresult* res, std::string_view sql);

// The Status for a failed command with SQLSTATE `state`, classified by code: serialization
// failure or deadlock (40001, 40P01) -> kAborted (Transact runs it again), unique violation
// (23505) -> kConflict, a lost connection or a server going away -> kUnavailable, everything
// else -> kInternal.
Status PgStatusFor(std::string_view state, bool connection_lost, std::string text);

// The SQLSTATE of a failed result ("" when unknown).
std::string PgSqlState(const PGresult* res);

// Whether a transaction that failed with `sqlstate` should be retried from the start
// (serialization failure or deadlock).
bool IsRetryableSqlState(std::string_view sqlstate);

}  // namespace ow::store
