// How a PassRecord is a row of a partition table, for the writer, the queries and the legacy
// move alike: the column lists, the 32-bit keys of person and place ids, the row parameters,
// and multi-row INSERT statements in power-of-two chunks. Internal to the pass log.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checkpoint/pass_record.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::checkpoint::passlog {

inline constexpr int kColumnCount = 16;   // columns of an insert (AddParams)
inline constexpr size_t kChunkSizes = 9;  // 1, 2, 4, ..., 256 rows per statement

// "SELECT <the columns FromRow reads> FROM ".
extern const char kSelect[];

// The stable 32-bit key stored for a person or place id (FNV-1a), sign-extended. The indexes
// hold keys, not ids: the ids are compared as well, so a collision costs a row read.
inline int64_t Key(std::string_view id) {
  uint32_t h = 2166136261u;
  for (unsigned char c : id) {
    h ^= c;
    h *= 16777619u;
  }
  return static_cast<int32_t>(h);
}

// Appends the kColumnCount parameters of record `r` stored under `id`.
void AddParams(int64_t id, const PassRecord& r, std::vector<store::Value>& p);
// A record from a row of kSelect.
PassRecord FromRow(const store::Row& row);

// Rows per statement for `left` rows to go: the largest power of two up to 256, so a group of
// n rows takes at most log2(n) + 1 statements (a group of 25: 16 + 8 + 1) and the statement
// caches of the connections hold at most nine texts per kind and table.
inline size_t ChunkSize(size_t left) { return std::bit_floor(std::min<size_t>(left, 256)); }

// log2 of a chunk size: the index of its statement text.
inline size_t ChunkIndex(size_t rows) { return static_cast<size_t>(std::countr_zero(rows)); }

// Calls fn(pos, n) for consecutive chunks of `count` items, ChunkSize(left) each; stops at the
// first error.
template <typename Fn>
Status ForChunks(size_t count, Fn&& fn) {
  for (size_t pos = 0; pos < count;) {
    const size_t n = ChunkSize(count - pos);
    OW_RETURN_IF_ERROR(fn(pos, n));
    pos += n;
  }
  return Status::Ok();
}

// The INSERT (or INSERT OR IGNORE) of `rows` records into `table`. Shared, not copied per use
// (a 256-row text is ~10 KB), and kept alive by its users: another writer may clear the cache.
std::shared_ptr<const std::string> CachedInsertSql(const std::string& table, size_t rows,
                                                   bool or_ignore);

}  // namespace ow::checkpoint::passlog
