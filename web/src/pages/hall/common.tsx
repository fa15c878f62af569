// Service hall (issue 21): the shapes and small pieces the hall screens share — case and guide
// types, state and deadline badges, the history timeline, the answers with prefilled data and
// files (keys other parts of the server add when they are present), and conditional writes
// (If-Match with the case version; a 409 is told in words and the case reloaded).
import { ApiError, get, post, put, type ResponseOf } from '../../api';
import { localized, t, tMaybe } from '../../i18n';
import { fmtDateTime, fmtDay } from '../../format';

export type HallGuideDoc = ResponseOf<'/api/v1/hall/items/{code}'>;
export type HallItem = ResponseOf<'/api/v1/hall/items'>['items'][number];
export type Material = HallGuideDoc['materials'][number];

export interface Prefilled {
  value: unknown;
  source?: { zh: string; en: string };
  member?: string;
  fetched_at_ms?: number;
}
export interface HallFile {
  id: string;
  material: string;
  name: string;
  type: string;
  size: number;
  sha256?: string;
}
/** A case as the API answers it, with the optional keys of prefill and uploads. */
export type HallCase = ResponseOf<'/api/v1/hall/applications/{ref}'> & {
  prefilled?: Record<string, Prefilled>;
  prefill_errors?: Record<string, { code: string; message: string }>;
  files?: HallFile[];
};
export type Answers = Record<string, string>;

/** The reference of a case in URLs: its number once submitted, else the draft's id. */
export function caseRef(c: { case_number?: string | null; id: string }): string {
  return c.case_number || c.id;
}

export const OPEN_STATES = ['submitted', 'accepted', 'correction', 'review', 'approved', 'rejected'];

export function stateName(s: string): string {
  return tMaybe(`hall_st_${s}`) ?? s;
}
export function actionName(a: string): string {
  return tMaybe(`hall_act_${a}`) ?? a;
}

export function StateTag({ state }: { state: string }) {
  return <span class={`tag hall-state hall-state-${state}`}>{stateName(state)}</span>;
}

/** The deadline: a coloured badge (running / warning / overdue / paused) with words, never colour alone. */
export function DeadlineBadge({ d }: { d: HallCase['deadline'] }) {
  const words = tMaybe(`hall_dl_${d.status}`) ?? d.status;
  const left = d.status === 'running' || d.status === 'warning' ? ` · ${t('hall_days_left', { n: d.workdays_left })}` : '';
  return (
    <span class={`badge hall-dl hall-dl-${d.status}`} data-status={d.status}>
      {words}
      {left}
    </span>
  );
}

export function DeadlineFacts({ c }: { c: HallCase }) {
  const d = c.deadline;
  return (
    <>
      <div>
        <dt>{t('hall_deadline')}</dt>
        <dd>
          <DeadlineBadge d={d} />
        </dd>
      </div>
      {d.due && (
        <div>
          <dt>{t('hall_due')}</dt>
          <dd>
            {fmtDay(d.due)}
            {d.provisional && <span class="muted"> {t('hall_provisional')}</span>}
          </dd>
        </div>
      )}
      {d.legal_due && (
        <div>
          <dt>{t('hall_legal_due')}</dt>
          <dd>{fmtDay(d.legal_due)}</dd>
        </div>
      )}
    </>
  );
}

