// PostingService (see postings.h).
#include "jobs/postings.h"

#include <algorithm>
#include <cstdint>

#include "core/time.h"
#include "crypto/crypto.h"
#include "jobs/search_terms.h"

namespace ow::jobs {

namespace {

constexpr char kColumns[] =
    "id, enterprise_id, enterprise_name, credit_code, title, description, region, locality, "
    "street_address, postal_code, employment_type, salary_min, salary_max, openings, "
    "valid_through, valid_through_ms, status, registry_status, created_by, created_at_ms";

Posting FromRow(const store::Row& r) {
  Posting p;
  p.id = r.Text(0);
  p.in.enterprise_id = r.Text(1);
  p.enterprise_name = r.Text(2);
  p.credit_code = r.Text(3);
  p.in.title = r.Text(4);
  p.in.description = r.Text(5);
  p.in.region = r.Text(6);
  p.in.locality = r.Text(7);
  p.in.street_address = r.Text(8);
  p.in.postal_code = r.Text(9);
  p.in.employment_type = r.Text(10);
  p.in.salary_min = r.Int(11);
  p.in.salary_max = r.Int(12);
  p.in.openings = r.Int(13);
  p.in.valid_through = r.Text(14);
  p.valid_through_ms = r.Int(15);
  p.status = r.Text(16);
  p.registry_status = r.Text(17);
  p.created_by = r.Text(18);
  p.created_at_ms = r.Int(19);
  return p;
}

// "330106" -> the column and value of the narrowest prefix it names.
std::pair<const char*, std::string> RegionFilter(const std::string& region) {
  std::string r = region;
  if (r.size() == 6 && r.ends_with("0000")) r = r.substr(0, 2);
  if (r.size() == 6 && r.ends_with("00")) r = r.substr(0, 4);
  if (r.size() == 2) return {"region2", r};
  if (r.size() == 4) return {"region4", r};
  return {"region", r};
}

}  // namespace

const std::vector<std::string>& EmploymentTypes() {
  static const std::vector<std::string> kTypes = {"FULL_TIME", "PART_TIME", "CONTRACTOR",
                                                  "TEMPORARY", "INTERN",    "VOLUNTEER",
                                                  "PER_DIEM",  "OTHER"};
  return kTypes;
}

bool IsEmploymentType(const std::string& t) {
  const auto& all = EmploymentTypes();
  return std::find(all.begin(), all.end(), t) != all.end();
}

int64_t EndOfShanghaiDay(const Date& d) {
  return ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil(d) + 1));
}

PostingService::PostingService(store::Database& db, const Clock& clock,
                               identity::EnterpriseService& enterprises,
                               EnterpriseRegistry* registry)
    : db_(db), clock_(clock), enterprises_(enterprises), registry_(registry) {}

bool PostingService::CanManage(const Principal& p, const Posting& posting) {
  return enterprises_.CanActFor(p.person_id, posting.in.enterprise_id).ok();
}

Result<Posting> PostingService::Create(const Principal& p, const NewPosting& in) {
  if (!enterprises_.CanActFor(p.person_id, in.enterprise_id).ok())
    return Status::Forbidden("only the enterprise's legal representative or agents may post");
  OW_ASSIGN_OR_RETURN(identity::Enterprise ent, enterprises_.Get(in.enterprise_id));
  Posting out;
  out.registry_status = "unchecked";
  if (registry_ != nullptr) {
    // Asked outside any transaction (a network call).
    auto st = registry_->Lookup(ent.credit_code);
    if (!st.ok()) {
      if (st.status().code() == Code::kNotFound)
        return Status::Invalid(
            "the market regulator has no registration of this enterprise",
            {{"$.enterprise_id", "市场监管部门无此企业登记信息 / not in the business registry",
              kEnterpriseUnknown}});
      return st.status();
    }
    if (st->status == "deregistered")
      return Status::Invalid(
          "the market regulator shows this enterprise as deregistered",
          {{"$.enterprise_id", "企业已注销，不能发布招聘 / the enterprise is deregistered",
            kEnterpriseDeregistered}});
    out.registry_status = st->status;
  }
  const int64_t now = clock_.NowMillis();
  auto date = ParseDate(in.valid_through);
  if (!date)
    return Status::Invalid("bad date", {{"$.valid_through", "must be YYYY-MM-DD", "bad_date"}});
  out.id = crypto::NewId();
  out.in = in;
  out.enterprise_name = ent.name;
  out.credit_code = ent.credit_code;
  out.status = "open";
  out.valid_through_ms = EndOfShanghaiDay(*date);
  out.created_by = p.person_id;
  out.created_at_ms = now;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) { return InsertRaw(tx, out); }));
  return out;
}

