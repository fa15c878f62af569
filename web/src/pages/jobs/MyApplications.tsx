// Recruitment (issue 23): the applicant's applications — the list (/app/jobs/applications) and
// one application (/app/jobs/applications/{id}) with its progress, the interview times to pick
// from once invited, the .ics invitation, the résumé that was shared, and withdrawal (which
// erases the résumé copy at once; the employer loses access). The inbox messages of the server
// link /jobs/applications/{id}: that path opens the same screens.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { getLang, t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { fmtDateTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus, Loading } from '../../components/feedback/Loading';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { type MyApplication, PIPELINE, type Resume, type Slot, StatusTag, statusName, whenText } from './common';

const BASE = '/app/jobs/applications';
const colon = () => (getLang() === 'en' ? ': ' : '：');

export function JobMyApplications() {
  const loc = useLocation();
  // The inbox's links (/jobs/applications/{id}) land here too.
  const rest = loc.path.startsWith(`${BASE}/`) ? loc.path.slice(BASE.length + 1) : loc.path.startsWith('/jobs/applications/') ? loc.path.slice('/jobs/applications/'.length) : '';
  const id = decodeURIComponent(rest.replace(/\/$/, ''));
  return id ? <ApplicationView key={id} id={id} /> : <ApplicationList />;
}