export function History({ c }: { c: HallCase }) {
  const h = c.history ?? [];
  return (
    <section aria-labelledby="hall-history">
      <h2 id="hall-history">{t('hall_history')}</h2>
      <ol class="timeline hall-timeline">
        {h.map((e, i) => (
          <li key={i} data-action={e.action} data-to={e.to}>
            <time dateTime={e.at}>{fmtDateTime(e.at)}</time> · <strong>{actionName(e.action)}</strong>
            {e.from && e.to && e.from !== e.to && (
              <span class="muted">
                {' '}
                ({stateName(e.from)} → {stateName(e.to)})
              </span>
            )}
            <span class="muted"> · {e.actor === 'applicant' ? t('hall_applicant_actor') : e.actor}</span>
            {e.note && <p class="hall-note">{e.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "MM-DD HH:mm" in Asia/Shanghai, as the prefill source line shows it. */
export function shortTime(ms: number | undefined): string {
  if (!ms) return '';
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(ms));
  const p = (k: string) => parts.find((x) => x.type === k)?.value ?? '';
  return `${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

export function valueText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A prefilled value, read-only, with where and when it came from. */
export function PrefilledValue({ p }: { p: Prefilled }) {
  return (
    <span class="hall-prefilled">
      {t('hall_prefilled_from', { value: valueText(p.value), source: p.source ? localized(p.source) : p.member ?? '', time: shortTime(p.fetched_at_ms) })}
    </span>
  );
}

export function FileList({ files }: { files: HallFile[] }) {
  if (!files.length) return null;
  return (
    <ul class="list hall-files">
      {files.map((f) => (
        <li key={f.id}>
          {f.name} <span class="muted">({f.type}, {Math.max(1, Math.round(f.size / 1024))} KB)</span>
        </li>
      ))}
    </ul>
  );
}

/** What one material holds in a case: the prefilled value, the answer, the files, or the error. */
export function MaterialValue({ m, c, answers }: { m: Material; c?: HallCase; answers: Answers }) {
  const pre = c?.prefilled?.[m.id];
  const err = c?.prefill_errors?.[m.id];
  const files = (c?.files ?? []).filter((f) => f.material === m.id);
  if (pre) return <PrefilledValue p={pre} />;
  if (err) return <span class="error">{t('hall_prefill_error', { message: err.message })}</span>;
  if (m.source === 'form') return <span class="hall-answer">{answers[m.id] || t('none')}</span>;
  if (m.source === 'upload') return files.length ? <FileList files={files} /> : <span class="muted">{t('none')}</span>;
  return <span class="muted">{m.source === 'licence' ? t('hall_source_licence') : t('hall_prefill_pending')}</span>;
}

/** The answers of a case as a description list, material by material. */
export function AnswersList({ guide, c }: { guide: HallGuideDoc; c: HallCase }) {
  return (
    <dl class="kv hall-kv hall-answers">
      {guide.materials.map((m) => (
        <div key={m.id}>
          <dt>{localized(m.name)}</dt>
          <dd>
            <MaterialValue m={m} c={c} answers={c.answers as Answers} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function loadGuide(code: string): Promise<HallGuideDoc> {
  return get('/api/v1/hall/items/{code}', { params: { code } });
}
export function loadCase(ref: string): Promise<HallCase> {
  return get('/api/v1/hall/applications/{ref}', { params: { ref } }) as Promise<HallCase>;
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function act(c: HallCase, action: string, note?: string): Promise<HallCase> {
  return post('/api/v1/hall/applications/{ref}/actions', {
    params: { ref: caseRef(c) },
    body: { action: action as any, ...(note ? { note } : {}) },
    headers: ifMatch(c.version),
  }) as Promise<HallCase>;
}
export function saveAnswers(c: HallCase, answers: Answers): Promise<HallCase> {
  return put('/api/v1/hall/applications/{ref}/answers', { params: { ref: caseRef(c) }, body: { answers }, headers: ifMatch(c.version) }) as Promise<HallCase>;
}
export function claim(c: HallCase, release: boolean): Promise<HallCase> {
  const path = release ? '/api/v1/hall/applications/{ref}/release' : '/api/v1/hall/applications/{ref}/claim';
  return post(path, { params: { ref: caseRef(c) }, headers: ifMatch(c.version) }) as Promise<HallCase>;
}

/** A 409 from a conditional write: the case changed under us. */
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409;
}

/** Only the form answers that have text (the server stores text per `form` material). */
export function formAnswers(guide: HallGuideDoc, a: Answers): Answers {
  const out: Answers = {};
  for (const m of guide.materials) if (m.source === 'form' && a[m.id]?.trim()) out[m.id] = a[m.id].trim();
  return out;
}

/** The first required form material without an answer, if any. */
export function missingRequired(guide: HallGuideDoc, a: Answers): Material | undefined {
  return guide.materials.find((m) => m.source === 'form' && m.required && !a[m.id]?.trim());
}

export function itemName(items: HallItem[] | undefined, code: string): string {
  const it = items?.find((i) => i.code === code);
  return it ? localized(it.name) : code;
}