const std::vector<std::string_view>& PostingService::RowColumns() {
  static const std::vector<std::string_view> kColumns = {"id",
                                                         "enterprise_id",
                                                         "enterprise_name",
                                                         "credit_code",
                                                         "title",
                                                         "description",
                                                         "region",
                                                         "region2",
                                                         "region4",
                                                         "locality",
                                                         "street_address",
                                                         "postal_code",
                                                         "employment_type",
                                                         "salary_min",
                                                         "salary_max",
                                                         "openings",
                                                         "valid_through",
                                                         "valid_through_ms",
                                                         "status",
                                                         "registry_status",
                                                         "created_by",
                                                         "created_at_ms"};
  return kColumns;
}

std::vector<store::Value> PostingService::RowValues(const Posting& p) {
  const std::string& r = p.in.region;
  return {p.id,
          p.in.enterprise_id,
          p.enterprise_name,
          p.credit_code,
          p.in.title,
          p.in.description,
          r,
          r.substr(0, 2),
          r.substr(0, 4),
          p.in.locality,
          p.in.street_address,
          p.in.postal_code,
          p.in.employment_type,
          p.in.salary_min,
          p.in.salary_max,
          p.in.openings,
          p.in.valid_through,
          p.valid_through_ms,
          p.status,
          p.registry_status,
          p.created_by,
          p.created_at_ms};
}

Status PostingService::InsertRaw(store::Tx& tx, Posting& p) {
  if (p.id.empty()) p.id = crypto::NewId();
  static const std::string kInsert = [] {
    std::string cols, marks;
    for (std::string_view c : RowColumns()) {
      cols += (cols.empty() ? "" : ", ") + std::string(c);
      marks += marks.empty() ? "?" : ", ?";
    }
    return "INSERT INTO jobs_postings (" + cols + ") VALUES (" + marks + ")";
  }();
  OW_RETURN_IF_ERROR(tx.Exec(kInsert, RowValues(p)).status());
  for (const std::string& t : IndexTerms(p.in.title + "\n" + p.in.description))
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO jobs_terms (term, posting_id) VALUES (?, ?)", {t, p.id}).status());
  return Status::Ok();
}

Result<Posting> PostingService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query(std::string("SELECT ") + kColumns + " FROM jobs_postings WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no job posting " + id);
  return FromRow(rows[0]);
}

Result<Posting> PostingService::GetPublic(const std::string& id) {
  auto p = Get(id);
  if (!p.ok() || !p->Public(clock_.NowMillis()))
    return Status::NotFound("no open job posting " + id);
  return p;
}

Result<std::vector<Posting>> PostingService::ForEnterprise(const Principal& p,
                                                           const std::string& enterprise_id) {
  if (!enterprises_.CanActFor(p.person_id, enterprise_id).ok())
    return Status::Forbidden("only the enterprise's legal representative or agents may see this");
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query(std::string("SELECT ") + kColumns +
                                    " FROM jobs_postings WHERE enterprise_id = ? ORDER BY "
                                    "created_at_ms DESC, id DESC LIMIT 500",
                                {enterprise_id}));
  std::vector<Posting> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<Posting> PostingService::Close(const Principal& p, const std::string& id) {
  OW_ASSIGN_OR_RETURN(Posting posting, Get(id));
  if (!CanManage(p, posting)) return Status::NotFound("no job posting " + id);
  OW_RETURN_IF_ERROR(
      db_.Exec("UPDATE jobs_postings SET status = 'closed' WHERE id = ?", {id}).status());
  posting.status = "closed";
  return posting;
}

