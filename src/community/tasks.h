// TaskService: the work lists of community workers (社区网格员) — residents to contact, to
// quarantine or to test — created by contact tracing, risk areas and red/yellow colour
// changes, and marked done with a note. Workers see the tasks of residents in their regions;
// each list read is audited (it names residents, masked).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::community {

struct NewTask {
  std::string person_id;
  std::string region;                // the resident's region (decides which workers see it)
  std::string kind;                  // contact | quarantine | test
  std::string reason_zh, reason_en;  // never names a case
  std::string source;                // e.g. "trace:case:<id>", "risk_area:<id>", "colour:red"
};

struct Task {
  std::string id;
  NewTask spec;
  std::string masked_name;
  std::string status;  // open | done
  std::string note;
  std::string done_by;
  int64_t created_at_ms = 0;
  std::optional<int64_t> done_at_ms;
};

// How a worker can reach the resident of a task: what the resident gave at registration.
struct TaskContact {
  std::string task_id;
  std::string masked_name;
  std::optional<std::string> phone;
  std::optional<std::string> address;
};

class TaskService {
 public:
  TaskService(store::Database& db, const Clock& clock, identity::IdentityService& identity,
              audit::AuditLog& audit);

  // Creates an open task unless the person already has an open one of the same kind;
  // returns whether one was created.
  Result<bool> Create(store::Tx& tx, const NewTask& t);
  // Whether the person has any open task.
  Result<bool> HasOpen(store::Tx& tx, const std::string& person_id);

  // Tasks of residents in the principal's community_worker / health_official regions (admin:
  // all), newest first; status "" = any. Audited.
  Result<std::vector<Task>> List(const Principal& p, const std::string& status, int limit,
                                 const std::string& ip);
  // Marks a task done (Forbidden outside the worker's regions, Conflict when already done).
  Result<Task> Complete(const Principal& p, const std::string& task_id, const std::string& note);

  // The resident's phone and address for an open task, for a worker who may see it
  // (Forbidden outside the worker's regions, Conflict when the task is done). Each reveal of
  // something the resident gave is audited as a read of the resident's data, so it shows in
  // the resident's own data-use record.
  Result<TaskContact> RevealContact(const Principal& p, const std::string& task_id,
                                    const std::string& ip);

  static std::vector<store::Migration> Migrations();

 private:
  Result<Task> Get(const std::string& id);
  static bool CanSee(const Principal& p, const std::string& region);

  store::Database& db_;
  const Clock& clock_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
};

}  // namespace ow::community
