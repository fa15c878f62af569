// Recruitment (issue 23): scan to apply (扫码填写简历) — /app/jobs/{id}/apply?token=…, the page a
// posting's poster QR code opens (after the login, which comes back here). The server checks the
// token and gives the résumé to start from (the stored one, or one prefilled from the real-name
// profile); the person completes education and experience, may add a PDF, ticks the explicit
// consent to share with that employer and applies. After success the form is reset to the
// (now stored) résumé with the consent unticked, and a confirmation links to the application.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../api';
import { getLang, t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { TextArea } from '../../components/form/TextArea';
import { Checkbox } from '../../components/form/Checkbox';
import { FieldError } from '../../components/form/FieldMessages';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { NotFound } from '../../app/ErrorPages';
import { DATE_RE, type Education, FormError, type Resume, type Work, errorOf, jobsFieldError, uploadAttachment } from './common';

const MAX_PDF = 5 * 1024 * 1024;

/** The app's catch-all under /app/jobs: today only /app/jobs/{id}/apply. */
export function JobsAppRoutes() {
  const loc = useLocation();
  const m = /^\/app\/jobs\/([^/]+)\/apply\/?$/.exec(loc.path);
  if (!m) return <NotFound />;
  const id = decodeURIComponent(m[1]!);
  const token = loc.query.get('token') ?? '';
  return <JobApply key={`${id}|${token}`} id={id} token={token} />;
}

const emptyEducation = (): Education => ({ institution: '', area: '', studyType: '', startDate: '', endDate: '' });
const emptyWork = (): Work => ({ name: '', position: '', startDate: '', endDate: '', summary: '' });

/** The résumé as the form edits it: every optional text present (empty), at least one row of each list. */
function editable(r: Resume): Resume {
  const b = r.basics;
  return {
    basics: { ...b, name: b.name ?? '', phone: b.phone ?? '', email: b.email ?? '', label: b.label ?? '', summary: b.summary ?? '' },
    education: (r.education?.length ? r.education : [emptyEducation()]).map((e) => ({ ...emptyEducation(), ...e })),
    work: (r.work?.length ? r.work : [emptyWork()]).map((w) => ({ ...emptyWork(), ...w })),
  };
}

/** What is sent: empty texts left out, rows without a school / an employer dropped. */
function cleaned(r: Resume): Resume {
  const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => !(typeof v === 'string' && v.trim() === ''))) as T;
  return {
    basics: strip({ ...r.basics, name: r.basics.name.trim() }),
    education: (r.education ?? []).filter((e) => e.institution.trim()).map(strip),
    work: (r.work ?? []).filter((w) => w.name.trim()).map(strip),
  };
}

/** Problems the form finds itself, by the JSON path the server would use. */
function localProblems(r: Resume): Record<string, string> {
  const out: Record<string, string> = {};
  (r.education ?? []).forEach((e, i) => {
    const used = Object.values(e).some((v) => typeof v === 'string' && v.trim());
    if (used && !e.institution.trim()) out[`resume.education[${i}].institution`] = t('jobs_need_institution');
    for (const k of ['startDate', 'endDate'] as const) if (e[k]?.trim() && !DATE_RE.test(e[k]!.trim())) out[`resume.education[${i}].${k}`] = t('jobs_bad_date');
  });
  (r.work ?? []).forEach((w, i) => {
    const used = Object.values(w).some((v) => typeof v === 'string' && v.trim());
    if (used && !w.name.trim()) out[`resume.work[${i}].name`] = t('jobs_need_company');
    for (const k of ['startDate', 'endDate'] as const) if (w[k]?.trim() && !DATE_RE.test(w[k]!.trim())) out[`resume.work[${i}].${k}`] = t('jobs_bad_date');
  });
  return out;
}

