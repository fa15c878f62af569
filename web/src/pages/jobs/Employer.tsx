// Recruitment (issue 23): the employer's screen (/app/jobs/employer) for a person linked to an
// enterprise (legal representative or agent). Per posting: the scan-to-apply poster (PNG / SVG
// QR code with a signed token that lives a day), closing it, and — for the posting picked
// (?posting=<id>) — the pipeline received → shortlisted → interview → offer / rejected, with the
// applicants masked until the interview (the server audits every read into the applicant's
// data-use record), and the interview times. Moves are conditional on the version the screen
// saw: a 409 means someone moved it first; the list is reloaded. A form posts a new job.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { t } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { fmtDateTime, fmtDay } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { useSession } from '../../session';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { ResumeView } from './MyApplications';
import { EMPLOYMENT_TYPES, type EmployerApplication, type EmploymentType, type Enterprise, FormError, type Posting, type Slot, isStale, jobsFieldError, salaryText, shanghaiDay, statusName, typeName, whenText } from './common';

const PATH = '/app/jobs/employer';
type Move = 'shortlisted' | 'interview' | 'offer' | 'rejected';
/** The moves the pipeline offers from each status (the server decides; 422 bad_transition). */
const MOVES: Record<string, Move[]> = {
  received: ['shortlisted', 'rejected'],
  shortlisted: ['interview', 'rejected'],
  interview: ['offer', 'rejected'],
};
const COLUMNS = ['received', 'shortlisted', 'interview', 'offer', 'rejected'] as const;

export function JobEmployer() {
  const loc = useLocation();
  const ents = useLoad(() => get('/api/v1/me/enterprises'));
  const list = ents.data?.enterprises ?? [];
  const chosen = loc.query.get('enterprise') ?? '';
  const ent = list.find((e) => e.enterprise_id === chosen) ?? list[0];
  return (
    <Page title={t('jobs_emp_title')} intro={t('jobs_emp_intro')}>
      {ents.loading && <Loading />}
      <ErrorNotice error={ents.error} />
      {ents.data && !list.length && (
        <Notice kind="info">
          {t('jobs_emp_none')} <Link href="/enterprises">{t('jobs_emp_enterprises_link')}</Link>
        </Notice>
      )}
      {list.length > 1 && ent && (
        <Select label={t('jobs_emp_pick')} name="enterprise" value={ent.enterprise_id} options={list.map((e) => [e.enterprise_id, e.name] as [string, string])} onChange={(v) => navigate(`${PATH}?enterprise=${encodeURIComponent(v)}`, true)} />
      )}
      {ent && <EnterpriseJobs key={ent.enterprise_id} ent={ent} />}
    </Page>
  );
}

function EnterpriseJobs({ ent }: { ent: Enterprise }) {
  const loc = useLocation();
  const jobs = useLoad(() => get('/api/v1/enterprises/{id}/jobs', { params: { id: ent.enterprise_id } }), [ent.enterprise_id]);
  const postings = jobs.data?.jobs ?? [];
  const picked = postings.find((p) => p.id === loc.query.get('posting'));
  const pick = (id: string | undefined) => {
    const u = new URLSearchParams(loc.query);
    if (id) u.set('posting', id);
    else u.delete('posting');
    const s = u.toString();
    navigate(`${PATH}${s ? `?${s}` : ''}`, true);
  };
  return (
    <>
      <p class="jobs-enterprise">
        <strong>{ent.name}</strong>
      </p>
      <section aria-labelledby="jobs-postings-head">
        <h2 id="jobs-postings-head">{t('jobs_emp_postings')}</h2>
        {jobs.loading && <Loading />}
        <ErrorNotice error={jobs.error} />
        {jobs.data && !postings.length && <Notice kind="info">{t('jobs_emp_no_postings')}</Notice>}
        <ul class="cards jobs-postings">
          {postings.map((p) => (
            <PostingCard key={p.id} p={p} open={picked?.id === p.id} onOpen={() => pick(picked?.id === p.id ? undefined : p.id)} onChanged={jobs.reload} />
          ))}
        </ul>
      </section>
      {picked && <Pipeline key={picked.id} posting={picked} />}
      <NewPosting ent={ent} onPosted={jobs.reload} />
    </>
  );
}

function postingState(p: Posting): 'open' | 'closed' | 'expired' {
  if (p.status === 'closed') return 'closed';
  return p.public ? 'open' : 'expired';
}

