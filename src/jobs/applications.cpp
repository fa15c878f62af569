// ApplicationService (see applications.h).
#include "jobs/applications.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "core/time.h"
#include "http/json.h"

namespace ow::jobs {

namespace json = boost::json;

namespace {

constexpr char kColumns[] =
    "a.id, a.posting_id, p.title, a.enterprise_id, a.person_id, a.status, a.version, a.resume, "
    "CASE WHEN a.attachment IS NULL THEN 0 ELSE 1 END, a.source, a.meeting_link, a.booking_id, "
    "a.interview_sequence, "
    "a.interview_start_ms, a.interview_end_ms, a.consent_at_ms, a.created_at_ms, "
    "a.updated_at_ms";
constexpr char kFrom[] = " FROM jobs_applications a JOIN jobs_postings p ON p.id = a.posting_id";

std::string ResumeAad(const std::string& person) { return "jobs-resume:" + person; }
std::string ApplicationAad(const std::string& id) { return "jobs-application:" + id; }

bool IsDateish(std::string_view s) {
  // JSON Resume dates: YYYY, YYYY-MM or YYYY-MM-DD.
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return false;
    } else if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}

const char* StatusZh(const std::string& s) {
  if (s == kShortlisted) return "已通过初筛";
  if (s == kInterview) return "邀请面试";
  if (s == kOffer) return "录用通知";
  if (s == kRejected) return "未通过";
  return "已投递";
}

const char* StatusEn(const std::string& s) {
  if (s == kShortlisted) return "shortlisted";
  if (s == kInterview) return "invited to an interview";
  if (s == kOffer) return "offered the job";
  if (s == kRejected) return "not selected";
  return "received";
}

// RFC 5545 TEXT escaping.
std::string IcsText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1).
std::string Fold(const std::string& line) {
  std::string out;
  size_t i = 0, width = 0;
  while (i < line.size()) {
    size_t n = 1;
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    if (width + n > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, n);
    width += n;
    i += n;
  }
  return out + "\r\n";
}

std::string IcsTime(int64_t ms) {
  // 20261204T093000Z
  const std::string t = FormatRfc3339(ms - ms % 1000);  // 2026-12-04T09:30:00Z
  std::string out;
  for (char c : t.substr(0, 19))
    if (c != '-' && c != ':') out += c;
  return out + "Z";
}

}  // namespace

bool AllowedMove(const std::string& from, const std::string& to) {
  if (to == kRejected) return from == kReceived || from == kShortlisted || from == kInterview;
  return (from == kReceived && to == kShortlisted) || (from == kShortlisted && to == kInterview) ||
         (from == kInterview && to == kOffer);
}

