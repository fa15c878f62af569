// Recruitment's pages (求职招聘, issue 23), added to the app's route table. The order matters:
// the first route that matches a path opens it, and /app/jobs (the scan-to-apply page
// /app/jobs/{id}/apply) is the catch-all under /app/jobs. /jobs/{id} itself is the server's page.
import type { RouteDef } from '../../app/routes';
import { JobSearch } from './Search';
import { JobsAppRoutes } from './Apply';
import { JobMyApplications } from './MyApplications';
import { JobEmployer } from './Employer';

export const JOBS_ROUTES: RouteDef[] = [
  { path: '/jobs', title: 'nav_jobs', component: JobSearch, section: 'citizen', public: true },
  { path: '/app/jobs/applications', title: 'nav_jobs_applications', component: JobMyApplications, section: 'citizen', prefix: true },
  // The inbox messages of the jobs module link /jobs/applications/{id}.
  { path: '/jobs/applications', title: 'nav_jobs_applications', component: JobMyApplications, section: 'citizen', prefix: true, hideInNav: true },
  { path: '/app/jobs/employer', title: 'nav_jobs_employer', component: JobEmployer, section: 'enterprise', enterprise: true },
  { path: '/app/jobs', title: 'jobs_apply_title', component: JobsAppRoutes, section: 'citizen', prefix: true, hideInNav: true },
];