function PostingCard({ p, open, onOpen, onChanged }: { p: Posting; open: boolean; onOpen: () => void; onChanged: () => void }) {
  const [qr, setQr] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const a = useAction();
  const state = postingState(p);
  const id = encodeURIComponent(p.id);
  return (
    <li class="card jobs-posting" data-id={p.id} data-state={state}>
      <h3 class="h3">{p.title}</h3>
      <p class="actions">
        <span class={`tag jobs-posting-${state}`}>{t(`jobs_emp_status_${state}`)}</span>
        <span class="small muted">
          {t('jobs_valid_through')} {fmtDay(p.valid_through)}
        </span>
      </p>
      <dl class="kv">
        <div>
          <dt>{t('jobs_salary')}</dt>
          <dd>{salaryText(p)}</dd>
        </div>
        <div>
          <dt>{t('jobs_type')}</dt>
          <dd>{typeName(p.employment_type)}</dd>
        </div>
        <div>
          <dt>{t('jobs_openings')}</dt>
          <dd>{t('jobs_openings_n', { n: p.openings })}</dd>
        </div>
        <div>
          <dt>{t('jobs_workplace')}</dt>
          <dd>{`${p.locality} ${p.street_address}`}</dd>
        </div>
      </dl>
      <div class="actions">
        <Button kind={open ? 'secondary' : 'primary'} aria-expanded={open ? 'true' : 'false'} onClick={onOpen}>
          {t('jobs_emp_open_pipeline')}
        </Button>
        {p.public && (
          <a href={`/jobs/${id}`} class="btn btn-link">
            {t('jobs_emp_public_page')}
          </a>
        )}
      </div>
      {state === 'open' && (
        <details class="jobs-poster" open={qr} onToggle={(e) => setQr((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>{t('jobs_emp_poster')}</summary>
          {qr && <img class="jobs-poster-img" src={`/api/v1/jobs/${id}/poster.png`} alt={t('jobs_emp_poster_alt', { title: p.title })} width={240} height={240} />}
          <p class="small muted">{t('jobs_emp_poster_hint')}</p>
          <p class="actions">
            <a class="btn btn-secondary jobs-poster-png" href={`/api/v1/jobs/${id}/poster.png`} download={`job-${p.id}.png`}>
              {t('jobs_emp_poster_png')}
            </a>
            <a class="btn btn-secondary jobs-poster-svg" href={`/api/v1/jobs/${id}/poster.svg`} download={`job-${p.id}.svg`}>
              {t('jobs_emp_poster_svg')}
            </a>
          </p>
        </details>
      )}
      {p.status === 'open' && (
        <div class="actions jobs-close">
          {confirming ? (
            <>
              <p role="alert">{t('jobs_emp_close_warn')}</p>
              <Button
                kind="danger"
                busy={a.busy}
                onClick={() =>
                  void a.run(async () => {
                    await post('/api/v1/jobs/{id}/close', { params: { id: p.id } });
                    setConfirming(false);
                    onChanged();
                    return t('jobs_emp_closed');
                  })
                }
              >
                {t('jobs_emp_close_confirm')}
              </Button>
              <Button kind="secondary" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </Button>
            </>
          ) : (
            <Button kind="link" onClick={() => setConfirming(true)}>
              {t('jobs_emp_close')}
            </Button>
          )}
        </div>
      )}
      <ActionNotices action={a} />
    </li>
  );
}

function who(x: EmployerApplication): string {
  const r = x.resume?.basics?.name;
  if (x.applicant.revealed && r) return r;
  return [x.applicant.masked_name, x.applicant.masked_id].filter(Boolean).join(' ');
}

function Pipeline({ posting }: { posting: Posting }) {
  const q = useLoad(() => get('/api/v1/jobs/{id}/applications', { params: { id: posting.id } }), [posting.id]);
  const a = useAction();
  const [links, setLinks] = useState<Record<string, string>>({});
  const apps = q.data?.applications ?? [];
  const move = (x: EmployerApplication, to: Move) =>
    a.run(async () => {
      try {
        const link = (links[x.id] ?? '').trim();
        const r = await post('/api/v1/job-applications/{id}/status', { params: { id: x.id }, body: { to, version: x.version, meeting_link: to === 'interview' && link ? link : undefined } });
        return t('jobs_emp_moved', { who: who(r), status: statusName(r.status) });
      } catch (e) {
        if (isStale(e)) throw new Error(t('jobs_emp_stale'));
        throw e;
      } finally {
        q.reload();
      }
    }, `${to}-${x.id}`);
  const headId = `jobs-pipeline-${posting.id}`;
  return (
    <section class="jobs-pipeline" aria-labelledby={headId}>
      <h2 id={headId}>{t('jobs_emp_pipeline_of', { title: posting.title })}</h2>
      <p class="small muted">{t('jobs_emp_masked_note')}</p>
      <ActionNotices action={a} />
      {q.loading && !q.data && <Loading />}
      <ErrorNotice error={q.error} />
      <div class="jobs-columns">
        {COLUMNS.map((col) => {
          const here = apps.filter((x) => x.status === col);
          return (
            <section class="jobs-column" key={col} data-status={col} aria-labelledby={`${headId}-${col}`}>
              <h3 class="h3" id={`${headId}-${col}`}>
                {statusName(col)} <span class="tag jobs-count">{here.length}</span>
              </h3>
              {!here.length && <p class="small muted">{t('jobs_emp_col_empty')}</p>}
              <ul class="plain">
                {here.map((x) => (
                  <li class="card jobs-applicant" key={x.id} data-id={x.id} data-status={x.status}>
                    <p>
                      <strong class="jobs-applicant-name">{who(x)}</strong>
                    </p>
                    <p class="small muted">
                      {t('jobs_applied_at')} {fmtDateTime(x.applied_at)} · {t(x.source === 'scan' ? 'jobs_source_scan' : 'jobs_source_web')}
                    </p>
                    {x.interview && <p class="small">{t('jobs_booked', { when: whenText(x.interview) })}</p>}
                    {x.interview && (
                      <p class="small">
                        <a href={`/api/v1/job-applications/${encodeURIComponent(x.id)}/interview.ics`} download={`interview-${x.id}.ics`}>
                          {t('jobs_ics')}
                        </a>
                      </p>
                    )}
                    <details>
                      <summary>{t('jobs_emp_resume')}</summary>
                      <ResumeView resume={x.resume} level={4} />
                      {x.has_attachment && (
                        <a href={`/api/v1/job-applications/${encodeURIComponent(x.id)}/attachment`} download="resume.pdf">
                          {t('jobs_attachment_download')}
                        </a>
                      )}
                    </details>
                    {x.status === 'shortlisted' && (
                      <Field label={t('jobs_emp_meeting')} type="url" name={`meeting-${x.id}`} maxLength={500} value={links[x.id] ?? ''} onInput={(v) => setLinks({ ...links, [x.id]: v })} error={a.running === undefined && a.error ? jobsFieldError(a.error, 'meeting_link') : undefined} />
                    )}
                    <div class="actions">
                      {(MOVES[x.status] ?? []).map((to) => (
                        <Button key={to} kind={to === 'rejected' ? 'danger' : 'secondary'} busy={a.running === `${to}-${x.id}`} disabled={a.busy} aria-label={t('jobs_emp_move_label', { action: t(`jobs_emp_move_${to}`), who: who(x) })} onClick={() => void move(x, to)}>
                          {t(`jobs_emp_move_${to}`)}
                        </Button>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      <Slots posting={posting} />
    </section>
  );
}

function Slots({ posting }: { posting: Posting }) {
  const q = useLoad(() => get('/api/v1/jobs/{id}/interview-slots', { params: { id: posting.id } }), [posting.id]);
  const a = useAction();
  const [day, setDay] = useState(() => shanghaiDay(Date.now() + 86_400_000));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('09:30');
  const [capacity, setCapacity] = useState('1');
  const [tried, setTried] = useState(false);
  const slots: Slot[] = q.data?.slots ?? [];
  const incomplete = !/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(end);
  const order = !incomplete && end <= start;
  return (
    <section class="jobs-slots-admin" aria-labelledby={`jobs-slots-${posting.id}`}>
      <h3 class="h3" id={`jobs-slots-${posting.id}`}>
        {t('jobs_emp_slots')}
      </h3>
      {q.loading && !q.data && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && !slots.length && <p class="small muted">{t('jobs_emp_slots_none')}</p>}
      <ul class="plain jobs-slot-list">
        {slots.map((s) => (
          <li key={s.id} class="jobs-slot" data-id={s.id}>
            {whenText(s)} <span class="small muted">{t('jobs_emp_slot_taken', { n: s.capacity - s.free, cap: s.capacity })}</span>
          </li>
        ))}
      </ul>
      <form
        class="form jobs-add-slot"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setTried(true);
          if (incomplete || order) return;
          await a.run(async () => {
            const r = await post('/api/v1/jobs/{id}/interview-slots', {
              params: { id: posting.id },
              body: { start: `${day}T${start}:00+08:00`, end: `${day}T${end}:00+08:00`, capacity: Number(capacity) || 1 },
            });
            setTried(false);
            q.reload();
            return t('jobs_emp_slot_added', { when: whenText(r) });
          });
        }}
      >
        <fieldset>
          <legend>{t('jobs_emp_add_slot')}</legend>
          <Field label={t('jobs_emp_slot_day')} type="date" name="slot-day" value={day} onInput={setDay} error={(tried && incomplete && t('jobs_emp_slot_fill')) || jobsFieldError(a.error, 'start')} />
          <div class="two-col">
            <Field label={t('jobs_emp_slot_start')} type="time" name="slot-start" value={start} onInput={setStart} />
            <Field label={t('jobs_emp_slot_end')} type="time" name="slot-end" value={end} onInput={setEnd} error={(tried && order && t('jobs_emp_slot_order')) || jobsFieldError(a.error, 'end')} />
          </div>
          <Field label={t('jobs_emp_slot_capacity')} type="number" name="slot-capacity" min={1} max={100} value={capacity} onInput={setCapacity} error={jobsFieldError(a.error, 'capacity')} />
          <FormError error={a.error} shown={['start', 'end', 'capacity']} />
          {a.msg && <Notice kind="success">{a.msg}</Notice>}
          <div class="actions">
            <Button type="submit" kind="secondary" busy={a.busy}>
              {t('jobs_emp_add_slot')}
            </Button>
          </div>
        </fieldset>
      </form>
    </section>
  );
}

interface Draft {
  title: string;
  description: string;
  region: string;
  locality: string;
  street_address: string;
  postal_code: string;
  employment_type: EmploymentType;
  salary_min: string;
  salary_max: string;
  openings: string;
  valid_through: string;
}

function emptyDraft(): Draft {
  return { title: '', description: '', region: '', locality: '', street_address: '', postal_code: '', employment_type: 'FULL_TIME', salary_min: '', salary_max: '', openings: '1', valid_through: shanghaiDay(Date.now() + 30 * 86_400_000) };
}

function NewPosting({ ent, onPosted }: { ent: Enterprise; onPosted: () => void }) {
  const session = useSession();
  const [d, setD] = useState<Draft>(emptyDraft);
  const a = useAction();
  const set = (k: keyof Draft) => (v: string) => setD({ ...d, [k]: v });
  const err = (k: string) => jobsFieldError(a.error, k);
  if (session.status !== 'in') return null;
  return (
    <details class="jobs-new-posting">
      <summary>{t('jobs_emp_new')}</summary>
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          await a.run(async () => {
            const p = await post('/api/v1/jobs', {
              body: {
                enterprise_id: ent.enterprise_id,
                title: d.title.trim(),
                description: d.description.trim(),
                region: d.region.trim(),
                locality: d.locality.trim(),
                street_address: d.street_address.trim(),
                postal_code: d.postal_code.trim(),
                employment_type: d.employment_type,
                salary_min: Number(d.salary_min || 0),
                salary_max: Number(d.salary_max || 0),
                openings: Number(d.openings || 1),
                valid_through: d.valid_through,
              },
            });
            setD(emptyDraft());
            onPosted();
            return t('jobs_emp_posted', { title: p.title });
          });
        }}
      >
        <Field label={t('jobs_emp_title_field')} name="title" maxLength={120} value={d.title} onInput={set('title')} error={err('title')} />
        <TextArea label={t('jobs_emp_description')} name="description" rows={4} value={d.description} onInput={set('description')} error={err('description')} />
        <Select<EmploymentType> label={t('jobs_type')} name="employment_type" value={d.employment_type} onChange={(v) => setD({ ...d, employment_type: v })} options={EMPLOYMENT_TYPES.map((x) => [x, typeName(x)] as [EmploymentType, string])} />
        <div class="two-col">
          <Field label={t('jobs_emp_salary_min')} name="salary_min" inputMode="numeric" value={d.salary_min} onInput={set('salary_min')} error={err('salary_min')} />
          <Field label={t('jobs_emp_salary_max')} name="salary_max" inputMode="numeric" value={d.salary_max} onInput={set('salary_max')} error={err('salary_max')} />
        </div>
        <Field label={t('jobs_openings')} name="openings" type="number" min={1} value={d.openings} onInput={set('openings')} error={err('openings')} />
        <Field label={t('jobs_emp_region')} name="region" inputMode="numeric" maxLength={6} value={d.region} onInput={set('region')} error={err('region')} />
        <Field label={t('jobs_emp_locality')} hint={t('jobs_emp_locality_hint')} name="locality" maxLength={60} value={d.locality} onInput={set('locality')} error={err('locality')} />
        <Field label={t('jobs_emp_street')} name="street_address" maxLength={200} value={d.street_address} onInput={set('street_address')} error={err('street_address')} />
        <Field label={t('jobs_emp_postal')} name="postal_code" inputMode="numeric" maxLength={6} value={d.postal_code} onInput={set('postal_code')} error={err('postal_code')} />
        <Field label={t('jobs_emp_valid_through')} name="valid_through" type="date" value={d.valid_through} onInput={set('valid_through')} error={err('valid_through')} />
        <FormError error={a.error} shown={['title', 'description', 'salary_min', 'salary_max', 'openings', 'region', 'locality', 'street_address', 'postal_code', 'valid_through']} />
        {a.msg && <Notice kind="success">{a.msg}</Notice>}
        <div class="actions">
          <Button type="submit" busy={a.busy}>
            {t('jobs_emp_new')}
          </Button>
        </div>
      </form>
    </details>
  );
}