Result<json::object> ReadResume(const json::object& in, const std::string& base) {
  http::FieldReader f(in, base);
  f.RejectUnknown({"basics", "education", "work"});
  json::object out;
  if (const json::object* b = f.Object("basics", true)) {
    http::FieldReader g(*b, base + ".basics");
    g.RejectUnknown({"name", "label", "email", "phone", "summary", "location"});
    json::object basics;
    auto name = g.String("name", true, 100);
    if (name && name->empty()) g.Error(base + ".basics.name", "must not be empty", "empty");
    if (name) basics["name"] = *name;
    for (const char* k : {"label", "email", "phone"})
      if (auto v = g.String(k, false, 100)) basics[k] = *v;
    if (auto v = g.String("summary", false, 2000, http::TextKind::kLines)) basics["summary"] = *v;
    if (auto it = basics.find("email");
        it != basics.end() && it->value().as_string().find('@') == json::string::npos)
      g.Error(base + ".basics.email", "must be an e-mail address", "bad_email");
    if (const json::object* loc = g.Object("location", false)) {
      http::FieldReader l(*loc, base + ".basics.location");
      l.RejectUnknown({"city", "region", "countryCode"});
      json::object location;
      for (const char* k : {"city", "region", "countryCode"})
        if (auto v = l.String(k, false, 60)) location[k] = *v;
      for (auto& e : l.errors()) g.errors().push_back(e);
      basics["location"] = std::move(location);
    }
    for (auto& e : g.errors()) f.errors().push_back(e);
    out["basics"] = std::move(basics);
  }
  auto list = [&](const char* key, std::initializer_list<std::string_view> fields,
                  const char* required) {
    json::array items;
    if (const json::array* arr = f.Array(key, false)) {
      if (arr->size() > 30) f.Error(f.Path(key), "at most 30 entries", "too_many");
      for (size_t i = 0; i < arr->size() && i < 30; ++i) {
        const std::string path = f.Path(key) + "[" + std::to_string(i) + "]";
        if (!(*arr)[i].is_object()) {
          f.Error(path, "must be an object", "type");
          continue;
        }
        http::FieldReader e((*arr)[i].as_object(), path);
        e.RejectUnknown(fields);
        json::object item;
        for (std::string_view k : fields) {
          const bool long_text = k == "summary";
          auto v = e.String(k, k == required, long_text ? 2000 : 200,
                            long_text ? http::TextKind::kLines : http::TextKind::kLine);
          if (!v) continue;
          if ((k == "startDate" || k == "endDate") && !IsDateish(*v))
            e.Error(path + "." + std::string(k), "must be YYYY, YYYY-MM or YYYY-MM-DD", "bad_date");
          item[k] = *v;
        }
        for (auto& x : e.errors()) f.errors().push_back(x);
        items.push_back(std::move(item));
      }
    }
    out[key] = std::move(items);
  };
  list("education", {"institution", "area", "studyType", "startDate", "endDate"}, "institution");
  list("work", {"name", "position", "startDate", "endDate", "summary"}, "name");
  OW_RETURN_IF_ERROR(f.status("the résumé is invalid"));
  return out;
}

ApplicationService::ApplicationService(store::Database& db, const Clock& clock,
                                       const crypto::KeyRing& keys, PostingService& postings,
                                       identity::IdentityService& identity, audit::AuditLog& audit,
                                       community::Inbox& inbox,
                                       scheduling::ScheduleService& schedules,
                                       scheduling::BookingService& bookings, JobsOptions options)
    : db_(db),
      clock_(clock),
      keys_(keys),
      token_key_(crypto::KeyedHash(keys.token_key(), "purpose:jobs-scan-token")),
      postings_(postings),
      identity_(identity),
      audit_(audit),
      inbox_(inbox),
      schedules_(schedules),
      bookings_(bookings),
      options_(options) {}

std::string ApplicationService::ScanToken(const std::string& posting_id) const {
  const std::string body =
      posting_id + "." +
      std::to_string(clock_.NowMillis() / 1000 + options_.scan_token_ttl_seconds);
  return body + "." + crypto::Base64UrlEncode(crypto::KeyedHash(token_key_, body).substr(0, 16));
}

Status ApplicationService::CheckScanToken(const std::string& posting_id,
                                          const std::string& token) const {
  auto bad = [](const char* code, const char* msg) {
    return Status::Invalid(msg, {{"$.token", msg, code}});
  };
  const size_t b = token.rfind('.');
  if (b == std::string::npos) return bad(kTokenInvalid, "the scan token is malformed");
  const std::string body = token.substr(0, b);
  const std::string mac =
      crypto::Base64UrlEncode(crypto::KeyedHash(token_key_, body).substr(0, 16));
  if (!crypto::Equal(mac, token.substr(b + 1)))
    return bad(kTokenInvalid, "the scan token is not valid");
  const size_t a = body.rfind('.');
  if (a == std::string::npos || body.substr(0, a) != posting_id)
    return bad(kTokenInvalid, "the scan token is for another posting");
  int64_t expires = 0;
  try {
    expires = std::stoll(body.substr(a + 1));
  } catch (...) {
    return bad(kTokenInvalid, "the scan token is malformed");
  }
  if (clock_.NowMillis() / 1000 >= expires)
    return bad(kTokenExpired, "the scan token has expired; scan the poster again");
  return Status::Ok();
}

