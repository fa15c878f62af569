// Application: composes one OneWindow node from its modules — database, clock, keys, audit,
// identity, and the HTTP router with every module's routes. `serve`, the admin commands and
// the integration tests all build the same Application.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/hall_extras.h"
#include "app/periodic_job.h"
#include "audit/audit.h"
#include "checkpoint/pass_log.h"
#include "checkpoint/places.h"
#include "checkpoint/retention.h"
#include "checkpoint/scan_service.h"
#include "checkpoint/stats.h"
#include "community/inbox.h"
#include "community/tasks.h"
#include "core/blocking_pool.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "exchange/consent_store.h"
#include "exchange/data_uses.h"
#include "exchange/disputes.h"
#include "exchange/gateway.h"
#include "exchange/log_stamper.h"
#include "exchange/message_log.h"
#include "exchange/registry.h"
#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "hall/licences.h"
#include "hall/ratings.h"
#include "hall/timers.h"
#include "healthcode/health_service.h"
#include "hospital/appointments.h"
#include "hospital/consultations.h"
#include "hospital/directory.h"
#include "hospital/prescriptions.h"
#include "hospital/records.h"
#include "http/dispatcher.h"
#include "http/metrics.h"
#include "http/router.h"
#include "identity/enterprise_service.h"
#include "identity/identity_service.h"
#include "issuance/issuer_service.h"
#include "jobs/applications.h"
#include "jobs/postings.h"
#include "jobs/registry_check.h"
#include "notices/notices.h"
#include "notices/portal.h"
#include "oidc/oidc_service.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/job_lease.h"
#include "store/migrations.h"
#include "trace/cases.h"
#include "trace/live_index.h"
#include "trace/risk_areas.h"

namespace ow::app {

struct AppConfig {
  std::string db_url = "sqlite:data/onewindow.db";
  std::string key_file = "data/master.key";
  std::string static_dir;       // built front end ("" = none)
  bool test_clock = false;      // enables POST /api/v1/test/clock
  bool secure_cookies = false;  // Secure, __Host- cookies and Strict-Transport-Security
  // The URL clients reach this installation at (OIDC issuer and endpoints); never taken from
  // a request's Host header. "" = http://127.0.0.1:<port> once the port is known.
  std::string public_url;
  identity::IdentityOptions identity;  // sessions, login throttling, rate limits
  bool migrate = true;                 // apply pending migrations on open
  int db_pool = 8;
  int db_query_timeout_ms = 10000;  // PostgreSQL: give up a statement after this (0 = never)
  std::string rules_file = "rules/default.json";  // colour rules (embedded copy if missing)
  std::string issuer_region = "330000";           // GB/T 2260 region this installation issues for
  int64_t code_ttl_seconds = 300;                 // lifetime of one health code
  int64_t issuer_key_overlap_seconds = 86400;     // rotated keys keep verifying this long
  int pass_retention_days = 28;                   // pass records older than this are purged daily
  bool background_jobs = false;                   // run the daily purge thread (serve sets it)
  trace::TraceConfig trace;                       // infectious window, entry window, depth
  int risk_area_sweep_seconds = 300;  // reach late visitors of active risk areas this often
  int hashing_workers = 0;            // password-hashing threads (0 = max(1, cores / 2))
  int hashing_queue = 32;             // hashing requests waiting for those; more are answered 503
  http::AdmissionOptions admission;   // in-flight limits per route class (route lists are ours)
  int hall_timer_seconds = 60;        // hall deadline timers run this often (once per cluster)
  std::string hall_items_dir;         // service item files ("" = those compiled in)
  exchange::MessageLogOptions exchange_log;  // batch size of the exchange message log
  // TSA, batch interval, alarm threshold, retention; the stamper runs with background_jobs.
  exchange::StamperOptions exchange_stamper;
  HallExchangeConfig hall_exchange;       // the hall's prefill from department systems
  hospital::BookingRules hospital_rules;  // real-name, per-department limit, deadlines, no-shows
  scheduling::BookingOptions scheduling;  // hold length, holds per person
  // The internet hospital: image and message limits, medical-record retention, purge interval.
  hospital::InternetOptions internet_hospital;
  // Recruitment: scan-token lifetime, retention of applications and résumés, purge interval.
  jobs::JobsOptions jobs;
};

class Application {
 public:
  static Result<std::unique_ptr<Application>> Open(const AppConfig& config);
  ~Application();