function JobApply({ id, token }: { id: string; token: string }) {
  const start = useLoad(() => get('/api/v1/jobs/{id}/apply', { params: { id }, query: { token: token || undefined } }), [id, token]);
  const [resume, setResume] = useState<Resume | undefined>();
  const [consent, setConsent] = useState(false);
  const [pdf, setPdf] = useState<File | undefined>();
  const [fileKey, setFileKey] = useState(0); // a new key empties the file input
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState<{ id: string; pdfError?: unknown }>();
  const a = useAction();
  useEffect(() => {
    if (start.data) setResume(editable(start.data.resume));
  }, [start.data]);

  if (start.loading && !start.data) {
    return (
      <Page title={t('jobs_apply_title')}>
        <Loading />
      </Page>
    );
  }
  if (!start.data || !resume) {
    return (
      <Page title={t('jobs_apply_title')}>
        <Notice kind="error">
          {t('jobs_apply_bad_link')}
          {jobsFieldError(start.error, 'token') ?? ''}
        </Notice>
        {!jobsFieldError(start.error, 'token') && <ErrorNotice error={start.error} />}
        <p>
          <Link href="/jobs">{t('jobs_find')}</Link>
        </p>
      </Page>
    );
  }
  const s = start.data;
  const employer = s.posting.enterprise_name;
  const local = localProblems(resume);
  const pdfProblem = pdf && (pdf.size > MAX_PDF || !(pdf.type === 'application/pdf' || pdf.name.toLowerCase().endsWith('.pdf'))) ? t('jobs_pdf_bad') : undefined;
  // A field's message: the form's own check once submit was tried, else the server's.
  // The server numbers the rows it was sent (empty ones are dropped): its path, for a form path.
  const kept = {
    education: resume.education!.map((e, i) => (e.institution.trim() ? i : -1)).filter((i) => i >= 0),
    work: resume.work!.map((w, i) => (w.name.trim() ? i : -1)).filter((i) => i >= 0),
  };
  const toServer = (path: string) => path.replace(/^resume\.(education|work)\[(\d+)\]/, (_, list: 'education' | 'work', i: string) => `resume.${list}[${kept[list].indexOf(Number(i))}]`);
  const toForm = (path: string) => path.replace(/^resume\.(education|work)\[(\d+)\]/, (_, list: 'education' | 'work', i: string) => `resume.${list}[${kept[list][Number(i)] ?? -1}]`);
  const err = (path: string) => (tried ? local[path] : undefined) ?? jobsFieldError(a.error, toServer(path));
  const setBasics = (k: keyof Resume['basics'], v: string) => setResume({ ...resume, basics: { ...resume.basics, [k]: v } });
  const setEdu = (i: number, k: keyof Education, v: string) => setResume({ ...resume, education: resume.education!.map((e, j) => (j === i ? { ...e, [k]: v } : e)) });
  const setWork = (i: number, k: keyof Work, v: string) => setResume({ ...resume, work: resume.work!.map((w, j) => (j === i ? { ...w, [k]: v } : w)) });
  // Server errors shown at a field of the form (the others go above the button).
  const FORM_FIELDS = /^resume\.(basics\.(name|phone|email|label|summary)|(education|work)\[\d+\]\.(institution|area|studyType|name|position|startDate|endDate|summary))$/;
  const serverPaths = (errorOf(a.error)?.errors ?? []).map((x) => x.path.replace(/^\$\.?/, ''));
  const shownPaths = serverPaths.filter((p) => p === 'consent' || (FORM_FIELDS.test(p) && !toForm(p).includes('[-1]')));
  const consentText = getLang() === 'en' ? s.consent_text.en : s.consent_text.zh;

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    setDone(undefined);
    if (Object.keys(local).length || pdfProblem) return;
    if (!consent) return;
    await a.run(async () => {
      const app = await post('/api/v1/jobs/{id}/applications', { params: { id }, body: { consent: true, token: token || undefined, resume: cleaned(resume) } });
      let pdfError: unknown;
      if (pdf) await uploadAttachment(app.id, pdf).catch((x) => (pdfError = x));
      // Reset: the stored résumé (the one just sent), consent unticked, no file.
      setConsent(false);
      setPdf(undefined);
      setFileKey((k) => k + 1);
      setTried(false);
      setDone({ id: app.id, pdfError });
      start.reload();
    });
  };

  return (
    <Page title={t('jobs_apply_title')}>
      <p class="jobs-apply-for">
        <strong>{t('jobs_apply_for', { title: s.posting.title, employer })}</strong>{' '}
        <a href={`/jobs/${encodeURIComponent(s.posting.id)}`}>{t('jobs_view_posting')}</a>
      </p>
      {done && (
        <div class="jobs-applied">
          <Notice kind="success">
            {t('jobs_applied', { employer })} <Link href={`/app/jobs/applications/${encodeURIComponent(done.id)}`}>{t('jobs_applied_open')}</Link>
          </Notice>
          {done.pdfError ? <ErrorNotice error={done.pdfError} /> : null}
        </div>
      )}
      <Notice kind="info">{s.resume_stored ? t('jobs_apply_stored') : t('jobs_apply_prefilled')}</Notice>
      <form class="form jobs-apply" noValidate onSubmit={submit}>
        <fieldset class="jobs-fieldset">
          <legend>{t('jobs_basics')}</legend>
          <Field label={t('jobs_name')} hint={t('jobs_name_hint')} name="name" autoComplete="name" maxLength={100} value={resume.basics.name} onInput={(v) => setBasics('name', v)} error={err('resume.basics.name')} />
          <Field label={t('jobs_phone')} optional name="phone" type="tel" autoComplete="tel" maxLength={100} value={resume.basics.phone ?? ''} onInput={(v) => setBasics('phone', v)} error={err('resume.basics.phone')} />
          <Field label={t('jobs_email')} optional name="email" type="email" autoComplete="email" maxLength={100} value={resume.basics.email ?? ''} onInput={(v) => setBasics('email', v)} error={err('resume.basics.email')} />
          <Field label={t('jobs_label')} optional name="label" maxLength={100} value={resume.basics.label ?? ''} onInput={(v) => setBasics('label', v)} error={err('resume.basics.label')} />
          <TextArea label={t('jobs_summary')} name="summary" rows={3} value={resume.basics.summary ?? ''} onInput={(v) => setBasics('summary', v)} error={err('resume.basics.summary')} />
        </fieldset>

        <fieldset class="jobs-fieldset">
          <legend>{t('jobs_education')}</legend>
          {resume.education!.map((e, i) => (
            <fieldset class="jobs-entry" key={`edu-${i}`}>
              <legend>{t('jobs_education_n', { n: i + 1 })}</legend>
              <Field label={t('jobs_institution')} name={`education-${i}-institution`} value={e.institution} onInput={(v) => setEdu(i, 'institution', v)} error={err(`resume.education[${i}].institution`)} />
              <Field label={t('jobs_area')} optional name={`education-${i}-area`} value={e.area ?? ''} onInput={(v) => setEdu(i, 'area', v)} error={err(`resume.education[${i}].area`)} />
              <Field label={t('jobs_study_type')} optional name={`education-${i}-studyType`} value={e.studyType ?? ''} onInput={(v) => setEdu(i, 'studyType', v)} error={err(`resume.education[${i}].studyType`)} />
              <div class="two-col">
                <Field label={t('jobs_start')} optional hint={t('jobs_date_hint')} name={`education-${i}-startDate`} inputMode="numeric" maxLength={10} value={e.startDate ?? ''} onInput={(v) => setEdu(i, 'startDate', v)} error={err(`resume.education[${i}].startDate`)} />
                <Field label={t('jobs_end')} optional name={`education-${i}-endDate`} inputMode="numeric" maxLength={10} value={e.endDate ?? ''} onInput={(v) => setEdu(i, 'endDate', v)} error={err(`resume.education[${i}].endDate`)} />
              </div>
              {resume.education!.length > 1 && (
                <Button kind="link" onClick={() => setResume({ ...resume, education: resume.education!.filter((_, j) => j !== i) })}>
                  {t('jobs_remove_entry', { what: t('jobs_education_n', { n: i + 1 }) })}
                </Button>
              )}
            </fieldset>
          ))}
          <Button kind="secondary" disabled={resume.education!.length >= 30} onClick={() => setResume({ ...resume, education: [...resume.education!, emptyEducation()] })}>
            {t('jobs_add_education')}
          </Button>
        </fieldset>

        <fieldset class="jobs-fieldset">
          <legend>{t('jobs_work')}</legend>
          {resume.work!.map((w, i) => (
            <fieldset class="jobs-entry" key={`work-${i}`}>
              <legend>{t('jobs_work_n', { n: i + 1 })}</legend>
              <Field label={t('jobs_company')} name={`work-${i}-name`} value={w.name} onInput={(v) => setWork(i, 'name', v)} error={err(`resume.work[${i}].name`)} />
              <Field label={t('jobs_position')} optional name={`work-${i}-position`} value={w.position ?? ''} onInput={(v) => setWork(i, 'position', v)} error={err(`resume.work[${i}].position`)} />
              <div class="two-col">
                <Field label={t('jobs_start')} optional hint={t('jobs_date_hint')} name={`work-${i}-startDate`} inputMode="numeric" maxLength={10} value={w.startDate ?? ''} onInput={(v) => setWork(i, 'startDate', v)} error={err(`resume.work[${i}].startDate`)} />
                <Field label={t('jobs_end')} optional name={`work-${i}-endDate`} inputMode="numeric" maxLength={10} value={w.endDate ?? ''} onInput={(v) => setWork(i, 'endDate', v)} error={err(`resume.work[${i}].endDate`)} />
              </div>
              <TextArea label={t('jobs_work_summary')} name={`work-${i}-summary`} rows={2} value={w.summary ?? ''} onInput={(v) => setWork(i, 'summary', v)} error={err(`resume.work[${i}].summary`)} />
              {resume.work!.length > 1 && (
                <Button kind="link" onClick={() => setResume({ ...resume, work: resume.work!.filter((_, j) => j !== i) })}>
                  {t('jobs_remove_entry', { what: t('jobs_work_n', { n: i + 1 }) })}
                </Button>
              )}
            </fieldset>
          ))}
          <Button kind="secondary" disabled={resume.work!.length >= 30} onClick={() => setResume({ ...resume, work: [...resume.work!, emptyWork()] })}>
            {t('jobs_add_work')}
          </Button>
        </fieldset>

        <div class={`field${pdfProblem ? ' has-error' : ''}`}>
          <label for="jobs-pdf">
            {t('jobs_pdf')}
            <span class="muted"> {t('optional')}</span>
          </label>
          <input
            key={fileKey}
            id="jobs-pdf"
            name="attachment"
            type="file"
            accept="application/pdf,.pdf"
            aria-invalid={pdfProblem ? 'true' : undefined}
            aria-describedby={pdfProblem ? 'jobs-pdf-err' : undefined}
            onChange={(e) => setPdf((e.currentTarget as HTMLInputElement).files?.[0])}
          />
          {pdfProblem && <FieldError id="jobs-pdf-err">{pdfProblem}</FieldError>}
        </div>

        <fieldset class="jobs-fieldset jobs-consent">
          <legend>{t('jobs_consent_head')}</legend>
          {/* The server's own consent text (the one it records) is what the person agrees to. */}
          <Checkbox
            name="consent"
            label={consentText || t('jobs_consent', { employer })}
            checked={consent}
            onChange={setConsent}
            error={(tried && !consent ? t('jobs_consent_missing') : undefined) ?? jobsFieldError(a.error, 'consent')}
          />
        </fieldset>
        <FormError error={a.error} shown={shownPaths} />
        <div class="actions">
          <Button type="submit" busy={a.busy}>
            {t('jobs_apply_submit')}
          </Button>
        </div>
      </form>
    </Page>
  );
}
