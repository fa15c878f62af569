// Recruitment (issue 23; docs/jobs.md): shapes and small pieces the job screens share — the
// records as the API answers them, employment types, salaries, status tags, interview times in
// Asia/Shanghai, field errors of the jobs API in words, and the PDF upload (not JSON).
import { ApiError, NetworkError, cookie, get, type FieldError, type ResponseOf, fieldText } from '../../api';
import { useEffect } from 'preact/hooks';
import { getLang, t, tMaybe } from '../../i18n';
import { observable } from '../../hooks/observable';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';

export type Posting = ResponseOf<'/api/v1/jobs/{id}'>;
export type Start = ResponseOf<'/api/v1/jobs/{id}/apply'>;
export type Resume = Start['resume'];
export type Education = NonNullable<Resume['education']>[number];
export type Work = NonNullable<Resume['work']>[number];
export type MyApplication = ResponseOf<'/api/v1/me/job-applications'>['applications'][number];
export type EmployerApplication = ResponseOf<'/api/v1/jobs/{id}/applications'>['applications'][number];
export type Slot = ResponseOf<'/api/v1/jobs/{id}/interview-slots'>['slots'][number];
export type Enterprise = ResponseOf<'/api/v1/me/enterprises'>['enterprises'][number];

export const EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export function typeName(type: string): string {
  return tMaybe(`jobs_type_${type}`) ?? type;
}

export function salaryText(p: { salary_min: number; salary_max: number }): string {
  const n = (x: number) => x.toLocaleString(getLang());
  return t('jobs_salary_range', { min: n(p.salary_min), max: n(p.salary_max) });
}

/** The pipeline in its order; rejected and withdrawn end it anywhere. */
export const PIPELINE = ['received', 'shortlisted', 'interview', 'offer'] as const;

export function statusName(s: string): string {
  return tMaybe(`jobs_st_${s}`) ?? s;
}

export function StatusTag({ status }: { status: string }) {
  return (
    <span class={`tag jobs-st jobs-st-${status}`} data-status={status}>
      {statusName(status)}
    </span>
  );
}

/** "08:30" in Asia/Shanghai. */
export function hm(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "12月6日 周日 09:00–09:30" (Asia/Shanghai). */
export function whenText(a: { start: string; end: string }): string {
  const day = new Date(a.start).toLocaleDateString(getLang(), { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', weekday: 'short' });
  return `${day} ${hm(a.start)}–${hm(a.end)}`;
}

/** YYYY-MM-DD of a moment in Asia/Shanghai. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** One server field error in words, with the jobs screens' own wording where a code means more here. */
export function jobsFieldText(e: FieldError): string {
  return (e.code && tMaybe(`jobs_err_${e.code}`)) || fieldText(e);
}

/** The server's error about `name` (a JSON path without "$."), in words. */
export function jobsFieldError(e: unknown, name: string): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const x = e.errors.find((f) => f.path.replace(/^\$\.?/, '') === name);
  return x && jobsFieldText(x);
}

/**
 * The error above a form: when every field error is already shown at its field (`shown`), only
 * "please correct the marked fields"; otherwise the whole error in words.
 */
export function FormError({ error, shown }: { error: unknown; shown: string[] }) {
  if (!error) return null;
  if (error instanceof ApiError && error.errors.length && error.errors.every((x) => shown.includes(x.path.replace(/^\$\.?/, '')))) {
    return <Notice kind="error">{t('problem_invalid')}</Notice>;
  }
  return <ErrorNotice error={error} />;
}

export function errorOf(e: unknown): ApiError | undefined {
  return e instanceof ApiError ? e : undefined;
}

/** True for the 409 of a conditional update that lost (stale_version). */
export function isStale(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409;
}

/** JSON Resume dates: YYYY, YYYY-MM or YYYY-MM-DD. */
export const DATE_RE = /^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/;

/** Uploads a PDF résumé to an application (PUT …/attachment, application/pdf; the CSRF header). */
export async function uploadAttachment(applicationId: string, file: File): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/pdf', Accept: 'application/json, application/problem+json' };
  const csrf = cookie('__Host-ow_csrf') ?? cookie('ow_csrf');
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1/job-applications/${encodeURIComponent(applicationId)}/attachment`, { method: 'PUT', credentials: 'same-origin', headers, body: file });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (res.ok) return;
  const body = (res.headers.get('Content-Type') ?? '').includes('json') ? await res.json().catch(() => ({})) : { detail: await res.text() };
  throw new ApiError(res.status, body);
}

// Whether the person acts for any enterprise (the employer menu entry), loaded once per login.
let myEnterprises: Enterprise[] | undefined;
const enterprises = observable(() => myEnterprises);
let loadedFor: string | undefined;

/** The enterprises the logged-in person acts for; undefined until known. */
export function useMyEnterprises(personId: string | undefined): Enterprise[] | undefined {
  const value = enterprises.useValue(true);
  useEffect(() => {
    if (!personId || loadedFor === personId) return;
    loadedFor = personId;
    myEnterprises = undefined;
    enterprises.changed();
    get('/api/v1/me/enterprises').then(
      (r) => {
        if (loadedFor !== personId) return;
        myEnterprises = r.enterprises;
        enterprises.changed();
      },
      () => {
        if (loadedFor === personId) loadedFor = undefined;
      },
    );
  }, [personId]);
  return loadedFor === personId ? value : undefined;
}
