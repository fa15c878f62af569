// Epidemic response (issue 5): case reports and contact tracing, risk areas, community tasks,
// and the public risk-area notice page (no login).
import { useState } from 'preact/hooks';
import { api, get, post, qs } from '../../api';
import { fmtDateTime, t, tMaybe, useLang } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { useSession, hasRole } from '../../session';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

const STATUSES = ['suspected', 'confirmed', 'asymptomatic', 'excluded'] as const;

// ---- API shapes --------------------------------------------------------------------------

export interface Case {
  case_id: string;
  masked_name: string;
  region: string;
  status: string;
  onset_date: string;
  reporting_unit: string;
  note: string;
  reported_at: string;
  updated_at: string;
  traced_at: string | null;
  close_contacts: number;
  secondary_contacts: number;
}

interface Evidence {
  place_id: string;
  place_name?: string;
  case_from: string;
  case_to: string;
  contact_from: string;
  contact_to: string;
  case_entry_only: boolean;
  contact_entry_only: boolean;
}

interface Contact {
  masked_name: string;
  level: 'close' | 'secondary';
  first_contact: string;
  via_masked_name?: string;
  evidence: Evidence[];
}

export interface RiskAreaPlace {
  place_id: string;
  name?: string;
  region?: string;
  address?: string;
}

export interface RiskArea {
  risk_area_id: string;
  name: string;
  level: 'high' | 'medium';
  region: string | null;
  places: RiskAreaPlace[];
  from: string;
  to: string;
  status: 'active' | 'lifted';
  published_at: string;
  lifted_at: string | null;
  affected?: number;
}