Result<json::object> ApplicationService::Resume(const std::string& person_id, bool* stored) {
  OW_ASSIGN_OR_RETURN(
      auto rows, db_.Query("SELECT resume FROM jobs_resumes WHERE person_id = ?", {person_id}));
  if (!rows.empty()) {
    OW_ASSIGN_OR_RETURN(std::string text,
                        crypto::Open(keys_.data_key(), rows[0].Bytes(0), ResumeAad(person_id)));
    if (stored) *stored = true;
    return json::parse(text).as_object();
  }
  if (stored) *stored = false;
  // Prefilled from the real-name profile: the name, the phone if any, the region.
  OW_ASSIGN_OR_RETURN(identity::Profile prof, identity_.GetOwnProfile(person_id));
  json::object basics{{"name", prof.name}};
  if (prof.phone && !prof.phone->empty()) basics["phone"] = *prof.phone;
  basics["location"] = {{"region", prof.summary.region}, {"countryCode", "CN"}};
  return json::object{
      {"basics", std::move(basics)}, {"education", json::array{}}, {"work", json::array{}}};
}

Status ApplicationService::SaveResume(const std::string& person_id, const json::object& resume) {
  const std::string sealed =
      crypto::Seal(keys_.data_key(), json::serialize(resume), ResumeAad(person_id));
  return db_
      .Exec(
          "INSERT INTO jobs_resumes (person_id, resume, updated_at_ms) VALUES (?, ?, ?) ON "
          "CONFLICT (person_id) DO UPDATE SET resume = excluded.resume, updated_at_ms = "
          "excluded.updated_at_ms",
          {person_id, store::Blob{sealed}, clock_.NowMillis()})
      .status();
}

Result<JobApplication> ApplicationService::Load(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      auto rows, db_.Query(std::string("SELECT ") + kColumns + kFrom + " WHERE a.id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no job application " + id);
  const store::Row& r = rows[0];
  JobApplication a;
  a.id = r.Text(0);
  a.posting_id = r.Text(1);
  a.posting_title = r.Text(2);
  a.enterprise_id = r.Text(3);
  a.person_id = r.Text(4);
  a.status = r.Text(5);
  a.version = r.Int(6);
  if (!r.IsNull(7) && !r.Bytes(7).empty()) {
    OW_ASSIGN_OR_RETURN(std::string text,
                        crypto::Open(keys_.data_key(), r.Bytes(7), ApplicationAad(a.id)));
    a.resume = json::parse(text).as_object();
  }
  a.has_attachment = r.Int(8) != 0;
  a.source = r.Text(9);
  a.meeting_link = r.Text(10);
  a.booking_id = r.Text(11);
  a.interview_sequence = r.Int(12);
  a.interview_start_ms = r.Int(13);
  a.interview_end_ms = r.Int(14);
  a.consent_at_ms = r.Int(15);
  a.created_at_ms = r.Int(16);
  a.updated_at_ms = r.Int(17);
  return a;
}