  // Every module's migrations, in dependency order.
  static std::vector<store::Migration> AllMigrations();

  store::Database& db() { return *db_; }
  store::ChangeFeed& change_feed() { return *feed_; }
  Clock& clock() { return *clock_; }
  TestClock* test_clock() { return test_clock_; }  // null unless enabled
  const crypto::KeyRing& keys() const { return keys_; }
  audit::AuditLog& audit() { return *audit_; }
  identity::IdentityService& identity() { return *identity_; }
  identity::EnterpriseService& enterprises() { return *enterprises_; }
  oidc::OidcService& oidc() { return *oidc_; }
  issuance::IssuerService& issuer() { return *issuer_; }
  healthcode::HealthCodeService& health_codes() { return *health_codes_; }
  checkpoint::PlaceService& places() { return *places_; }
  checkpoint::PassLog& passes() { return *passes_; }
  checkpoint::Retention& retention() { return *retention_; }
  community::Inbox& inbox() { return *inbox_; }
  community::TaskService& tasks() { return *tasks_; }
  trace::LiveIndex& live_index() { return *live_index_; }
  trace::CaseService& cases() { return *cases_; }
  trace::RiskAreaService& risk_areas() { return *risk_areas_; }
  notices::NoticeService& notices() { return *notices_; }
  notices::PortalService& portal() { return *portal_; }
  hall::ItemCatalogue& hall_items() { return *hall_items_; }
  hall::CaseService& hall_cases() { return *hall_cases_; }
  hall::LicenceService& hall_licences() { return *hall_licences_; }
  hall::RatingService& hall_ratings() { return *hall_ratings_; }
  hall::TimerService& hall_timers() { return *hall_timers_; }
  store::JobLease& job_lease() { return *job_lease_; }  // this node's once-per-cluster leases
  // One run of the hall timers if this node holds (or takes) their lease: what the background
  // job calls every hall_timer_seconds (exposed for tests of several nodes).
  Status RunHallTimers() { return hall_timers_run_(); }
  HallExtras& hall_extras() { return *hall_extras_; }  // prefill, uploads
  scheduling::ScheduleService& schedules() { return *schedules_; }
  scheduling::BookingService& bookings() { return *bookings_; }
  hospital::HospitalDirectory& hospitals() { return *hospitals_; }
  hospital::AppointmentService& appointments() { return *appointments_; }
  hospital::ConsultationService& consultations() { return *consultations_; }
  hospital::PrescriptionService& prescriptions() { return *prescriptions_; }
  // One run of the medical-record purge if this node holds (or takes) its lease.
  Status RunHospitalPurge() { return hospital_purge_run_(); }
  jobs::PostingService& job_postings() { return *job_postings_; }
  jobs::ApplicationService& job_applications() { return *job_applications_; }
  // One run of the purge of applications and résumés past retention, if this node holds its lease.
  Status RunJobsPurge() { return jobs_purge_run_(); }
  exchange::Registry& registry() { return *registry_; }  // exchange members, services, rights
  exchange::Gateway& gateway() { return *gateway_; }     // /r1/ calls
  // Consents (the gateway's ConsentChecker), the citizen's data-use record and its disputes.
  exchange::ConsentStore& consents() { return *consents_; }
  exchange::DataUseRecord& data_uses() { return *data_uses_; }
  exchange::DisputeService& data_use_disputes() { return *data_use_disputes_; }
  exchange::MessageLog& message_log() { return *message_log_; }
  exchange::LogStamper* log_stamper() { return log_stamper_.get(); }  // null without jobs
  http::Router& router() { return router_; }
  http::Metrics& metrics() { return metrics_; }
  http::Dispatcher& dispatcher() { return *dispatcher_; }
  BlockingPool& hashing_pool() { return *hashing_; }
  const AppConfig& config() const { return config_; }
  // The issuer URL: AppConfig::public_url, or http://127.0.0.1:<port> after UseListeningPort.
  const std::string& public_url() const { return public_url_; }
  // Tells the application the port it listens on (call before serving requests): the default
  // public URL when none is configured.
  void UseListeningPort(uint16_t port);

