// Recruitment (issue 23): public job search (/jobs), no login. The conditions live in the address
// (/jobs?q=客服&region=3301&type=FULL_TIME&salary_min=6000&offset=20) so a search can be shared
// and the back button works; each result links to the posting's server-rendered page /jobs/{id}
// (with its schema.org JobPosting), which is a real page load, not an app route.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { t } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { fmtDay } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { EMPLOYMENT_TYPES, type EmploymentType, FormError, jobsFieldError, salaryText, typeName } from './common';

const LIMIT = 20;
const REGION_RE = /^([0-9]{2}|[0-9]{4}|[0-9]{6})$/;

interface Conditions {
  q: string;
  region: string;
  type: EmploymentType | '';
  salary_min: string;
}

function fromQuery(q: URLSearchParams): Conditions {
  const type = q.get('type') ?? '';
  return {
    q: q.get('q') ?? '',
    region: q.get('region') ?? '',
    type: (EMPLOYMENT_TYPES as readonly string[]).includes(type) ? (type as EmploymentType) : '',
    salary_min: q.get('salary_min') ?? '',
  };
}

function toQuery(c: Conditions, offset = 0): string {
  const u = new URLSearchParams();
  if (c.q.trim()) u.set('q', c.q.trim());
  if (c.region.trim()) u.set('region', c.region.trim());
  if (c.type) u.set('type', c.type);
  if (c.salary_min.trim()) u.set('salary_min', c.salary_min.trim());
  if (offset) u.set('offset', String(offset));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function JobSearch() {
  const loc = useLocation();
  const session = useSession();
  const applied = fromQuery(loc.query);
  const offset = Math.max(0, Number(loc.query.get('offset') ?? 0) || 0);
  const [form, setForm] = useState<Conditions>(applied);
  const key = toQuery(applied, offset);
  // The form follows the address when it changes from outside (back button, a shared link).
  useEffect(() => setForm(fromQuery(loc.query)), [key]);

  const regionProblem = form.region.trim() && !REGION_RE.test(form.region.trim()) ? t('jobs_bad_region') : undefined;
  const salaryProblem = form.salary_min.trim() && !/^[0-9]{1,8}$/.test(form.salary_min.trim()) ? t('jobs_bad_salary') : undefined;
  const [tried, setTried] = useState(false);

  const q = useLoad(
    () =>
      get('/api/v1/jobs', {
        query: {
          q: applied.q || undefined,
          region: applied.region || undefined,
          type: applied.type || undefined,
          salary_min: applied.salary_min ? Number(applied.salary_min) : undefined,
          limit: LIMIT,
          offset: offset || undefined,
        },
      }),
    [key],
  );
  const jobs = q.data?.jobs ?? [];
  const total = q.data?.total ?? 0;
  const go = (c: Conditions, off: number) => navigate(`/jobs${toQuery(c, off)}`);

  return (
    <Page title={t('jobs_title')} intro={t('jobs_intro')}>
      {session.status === 'in' && (
        <p>
          <Link href="/app/jobs/applications">{t('jobs_my_applications_link')}</Link>
        </p>
      )}
      <form
        class="form jobs-search"
        role="search"
        aria-label={t('jobs_search')}
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (regionProblem || salaryProblem) return;
          go(form, 0);
        }}
      >
        <Field label={t('jobs_q')} hint={t('jobs_q_hint')} name="q" type="search" maxLength={200} value={form.q} onInput={(v) => setForm({ ...form, q: v })} />
        <Field
          label={t('jobs_region')}
          hint={t('jobs_region_hint')}
          name="region"
          inputMode="numeric"
          maxLength={6}
          value={form.region}
          onInput={(v) => setForm({ ...form, region: v })}
          error={(tried && regionProblem) || jobsFieldError(q.error, 'region')}
        />
        <Select<EmploymentType | ''>
          label={t('jobs_type')}
          name="type"
          value={form.type}
          onChange={(v) => setForm({ ...form, type: v })}
          options={[['', t('jobs_type_any')], ...EMPLOYMENT_TYPES.map((x) => [x, typeName(x)] as [EmploymentType, string])]}
        />
        <Field
          label={t('jobs_salary_min')}
          hint={t('jobs_salary_min_hint')}
          name="salary_min"
          inputMode="numeric"
          maxLength={8}
          value={form.salary_min}
          onInput={(v) => setForm({ ...form, salary_min: v })}
          error={(tried && salaryProblem) || jobsFieldError(q.error, 'salary_min')}
        />
        <div class="actions">
          <Button type="submit">{t('jobs_search')}</Button>
        </div>
      </form>

      <section aria-labelledby="jobs-results-head" aria-busy={q.loading ? 'true' : undefined}>
        <h2 id="jobs-results-head">{t('jobs_results')}</h2>
        {q.loading && <Loading />}
        <FormError error={q.error} shown={['region', 'salary_min']} />
        {q.data && (
          <p class="small muted jobs-total" role="status">
            {q.data.total_exact ? t('jobs_total', { n: total }) : t('jobs_total_more', { n: total })}
          </p>
        )}
        {q.data && !jobs.length && <Notice kind="info">{t('jobs_none')}</Notice>}
        <ul class="cards jobs-results">
          {jobs.map((j) => (
            <li class="card jobs-result" key={j.id} data-id={j.id}>
              <h3 class="h3">
                {/* The posting page is rendered by the server: a real navigation. */}
                <a href={`/jobs/${encodeURIComponent(j.id)}`}>{j.title}</a>
              </h3>
              <p class="jobs-employer">{j.enterprise_name}</p>
              <dl class="kv">
                <div>
                  <dt>{t('jobs_salary')}</dt>
                  <dd>{salaryText(j)}</dd>
                </div>
                <div>
                  <dt>{t('jobs_type')}</dt>
                  <dd>{typeName(j.employment_type)}</dd>
                </div>
                <div>
                  <dt>{t('jobs_workplace')}</dt>
                  <dd>{j.locality}</dd>
                </div>
                <div>
                  <dt>{t('jobs_valid_through')}</dt>
                  <dd>{fmtDay(j.valid_through)}</dd>
                </div>
              </dl>
              <p class="actions">
                <Link href={`/app/jobs/${encodeURIComponent(j.id)}/apply`} class="btn btn-secondary" aria-label={t('jobs_apply_online_label', { title: j.title })}>
                  {t('jobs_apply_online')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
        {total > LIMIT && (
          <nav class="actions jobs-pages" aria-label={t('jobs_page', { from: offset + 1, to: Math.min(total, offset + LIMIT) })}>
            <Button kind="secondary" disabled={offset === 0} onClick={() => go(applied, Math.max(0, offset - LIMIT))}>
              {t('jobs_prev')}
            </Button>
            <span class="small">{t('jobs_page', { from: offset + 1, to: Math.min(total, offset + LIMIT) })}</span>
            <Button kind="secondary" disabled={offset + LIMIT >= total} onClick={() => go(applied, offset + LIMIT)}>
              {t('jobs_next')}
            </Button>
          </nav>
        )}
      </section>
    </Page>
  );
}