Result<JobApplication> ApplicationService::Apply(const Principal& p, const std::string& posting_id,
                                                 const ApplyInput& in) {
  OW_ASSIGN_OR_RETURN(Posting posting, postings_.GetPublic(posting_id));
  if (!in.token.empty()) OW_RETURN_IF_ERROR(CheckScanToken(posting_id, in.token));
  if (!in.consent)
    return Status::Invalid("consent to share the résumé with the employer is required",
                           {{"$.consent",
                             "须同意向该企业提供简历 / you must agree to share your résumé with " +
                                 posting.enterprise_name,
                             kConsentRequired}});
  json::object resume;
  if (in.resume) {
    resume = *in.resume;
    OW_RETURN_IF_ERROR(SaveResume(p.person_id, resume));  // kept for later applications
  } else {
    OW_ASSIGN_OR_RETURN(resume, Resume(p.person_id));
  }
  const int64_t now = clock_.NowMillis();
  const std::string id = crypto::NewId();
  const std::string sealed =
      crypto::Seal(keys_.data_key(), json::serialize(resume), ApplicationAad(id));
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    auto dup = tx.Query(
        "SELECT id FROM jobs_applications WHERE posting_id = ? AND person_id = ? AND status <> ?",
        {posting_id, p.person_id, std::string(kWithdrawn)});
    if (!dup.ok()) return dup.status();
    if (!dup->empty())
      return Status::Conflict("you have already applied for this job (application " +
                              dup->front().Text(0) + ")");
    OW_RETURN_IF_ERROR(
        tx.Exec(
              "INSERT INTO jobs_applications (id, posting_id, enterprise_id, person_id, status, "
              "version, resume, source, meeting_link, booking_id, interview_sequence, "
              "interview_start_ms, interview_end_ms, consent_at_ms, created_at_ms, "
              "updated_at_ms) VALUES (?, ?, ?, ?, ?, 1, ?, ?, '', '', 0, 0, 0, ?, ?, ?)",
              {id, posting_id, posting.in.enterprise_id, p.person_id, std::string(kReceived),
               store::Blob{sealed}, std::string(in.token.empty() ? "web" : "scan"), now, now, now})
            .status());
    return inbox_.Post(
        tx, p.person_id,
        {"job", "简历已投递：" + posting.in.title, "Application sent: " + posting.in.title,
         "您已同意向" + posting.enterprise_name + "提供简历，可随时撤回。",
         "You agreed to share your résumé with " + posting.enterprise_name +
             "; you may withdraw at any time.",
         "/jobs/applications/" + id});
  });
  if (!s.ok()) {
    // The partial unique index is the guarantee when two requests race.
    if (s.code() == Code::kConflict ||
        s.message().find("jobs_applications_live") != std::string::npos)
      return Status::Conflict(std::string(s.message()));
    return s;
  }
  return Load(id);
}

Result<JobApplication> ApplicationService::Own(const Principal& p, const std::string& id) {
  auto a = Load(id);
  if (!a.ok() || a->person_id != p.person_id) return Status::NotFound("no job application " + id);
  return a;
}

Result<std::vector<JobApplication>> ApplicationService::Mine(const Principal& p) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id FROM jobs_applications WHERE person_id = ? "
                                           "ORDER BY created_at_ms DESC LIMIT 200",
                                           {p.person_id}));
  std::vector<JobApplication> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(JobApplication a, Load(r.Text(0)));
    out.push_back(std::move(a));
  }
  return out;
}

Result<JobApplication> ApplicationService::Withdraw(const Principal& p, const std::string& id) {
  OW_ASSIGN_OR_RETURN(JobApplication a, Own(p, id));
  if (a.status == kWithdrawn) return a;
  // The résumé snapshot and the attachment are erased at once; the employer's reads find
  // nothing from now on.
  OW_ASSIGN_OR_RETURN(int64_t n, db_.Exec("UPDATE jobs_applications SET status = ?, version = "
                                          "version + 1, resume = NULL, attachment = NULL, "
                                          "updated_at_ms = ? WHERE id = ? AND person_id = ? AND "
                                          "status <> ?",
                                          {std::string(kWithdrawn), clock_.NowMillis(), id,
                                           p.person_id, std::string(kWithdrawn)}));
  (void)n;
  if (!a.booking_id.empty()) (void)bookings_.Cancel(a.booking_id, a.person_id);
  return Load(id);
}

Status ApplicationService::AttachPdf(const Principal& p, const std::string& id,
                                     const std::string& bytes) {
  OW_ASSIGN_OR_RETURN(JobApplication a, Own(p, id));
  if (a.status == kWithdrawn) return Status::NotFound("no job application " + id);
  if (bytes.size() > options_.max_attachment_bytes)
    return Status::Invalid("the attachment is too large", {{"$", "at most 5 MiB", "too_large"}});
  if (!bytes.starts_with("%PDF-"))
    return Status::Invalid("the attachment is not a PDF",
                           {{"$", "must be a PDF document", "not_pdf"}});
  return db_
      .Exec("UPDATE jobs_applications SET attachment = ?, updated_at_ms = ? WHERE id = ?",
            {store::Blob{crypto::Seal(keys_.data_key(), bytes, ApplicationAad(id) + ":pdf")},
             clock_.NowMillis(), id})
      .status();
}

