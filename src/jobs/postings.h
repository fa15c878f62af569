// PostingService: job postings (招聘岗位) by enterprises, and the public search.
//
// A person linked to an enterprise (legal representative or agent, identity::EnterpriseService)
// posts for it; the market regulator's registry is asked through the data exchange first and a
// posting of an enterprise it shows deregistered is refused (Invalid at $.enterprise_id, code
// "enterprise_deregistered"). Postings are public while open and valid: valid_through is a
// Shanghai date, the posting disappears at the end of that day by the injected Clock.
//
// The search is built for a million postings: region prefixes (province "33", city "3301",
// district "330106") are columns with an index each, ordered by posting time, and keywords go
// through the jobs_terms token table (search_terms.h), so it runs the same on SQLite and
// PostgreSQL. Module "jobs" (migrations: Migrations()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "core/time.h"
#include "identity/enterprise_service.h"
#include "jobs/registry_check.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::jobs {

// schema.org employmentType values accepted.
const std::vector<std::string>& EmploymentTypes();
bool IsEmploymentType(const std::string& t);

// Machine codes of refusals.
inline constexpr char kEnterpriseDeregistered[] = "enterprise_deregistered";
inline constexpr char kEnterpriseUnknown[] = "enterprise_not_registered";

// What an employer writes (validated by the route's reader).
struct NewPosting {
  std::string enterprise_id;
  std::string title;
  std::string description;
  std::string region;          // GB/T 2260 six-digit code of the workplace
  std::string locality;        // city / district name, e.g. 杭州市西湖区
  std::string street_address;  // e.g. 文三路 90 号
  std::string postal_code;     // six digits
  std::string employment_type;
  int64_t salary_min = 0;  // CNY per month
  int64_t salary_max = 0;
  int64_t openings = 1;
  std::string valid_through;  // YYYY-MM-DD (Shanghai), inclusive
};

struct Posting {
  std::string id;
  NewPosting in;
  std::string enterprise_name;
  std::string credit_code;
  std::string status;  // "open" | "closed"
  std::string registry_status;
  int64_t valid_through_ms = 0;  // end of the valid_through day (exclusive)
  std::string created_by;
  int64_t created_at_ms = 0;
  // Public: open and not expired at `now_ms`.
  bool Public(int64_t now_ms) const { return status == "open" && now_ms < valid_through_ms; }
};

struct SearchQuery {
  std::string region;  // "" | 2, 4 or 6 digits (a 6-digit code ending 00 / 0000 is a prefix)
  std::string q;
  std::string type;
  std::optional<int64_t> salary_min;  // postings whose salary_max reaches it
  int limit = 20;                     // 1..100
  int offset = 0;                     // 0..10000
};

struct SearchResult {
  std::vector<Posting> postings;
  // The number of matches, counted up to kMaxCountedTotal: beyond it `total` is that cap and
  // `total_exact` false (a page says "1,000+", and a broad query costs no full count).
  int64_t total = 0;
  bool total_exact = true;
};

// Matches counted exactly; more are reported as this many and "not exact".
inline constexpr int64_t kMaxCountedTotal = 1000;

// Limits.
inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxOffset = 10'000;

class PostingService {
 public:
  // `registry` null: no registry is configured and postings are not checked (the registry
  // status is recorded as "unchecked").
  PostingService(store::Database& db, const Clock& clock, identity::EnterpriseService& enterprises,
                 EnterpriseRegistry* registry);

  // Forbidden unless `p` may act for the enterprise; Invalid (kEnterpriseDeregistered /
  // kEnterpriseUnknown) per the registry; Unavailable when the registry cannot be asked.
  Result<Posting> Create(const Principal& p, const NewPosting& in);
  // Any posting (NotFound for an unknown id).
  Result<Posting> Get(const std::string& id);
  // A posting as the public sees it: NotFound when closed or expired.
  Result<Posting> GetPublic(const std::string& id);
  // The enterprise's postings (all states), newest first; Forbidden for non-members.
  Result<std::vector<Posting>> ForEnterprise(const Principal& p, const std::string& enterprise_id);
  // Closes a posting (members of its enterprise only; NotFound for others).
  Result<Posting> Close(const Principal& p, const std::string& id);
  // Whether `p` may act for the posting's enterprise.
  bool CanManage(const Principal& p, const Posting& posting);

  // Open, unexpired postings matching the query, newest first, with the total count.
  Result<SearchResult> Search(const SearchQuery& q);
  // A keyword carried by at most `n` postings drives the search from its posting list; more
  // common ones are probed per candidate (default 5,000; tests lower it to cover both plans).
  void set_driving_term_limit(int64_t n) { driving_term_limit_ = n; }

  // Inserts a posting as is (benchmark loading; no checks). `id` empty = a new id.
  static Status InsertRaw(store::Tx& tx, Posting& p);
  // The columns of a jobs_postings row, and a posting's values for them in that order (what
  // InsertRaw writes; bulk loaders write the same rows).
  static const std::vector<std::string_view>& RowColumns();
  static std::vector<store::Value> RowValues(const Posting& p);

  // Module "jobs", version 1: jobs_postings, jobs_terms.
  static std::vector<store::Migration> Migrations();

 private:
  store::Database& db_;
  const Clock& clock_;
  identity::EnterpriseService& enterprises_;
  EnterpriseRegistry* registry_;
  int64_t driving_term_limit_ = 5000;
};

// The end of a Shanghai day (the next midnight), for valid_through.
int64_t EndOfShanghaiDay(const Date& d);

}  // namespace ow::jobs
