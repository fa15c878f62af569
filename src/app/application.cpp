#include "app/application.h"

#include <spdlog/spdlog.h>

#include "app/exchange_services.h"
#include "app/key_check.h"
#include "app/portal_sources.h"
#include "app/release.h"
#include "app/system_routes.h"
#include "app/texts_routes.h"
#include "checkpoint/routes.h"
#include "community/colour_notices.h"
#include "community/routes.h"
#include "exchange/citizen_routes.h"
#include "exchange/gateway_routes.h"
#include "exchange/routes.h"
#include "hall/licence_routes.h"
#include "hall/rating_routes.h"
#include "hall/routes.h"
#include "healthcode/routes.h"
#include "hospital/fhir_routes.h"
#include "hospital/internet_routes.h"
#include "hospital/routes.h"
#include "identity/routes.h"
#include "issuance/live_code_checker.h"
#include "issuance/routes.h"
#include "jobs/routes.h"
#include "notices/routes.h"
#include "oidc/routes.h"
#include "oidc/scopes.h"
#include "scheduling/migrations.h"
#include "trace/routes.h"

namespace ow::app {

std::vector<store::Migration> Application::AllMigrations() {
  std::vector<store::Migration> all = store::ChangeFeed::Migrations();
  for (auto&& list : {audit::AuditLog::Migrations(), identity::IdentityService::Migrations(),
                      oidc::OidcService::Migrations()})
    all.insert(all.end(), list.begin(), list.end());
  for (auto& m : issuance::IssuerService::Migrations()) all.push_back(std::move(m));
  for (auto& m : healthcode::HealthCodeService::Migrations()) all.push_back(std::move(m));
  for (auto& m : checkpoint::PlaceService::Migrations()) all.push_back(std::move(m));
  for (auto& m : checkpoint::PassLog::Migrations()) all.push_back(std::move(m));
  for (auto&& list : {community::Inbox::Migrations(), community::TaskService::Migrations(),
                      trace::CaseService::Migrations(), trace::RiskAreaService::Migrations()})
    all.insert(all.end(), list.begin(), list.end());
  for (auto& m : exchange::Gateway::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::ItemCatalogue::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::CaseService::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::LicenceService::Migrations()) all.push_back(std::move(m));
  for (auto& m : store::JobLease::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::RatingService::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::TimerService::Migrations()) all.push_back(std::move(m));
  for (auto& m : exchange::Registry::Migrations()) all.push_back(std::move(m));
  for (auto& m : exchange::ConsentStore::Migrations()) all.push_back(std::move(m));
  for (auto& m : exchange::MessageLog::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::PrefillService::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::UploadService::Migrations()) all.push_back(std::move(m));
  for (auto& m : hall::OfferService::Migrations()) all.push_back(std::move(m));
  for (auto& m : scheduling::Migrations()) all.push_back(std::move(m));
  for (auto& m : hospital::HospitalDirectory::Migrations()) all.push_back(std::move(m));
  for (auto& m : hospital::InternetMigrations()) all.push_back(std::move(m));
  for (auto& m : jobs::PostingService::Migrations()) all.push_back(std::move(m));
  for (auto& m : jobs::ApplicationService::Migrations()) all.push_back(std::move(m));
  for (auto& m : notices::NoticeService::Migrations()) all.push_back(std::move(m));
  for (auto& m : KeyCheckMigrations()) all.push_back(std::move(m));
  for (auto& m : ReleaseMigrations()) all.push_back(std::move(m));
  return all;
}

Result<std::unique_ptr<Application>> Application::Open(const AppConfig& config) {
  crypto::Init();
  OW_ASSIGN_OR_RETURN(crypto::KeyRing keys, crypto::KeyRing::LoadOrCreate(config.key_file));
  store::OpenOptions opts;
  opts.pool_size = config.db_pool;
  opts.query_timeout_ms = config.db_query_timeout_ms;
  OW_ASSIGN_OR_RETURN(std::unique_ptr<store::Database> db, store::Open(config.db_url, opts));
  if (config.migrate) {
    OW_RETURN_IF_ERROR(store::Migrate(*db, AllMigrations()));
  } else {
    // Still refuse a database newer than this binary.
    OW_ASSIGN_OR_RETURN(auto applied, store::AppliedVersions(*db));
    for (const auto& [module, version] : applied) {
      int known = 0;
      for (const auto& m : AllMigrations())
        if (m.module == module) known = std::max(known, m.version);
      if (version > known)
        return Status::Unavailable("database schema for module '" + module + "' is at version " +
                                   std::to_string(version) + " but this binary knows only up to " +
                                   std::to_string(known) + "; upgrade onewindow");
    }
  }
  OW_RETURN_IF_ERROR(CheckMasterKey(*db, keys));  // a wrong key stops the start
  OW_RETURN_IF_ERROR(HallExtras::CheckConfig(config.hall_exchange));
  std::unique_ptr<Application> app(new Application(config, std::move(db), std::move(keys)));
  OW_RETURN_IF_ERROR(app->health_codes_->LoadRules());  // a bad rules file stops the start
  std::vector<hall::ItemFile> items = hall::EmbeddedItemFiles();
  if (!config.hall_items_dir.empty()) {
    OW_ASSIGN_OR_RETURN(items, hall::ReadItemFiles(config.hall_items_dir));
  }
  OW_RETURN_IF_ERROR(app->hall_items_->Load(items));  // a bad item file stops the start
  return app;
}

namespace {
// Hashing threads yield the cores to the I/O and commit threads: a flood of registrations
// and logins slows those down, never the gates and the probes.
constexpr int kHashingNice = 10;
}  // namespace

Application::Application(AppConfig config, std::unique_ptr<store::Database> db,
                         crypto::KeyRing keys)
    : config_(std::move(config)),
      public_url_(config_.public_url),
      db_(std::move(db)),
      keys_(std::move(keys)) {
  while (public_url_.ends_with('/')) public_url_.pop_back();  // endpoints are appended with '/'
  if (config_.test_clock) {
    auto tc = std::make_unique<TestClock>();
    test_clock_ = tc.get();
    clock_ = std::move(tc);
  } else {
    clock_ = std::make_unique<SystemClock>();
  }
  feed_ = std::make_unique<store::ChangeFeed>(*db_);
  audit_ = std::make_unique<audit::AuditLog>(*db_, *clock_);
  identity_ =
      std::make_unique<identity::IdentityService>(*db_, *clock_, keys_, *audit_, config_.identity);
  enterprises_ = std::make_unique<identity::EnterpriseService>(*db_, *clock_, *audit_);
  oidc_ = std::make_unique<oidc::OidcService>(*db_, *clock_, keys_, *audit_, *identity_);

  issuer_ = std::make_unique<issuance::IssuerService>(
      *db_, *clock_, keys_, *audit_, *identity_,
      issuance::IssuerKeyOptions{.region = config_.issuer_region,
                                 .code_ttl_seconds = config_.code_ttl_seconds,
                                 .overlap_seconds = config_.issuer_key_overlap_seconds});

  health_codes_ = std::make_unique<healthcode::HealthCodeService>(*db_, *clock_, *identity_,
                                                                  *audit_, config_.rules_file);
  issuer_->set_colour_service(health_codes_.get());  // codes take the live colour

  code_checker_ = std::make_unique<issuance::LiveCodeChecker>(*issuer_, *health_codes_);
  places_ = std::make_unique<checkpoint::PlaceService>(*db_, *clock_, keys_, *identity_, *audit_);
  passes_ = std::make_unique<checkpoint::PassLog>(*db_);
  pass_stats_ = std::make_unique<checkpoint::PassStats>(*passes_);
  scans_ = std::make_unique<checkpoint::ScanService>(*places_, *code_checker_, *health_codes_,
                                                     *identity_, *clock_);
  retention_ = std::make_unique<checkpoint::Retention>(*passes_, *clock_, metrics_,
                                                       config_.pass_retention_days);
  if (config_.background_jobs) retention_->Start();

  inbox_ = std::make_unique<community::Inbox>(*db_, *clock_);
  tasks_ = std::make_unique<community::TaskService>(*db_, *clock_, *identity_, *audit_);
  health_codes_->AddChangeHook(community::MakeColourChangeHook(*inbox_, *tasks_, *identity_));
  live_index_ = std::make_unique<trace::LiveIndex>(*passes_, *clock_, config_.pass_retention_days);
  cases_ = std::make_unique<trace::CaseService>(*db_, *clock_, *identity_, *health_codes_,
                                                *health_codes_, *live_index_, *tasks_, *inbox_,
                                                *audit_, config_.trace);
  risk_areas_ = std::make_unique<trace::RiskAreaService>(*db_, *clock_, *places_, *health_codes_,
                                                         *live_index_, *tasks_, *inbox_, *audit_);
  hall_items_ = std::make_unique<hall::ItemCatalogue>(*db_, *clock_);
  hall_cases_ = std::make_unique<hall::CaseService>(*db_, *clock_, *hall_items_, *identity_,
                                                    *enterprises_, *audit_);
  hall_cases_->EnableGroupCommit();  // immediate submissions share durable commits
  hall_cases_->AddTransitionHook([this](store::Tx& tx, const hall::CaseEvent& e) {
    const hall::CaseMessageText text = hall::CaseMessage(e);
    return inbox_->Post(tx, e.applicant,
                        {"case", text.title_zh, text.title_en, text.body_zh, text.body_en,
                         "/hall/cases/" + e.case_number});
  });
  hall_licences_ = std::make_unique<hall::LicenceService>(
      *db_, *clock_, keys_, *hall_items_, *identity_, *enterprises_, issuer_->keys());
  hall_licences_->Attach(*hall_cases_);  // 办结 after approval issues a licence
  // Ratings (好差评): outcomes for the statistics and the invitation to rate at closing.
  hall_ratings_ = std::make_unique<hall::RatingService>(*db_, *clock_, *hall_items_, *identity_,
                                                        *enterprises_, *inbox_, *audit_);
  hall_cases_->AddTransitionHook([this](store::Tx& tx, const hall::CaseEvent& e) {
    return hall_ratings_->OnTransition(tx, e);
  });
  // Deadline warnings, overdue notices, escalation and rating reminders: once per cluster.
  job_lease_ = std::make_unique<store::JobLease>(*db_, *clock_, store::JobLease::NewHolderName());
  hall_timers_ =
      std::make_unique<hall::TimerService>(*db_, *clock_, *hall_items_, *identity_, *inbox_);
  hall_timers_run_ = job_lease_->OncePerCluster(
      "hall_timers", std::chrono::seconds(3 * config_.hall_timer_seconds),
      [this]() -> Status { return hall_timers_->RunOnce().status(); });
  if (config_.background_jobs)
    hall_timers_job_ = std::make_unique<PeriodicJob>(
        "hall_timers", std::chrono::seconds(config_.hall_timer_seconds), hall_timers_run_);
  schedules_ = std::make_unique<scheduling::ScheduleService>(*db_, *clock_);
  bookings_ = std::make_unique<scheduling::BookingService>(*db_, *clock_, config_.scheduling);
  bookings_->EnableGroupCommit();  // concurrent bookings share durable commits
  hospitals_ = std::make_unique<hospital::HospitalDirectory>(*db_, *clock_, *places_);
  appointments_ = std::make_unique<hospital::AppointmentService>(
      *hospitals_, *schedules_, *bookings_, *health_codes_, *identity_, *clock_,
      config_.hospital_rules);
  // The internet hospital (互联网医院): consultations and prescription renewal; the purge of
  // medical records past their retention runs once per cluster.
  patient_rules_ =
      std::make_unique<hospital::PatientRules>(*identity_, *clock_, config_.internet_hospital);
  prescriptions_ = std::make_unique<hospital::PrescriptionService>(
      *db_, *clock_, keys_, *hospitals_, *identity_, *audit_, *patient_rules_);
  consultations_ = std::make_unique<hospital::ConsultationService>(
      *db_, *clock_, keys_, *hospitals_, *schedules_, *bookings_, *identity_, *audit_,
      *patient_rules_, *prescriptions_, config_.internet_hospital);
  hospital_purge_run_ = job_lease_->OncePerCluster(
      "hospital_record_purge",
      std::chrono::seconds(3 * config_.internet_hospital.purge_interval_seconds),
      [this]() -> Status {
        return hospital::PurgeExpiredRecords(*db_, *clock_,
                                             config_.internet_hospital.record_retention_days)
            .status();
      });
  if (config_.background_jobs)
    hospital_purge_job_ = std::make_unique<PeriodicJob>(
        "hospital_record_purge",
        std::chrono::seconds(config_.internet_hospital.purge_interval_seconds),
        hospital_purge_run_);
  // Official notices and the public portal of each region (risk areas, rules, clinics).
  notices_ = std::make_unique<notices::NoticeService>(*db_, *clock_, keys_, *inbox_, *audit_);
  portal_ = std::make_unique<notices::PortalService>(
      *notices_, MakePortalSources(*risk_areas_, *places_, *hospitals_, *health_codes_), *clock_);
  registry_ = std::make_unique<exchange::Registry>(*db_, *clock_, *audit_);
  gateway_ = std::make_unique<exchange::Gateway>(*db_, *clock_, *registry_, keys_.index_key());
  department_events_ =
      std::make_unique<DepartmentEventsService>(*identity_, *health_codes_, *risk_areas_);
  colour_lookup_ = std::make_unique<ColourLookupService>(*identity_, *health_codes_);
  consents_ = std::make_unique<exchange::ConsentStore>(*db_, *clock_, *audit_);
  data_uses_ = std::make_unique<exchange::DataUseRecord>(*audit_, *identity_, oidc_->clients(),
                                                         keys_.index_key());
  data_use_disputes_ = std::make_unique<exchange::DisputeService>(*db_, *clock_, *audit_, *inbox_);
  consents_->UseDirectory(registry_.get());
  gateway_->UseConsents(consents_.get());
  if (config_.background_jobs) {
    // Builds the tracing index at start and keeps it current, so a trace only reads the
    // records of the last minute.
    index_refresh_ = std::make_unique<PeriodicJob>(
        "contact_index_refresh", std::chrono::seconds(60),
        [this]() -> Status { return live_index_->Refresh(); }, /*run_first=*/true);
    risk_area_sweep_ = std::make_unique<PeriodicJob>(
        "risk_area_sweep", std::chrono::seconds(config_.risk_area_sweep_seconds),
        [this]() -> Status { return risk_areas_->Sweep().status(); });
  }

  message_log_ = std::make_unique<exchange::MessageLog>(*db_, *clock_, keys_, config_.exchange_log);
  exchange::RegisterLogMetrics(metrics_, *message_log_, config_.exchange_stamper.alarm_batches);
  gateway_->UseLog(message_log_.get());
  data_uses_->UseMessageHistory(message_log_.get());
  {
    auto extras = HallExtras::Make(config_.hall_exchange, *db_, *clock_, keys_.index_key(),
                                   message_log_.get(), *hall_items_, *hall_cases_, *identity_,
                                   *enterprises_, *audit_);
    if (!extras.ok()) {  // Open checked the configuration (CheckConfig): prefill stays off
      spdlog::error("{{\"event\":\"hall_prefill_off\",\"error\":\"{}\"}}",
                    extras.status().message());
      extras = HallExtras::Make({}, *db_, *clock_, keys_.index_key(), message_log_.get(),
                                *hall_items_, *hall_cases_, *identity_, *enterprises_, *audit_);
    }
    hall_extras_ = std::move(*extras);
    hall_extras_->offers->SetNotify([this](store::Tx& tx, const std::string& person,
                                           const hall::Offer& o) {
      return inbox_->Post(
          tx, person,
          {"offer", "免申即享：" + o.item_name.zh, "Offered without application: " + o.item_name.en,
           "共享数据显示贵单位符合条件，一键确认即可领取。",
           "Shared data show your enterprise is eligible; accept with one "
           "click.",
           "/hall/offers/" + o.id});
    });
  }
  // Recruitment: postings are checked against the market regulator's registry through the
  // hall's exchange client (none configured: postings are not checked).
  if (hall_extras_->pull)
    jobs_registry_ = std::make_unique<jobs::ExchangeRegistry>(*hall_extras_->pull);
  job_postings_ =
      std::make_unique<jobs::PostingService>(*db_, *clock_, *enterprises_, jobs_registry_.get());
  job_applications_ = std::make_unique<jobs::ApplicationService>(
      *db_, *clock_, keys_, *job_postings_, *identity_, *audit_, *inbox_, *schedules_, *bookings_,
      config_.jobs);
  jobs_purge_run_ = job_lease_->OncePerCluster(
      "jobs_purge", std::chrono::seconds(3 * config_.jobs.purge_interval_seconds),
      [this]() -> Status { return job_applications_->Purge().status(); });
  if (config_.background_jobs)
    jobs_purge_job_ = std::make_unique<PeriodicJob>(
        "jobs_purge", std::chrono::seconds(config_.jobs.purge_interval_seconds), jobs_purge_run_);
  if (config_.background_jobs) {
    log_stamper_ = std::make_unique<exchange::LogStamper>(*message_log_, *clock_, metrics_,
                                                          config_.exchange_stamper);
    log_stamper_->Start();
    // Nonces are remembered three times the allowed skew; older ones can never be replayed.
    nonce_purge_ = std::make_unique<PeriodicJob>(
        "exchange_nonce_purge", std::chrono::minutes(5),
        [this]() -> Status { return gateway_->PurgeNonces().status(); });
  }

  if (Status s = feed_->Start(); s.ok()) {
    identity_->UseChangeFeed(*feed_);
    issuer_->UseChangeFeed(*feed_);
    places_->UseChangeFeed(*feed_);
    health_codes_->UseChangeFeed(*feed_);
    risk_areas_->UseChangeFeed(*feed_);
    notices_->UseChangeFeed(*feed_);
    portal_->UseChangeFeed(*feed_);
  } else {
    // E.g. an older schema opened without migrating: nothing is cached, nothing published.
    spdlog::warn("{{\"event\":\"change_feed_unavailable\",\"error\":\"{}\"}}", s.message());
  }

  RegisterSystemRoutes();
  hashing_ = std::make_unique<BlockingPool>(BlockingPoolOptions{
      .workers = config_.hashing_workers > 0 ? config_.hashing_workers : DefaultHashingWorkers(),
      .queue = config_.hashing_queue,
      .name = "hashing",
      .nice = kHashingNice});
  identity::RegisterIdentityRoutes(
      router_, {*identity_, *enterprises_, *audit_, {config_.secure_cookies}, *hashing_});
  issuance::RegisterIssuanceRoutes(router_, {*issuer_});
  healthcode::RegisterHealthCodeRoutes(router_, {*health_codes_, *identity_});
  RegisterTextsRoutes(router_, {*health_codes_});
  checkpoint::RegisterCheckpointRoutes(
      router_, {*places_, *scans_, *passes_, *pass_stats_, *identity_, *audit_, *clock_,
                config_.pass_retention_days});
  community::RegisterCommunityRoutes(router_, {*inbox_, *tasks_, [this](const std::string& person) {
                                                 return health_codes_->RegionOf(person);
                                               }});
  trace::RegisterTraceRoutes(router_, {*cases_, *risk_areas_, *places_, *identity_, *clock_});
  {
    hall::HallDeps hall_deps{*hall_items_, *hall_cases_};
    hall_extras_->Complete(hall_deps, *hall_cases_);
    hall::RegisterHallRoutes(router_, hall_deps);
    hall::RegisterHallMaterialRoutes(router_, hall_extras_->Deps(*hall_cases_));
  }
  hall::RegisterLicenceRoutes(router_, {*hall_licences_});
  hall::RegisterRatingRoutes(router_, {*hall_ratings_});
  hospital::RegisterHospitalRoutes(
      router_, {*hospitals_, *appointments_, *clock_, identity_.get(), audit_.get()});
  hospital::RegisterFhirRoutes(
      router_,
      {*hospitals_, *appointments_, *schedules_, *bookings_, *identity_, *audit_, *clock_,
       keys_.index_key(), [this] { return public_url_; },
       // Hospital systems with OAuth client_credentials tokens (system/* scopes, place:<id>).
       [this](const std::string& token) -> Result<hospital::SystemCaller> {
         OW_ASSIGN_OR_RETURN(auto access, oidc_->SystemAccessOf(token));
         hospital::SystemCaller c;
         c.client_id = access.client_id;
         c.hospital_id = oidc::PlaceOfScopes(access.scopes);
         c.read = oidc::HasScope(access.scopes, "system/*.read") ||
                  oidc::HasScope(access.scopes, "system/Appointment.read");
         c.write = oidc::HasScope(access.scopes, "system/Appointment.write");
         if (c.hospital_id.empty()) return Status::Unauthenticated("the token names no place");
         return c;
       }});
  hospital::RegisterInternetHospitalRoutes(router_,
                                           {*consultations_, *prescriptions_, *identity_, *clock_});
  {
    jobs::JobsDeps jobs_deps{*job_postings_, *job_applications_, *clock_,
                             [this] { return public_url_; }};
    jobs::RegisterJobsRoutes(router_, jobs_deps);
    jobs::RegisterJobApplicationRoutes(router_, jobs_deps);
  }
  notices::RegisterNoticesRoutes(router_, {*notices_, *portal_, *clock_});
  oidc::RegisterOidcRoutes(router_, {*oidc_, {.issuer = [this] { return public_url_; }}});
  exchange::RegisterExchangeAdminRoutes(router_, {*registry_, *clock_});
  {
    // OneWindow's own services in the exchange (exchange/catalogue.json lists them).
    const auto events = exchange::ParseServiceId(kHealthcodeEventsService);
    const auto colour = exchange::ParseServiceId(kHealthcodeColourService);
    gateway_->AddLocalService(*events, department_events_.get());
    gateway_->AddLocalService(*colour, colour_lookup_.get());
    exchange::RegisterGatewayRoutes(
        router_, {*gateway_}, {{*events, {http::Method::kPost}}, {*colour, {http::Method::kGet}}});
  }
  exchange::RegisterCitizenRoutes(router_, {*consents_, *data_uses_, *data_use_disputes_,
                                            *identity_, keys_.index_key(), *clock_});

  metrics_.AddGauge("onewindow_db_pool_size", "Database connections open.",
                    [this] { return static_cast<double>(db_->Stats().size); });
  metrics_.AddGauge("onewindow_db_pool_in_use", "Database connections lent out.",
                    [this] { return static_cast<double>(db_->Stats().in_use); });
  metrics_.AddGauge("onewindow_db_pool_waits", "Times a caller waited for a connection.",
                    [this] { return static_cast<double>(db_->Stats().waits); });
  if (db_->dialect() == store::Dialect::kSqlite) {
    metrics_.AddGauge("onewindow_sqlite_checkpoints", "Write-ahead log checkpoints run.",
                      [this] { return static_cast<double>(db_->Stats().checkpoints); });
    metrics_.AddGauge("onewindow_sqlite_wal_pages",
                      "Pages in the write-ahead log after the last commit (it starts over "
                      "after a checkpoint; steady growth means a read holds it).",
                      [this] { return static_cast<double>(db_->Stats().wal_pages); });
  }
  metrics_.AddGauge("onewindow_pass_group_commits", "Group commits of pass records.",
                    [this] { return static_cast<double>(passes_->stats().commits); });
  metrics_.AddGauge("onewindow_pass_records_written", "Pass records committed durably.",
                    [this] { return static_cast<double>(passes_->stats().records); });
  metrics_.AddGauge("onewindow_hall_submission_group_commits",
                    "Group commits of immediate hall submissions.",
                    [this] { return static_cast<double>(hall_cases_->CommitStats().groups); });
  metrics_.AddGauge("onewindow_hall_submissions_group_committed",
                    "Immediate hall submissions finished through group commits.",
                    [this] { return static_cast<double>(hall_cases_->CommitStats().units); });
  metrics_.AddGauge("onewindow_booking_group_commits", "Group commits of slot bookings.",
                    [this] { return static_cast<double>(bookings_->CommitStats().groups); });
  metrics_.AddGauge("onewindow_bookings_group_committed",
                    "Bookings (and refusals) finished through group commits.",
                    [this] { return static_cast<double>(bookings_->CommitStats().units); });
  metrics_.AddGauge("onewindow_change_feed_fresh",
                    "1 while this node's caches are in use (the change feed was read within 1 s).",
                    [this] { return feed_->Fresh() ? 1.0 : 0.0; });

  metrics_.AddGauge("onewindow_hashing_queued",
                    "Registrations and logins waiting for a password-hashing thread.",
                    [this] { return static_cast<double>(hashing_->stats().queued); });
  metrics_.AddGauge("onewindow_hashing_refused",
                    "Registrations and logins refused (503) because the hashing queue was full.",
                    [this] { return static_cast<double>(hashing_->stats().refused); });

  metrics_.AddGauge("onewindow_queue_delay_seconds",
                    "How long ready work last waited for an I/O thread (admission control).",
                    [this] { return dispatcher_->admission().queue_delay().count() / 1e6; });
  metrics_.AddGauge("onewindow_admission_refused",
                    "Requests refused (503) by admission control since start.",
                    [this] { return static_cast<double>(dispatcher_->admission().refused()); });

  http::DispatcherOptions dopts;
  dopts.static_dir = config_.static_dir;
  dopts.strict_transport = config_.secure_cookies;
  dopts.admission = config_.admission;
  // Never limited: probes, the test clock, and the password-hashing routes (bounded by the
  // hashing pool's own queue). Scans: the gate's routes.
  for (const char* route : {"/healthz", "/readyz", "/metrics", "/api/v1/test/clock",
                            "/api/v1/citizens", "/api/v1/sessions"})
    dopts.admission.unlimited_routes.emplace_back(route);
  for (const char* route : {"/api/v1/scans", "/api/v1/scans/batch", "/api/v1/codes/verify"})
    dopts.admission.scan_routes.emplace_back(route);
  dispatcher_ = std::make_unique<http::Dispatcher>(
      router_, metrics_,
      identity::MakeAuthenticator(*identity_, {.secure = config_.secure_cookies}), dopts);
}

Application::~Application() {
  hashing_.reset();  // answers the hashing requests still queued while the services exist
  feed_->Stop();     // its listeners are the services destroyed below
  nonce_purge_.reset();
  hall_timers_job_.reset();
  hospital_purge_job_.reset();
  jobs_purge_job_.reset();
  risk_area_sweep_.reset();
  index_refresh_.reset();
  log_stamper_.reset();
  if (retention_) retention_->Stop();  // it reports to metrics_, destroyed before it
}

void Application::UseListeningPort(uint16_t port) {
  if (config_.public_url.empty()) public_url_ = "http://127.0.0.1:" + std::to_string(port);
}

void Application::RegisterSystemRoutes() {
  app::RegisterSystemRoutes(router_, {*db_, metrics_});
  if (test_clock_) RegisterTestClockRoutes(router_, *test_clock_);
}

}  // namespace ow::app