Result<std::string> ApplicationService::Attachment(const Principal& p, const std::string& id) {
  auto a = Load(id);
  if (!a.ok() || a->status == kWithdrawn) return Status::NotFound("no job application " + id);
  if (a->person_id != p.person_id) {
    OW_ASSIGN_OR_RETURN(Posting posting, postings_.Get(a->posting_id));
    if (!postings_.CanManage(p, posting)) return Status::NotFound("no job application " + id);
    OW_RETURN_IF_ERROR(AuditRead(p, *a, "attachment"));
  }
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT attachment FROM jobs_applications WHERE id = ?", {id}));
  if (rows.empty() || rows[0].IsNull(0)) return Status::NotFound("no attachment");
  return crypto::Open(keys_.data_key(), rows[0].Bytes(0), ApplicationAad(id) + ":pdf");
}

Status ApplicationService::AuditRead(const Principal& p, const JobApplication& a,
                                     const std::string& what) {
  return audit_.Append({p.person_id, "jobs.application.read", a.person_id, what,
                        "employer " + a.enterprise_id + " reviewing application " + a.id +
                            " for posting " + a.posting_id,
                        ""});
}

json::object ApplicationService::EmployerView(const JobApplication& a) {
  json::object o{{"id", a.id},
                 {"posting_id", a.posting_id},
                 {"status", a.status},
                 {"version", a.version},
                 {"source", a.source},
                 {"has_attachment", a.has_attachment},
                 {"applied_at", FormatRfc3339(a.created_at_ms)}};
  json::object resume = a.resume;
  auto who = identity_.GetSummary(a.person_id);
  const bool revealed = a.status == kInterview || a.status == kOffer;
  json::object applicant;
  if (who.ok()) {
    applicant["masked_name"] = who->masked_name;
    applicant["masked_id"] = who->masked_id;
  }
  if (!revealed) {
    // Until an interview is agreed: the masked name only, no contact details.
    if (auto* b = resume.if_contains("basics"); b && b->is_object()) {
      json::object& basics = b->as_object();
      if (who.ok()) basics["name"] = who->masked_name;
      basics.erase("phone");
      basics.erase("email");
    }
  }
  applicant["revealed"] = revealed;
  o["applicant"] = std::move(applicant);
  o["resume"] = std::move(resume);
  if (!a.booking_id.empty()) {
    o["interview"] = {{"start", FormatRfc3339(a.interview_start_ms)},
                      {"end", FormatRfc3339(a.interview_end_ms)},
                      {"sequence", a.interview_sequence}};
  }
  if (!a.meeting_link.empty()) o["meeting_link"] = a.meeting_link;
  return o;
}

Result<JobApplication> ApplicationService::LoadForEmployer(const Principal& p,
                                                           const std::string& id) {
  auto a = Load(id);
  if (!a.ok() || a->status == kWithdrawn) return Status::NotFound("no job application " + id);
  OW_ASSIGN_OR_RETURN(Posting posting, postings_.Get(a->posting_id));
  if (!postings_.CanManage(p, posting)) return Status::NotFound("no job application " + id);
  return a;
}

Result<std::vector<json::object>> ApplicationService::ForPosting(const Principal& p,
                                                                 const std::string& posting_id) {
  OW_ASSIGN_OR_RETURN(Posting posting, postings_.Get(posting_id));
  if (!postings_.CanManage(p, posting))
    return Status::Forbidden("only the enterprise's people see its applications");
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id FROM jobs_applications WHERE posting_id = ? "
                                           "AND status <> ? ORDER BY created_at_ms, id LIMIT 500",
                                           {posting_id, std::string(kWithdrawn)}));
  std::vector<json::object> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(JobApplication a, Load(r.Text(0)));
    OW_RETURN_IF_ERROR(AuditRead(p, a, "resume"));
    out.push_back(EmployerView(a));
  }
  return out;
}

