// Every page: its path, its name in the menu, who may open it and in which menu section.
import type { ComponentType } from 'preact';
import type { Me } from '../api';
import type { MsgKey } from '../i18n';
import { hasRole } from '../session';
import { IHOSPITAL_ROUTES } from '../pages/ihospital/routes';
import { JOBS_ROUTES } from '../pages/jobs/routes';
import { Home } from '../pages/citizen/Home';
import { Profile } from '../pages/citizen/Profile';
import { HealthCode } from '../pages/healthcode/HealthCode';
import { CheckIn } from '../pages/citizen/CheckIn';
import { Declare } from '../pages/citizen/Declare';
import { Appeal } from '../pages/citizen/Appeal';
import { Passes } from '../pages/citizen/Passes';
import { Inbox } from '../pages/inbox/Inbox';
import { Enterprises } from '../pages/citizen/Enterprises';
import { Consent } from '../pages/citizen/Consent';
import { Visit } from '../pages/citizen/Visit';
import { Checkpoint } from '../checkpoint/Checkpoint';
import { Reviews } from '../pages/official/Reviews';
import { Signals } from '../pages/official/Signals';
import { Places } from '../pages/official/Places';
import { Stats } from '../pages/official/Stats';
import { Cases } from '../pages/epidemic/Cases';
import { RiskAreas } from '../pages/epidemic/RiskAreas';
import { Notices } from '../pages/epidemic/Notices';
import { Portal } from '../pages/portal/Portal';
import { OfficialNotices } from '../pages/portal/OfficialNotices';
import { Tasks } from '../pages/epidemic/Tasks';
import { AdminUsers } from '../pages/admin/Users';
import { AdminClients } from '../pages/admin/Clients';
import { AdminRules } from '../pages/admin/Rules';
import { AdminAudit } from '../pages/admin/Audit';
import { ExchangeMembers } from '../pages/exchange/ExchangeMembers';
import { ExchangeServices } from '../pages/exchange/ExchangeServices';
import { ExchangeRights } from '../pages/exchange/ExchangeRights';
import { ExchangeCatalogue } from '../pages/exchange/ExchangeCatalogue';
import { DataUses } from '../pages/datause/DataUses';
import { Consents } from '../pages/datause/Consents';
import { AdminDisputes } from '../pages/datause/Disputes';
import { HallCatalogue, HallGuide } from '../pages/hall/Catalogue';
import { HallApply, HallConfirmation } from '../pages/hall/Apply';
import { HallMyCases } from '../pages/hall/MyCases';
import { HallQueue, HallOfficerCase } from '../pages/hall/Officer';
import { Wallet } from '../pages/licence/Wallet';
import { LicenceDetail } from '../pages/licence/LicenceDetail';
import { VerifyLicence } from '../pages/licence/VerifyLicence';
import { HallRating } from '../pages/hall-ratings/Rating';
import { HallRectifications } from '../pages/hall-ratings/Rectifications';
import { HallStats } from '../pages/hall-ratings/HallStats';
import { HospitalList } from '../pages/hospital/Hospitals';
import { HospitalBook } from '../pages/hospital/Book';
import { HospitalMine } from '../pages/hospital/MyAppointments';
import { HospitalNoShows, HospitalSchedules, HospitalToday } from '../pages/hospital/Admin';

export interface RouteDef {
  path: string;
  title: MsgKey; // the name in the nav
  component: ComponentType;
  roles?: string[]; // undefined = every logged-in person
  section: 'citizen' | 'enterprise' | 'checkpoint' | 'official' | 'admin';
  hideInNav?: boolean;
  public?: boolean; // shown without logging in too
  prefix?: boolean; // also opens the paths under it (/hall/cases/<number>)
  enterprise?: boolean; // in the menu only for people who act for an enterprise
}

