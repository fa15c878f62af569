#include "store/postgres/pg_values.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace ow::store {
namespace {

// Type OIDs from pg_type.dat (stable across PostgreSQL versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, end);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Value DecodeBytea(std::string_view s) {
  if (s.size() < 2 || s[0] != '\\' || s[1] != 'x') {
    // bytea_output = escape: let libpq decode it.
    size_t n = 0;
    std::string copy(s);
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(copy.c_str()), &n);
    if (raw == nullptr) return Blob{std::string(s)};
    Blob b{std::string(reinterpret_cast<const char*>(raw), n)};
    PQfreemem(raw);
    return b;
  }
  std::string out;
  out.reserve((s.size() - 2) / 2);
  for (size_t i = 2; i + 1 < s.size(); i += 2) {
    int hi = HexDigit(s[i]);
    int lo = HexDigit(s[i + 1]);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return Blob{std::move(out)};
}

}  // namespace

PgParams::PgParams(const std::vector<Value>& params) {
  const size_t n = params.size();
  text_.resize(n);
  values_.resize(n, nullptr);
  lengths_.resize(n, 0);
  formats_.resize(n, 0);
  types_.resize(n, 0);  // 0: let the server infer the type from context
  for (size_t i = 0; i < n; ++i) {
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) continue;
    if (const auto* b = std::get_if<Blob>(&v)) {
      values_[i] = b->bytes.data();
      lengths_[i] = static_cast<int>(b->bytes.size());
      formats_[i] = 1;
      types_[i] = kByteaOid;
      continue;
    }
    if (const auto* x = std::get_if<int64_t>(&v)) {
      text_[i] = std::to_string(*x);
    } else if (const auto* d = std::get_if<double>(&v)) {
      text_[i] = FormatDouble(*d);
    } else {
      text_[i] = std::get<std::string>(v);
    }
    values_[i] = text_[i].c_str();
    lengths_[i] = static_cast<int>(text_[i].size());
  }
}

Value DecodePgValue(Oid oid, const char* text, int length) {
  std::string_view s(text, static_cast<size_t>(length));
  switch (oid) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc() && p == s.data() + s.size()) return v;
      return std::string(s);
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      std::string_view t = s;
      if (!t.empty() && t[0] == '+') t.remove_prefix(1);
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec == std::errc() && p == t.data() + t.size()) return v;
      return std::string(s);
    }
    case kBoolOid:
      return static_cast<int64_t>(s == "t" ? 1 : 0);
    case kByteaOid:
      return DecodeBytea(s);
    default:
      return std::string(s);
  }
}

Rows ReadPgRows(const PGresult* res) {
  Rows rows;
  const int n = PQntuples(res);
  const int cols = PQnfields(res);
  rows.reserve(n);
  for (int r = 0; r < n; ++r) {
    std::vector<Value> values;
    values.reserve(cols);
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res, r, c)) {
        values.emplace_back(nullptr);
      } else {
        values.push_back(
            DecodePgValue(PQftype(res, c), PQgetvalue(res, r, c), PQgetlength(res, r, c)));
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

std::string PgSqlState(const PGresult* res) {
  if (res == nullptr) return "";
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  return state == nullptr ? "" : state;
}

bool IsRetryableSqlState(std::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

Status PgStatus(PGconn* conn, const PGresult* res, std::string_view sql) {
  std::string state = PgSqlState(res);
  const char* primary = res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary != nullptr ? primary : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  std::string text = "postgres: " + message;
  if (!state.empty()) text += " (SQLSTATE " + state + ")";
  if (!sql.empty()) {
    constexpr size_t kMax = 120;
    text += " (in: " + std::string(sql.substr(0, kMax)) + (sql.size() > kMax ? "...)" : ")");
  }
  return PgStatusFor(state, PQstatus(conn) != CONNECTION_OK || (res == nullptr && state.empty()),
                     std::move(text));
}

Status PgStatusFor(std::string_view state, bool connection_lost, std::string text) {
  if (IsRetryableSqlState(state)) return Status::Aborted(std::move(text));
  if (state == "23505") return Status::Conflict(std::move(text));
  const bool unavailable_state = state.starts_with("08") || state == "57P01" || state == "57P02" ||
                                 state == "57P03" || state == "53300";
  if (connection_lost || unavailable_state) return Status::Unavailable(std::move(text));
  return Status::Internal(std::move(text));
}

}  // namespace ow::store