Result<SearchResult> PostingService::Search(const SearchQuery& q) {
  std::string where = " WHERE p.status = 'open' AND p.valid_through_ms > ?";
  std::vector<store::Value> params{clock_.NowMillis()};
  if (!q.region.empty()) {
    auto [column, value] = RegionFilter(q.region);
    where += std::string(" AND p.") + column + " = ?";
    params.emplace_back(value);
  }
  if (!q.type.empty()) {
    where += " AND p.employment_type = ?";
    params.emplace_back(q.type);
  }
  if (q.salary_min) {
    where += " AND p.salary_max >= ?";
    params.emplace_back(*q.salary_min);
  }
  // Keywords: the rarest term drives the query when few postings carry it (its posting list is
  // read once, through the primary key); every other term, and all of them when each is common,
  // is an existence probe per candidate on the (term, posting_id) key, so a common word costs
  // one index lookup per posting visited instead of materialising its whole posting list.
  std::vector<std::string> terms = QueryTerms(q.q);
  std::string from = " FROM jobs_postings p";
  if (!terms.empty()) {
    // Each term is counted only up to the rarest so far (a term reaching it is no rarer), so
    // after a rare word the common ones cost a few index entries each.
    size_t rarest = 0;
    int64_t rarest_n = driving_term_limit_ + 1;
    for (size_t i = 0; i < terms.size(); ++i) {
      OW_ASSIGN_OR_RETURN(auto n, db_.Query("SELECT COUNT(*) FROM (SELECT 1 FROM jobs_terms "
                                            "WHERE term = ? LIMIT ?) t",
                                            {terms[i], rarest_n}));
      const int64_t df = n.empty() ? 0 : n[0].Int(0);
      if (df == 0) return SearchResult{};  // a word no posting has: nothing matches
      if (df < rarest_n) rarest_n = df, rarest = i;
    }
    std::vector<store::Value> term_params;
    if (rarest_n <= driving_term_limit_) {
      from = " FROM jobs_terms d CROSS JOIN jobs_postings p";
      where += " AND d.term = ? AND p.id = d.posting_id";
      term_params.emplace_back(terms[rarest]);
    }
    for (size_t i = 0; i < terms.size(); ++i) {
      if (rarest_n <= driving_term_limit_ && i == rarest) continue;
      where += " AND EXISTS (SELECT 1 FROM jobs_terms t WHERE t.term = ? AND t.posting_id = p.id)";
      term_params.emplace_back(terms[i]);
    }
    params.insert(params.end(), term_params.begin(), term_params.end());
  }
  SearchResult out;
  std::vector<store::Value> count_params = params;
  count_params.emplace_back(kMaxCountedTotal + 1);
  OW_ASSIGN_OR_RETURN(
      auto count,
      db_.Query("SELECT COUNT(*) FROM (SELECT 1" + from + where + " LIMIT ?) c", count_params));
  out.total = count.empty() ? 0 : count[0].Int(0);
  if (out.total > kMaxCountedTotal) out.total = kMaxCountedTotal, out.total_exact = false;
  if (out.total == 0 || (out.total_exact && q.offset >= out.total)) return out;
  std::string cols;
  for (std::string_view c : {"id",
                             "enterprise_id",
                             "enterprise_name",
                             "credit_code",
                             "title",
                             "description",
                             "region",
                             "locality",
                             "street_address",
                             "postal_code",
                             "employment_type",
                             "salary_min",
                             "salary_max",
                             "openings",
                             "valid_through",
                             "valid_through_ms",
                             "status",
                             "registry_status",
                             "created_by",
                             "created_at_ms"})
    cols += (cols.empty() ? "p." : ", p.") + std::string(c);
  params.emplace_back(int64_t{q.limit});
  params.emplace_back(int64_t{q.offset});
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT " + cols + from + where +
                                               " ORDER BY p.created_at_ms DESC, p.id DESC "
                                               "LIMIT ? OFFSET ?",
                                           params));
  for (const auto& r : rows) out.postings.push_back(FromRow(r));
  return out;
}

std::vector<store::Migration> PostingService::Migrations() {
  return {{.module = "jobs", .version = 1, .name = "postings and their search terms", .sql = R"SQL(
CREATE TABLE jobs_postings (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL,
  enterprise_name TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  region TEXT NOT NULL,
  region2 TEXT NOT NULL,
  region4 TEXT NOT NULL,
  locality TEXT NOT NULL,
  street_address TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  employment_type TEXT NOT NULL,
  salary_min {bigint} NOT NULL,
  salary_max {bigint} NOT NULL,
  openings {bigint} NOT NULL,
  valid_through TEXT NOT NULL,
  valid_through_ms {bigint} NOT NULL,
  status TEXT NOT NULL,
  registry_status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL,
  CHECK (salary_min >= 0 AND salary_max >= salary_min),
  CHECK (openings >= 1)
);
CREATE INDEX jobs_postings_all ON jobs_postings (created_at_ms, valid_through_ms);
CREATE INDEX jobs_postings_region2 ON jobs_postings (region2, created_at_ms, valid_through_ms);
CREATE INDEX jobs_postings_region4 ON jobs_postings (region4, created_at_ms, valid_through_ms);
CREATE INDEX jobs_postings_region ON jobs_postings (region, created_at_ms, valid_through_ms);
CREATE INDEX jobs_postings_enterprise ON jobs_postings (enterprise_id, created_at_ms);
CREATE TABLE jobs_terms (
  term TEXT NOT NULL,
  posting_id TEXT NOT NULL,
  PRIMARY KEY (term, posting_id)
)
)SQL"}};
}

}  // namespace ow::jobs
