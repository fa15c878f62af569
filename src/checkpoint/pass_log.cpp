#include "checkpoint/pass_log.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <optional>

#include "checkpoint/pass_log/client_ids.h"
#include "checkpoint/pass_log/group_writer.h"
#include "checkpoint/pass_log/partitions.h"
#include "checkpoint/pass_log/queries.h"
#include "checkpoint/pass_log/schema.h"

namespace ow::checkpoint {

std::vector<store::Migration> PassLog::Migrations() { return passlog::Migrations(); }

PassLog::PassLog(store::Database& db)
    : partitions_(std::make_unique<passlog::Partitions>(db)),
      client_ids_(std::make_unique<passlog::ClientIds>(db)),
      queries_(std::make_unique<passlog::Queries>(db, *partitions_)) {
  writer_ = std::make_unique<passlog::GroupWriter>(db, *partitions_, [&db, this] {
    if (Status s = passlog::MoveLegacyRecords(db, *partitions_); !s.ok())
      spdlog::error("{{\"event\":\"pass_legacy_move_failed\",\"error\":\"{}\"}}", s.message());
  });
}

PassLog::~PassLog() = default;  // the writer (declared last) stops first

void PassLog::Append(std::vector<PassRecord> records, Done done) {
  writer_->Append(std::move(records), std::move(done));
}

Result<AppendResult> PassLog::AppendAndWait(std::vector<PassRecord> records) {
  std::mutex m;
  std::condition_variable cv;
  std::optional<Result<AppendResult>> out;
  Append(std::move(records), [&](Result<AppendResult> r) {
    std::lock_guard lock(m);
    out.emplace(std::move(r));
    cv.notify_one();
  });
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return out.has_value(); });
  return std::move(*out);
}

PassLog::Stats PassLog::stats() const { return writer_->stats(); }

Result<std::vector<PassRecord>> PassLog::ForPerson(const std::string& person_id, int64_t from_ms,
                                                   int64_t to_ms, int limit) {
  return queries_->Select(true, person_id, from_ms, to_ms, limit);
}

Result<std::vector<PassRecord>> PassLog::ForPlace(const std::string& place_id, int64_t from_ms,
                                                  int64_t to_ms, int limit) {
  return queries_->Select(false, place_id, from_ms, to_ms, limit);
}

Status PassLog::Scan(int64_t from_ms, int64_t to_ms,
                     const std::function<void(const PassRecord&)>& fn, int64_t after_id) {
  return queries_->Scan(from_ms, to_ms, fn, after_id);
}

Result<int64_t> PassLog::PurgeBefore(int64_t before_ms) {
  OW_ASSIGN_OR_RETURN(int64_t purged, partitions_->PurgeBefore(before_ms));
  OW_RETURN_IF_ERROR(client_ids_->PurgeBefore(before_ms).status());
  return purged;
}

Result<int64_t> PassLog::Count() { return queries_->Count(); }

Result<std::vector<PlaceHourCount>> PassLog::PlaceDay(const std::string& place_id, int64_t day) {
  return queries_->PlaceDay(place_id, day);
}

Result<std::vector<CommunityCount>> PassLog::CommunitiesDay(const std::string& region_prefix,
                                                            int64_t day) {
  return queries_->CommunitiesDay(region_prefix, day);
}

}  // namespace ow::checkpoint