Result<json::object> ApplicationService::ForEmployer(const Principal& p, const std::string& id) {
  OW_ASSIGN_OR_RETURN(JobApplication a, LoadForEmployer(p, id));
  OW_RETURN_IF_ERROR(AuditRead(p, a, "resume"));
  return EmployerView(a);
}

Result<json::object> ApplicationService::Move(const Principal& p, const std::string& id,
                                              const std::string& to, int64_t version,
                                              const std::string& meeting_link) {
  OW_ASSIGN_OR_RETURN(JobApplication a, LoadForEmployer(p, id));
  if (!AllowedMove(a.status, to))
    return Status::Invalid(
        "the move is not allowed",
        {{"$.to", "cannot move from " + a.status + " to " + to, kBadTransition}});
  const int64_t now = clock_.NowMillis();
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec("UPDATE jobs_applications SET status = ?, version = version + 1, meeting_link = "
                "CASE WHEN ? <> '' THEN ? ELSE meeting_link END, updated_at_ms = ? WHERE id = ? "
                "AND version = ? AND status = ?",
                {to, meeting_link, meeting_link, now, id, version, a.status}));
    if (n != 1) {
      Status c = Status::Conflict("the application has changed since version " +
                                  std::to_string(version) + "; reload it");
      return c;
    }
    std::string body_zh =
        std::string("您投递的“") + a.posting_title + "”状态更新为：" + StatusZh(to) + "。";
    std::string body_en =
        "Your application for \"" + a.posting_title + "\" is now " + StatusEn(to) + ".";
    if (to == kInterview) {
      body_zh += "请选择面试时间。";
      body_en += " Please pick an interview time.";
    }
    return inbox_.Post(tx, a.person_id,
                       {"job", std::string("求职进度：") + StatusZh(to),
                        std::string("Job application: ") + StatusEn(to), body_zh, body_en,
                        "/jobs/applications/" + id});
  });
  if (!s.ok()) return s;
  OW_ASSIGN_OR_RETURN(JobApplication moved, Load(id));
  OW_RETURN_IF_ERROR(AuditRead(p, moved, "resume"));
  return EmployerView(moved);
}

Result<std::string> ApplicationService::InterviewSchedule(const std::string& posting_id,
                                                          bool create) {
  OW_ASSIGN_OR_RETURN(auto list, schedules_.ByOwner(ScheduleOwner(posting_id)));
  for (const auto& s : list)
    if (s.spec.owner == ScheduleOwner(posting_id)) return s.id;
  if (!create) return std::string();
  scheduling::ScheduleSpec spec;
  spec.owner = ScheduleOwner(posting_id);
  spec.realm = kJobsRealm;
  spec.name = "interviews of posting " + posting_id;
  spec.slot_minutes = 30;
  spec.capacity = 1;
  OW_ASSIGN_OR_RETURN(scheduling::Schedule s, schedules_.Create(spec));
  return s.id;
}

Result<scheduling::Slot> ApplicationService::AddInterviewSlot(const Principal& p,
                                                              const std::string& posting_id,
                                                              int64_t start_ms, int64_t end_ms,
                                                              int capacity) {
  OW_ASSIGN_OR_RETURN(Posting posting, postings_.Get(posting_id));
  if (!postings_.CanManage(p, posting))
    return Status::Forbidden("only the enterprise's people publish interview slots");
  OW_ASSIGN_OR_RETURN(std::string schedule, InterviewSchedule(posting_id, true));
  return schedules_.AddSlot(schedule, start_ms, end_ms, capacity);
}

Result<std::vector<scheduling::Slot>> ApplicationService::InterviewSlots(
    const Principal& p, const std::string& posting_id) {
  OW_ASSIGN_OR_RETURN(Posting posting, postings_.Get(posting_id));
  if (!postings_.CanManage(p, posting)) {
    OW_ASSIGN_OR_RETURN(auto rows,
                        db_.Query("SELECT 1 FROM jobs_applications WHERE posting_id = ? AND "
                                  "person_id = ? AND status = ?",
                                  {posting_id, p.person_id, std::string(kInterview)}));
    if (rows.empty())
      return Status::Forbidden("interview slots are shown to applicants invited to an interview");
  }
  OW_ASSIGN_OR_RETURN(std::string schedule, InterviewSchedule(posting_id, false));
  std::vector<scheduling::Slot> out;
  if (schedule.empty()) return out;
  const int64_t today = DaysFromCivil(ShanghaiDate(clock_.NowMillis()));
  for (int64_t d = today; d <= today + 60; ++d) {
    OW_ASSIGN_OR_RETURN(auto slots, schedules_.Slots({schedule}, FormatDate(CivilFromDays(d))));
    for (auto& s : slots) out.push_back(std::move(s));
  }
  return out;
}