 private:
  Application(AppConfig config, std::unique_ptr<store::Database> db, crypto::KeyRing keys);
  void RegisterSystemRoutes();

  AppConfig config_;
  std::string public_url_;  // set before requests are served, then only read
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::ChangeFeed> feed_;  // caches of the services below listen to it
  std::unique_ptr<Clock> clock_;
  TestClock* test_clock_ = nullptr;
  crypto::KeyRing keys_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<identity::EnterpriseService> enterprises_;
  std::unique_ptr<oidc::OidcService> oidc_;
  std::unique_ptr<issuance::IssuerService> issuer_;
  std::unique_ptr<healthcode::HealthCodeService> health_codes_;
  std::unique_ptr<checkpoint::CodeChecker> code_checker_;
  std::unique_ptr<checkpoint::PlaceService> places_;
  std::unique_ptr<checkpoint::PassLog> passes_;
  std::unique_ptr<checkpoint::PassStats> pass_stats_;
  std::unique_ptr<checkpoint::ScanService> scans_;
  std::unique_ptr<checkpoint::Retention> retention_;
  std::unique_ptr<community::Inbox> inbox_;
  std::unique_ptr<community::TaskService> tasks_;
  std::unique_ptr<trace::LiveIndex> live_index_;
  std::unique_ptr<trace::CaseService> cases_;
  std::unique_ptr<trace::RiskAreaService> risk_areas_;
  std::unique_ptr<notices::NoticeService> notices_;
  std::unique_ptr<notices::PortalService> portal_;
  std::unique_ptr<hall::ItemCatalogue> hall_items_;
  std::unique_ptr<hall::CaseService> hall_cases_;
  std::unique_ptr<hall::LicenceService> hall_licences_;
  std::unique_ptr<hall::RatingService> hall_ratings_;
  std::unique_ptr<hall::TimerService> hall_timers_;
  std::unique_ptr<store::JobLease> job_lease_;
  std::function<Status()> hall_timers_run_;
  std::unique_ptr<PeriodicJob> hall_timers_job_;  // stopped before the services it uses
  std::unique_ptr<HallExtras> hall_extras_;
  std::unique_ptr<jobs::EnterpriseRegistry> jobs_registry_;  // null without an exchange
  std::unique_ptr<jobs::PostingService> job_postings_;
  std::unique_ptr<jobs::ApplicationService> job_applications_;
  std::function<Status()> jobs_purge_run_;
  std::unique_ptr<PeriodicJob> jobs_purge_job_;  // stopped before the services it uses
  std::unique_ptr<scheduling::ScheduleService> schedules_;
  std::unique_ptr<scheduling::BookingService> bookings_;
  std::unique_ptr<hospital::HospitalDirectory> hospitals_;
  std::unique_ptr<hospital::AppointmentService> appointments_;
  std::unique_ptr<hospital::PatientRules> patient_rules_;
  std::unique_ptr<hospital::PrescriptionService> prescriptions_;
  std::unique_ptr<hospital::ConsultationService> consultations_;
  std::function<Status()> hospital_purge_run_;
  std::unique_ptr<PeriodicJob> hospital_purge_job_;  // stopped before the services it uses
  std::unique_ptr<exchange::Registry> registry_;
  std::unique_ptr<exchange::Gateway> gateway_;
  std::unique_ptr<exchange::LocalService> department_events_;  // .../healthcode/events
  std::unique_ptr<exchange::LocalService> colour_lookup_;      // .../healthcode/colour
  std::unique_ptr<exchange::ConsentStore> consents_;
  std::unique_ptr<exchange::DataUseRecord> data_uses_;
  std::unique_ptr<exchange::DisputeService> data_use_disputes_;
  std::unique_ptr<PeriodicJob> nonce_purge_;      // stopped before the gateway
  std::unique_ptr<PeriodicJob> risk_area_sweep_;  // stopped before the services it uses
  std::unique_ptr<PeriodicJob> index_refresh_;
  std::unique_ptr<exchange::MessageLog> message_log_;
  std::unique_ptr<exchange::LogStamper> log_stamper_;  // stopped before the log it stamps
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  // Password hashing off the I/O threads; declared last so that it is destroyed first (its
  // queued tasks use the services and the routes above).
  std::unique_ptr<BlockingPool> hashing_;
};

}  // namespace ow::app