interface Task {
  task_id: string;
  masked_name: string;
  region: string;
  kind: string;
  reason_zh: string;
  reason_en: string;
  source: string;
  status: 'open' | 'done';
  note: string;
  created_at: string;
  done_at: string | null;
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD, `days` from now. */
export function shanghaiDate(days = 0, now = Date.now()): string {
  return new Date(now + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
}

/** "from – to" of two instants; the end shown without the date when on the same day. */
function span(from: string, to: string, entryOnly = false): string {
  if (entryOnly || from === to) return fmtDateTime(from);
  const a = fmtDateTime(from);
  const b = fmtDateTime(to);
  const sameDay = a.slice(0, 10) === b.slice(0, 10) && a.length === b.length;
  return `${a} – ${sameDay ? b.slice(a.length - 5) : b}`;
}

const DAY = 86400000;
const SH = 8 * 3600000;
/** A risk area's period: whole Shanghai days as dates ("to" is the end of its last day). */
export function windowText(from: string, to: string): string {
  const f = Date.parse(from);
  const e = Date.parse(to);
  if (isNaN(f) || isNaN(e)) return `${from} – ${to}`;
  if ((f + SH) % DAY === 0 && (e + SH) % DAY === 0 && e > f) {
    const d1 = new Date(f + SH).toISOString().slice(0, 10);
    const d2 = new Date(e - 1 + SH).toISOString().slice(0, 10);
    return d1 === d2 ? d1 : `${d1} – ${d2}`;
  }
  return `${fmtDateTime(from)} – ${fmtDateTime(to)}`;
}

function caseStatusText(s: string): string {
  return tMaybe(`cs_${s}`) ?? s;
}

// ---- Cases and contacts ----------------------------------------------------------------

function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  return (
    <table class="evidence">
      <thead>
        <tr>
          <th scope="col">{t('place')}</th>
          <th scope="col">{t('cs_case_time')}</th>
          <th scope="col">{t('cs_contact_time')}</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, j) => (
          <tr key={j}>
            <td>{e.place_name || e.place_id}</td>
            <td>
              {span(e.case_from, e.case_to, e.case_entry_only)}
              {e.case_entry_only && <span class="muted small"> （{t('cs_entry_only')}）</span>}
            </td>
            <td>
              {span(e.contact_from, e.contact_to, e.contact_entry_only)}
              {e.contact_entry_only && <span class="muted small"> （{t('cs_entry_only')}）</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Contacts({ caseId, version }: { caseId: string; version: string }) {
  useLang();
  const q = useLoad(() => get<{ contacts: Contact[] }>(`/api/v1/cases/${encodeURIComponent(caseId)}/contacts`), [caseId, version]);
  const contacts = q.data?.contacts ?? [];
  if (q.loading) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  if (!contacts.length) return <p class="muted">{t('cs_no_contacts')}</p>;
  return (
    <div class="table-wrap">
      <table class="contacts">
        <caption class="sr-only">{t('cs_contacts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('masked_name')}</th>
            <th scope="col">{t('cs_level')}</th>
            <th scope="col">{t('cs_first_contact')}</th>
            <th scope="col">{t('cs_evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c, i) => (
            <tr key={i} data-level={c.level}>
              <td>
                {c.masked_name}
                {c.via_masked_name && <span class="muted small"> {t('cs_via', { name: c.via_masked_name })}</span>}
              </td>
              <td>
                <span class={`tag tag-${c.level === 'close' ? 'high' : 'medium'}`}>{t(`cs_level_${c.level}`)}</span>
              </td>
              <td>{fmtDateTime(c.first_contact)}</td>
              <td>
                <EvidenceTable evidence={c.evidence ?? []} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CaseCard({ c, open, onToggle, onChanged, canDecide }: { c: Case; open: boolean; onToggle: () => void; onChanged: (c: Case) => void; canDecide: boolean }) {
  const action = useAction();
  const act = (what: string, path: string, body?: unknown) => action.run(async () => onChanged(await post<Case>(path, body)), what);
  const base = `/api/v1/cases/${encodeURIComponent(c.case_id)}`;
  const contactsId = `contacts-${c.case_id}`;
  return (
    <li class={`card case case-${c.status}`} data-case={c.case_id}>
      <p class="case-head">
        <strong>{c.masked_name}</strong> <span class={`tag tag-case-${c.status}`}>{caseStatusText(c.status)}</span> <span class="muted small">{c.case_id}</span>
      </p>
      <dl class="kv small">
        <div>
          <dt>{t('cs_onset')}</dt>
          <dd>{c.onset_date}</dd>
        </div>
        <div>
          <dt>{t('profile_region')}</dt>
          <dd>{c.region}</dd>
        </div>
        {c.reporting_unit && (
          <div>
            <dt>{t('cs_unit')}</dt>
            <dd>{c.reporting_unit}</dd>
          </div>
        )}
        <div>
          <dt>{t('cs_reported_at')}</dt>
          <dd>{fmtDateTime(c.reported_at)}</dd>
        </div>
        <div>
          <dt>{t('cs_counts')}</dt>
          <dd class="counts">{t('cs_counts_value', { close: c.close_contacts, secondary: c.secondary_contacts })}</dd>
        </div>
        <div>
          <dt>{t('cs_traced_at')}</dt>
          <dd>{c.traced_at ? fmtDateTime(c.traced_at) : t('cs_not_traced')}</dd>
        </div>
        {c.note && (
          <div>
            <dt>{t('note')}</dt>
            <dd>{c.note}</dd>
          </div>
        )}
      </dl>
      <div class="actions">
        {canDecide && c.status !== 'confirmed' && (
          <Button kind="secondary" busy={action.running === 'confirm'} onClick={() => act('confirm', `${base}/status`, { status: 'confirmed' })}>
            {t('cs_confirm')}
          </Button>
        )}
        {canDecide && c.status !== 'excluded' && (
          <Button kind="secondary" busy={action.running === 'exclude'} onClick={() => act('exclude', `${base}/status`, { status: 'excluded' })}>
            {t('cs_exclude')}
          </Button>
        )}
        {canDecide && (
          <Button kind="secondary" busy={action.running === 'trace'} onClick={() => act('trace', `${base}/trace`)}>
            {t('cs_retrace')}
          </Button>
        )}
        {canDecide && (
          <Button kind="link" onClick={onToggle} aria-expanded={open ? 'true' : 'false'} aria-controls={contactsId}>
            {open ? t('cs_hide_contacts') : t('cs_trace')}
          </Button>
        )}
      </div>
      <ErrorNotice error={action.error} />
      {open && (
        <section id={contactsId} aria-label={t('cs_contacts')}>
          <h3>{t('cs_contacts')}</h3>
          <Contacts caseId={c.case_id} version={c.updated_at + (c.traced_at ?? '')} />
        </section>
      )}
    </li>
  );
}

export function Cases() {
  useLang();
  const session = useSession();
  const canDecide = session.status === 'in' && hasRole(session.me, 'health_official');
  const [id, setId] = useState('');
  const [status, setStatus] = useState<string>('suspected');
  const [onset, setOnset] = useState(shanghaiDate());
  const [unit, setUnit] = useState('');
  const [note, setNote] = useState('');
  const report = useAction();
  const [open, setOpen] = useState<string>();
  const list = useLoad(() => get<{ cases: Case[] }>('/api/v1/cases'));
  const cases = list.data?.cases ?? [];
  const idp = idNumberProblem(id);

  const replace = (c: Case) => {
    const others = cases.filter((x) => x.case_id !== c.case_id);
    list.setData({ cases: [c, ...others].sort((a, b) => (a.reported_at < b.reported_at ? 1 : -1)) });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (idp) {
      report.setError(undefined);
      return;
    }
    await report.run(async () => {
      const body: Record<string, string> = { id_number: id, status, onset_date: onset };
      if (unit.trim()) body.reporting_unit = unit.trim();
      if (note.trim()) body.note = note.trim();
      const r = await post<Case>('/api/v1/cases', body);
      setId('');
      setNote('');
      replace(r);
      if (canDecide) setOpen(r.case_id);
      return t('cs_reported', { id: r.case_id, close: r.close_contacts, secondary: r.secondary_contacts });
    });
  };
  const fieldError = (name: string) => (report.error as any)?.field?.(name) as string | undefined;

  return (
    <Page title={t('cs_title')} intro={t('cs_intro')}>
      <form class="card form" onSubmit={submit} noValidate aria-labelledby="cs-form-h">
        <h2 class="h3" id="cs-form-h">
          {t('cs_report')}
        </h2>
        <ActionNotices action={report} />
        <Field
          label={t('person_id_number')}
          name="id_number"
          value={id}
          onInput={(v) => setId(v.toUpperCase())}
          maxLength={18}
          autoComplete="off"
          required
          error={(id.length === 18 && idp ? t(`err_id_${idp}`) : undefined) ?? fieldError('id_number')}
        />
        <Select label={t('cs_status')} name="status" value={status} onChange={setStatus} options={STATUSES.map((s) => [s, t(`cs_${s}`)])} />
        <Field label={t('cs_onset')} name="onset_date" type="date" value={onset} onInput={setOnset} max={shanghaiDate()} required error={fieldError('onset_date')} />
        <Field label={t('cs_unit')} name="reporting_unit" value={unit} onInput={setUnit} optional maxLength={200} />
        <TextArea label={`${t('note')} ${t('optional')}`} name="note" value={note} onInput={setNote} rows={2} />
        <Button type="submit" busy={report.busy} disabled={id.length !== 18 || !!idp}>
          {t('cs_report')}
        </Button>
      </form>
      <h2>{t('cs_list')}</h2>
      <LoadStatus q={list} empty={!list.error && !cases.length} />
      <ul class="cards">
        {cases.map((c) => (
          <CaseCard key={c.case_id} c={c} canDecide={canDecide} open={open === c.case_id} onToggle={() => setOpen(open === c.case_id ? undefined : c.case_id)} onChanged={replace} />
        ))}
      </ul>
    </Page>
  );
}

// ---- Risk areas ------------------------------------------------------------------------

export function levelText(level: string): string {
  return t(level === 'high' ? 'ra_high' : 'ra_medium');
}

/** What an area covers: its region code, or its places by name. */
export function areaScope(a: RiskArea): string {
  if (a.region) return t('ra_scope_region', { region: a.region });
  return a.places.map((p) => p.name || p.place_id).join('、');
}

function AreaCard({ a, onLift }: { a: RiskArea; onLift?: (a: RiskArea) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <li class={`card risk risk-${a.level}${a.status === 'lifted' ? ' lifted' : ''}`} data-area={a.risk_area_id}>
      <p>
        <strong class={`tag tag-${a.status === 'lifted' ? 'lifted' : a.level}`}>{levelText(a.level)}</strong> <strong>{a.name || areaScope(a)}</strong>
        {a.status === 'lifted' && <span class="tag"> {t('ra_lifted')}</span>}
      </p>
      {a.region && a.name && <p class="small">{areaScope(a)}</p>}
      {!a.region && (
        <ul class="plain small">
          {a.places.map((p) => (
            <li key={p.place_id}>
              {p.name || p.place_id}
              {p.address && <span class="muted"> · {p.address}</span>}
              {p.region && <span class="muted"> · {p.region}</span>}
            </li>
          ))}
        </ul>
      )}
      <p class="small">
        {t('ra_window')}
        {t('colon')}
        {windowText(a.from, a.to)}
      </p>
      <p class="muted small">
        {t('ra_published_at')} {fmtDateTime(a.published_at)}
        {a.lifted_at && ` · ${t('ra_lifted_at')} ${fmtDateTime(a.lifted_at)}`}
      </p>
      {onLift && a.status === 'active' && (
        <Button
          kind="secondary"
          busy={busy}
          aria-label={`${t('ra_lift')}：${a.name || areaScope(a)}`}
          onClick={async () => {
            setBusy(true);
            try {
              await onLift(a);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('ra_lift')}
        </Button>
      )}
    </li>
  );
}

export function RiskAreas() {
  useLang();
  const [showAll, setShowAll] = useState(false);
  // The public list may be cached for a minute: officials always want the current one.
  const q = useLoad(() => api<{ risk_areas: RiskArea[] }>('GET', `/api/v1/risk-areas${showAll ? '?all=1' : ''}`, undefined, { cache: 'no-cache' }), [showAll]);
  const placesQ = useLoad(() => get<{ places: any[] }>('/api/v1/places'));
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'region' | 'places'>('region');
  const [region, setRegion] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [level, setLevel] = useState('medium');
  const [from, setFrom] = useState(shanghaiDate(-13));
  const [to, setTo] = useState(shanghaiDate());
  const publish = useAction();
  const error = publish.error;
  const [published, setPublished] = useState<RiskArea>();
  const areas = q.data?.risk_areas ?? [];
  const places: any[] = placesQ.data?.places ?? [];
  const shown = places.filter((p) => !filter.trim() || `${p.name} ${p.region} ${p.address ?? ''}`.includes(filter.trim()));
  const regionProblem = region && !/^(\d{2}|\d{4}|\d{6})$/.test(region) ? t('ra_region_invalid') : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setPublished(undefined);
    if (scope === 'region' ? !region || regionProblem : !picked.length) {
      publish.setError(new Error(scope === 'region' ? t('ra_need_region') : t('ra_need_places')));
      return;
    }
    await publish.run(async () => {
      const body: Record<string, unknown> = { level, from, to };
      // Unnamed areas are named after their places so notices and messages read well.
      const auto = scope === 'places' ? places.filter((p) => picked.includes(p.place_id)).map((p) => p.name).join('、') : '';
      if (name.trim() || auto) body.name = (name.trim() || auto).slice(0, 200);
      if (scope === 'region') body.region = region;
      else body.place_ids = picked;
      const r = await post<RiskArea>('/api/v1/risk-areas', body);
      setPublished(r);
      setName('');
      setPicked([]);
      q.reload();
    });
  };
  // Lifting shares the form's error notice but not its busy button (AreaCard shows its own).
  const lift = async (a: RiskArea) => {
    publish.setError(undefined);
    try {
      await post(`/api/v1/risk-areas/${encodeURIComponent(a.risk_area_id)}/lift`);
      q.reload();
    } catch (e) {
      publish.setError(e);
    }
  };
  const fieldError = (n: string) => (error as any)?.field?.(n) as string | undefined;

  return (
    <Page title={t('ra_title')}>
      <form class="card form" onSubmit={submit} noValidate aria-labelledby="ra-form-h">
        <h2 class="h3" id="ra-form-h">
          {t('ra_publish')}
        </h2>
        {published && (
          <Notice kind="success">
            <strong>{t('ra_published')}</strong> {t('ra_affected', { n: published.affected ?? 0 })}
          </Notice>
        )}
        <ErrorNotice error={error} />
        <Field label={t('ra_name')} name="name" value={name} onInput={setName} optional maxLength={200} hint={t('ra_name_hint')} />
        <Select label={t('ra_level')} name="level" value={level} onChange={setLevel} options={[['high', t('ra_high')], ['medium', t('ra_medium')]]} hint={t('ra_level_hint')} />
        <fieldset class="field">
          <legend>{t('ra_scope')}</legend>
          <div class="radios">
            <label>
              <input type="radio" name="scope" value="region" checked={scope === 'region'} onChange={() => setScope('region')} /> {t('ra_scope_by_region')}
            </label>
            <label>
              <input type="radio" name="scope" value="places" checked={scope === 'places'} onChange={() => setScope('places')} /> {t('ra_scope_by_places')}
            </label>
          </div>
        </fieldset>
        {scope === 'region' ? (
          <Field label={t('ra_region')} name="region" value={region} onInput={(v) => setRegion(v.replace(/\D/g, ''))} inputMode="numeric" maxLength={6} hint={t('ra_region_hint')} error={regionProblem ?? fieldError('region')} />
        ) : (
          <fieldset class="field place-picker">
            <legend>
              {t('ra_places')} <span class="muted small">{t('ra_picked', { n: picked.length })}</span>
            </legend>
            <Field label={t('ra_filter_places')} name="place_filter" value={filter} onInput={setFilter} type="search" />
            {placesQ.loading && <Loading />}
            <ErrorNotice error={placesQ.error} />
            {!placesQ.loading && !places.length && <p class="muted">{t('ra_no_places')}</p>}
            <ul class="plain checks place-list">
              {shown.map((p) => (
                <li key={p.place_id} class="check">
                  <input
                    type="checkbox"
                    id={`pl-${p.place_id}`}
                    name="place_ids"
                    value={p.place_id}
                    checked={picked.includes(p.place_id)}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      setPicked(on ? [...picked, p.place_id] : picked.filter((x) => x !== p.place_id));
                    }}
                  />
                  <label for={`pl-${p.place_id}`}>
                    {p.name} <span class="muted small">{p.region}</span>
                  </label>
                </li>
              ))}
            </ul>
            {fieldError('place_ids') && <p class="error">{fieldError('place_ids')}</p>}
          </fieldset>
        )}
        <div class="two-col">
          <Field label={t('ra_from')} name="from" type="date" value={from} onInput={setFrom} max={shanghaiDate()} hint={t('ra_from_hint')} error={fieldError('from')} />
          <Field label={t('ra_to')} name="to" type="date" value={to} onInput={setTo} min={from} hint={t('ra_to_hint')} error={fieldError('to')} />
        </div>
        <Button type="submit" busy={publish.busy}>
          {t('ra_publish')}
        </Button>
      </form>
      <div class="section-head">
        <h2>{showAll ? t('ra_all') : t('ra_current')}</h2>
        <label class="inline-check">
          <input type="checkbox" name="show_lifted" checked={showAll} onChange={(e) => setShowAll((e.currentTarget as HTMLInputElement).checked)} /> {t('ra_show_lifted')}
        </label>
      </div>
      <LoadStatus q={q} empty={!q.error && !areas.length} />
      <ul class="cards">
        {areas.map((a) => (
          <AreaCard key={a.risk_area_id} a={a} onLift={lift} />
        ))}
      </ul>
    </Page>
  );
}

/** Public page (no login): the current risk areas and the Atom feed. */
export function Notices() {
  useLang();
  const q = useLoad(() => get<{ risk_areas: RiskArea[]; as_of: string }>('/api/v1/risk-areas'));
  const areas = q.data?.risk_areas ?? [];
  const high = areas.filter((a) => a.level === 'high');
  const medium = areas.filter((a) => a.level !== 'high');
  return (
    <Page title={t('nt_title')} intro={t('nt_intro')}>
      <p class="actions">
        <a href="/api/v1/risk-areas.atom" type="application/atom+xml" class="btn btn-secondary">
          <span aria-hidden="true">◉ </span>
          {t('nt_feed')}
        </a>
        <a href="/api/v1/risk-areas" type="application/json" class="btn btn-link">
          {t('nt_json')}
        </a>
      </p>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && (
        <p class="muted small">
          {t('nt_as_of', { at: fmtDateTime(q.data.as_of) })} · {t('nt_counts', { high: high.length, medium: medium.length })}
        </p>
      )}
      {!q.loading && !q.error && !areas.length && <Notice kind="success">{t('nt_none')}</Notice>}
      {[
        ['high', high],
        ['medium', medium],
      ].map(([lv, list]) =>
        (list as RiskArea[]).length ? (
          <section key={lv as string} aria-labelledby={`nt-${lv}`}>
            <h2 id={`nt-${lv}`}>{levelText(lv as string)}</h2>
            <ul class="cards">
              {(list as RiskArea[]).map((a) => (
                <AreaCard key={a.risk_area_id} a={a} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      <p class="muted small">{t('nt_advice')}</p>
    </Page>
  );
}

// ---- Community tasks -------------------------------------------------------------------

function TaskItem({ task, onDone }: { task: Task; onDone: (t: Task) => void }) {
  const lang = useLang();
  const [note, setNote] = useState('');
  const markDone = useAction();
  const done = task.status === 'done';
  const reason = lang === 'zh-CN' ? task.reason_zh || task.reason_en : task.reason_en || task.reason_zh;
  return (
    <li class={`card task task-${task.status}`} data-task={task.task_id}>
      <p>
        <strong class="tag">{tMaybe(`tk_kind_${task.kind}`) ?? task.kind}</strong> <strong>{task.masked_name}</strong> <span class="muted small">{task.region}</span>{' '}
        <span class={`pill ${done ? 'pill-on' : 'pill-off'}`}>
          <span aria-hidden="true">{done ? '✓ ' : '○ '}</span>
          {done ? t('tk_closed') : t('tk_open')}
        </span>
      </p>
      <p>{reason}</p>
      <p class="muted small">
        {t('tk_created')} {fmtDateTime(task.created_at)}
        {task.source && ` · ${t('tk_source')}${tMaybe(`tk_source_${task.source.split(':')[0]}`) ?? task.source}`}
        {task.done_at && ` · ${t('tk_done_at')} ${fmtDateTime(task.done_at)}`}
      </p>
      {done ? (
        task.note && (
          <p>
            <span class="muted">{t('tk_note')}：</span>
            {task.note}
          </p>
        )
      ) : (
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            await markDone.run(async () => onDone(await post<Task>(`/api/v1/tasks/${encodeURIComponent(task.task_id)}/done`, { note: note.trim() })));
          }}
        >
          <TextArea label={t('tk_note')} name="note" value={note} onInput={setNote} rows={2} hint={t('tk_note_hint')} />
          <Button type="submit" busy={markDone.busy}>
            {t('tk_done')}
          </Button>
          <ErrorNotice error={markDone.error} />
        </form>
      )}
    </li>
  );
}

export function Tasks() {
  useLang();
  const [status, setStatus] = useState('open');
  const q = useLoad(() => get<{ tasks: Task[] }>(`/api/v1/tasks${qs({ status })}`), [status]);
  const tasks = q.data?.tasks ?? [];
  const [msg, setMsg] = useState<string>();
  return (
    <Page title={t('tk_title')} intro={t('tk_intro')}>
      <fieldset class="field">
        <legend>{t('tk_filter')}</legend>
        <div class="radios">
          {(['open', 'done', 'all'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="task_status" value={s} checked={status === s} onChange={() => setStatus(s)} /> {t(`tk_filter_${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {msg && <Notice kind="success">{msg}</Notice>}
      <LoadStatus q={q} empty={!q.error && !tasks.length} />
      {!q.loading && tasks.length > 0 && <p class="muted small">{t('tk_count', { n: tasks.length })}</p>}
      <ul class="cards">
        {tasks.map((task) => (
          <TaskItem
            key={task.task_id}
            task={task}
            onDone={(d) => {
              setMsg(t('tk_marked', { name: d.masked_name }));
              q.setData({ tasks: status === 'open' ? tasks.filter((x) => x.task_id !== d.task_id) : tasks.map((x) => (x.task_id === d.task_id ? d : x)) });
            }}
          />
        ))}
      </ul>
    </Page>
  );
}