Result<JobApplication> ApplicationService::BookInterview(const Principal& p, const std::string& id,
                                                         const std::string& slot_id) {
  OW_ASSIGN_OR_RETURN(JobApplication a, Own(p, id));
  if (a.status != kInterview)
    return Status::Conflict("an interview time is picked once the employer invites you");
  OW_ASSIGN_OR_RETURN(scheduling::Slot slot, schedules_.GetSlot(slot_id));
  if (slot.owner != ScheduleOwner(a.posting_id))
    return Status::Invalid("not an interview slot of this job",
                           {{"$.slot_id", "is not a slot of this posting", "unknown_slot"}});
  if (slot.id == "" || (!a.booking_id.empty() && a.booking_id == slot.id)) return a;
  // The new place first (capacity is the scheduling module's, in the database), then the old
  // one is given back: a refused move keeps the current interview.
  OW_ASSIGN_OR_RETURN(
      scheduling::Booking b,
      bookings_.Book({.slot_id = slot_id, .person = p.person_id, .hold_id = "", .limit_key = ""}));
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE jobs_applications SET booking_id = ?, interview_sequence = "
                           "interview_sequence + CASE WHEN booking_id = '' THEN 0 ELSE 1 END, "
                           "interview_start_ms = ?, interview_end_ms = ?, version = version + 1, "
                           "updated_at_ms = ? WHERE id = ? AND version = ? AND status = ?",
                           {b.id, b.start_ms, b.end_ms, clock_.NowMillis(), id, a.version,
                            std::string(kInterview)}));
    if (n != 1) return Status::Conflict("the application changed meanwhile; try again");
    return Status::Ok();
  });
  if (!s.ok()) {
    (void)bookings_.Cancel(b.id, p.person_id);
    return s;
  }
  if (!a.booking_id.empty()) (void)bookings_.Cancel(a.booking_id, p.person_id);
  return Load(id);
}

Result<std::string> ApplicationService::InterviewCalendar(const Principal& p,
                                                          const std::string& id) {
  auto own = Own(p, id);
  JobApplication a;
  if (own.ok()) {
    a = *own;
  } else {
    OW_ASSIGN_OR_RETURN(a, LoadForEmployer(p, id));
  }
  if (a.booking_id.empty()) return Status::NotFound("no interview booked for application " + id);
  OW_ASSIGN_OR_RETURN(Posting posting, postings_.Get(a.posting_id));
  InterviewEvent e;
  e.uid = "job-application-" + a.id + "@onewindow";
  e.sequence = a.interview_sequence;
  e.stamp_ms = a.updated_at_ms;
  e.start_ms = a.interview_start_ms;
  e.end_ms = a.interview_end_ms;
  e.summary = "面试 Interview: " + posting.in.title + " – " + posting.enterprise_name;
  e.description = "一网通办招聘面试邀请 Interview invitation (OneWindow Jobs).";
  if (!a.meeting_link.empty()) {
    e.location = a.meeting_link;
    e.url = a.meeting_link;
    e.description += "\n线上面试链接 Online meeting: " + a.meeting_link;
  } else {
    e.location = posting.in.locality + posting.in.street_address;
  }
  e.cancelled = a.status == kWithdrawn || a.status == kRejected;
  return InterviewIcs(e);
}

