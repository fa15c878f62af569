// Case reports and contact tracing, risk areas, community tasks.
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { fmtDateTime, localized, t, tMaybe, useLang } from '../i18n';
import { idNumberProblem } from '../idcard';
import { Button, Empty, ErrorNotice, Field, Loading, Notice, Page, Select, TextArea, useLoad } from '../components/ui';

const STATUSES = ['suspected', 'confirmed', 'asymptomatic', 'excluded'];

function Contacts({ caseId }: { caseId: string }) {
  const q = useLoad(() => get(`/api/v1/cases/${encodeURIComponent(caseId)}/contacts`), [caseId]);
  const contacts: any[] = q.data?.contacts ?? [];
  if (q.loading) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  if (!contacts.length) return <p class="muted">{t('cs_no_contacts')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('masked_name')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('cs_evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c, i) => (
            <tr key={i}>
              <td>{c.masked_name}</td>
              <td>{t(`cs_level_${c.level}`)}</td>
              <td>
                <ul class="plain">
                  {(c.evidence ?? []).map((e: any, j: number) => (
                    <li key={j}>
                      {typeof e === 'string' ? e : `${e.place_name ?? e.place_id ?? ''} ${fmtDateTime(e.from ?? e.at ?? e.case_at)}${e.to ? ' – ' + fmtDateTime(e.to) : ''}`}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Cases() {
  useLang();
  const [id, setId] = useState('');
  const [status, setStatus] = useState('suspected');
  const [onset, setOnset] = useState(new Date().toISOString().slice(0, 10));
  const [unit, setUnit] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [msg, setMsg] = useState<string>();
  const [open, setOpen] = useState<string>();
  const list = useLoad(() => get('/api/v1/cases'));
  const cases: any[] = list.data?.cases ?? [];
  const idp = idNumberProblem(id);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (idp) return;
    setBusy(true);
    setError(undefined);
    setMsg(undefined);
    try {
      const body: any = { id_number: id, status, onset_date: onset };
      if (unit.trim()) body.reporting_unit = unit.trim();
      const r = await post('/api/v1/cases', body);
      setMsg(t('cs_reported', { id: r.case_id }));
      setOpen(r.case_id);
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const setCaseStatus = async (caseId: string, s: string) => {
    try {
      await post(`/api/v1/cases/${encodeURIComponent(caseId)}/status`, { status: s });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Page title={t('cs_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('cs_report')}</h2>
        {msg && <Notice kind="success">{msg}</Notice>}
        <ErrorNotice error={error} />
        <Field label={t('person_id_number')} value={id} onInput={(v) => setId(v.toUpperCase())} maxLength={18} error={id.length === 18 && idp ? t(`err_id_${idp}`) : undefined} />
        <Select label={t('cs_status')} value={status} onChange={setStatus} options={STATUSES.map((s) => [s, t(`cs_${s}`)])} />
        <Field label={t('cs_onset')} type="date" value={onset} onInput={setOnset} />
        <Field label={t('cs_unit')} value={unit} onInput={setUnit} optional />
        <Button type="submit" busy={busy}>
          {t('cs_report')}
        </Button>
      </form>
      {list.loading && <Loading />}
      {list.error ? <ErrorNotice error={list.error} /> : null}
      <ul class="cards">
        {cases.map((c) => (
          <li class="card" key={c.case_id}>
            <p>
              <strong>{c.masked_name}</strong> · {tMaybe(`cs_${c.status}`) ?? c.status} · {c.onset_date}
            </p>
            <div class="actions">
              <Button kind="secondary" onClick={() => setCaseStatus(c.case_id, 'confirmed')}>
                {t('cs_confirm')}
              </Button>
              <Button kind="secondary" onClick={() => setCaseStatus(c.case_id, 'excluded')}>
                {t('cs_exclude')}
              </Button>
              <Button kind="link" onClick={() => setOpen(open === c.case_id ? undefined : c.case_id)} aria-expanded={open === c.case_id ? 'true' : 'false'}>
                {t('cs_trace')}
              </Button>
            </div>
            {open === c.case_id && <Contacts caseId={c.case_id} />}
          </li>
        ))}
      </ul>
      {open && !cases.some((c) => c.case_id === open) && (
        <section class="card">
          <h2 class="h3">{t('cs_contacts')}</h2>
          <Contacts caseId={open} />
        </section>
      )}
    </Page>
  );
}

export function RiskAreas() {
  useLang();
  const q = useLoad(() => get('/api/v1/risk-areas'));
  const [region, setRegion] = useState('');
  const [placeIds, setPlaceIds] = useState('');
  const [level, setLevel] = useState('medium');
  const now = new Date();
  const [from, setFrom] = useState(new Date(now.getTime() - 3 * 86400000).toISOString().slice(0, 16));
  const [to, setTo] = useState(new Date(now.getTime() + 14 * 86400000).toISOString().slice(0, 16));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [msg, setMsg] = useState<string>();
  const areas: any[] = q.data?.risk_areas ?? q.data?.areas ?? [];

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setMsg(undefined);
    try {
      const body: any = { level, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
      if (placeIds.trim()) body.place_ids = placeIds.split(/[,，\s]+/).filter(Boolean);
      else body.region = region;
      await post('/api/v1/risk-areas', body);
      setMsg(t('ra_published'));
      q.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const lift = async (a: any) => {
    try {
      await post(`/api/v1/risk-areas/${encodeURIComponent(a.area_id ?? a.id)}/lift`);
      q.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title={t('ra_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('ra_publish')}</h2>
        {msg && <Notice kind="success">{msg}</Notice>}
        <ErrorNotice error={error} />
        <Select label={t('ra_level')} name="level" value={level} onChange={setLevel} options={[['high', t('ra_high')], ['medium', t('ra_medium')]]} />
        <Field label={t('ra_region')} name="region" value={region} onInput={setRegion} inputMode="numeric" maxLength={6} />
        <Field label={t('ra_places')} name="place_ids" value={placeIds} onInput={setPlaceIds} optional />
        <Field label={t('ra_from')} name="from" type="datetime-local" value={from} onInput={setFrom} />
        <Field label={t('ra_to')} name="to" type="datetime-local" value={to} onInput={setTo} />
        <Button type="submit" busy={busy}>
          {t('ra_publish')}
        </Button>
      </form>
      <h2>{t('ra_current')}</h2>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !areas.length && <Empty />}
      <ul class="cards">
        {areas.map((a, i) => (
          <li class={`card risk risk-${a.level}`} key={a.area_id ?? a.id ?? i}>
            <p>
              <strong class={`tag tag-${a.level}`}>{t(a.level === 'high' ? 'ra_high' : 'ra_medium')}</strong> {a.region ?? (a.place_ids ?? []).join(', ')} {a.name && localized(a.name)}
            </p>
            <p class="muted small">
              {fmtDateTime(a.from)} – {fmtDateTime(a.to)}
            </p>
            <Button kind="secondary" onClick={() => lift(a)}>
              {t('ra_lift')}
            </Button>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function TaskItem({ task, onDone }: { task: any; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const done = task.status === 'done' || task.done;
  return (
    <li class="card">
      <p>
        <strong class="tag">{tMaybe(`tk_kind_${task.kind}`) ?? task.kind}</strong> {task.masked_name} <span class="muted">{task.phone_masked ?? ''}</span>
      </p>
      <p>{localized(task.reason ?? task.description)}</p>
      <p class="muted small">
        {fmtDateTime(task.created_at)} · {done ? t('tk_closed') : t('tk_open')}
      </p>
      {done ? (
        task.note && <p>{task.note}</p>
      ) : (
        <>
          <TextArea label={t('tk_note')} value={note} onInput={setNote} rows={2} />
          <Button
            busy={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await post(`/api/v1/tasks/${encodeURIComponent(task.task_id ?? task.id)}/done`, { note });
                onDone();
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('tk_done')}
          </Button>
          <ErrorNotice error={error} />
        </>
      )}
    </li>
  );
}

export function Tasks() {
  useLang();
  const q = useLoad(() => get('/api/v1/tasks'));
  const tasks: any[] = q.data?.tasks ?? [];
  return (
    <Page title={t('tk_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !tasks.length && <Empty />}
      <ul class="cards">
        {tasks.map((task) => (
          <TaskItem key={task.task_id ?? task.id} task={task} onDone={q.reload} />
        ))}
      </ul>
    </Page>
  );
}