function ApplicationList() {
  const q = useLoad(() => get('/api/v1/me/job-applications'));
  const apps = q.data?.applications ?? [];
  return (
    <Page title={t('jobs_mine_title')}>
      <p>
        <Link href="/jobs">{t('jobs_find')}</Link>
      </p>
      <LoadStatus q={q} empty={false} />
      {q.data && !apps.length && <Notice kind="info">{t('jobs_mine_empty')}</Notice>}
      <ul class="cards jobs-applications">
        {apps.map((x) => (
          <li class="card jobs-application" key={x.id} data-id={x.id} data-status={x.status}>
            <h2 class="h3">
              <Link href={`${BASE}/${encodeURIComponent(x.id)}`}>{x.posting_title}</Link>
            </h2>
            <p class="actions">
              <StatusTag status={x.status} />
              <span class="small muted">
                {t('jobs_applied_at')} {fmtDateTime(x.applied_at)}
              </span>
            </p>
            {x.status === 'interview' && (
              <p class="small">{x.interview ? t('jobs_booked', { when: whenText(x.interview) }) : t('jobs_interview_none')}</p>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** The pipeline as steps, the current one marked (rejected / withdrawn end it). */
function Progress({ status }: { status: string }) {
  const at = PIPELINE.indexOf(status as (typeof PIPELINE)[number]);
  return (
    <ol class="jobs-progress" aria-label={t('jobs_progress')}>
      {PIPELINE.map((s, i) => (
        <li key={s} class={at >= 0 && i <= at ? 'done' : ''} aria-current={i === at ? 'step' : undefined}>
          {statusName(s)}
        </li>
      ))}
      {at < 0 && (
        <li class="done" aria-current="step">
          {statusName(status)}
        </li>
      )}
    </ol>
  );
}

/** A résumé; its section headings are `level` (h3 under a page's h2, h4 inside a column). */
export function ResumeView({ resume, level = 3 }: { resume: Resume; level?: 3 | 4 }) {
  const b = resume.basics;
  const H = level === 3 ? 'h3' : 'h4';
  return (
    <div class="jobs-resume">
      <dl class="kv">
        <div>
          <dt>{t('jobs_name')}</dt>
          <dd>{b.name}</dd>
        </div>
        {b.phone && (
          <div>
            <dt>{t('jobs_phone')}</dt>
            <dd>{b.phone}</dd>
          </div>
        )}
        {b.email && (
          <div>
            <dt>{t('jobs_email')}</dt>
            <dd>{b.email}</dd>
          </div>
        )}
        {b.label && (
          <div>
            <dt>{t('jobs_label')}</dt>
            <dd>{b.label}</dd>
          </div>
        )}
      </dl>
      {b.summary && <p class="pre-line">{b.summary}</p>}
      {!!resume.education?.length && (
        <>
          <H class="jobs-resume-head">{t('jobs_education')}</H>
          <ul class="plain">
            {resume.education.map((e, i) => (
              <li key={i}>
                {[e.institution, e.area, e.studyType].filter(Boolean).join(' · ')}
                {(e.startDate || e.endDate) && <span class="muted small"> {`${e.startDate ?? ''}–${e.endDate ?? ''}`}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {!!resume.work?.length && (
        <>
          <H class="jobs-resume-head">{t('jobs_work')}</H>
          <ul class="plain">
            {resume.work.map((w, i) => (
              <li key={i}>
                {[w.name, w.position].filter(Boolean).join(' · ')}
                {(w.startDate || w.endDate) && <span class="muted small"> {`${w.startDate ?? ''}–${w.endDate ?? ''}`}</span>}
                {w.summary && <p class="small pre-line">{w.summary}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ApplicationView({ id }: { id: string }) {
  const q = useLoad(() => get('/api/v1/job-applications/{id}', { params: { id } }) as Promise<MyApplication>, [id]);
  const x = q.data;
  const invited = x?.status === 'interview';
  const slots = useLoad(async () => (invited && x ? (await get('/api/v1/jobs/{id}/interview-slots', { params: { id: x.posting_id } })).slots : ([] as Slot[])), [invited, x?.posting_id, x?.version, x?.interview?.sequence]);
  const a = useAction();
  const [confirming, setConfirming] = useState(false);

  if (!x) {
    return (
      <Page title={t('jobs_detail_title')}>
        <p>
          <Link href={BASE}>{t('jobs_back_mine')}</Link>
        </p>
        {q.loading ? <Loading /> : <ErrorNotice error={q.error} />}
      </Page>
    );
  }

  const book = (s: Slot) =>
    a.run(async () => {
      const r = await post('/api/v1/job-applications/{id}/interview', { params: { id }, body: { slot_id: s.id } });
      q.setData(r);
      slots.reload();
      return r.interview ? t('jobs_booked', { when: whenText(r.interview) }) : undefined;
    }, `slot-${s.id}`);
  const withdraw = () =>
    a.run(async () => {
      const r = await post('/api/v1/job-applications/{id}/withdraw', { params: { id } });
      q.setData(r);
      setConfirming(false);
      return t('jobs_withdrawn');
    }, 'withdraw');
  const current = (s: Slot) => !!x.interview && Date.parse(x.interview.start) === Date.parse(s.start) && Date.parse(x.interview.end) === Date.parse(s.end);

  return (
    <Page title={x.posting_title}>
      <p>
        <Link href={BASE}>{t('jobs_back_mine')}</Link>
      </p>
      <dl class="kv jobs-facts">
        <div>
          <dt>{t('jobs_status')}</dt>
          <dd>
            <StatusTag status={x.status} />
          </dd>
        </div>
        <div>
          <dt>{t('jobs_applied_at')}</dt>
          <dd>{fmtDateTime(x.applied_at)}</dd>
        </div>
        <div>
          <dt>{t('jobs_source')}</dt>
          <dd>{t(x.source === 'scan' ? 'jobs_source_scan' : 'jobs_source_web')}</dd>
        </div>
      </dl>
      <Progress status={x.status} />
      <ActionNotices action={a} />

      {(invited || x.interview) && x.status !== 'withdrawn' && (
        <section class="card jobs-interview" aria-labelledby="jobs-interview-head">
          <h2 id="jobs-interview-head">{t('jobs_interview')}</h2>
          {x.interview ? (
            <>
              <p class="jobs-booked">
                <strong>
                  {t('jobs_interview_at')}
                  {colon()}
                </strong>
                {whenText(x.interview)}
              </p>
              <p>
                <a class="btn btn-secondary jobs-ics" href={`/api/v1/job-applications/${encodeURIComponent(x.id)}/interview.ics`} download={`interview-${x.id}.ics`}>
                  {t('jobs_ics')}
                </a>
              </p>
            </>
          ) : (
            <p>{t('jobs_interview_none')}</p>
          )}
          {x.meeting_link && (
            <p>
              {t('jobs_meeting_link')}
              {colon()}
              <a href={x.meeting_link} rel="noopener noreferrer" target="_blank">
                {x.meeting_link}
              </a>
            </p>
          )}
          {invited && (
            <>
              <h3 class="h3">{t('jobs_slots')}</h3>
              {x.interview && <p class="small muted">{t('jobs_interview_change')}</p>}
              {slots.loading && <Loading />}
              <ErrorNotice error={slots.error} />
              {slots.data && !slots.data.length && <Notice kind="info">{t('jobs_slots_none')}</Notice>}
              <ul class="plain jobs-slots">
                {(slots.data ?? []).map((s) => {
                  const when = whenText(s);
                  return (
                    <li key={s.id} class="jobs-slot" data-id={s.id}>
                      <span class="jobs-slot-time">{when}</span>{' '}
                      <span class="small muted">{s.free > 0 ? t('jobs_slot_free', { n: s.free }) : t('jobs_slot_full')}</span>{' '}
                      {current(s) ? (
                        <span class="tag">{t('jobs_slot_current')}</span>
                      ) : (
                        <Button kind="secondary" disabled={a.busy || s.free < 1} busy={a.running === `slot-${s.id}`} aria-label={t('jobs_slot_pick_label', { when })} onClick={() => void book(s)}>
                          {t('jobs_slot_pick')}
                        </Button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>
      )}

      {x.status === 'withdrawn' ? (
        <Notice kind="info">{t('jobs_resume_erased')}</Notice>
      ) : (
        <>
          {x.resume && (
            <section aria-labelledby="jobs-resume-head">
              <h2 id="jobs-resume-head">{t('jobs_resume_shared')}</h2>
              <ResumeView resume={x.resume} />
              {x.has_attachment && (
                <p>
                  <a href={`/api/v1/job-applications/${encodeURIComponent(x.id)}/attachment`} download="resume.pdf">
                    {t('jobs_attachment_download')}
                  </a>
                </p>
              )}
            </section>
          )}
          <section class="jobs-withdraw" aria-label={t('jobs_withdraw')}>
            {confirming ? (
              <div class="actions">
                <p role="alert">{t('jobs_withdraw_warn')}</p>
                <Button kind="danger" busy={a.running === 'withdraw'} onClick={() => void withdraw()}>
                  {t('jobs_withdraw_confirm')}
                </Button>
                <Button kind="secondary" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </Button>
              </div>
            ) : (
              <Button kind="danger" disabled={a.busy} onClick={() => setConfirming(true)}>
                {t('jobs_withdraw')}
              </Button>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