std::string InterviewIcs(const InterviewEvent& e) {
  std::string out;
  out += "BEGIN:VCALENDAR\r\n";
  out += "VERSION:2.0\r\n";
  out += "PRODID:-//OneWindow//Jobs//ZH-CN\r\n";
  out += "CALSCALE:GREGORIAN\r\n";
  out += "METHOD:REQUEST\r\n";
  out += "BEGIN:VEVENT\r\n";
  out += Fold("UID:" + IcsText(e.uid));
  out += "SEQUENCE:" + std::to_string(e.sequence) + "\r\n";
  out += "DTSTAMP:" + IcsTime(e.stamp_ms) + "\r\n";
  out += "DTSTART:" + IcsTime(e.start_ms) + "\r\n";
  out += "DTEND:" + IcsTime(e.end_ms) + "\r\n";
  out += Fold("SUMMARY:" + IcsText(e.summary));
  out += Fold("DESCRIPTION:" + IcsText(e.description));
  if (!e.location.empty()) out += Fold("LOCATION:" + IcsText(e.location));
  if (!e.url.empty()) out += Fold("URL:" + e.url);
  out += std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED") + "\r\n";
  out += "END:VEVENT\r\n";
  out += "END:VCALENDAR\r\n";
  return out;
}

Result<int64_t> ApplicationService::Purge() {
  const int64_t cutoff = clock_.NowMillis() - int64_t{options_.retention_days} * 24 * 3600 * 1000;
  int64_t total = 0;
  OW_ASSIGN_OR_RETURN(int64_t a,
                      db_.Exec("DELETE FROM jobs_applications WHERE updated_at_ms < ?", {cutoff}));
  OW_ASSIGN_OR_RETURN(int64_t r,
                      db_.Exec("DELETE FROM jobs_resumes WHERE updated_at_ms < ?", {cutoff}));
  total = a + r;
  return total;
}

json::object ApplicationJson(const JobApplication& a) {
  json::object o{{"id", a.id},
                 {"posting_id", a.posting_id},
                 {"posting_title", a.posting_title},
                 {"status", a.status},
                 {"version", a.version},
                 {"source", a.source},
                 {"has_attachment", a.has_attachment},
                 {"consent_at", FormatRfc3339(a.consent_at_ms)},
                 {"applied_at", FormatRfc3339(a.created_at_ms)}};
  if (a.status != kWithdrawn) o["resume"] = a.resume;
  if (!a.booking_id.empty())
    o["interview"] = {{"start", FormatRfc3339(a.interview_start_ms)},
                      {"end", FormatRfc3339(a.interview_end_ms)},
                      {"sequence", a.interview_sequence}};
  if (!a.meeting_link.empty()) o["meeting_link"] = a.meeting_link;
  return o;
}

std::vector<store::Migration> ApplicationService::Migrations() {
  return {{.module = "jobs", .version = 2, .name = "résumés and applications", .sql = R"SQL(
CREATE TABLE jobs_resumes (
  person_id TEXT PRIMARY KEY,
  resume {blob} NOT NULL,
  updated_at_ms {bigint} NOT NULL
);
CREATE INDEX jobs_resumes_updated ON jobs_resumes (updated_at_ms);
CREATE TABLE jobs_applications (
  id TEXT PRIMARY KEY,
  posting_id TEXT NOT NULL,
  enterprise_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  status TEXT NOT NULL,
  version {bigint} NOT NULL,
  resume {blob},
  attachment {blob},
  source TEXT NOT NULL,
  meeting_link TEXT NOT NULL,
  booking_id TEXT NOT NULL,
  interview_sequence {bigint} NOT NULL,
  interview_start_ms {bigint} NOT NULL,
  interview_end_ms {bigint} NOT NULL,
  consent_at_ms {bigint} NOT NULL,
  created_at_ms {bigint} NOT NULL,
  updated_at_ms {bigint} NOT NULL
);
CREATE UNIQUE INDEX jobs_applications_live ON jobs_applications (posting_id, person_id)
  WHERE status <> 'withdrawn';
CREATE INDEX jobs_applications_person ON jobs_applications (person_id, created_at_ms);
CREATE INDEX jobs_applications_updated ON jobs_applications (updated_at_ms)
)SQL"}};
}

}  // namespace ow::jobs