const OFFICIAL = ['health_official'];
const HOSPITAL = ['hospital_admin', 'admin'];
export const ROUTES: RouteDef[] = [
  { path: '/', title: 'nav_home', component: Home, section: 'citizen' },
  { path: '/code', title: 'nav_code', component: HealthCode, section: 'citizen' },
  { path: '/checkin', title: 'nav_checkin', component: CheckIn, section: 'citizen' },
  { path: '/declare', title: 'nav_declare', component: Declare, section: 'citizen' },
  { path: '/appeal', title: 'nav_appeal', component: Appeal, section: 'citizen' },
  { path: '/visit', title: 'nav_visit', component: Visit, section: 'citizen' },
  { path: '/passes', title: 'nav_passes', component: Passes, section: 'citizen' },
  { path: '/inbox', title: 'nav_inbox', component: Inbox, section: 'citizen' },
  { path: '/notices', title: 'nav_notices', component: Notices, section: 'citizen', public: true },
  { path: '/portal', title: 'nav_portal', component: Portal, section: 'citizen', public: true },
  { path: '/enterprises', title: 'nav_enterprises', component: Enterprises, section: 'citizen' },
  { path: '/profile', title: 'nav_profile', component: Profile, section: 'citizen' },
  { path: '/data-uses', title: 'nav_data_uses', component: DataUses, section: 'citizen' },
  { path: '/consents', title: 'nav_consents', component: Consents, section: 'citizen' },
  { path: '/consent', title: 'consent_title', component: Consent, section: 'citizen', hideInNav: true },
  ...IHOSPITAL_ROUTES,
  ...JOBS_ROUTES,
  { path: '/checkpoint', title: 'nav_checkpoint', component: Checkpoint, roles: ['checkpoint_staff'], section: 'checkpoint' },
  { path: '/official/reviews', title: 'nav_reviews', component: Reviews, roles: OFFICIAL, section: 'official' },
  { path: '/official/signals', title: 'nav_signals', component: Signals, roles: ['health_official', 'department_system'], section: 'official' },
  { path: '/official/cases', title: 'nav_cases', component: Cases, roles: ['health_official', 'department_system'], section: 'official' },
  { path: '/official/risk-areas', title: 'nav_risk', component: RiskAreas, roles: OFFICIAL, section: 'official' },
  { path: '/official/notices', title: 'nav_official_notices', component: OfficialNotices, roles: OFFICIAL, section: 'official' },
  { path: '/official/places', title: 'nav_places', component: Places, roles: ['health_official', 'admin'], section: 'official' },
  { path: '/official/stats', title: 'nav_stats', component: Stats, roles: ['health_official', 'community_worker', 'admin'], section: 'official' },
  { path: '/official/tasks', title: 'nav_tasks', component: Tasks, roles: ['community_worker', 'health_official', 'admin'], section: 'official' },
  { path: '/admin/users', title: 'nav_admin_users', component: AdminUsers, roles: ['admin'], section: 'admin' },
  { path: '/admin/clients', title: 'nav_admin_clients', component: AdminClients, roles: ['admin'], section: 'admin' },
  { path: '/admin/rules', title: 'nav_admin_rules', component: AdminRules, roles: ['admin'], section: 'admin' },
  { path: '/admin/audit', title: 'nav_admin_audit', component: AdminAudit, roles: ['admin'], section: 'admin' },
  { path: '/admin/exchange/members', title: 'nav_admin_xr_members', component: ExchangeMembers, roles: ['admin'], section: 'admin' },
  { path: '/admin/exchange/services', title: 'nav_admin_xr_services', component: ExchangeServices, roles: ['admin'], section: 'admin' },
  { path: '/admin/exchange/rights', title: 'nav_admin_xr_rights', component: ExchangeRights, roles: ['admin'], section: 'admin' },
  { path: '/exchange/catalogue', title: 'nav_xr_catalogue', component: ExchangeCatalogue, section: 'citizen', public: true },
  { path: '/admin/data-use-disputes', title: 'nav_admin_disputes', component: AdminDisputes, roles: ['admin'], section: 'admin' },
  { path: '/hall', title: 'nav_hall', component: HallCatalogue, section: 'citizen', public: true },
  { path: '/hall/items', title: 'hall_guide', component: HallGuide, section: 'citizen', public: true, hideInNav: true, prefix: true },
  { path: '/hall/apply', title: 'hall_apply', component: HallApply, section: 'citizen', hideInNav: true },
  { path: '/hall/confirmation', title: 'hall_confirmation', component: HallConfirmation, section: 'citizen', hideInNav: true },
  { path: '/hall/cases', title: 'nav_hall_cases', component: HallMyCases, section: 'citizen', prefix: true },
  { path: '/official/hall', title: 'nav_hall_queue', component: HallQueue, roles: ['service_officer'], section: 'official' },
  { path: '/official/hall/cases', title: 'hall_case', component: HallOfficerCase, roles: ['service_officer'], section: 'official', hideInNav: true, prefix: true },
  { path: '/licences', title: 'nav_licences', component: Wallet, section: 'citizen' },
  { path: '/licence', title: 'lic_title', component: LicenceDetail, section: 'citizen', hideInNav: true },
  { path: '/licences/verify', title: 'lic_verify_title', component: VerifyLicence, section: 'citizen', hideInNav: true, public: true },
  { path: '/hall/rating', title: 'nav_hall_rating', component: HallRating, section: 'citizen', hideInNav: true },
  { path: '/hall/rectifications', title: 'nav_hall_rectifications', component: HallRectifications, roles: ['service_officer'], section: 'official' },
  { path: '/hall/stats', title: 'nav_hall_stats', component: HallStats, section: 'citizen', public: true },
  { path: '/hospital', title: 'nav_hospital', component: HospitalList, section: 'citizen' },
  { path: '/hospital/book', title: 'hosp_slots_title', component: HospitalBook, section: 'citizen', hideInNav: true },
  { path: '/hospital/appointments', title: 'nav_hospital_mine', component: HospitalMine, section: 'citizen' },
  { path: '/hospital/admin/today', title: 'nav_hospital_today', component: HospitalToday, roles: HOSPITAL, section: 'official' },
  { path: '/hospital/admin/schedules', title: 'nav_hospital_schedules', component: HospitalSchedules, roles: HOSPITAL, section: 'official' },
  { path: '/hospital/admin/no-shows', title: 'nav_hospital_noshows', component: HospitalNoShows, roles: HOSPITAL, section: 'official' },
];

/** True when the route opens `path`: the same path, or one under it for a prefix route. */
export function matches(r: RouteDef, path: string): boolean {
  return r.path === path || (!!r.prefix && path.startsWith(`${r.path}/`));
}

export function allowed(r: RouteDef, me: Me): boolean {
  return !r.roles || hasRole(me, ...r.roles);
}
