// Service hall (issue 21): the officers' screens — the department's work queue (filters: state,
// mine, overdue; deadline colours running / warning / overdue / paused; claim and release) and
// the case view with the actions the state allows (accept, refuse, request correction, review,
// approve / reject with reasons, close). Every write carries If-Match with the case version; a
// 409 (another officer was quicker) is told in words and the case reloaded.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { localized, t } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { fmtDay } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Select } from '../../components/form/Select';
import { Checkbox } from '../../components/form/Checkbox';
import { TextArea } from '../../components/form/TextArea';
import { Notice } from '../../components/feedback/Notice';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { type HallCase, AnswersList, DeadlineBadge, DeadlineFacts, History, OPEN_STATES, StateTag, act, actionName, caseRef, claim, isConflict, itemName, loadCase, loadGuide, stateName } from './common';

function Assignee({ c }: { c: HallCase }) {
  return <span class="hall-assignee">{c.assigned_to_me ? t('hall_assigned_me') : c.assigned ? t('hall_assigned_other') : t('hall_unassigned')}</span>;
}

export function HallQueue() {
  const loc = useLocation();
  const state = loc.query.get('state') ?? '';
  const mine = loc.query.get('mine') === '1';
  const overdue = loc.query.get('overdue') === '1';
  const page = Math.max(1, Number(loc.query.get('page') ?? '1') || 1);
  const setFilter = (k: string, v: string) => {
    const u = new URLSearchParams(loc.query);
    if (v) u.set(k, v);
    else u.delete(k);
    if (k !== 'page') u.delete('page');
    const s = u.toString();
    navigate(`/official/hall${s ? `?${s}` : ''}`, true);
  };
  const q = useLoad(() => get('/api/v1/hall/queue', { query: { state: state || undefined, mine: mine ? '1' : undefined, overdue: overdue ? '1' : undefined, page: String(page) } }), [state, mine, overdue, page]);
  const items = useLoad(() => get('/api/v1/hall/items'));
  const [cases, setCases] = useState<HallCase[]>([]);
  useEffect(() => setCases((q.data?.cases ?? []) as HallCase[]), [q.data]);
  const a = useAction();
  const onClaim = (c: HallCase, release: boolean) =>
    a.run(async () => {
      try {
        const n = await claim(c, release);
        setCases((l) => l.map((x) => (x.id === n.id ? n : x)));
      } catch (e) {
        if (isConflict(e)) {
          q.reload();
          throw new Error(t('hall_conflict'));
        }
        throw e;
      }
    }, c.id);

  return (
    <Page title={t('hall_queue_title')} intro={t('hall_queue_intro')}>
      <div class="card form hall-filters" role="group" aria-label={t('hall_filters')}>
        <Select
          label={t('hall_filter_state')}
          name="state"
          value={state}
          onChange={(v) => setFilter('state', v)}
          options={[['', t('hall_filter_all')], ...OPEN_STATES.map((s): [string, string] => [s, stateName(s)])]}
        />
        <Checkbox label={t('hall_filter_mine')} checked={mine} onChange={(v) => setFilter('mine', v ? '1' : '')} />
        <Checkbox label={t('hall_filter_overdue')} checked={overdue} onChange={(v) => setFilter('overdue', v ? '1' : '')} />
      </div>
      <ActionNotices action={a} />
      <LoadStatus q={q} empty={!cases.length} />
      {cases.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table class="hall-queue">
            <thead>
              <tr>
                <th scope="col">{t('hall_case_number')}</th>
                <th scope="col">{t('hall_item')}</th>
                <th scope="col">{t('hall_state')}</th>
                <th scope="col">{t('hall_deadline')}</th>
                <th scope="col">{t('hall_due')}</th>
                <th scope="col">{t('hall_assignee')}</th>
                <th scope="col">
                  <span class="sr-only">{t('hall_open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id} data-case={c.case_number} data-deadline={c.deadline.status} class={`hall-row hall-row-${c.deadline.status}`}>
                  <th scope="row">
                    <Link href={`/official/hall/cases/${encodeURIComponent(caseRef(c))}`}>{c.case_number}</Link>
                  </th>
                  <td>{itemName(items.data?.items, c.item)}</td>
                  <td>
                    <StateTag state={c.state} />
                  </td>
                  <td>
                    <DeadlineBadge d={c.deadline} />
                  </td>
                  <td>{c.deadline.due ? fmtDay(c.deadline.due) : '—'}</td>
                  <td>
                    <Assignee c={c} />
                  </td>
                  <td class="actions">
                    {!c.assigned && (
                      <Button kind="secondary" busy={a.running === c.id} aria-label={t('hall_claim_named', { ref: c.case_number ?? '' })} onClick={() => onClaim(c, false)}>
                        {t('hall_claim')}
                      </Button>
                    )}
                    {c.assigned_to_me && (
                      <Button kind="link" busy={a.running === c.id} aria-label={t('hall_release_named', { ref: c.case_number ?? '' })} onClick={() => onClaim(c, true)}>
                        {t('hall_release')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="actions" aria-label={t('hall_page', { n: page })}>
        {page > 1 && (
          <Button kind="link" onClick={() => setFilter('page', String(page - 1))}>
            {t('hall_prev')}
          </Button>
        )}
        <span class="muted">{t('hall_page', { n: page })}</span>
        {cases.length >= 50 && (
          <Button kind="link" onClick={() => setFilter('page', String(page + 1))}>
            {t('hall_next')}
          </Button>
        )}
      </nav>
    </Page>
  );
}

/** The officer's actions from each state (docs/hall.md); `note` = reasons are required. */
const ACTIONS: Record<string, { action: string; note?: boolean; kind?: 'primary' | 'secondary' | 'danger' }[]> = {
  submitted: [{ action: 'accept' }, { action: 'refuse', note: true, kind: 'danger' }],
  accepted: [{ action: 'start_review' }, { action: 'request_correction', note: true, kind: 'secondary' }],
  review: [{ action: 'approve', note: true }, { action: 'reject', note: true, kind: 'danger' }, { action: 'request_correction', note: true, kind: 'secondary' }],
  approved: [{ action: 'close' }],
  rejected: [{ action: 'close' }],
};

export function HallOfficerCase() {
  const loc = useLocation();
  const ref = decodeURIComponent(loc.path.slice('/official/hall/cases/'.length));
  const q = useLoad(() => loadCase(ref), [ref]);
  const [c, setC] = useState<HallCase>();
  useEffect(() => setC(q.data), [q.data]);
  const g = useLoad(async () => (c ? loadGuide(c.item) : undefined), [c?.item]);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const a = useAction();

  const write = (fn: () => Promise<HallCase>, what: string, done?: string) =>
    a.run(async () => {
      setConflict(false);
      try {
        setC(await fn());
        return done;
      } catch (e) {
        if (isConflict(e)) {
          setC(await loadCase(ref));
          setConflict(true);
          return;
        }
        throw e;
      }
    }, what);

  const actions = c ? ACTIONS[c.state] ?? [] : [];
  return (
    <Page title={g.data ? localized(g.data.name) : t('hall_case')}>
      <p>
        <Link href="/official/hall">← {t('hall_back_queue')}</Link>
      </p>
      <LoadStatus q={q} empty={false} />
      {conflict && c && <Notice kind="warning">{t('hall_conflict')}</Notice>}
      <ActionNotices action={a} />
      {c && (
        <div class="two-col hall-officer-case">
          <div>
            <section class="card" aria-labelledby="hall-case-head">
              <h2 id="hall-case-head">{t('hall_case')}</h2>
              <dl class="kv hall-kv">
                <div>
                  <dt>{t('hall_case_number')}</dt>
                  <dd class="hall-case-number">{c.case_number}</dd>
                </div>
                <div>
                  <dt>{t('hall_state')}</dt>
                  <dd>
                    <StateTag state={c.state} />
                  </dd>
                </div>
                <DeadlineFacts c={c} />
                <div>
                  <dt>{t('hall_assignee')}</dt>
                  <dd>
                    <Assignee c={c} />
                  </dd>
                </div>
                <div>
                  <dt>{t('hall_version')}</dt>
                  <dd>{c.version}</dd>
                </div>
              </dl>
            </section>
            {g.data && (
              <section class="card" aria-labelledby="hall-answers-head">
                <h2 id="hall-answers-head">{t('hall_answers')}</h2>
                <AnswersList guide={g.data} c={c} />
              </section>
            )}
          </div>
          <div>
            {actions.length > 0 && (
              <section class="card form hall-actions" aria-labelledby="hall-actions-head">
                <h2 id="hall-actions-head">{t('hall_open')}</h2>
                {!c.assigned && <p class="hint">{t('hall_claim_first')}</p>}
                {(c.assigned_to_me || !c.assigned) && (
                  <>
                    {actions.some((x) => x.note) && <TextArea label={t('hall_note')} hint={t('hall_note_hint')} name="note" rows={3} value={note} onInput={setNote} error={noteError} />}
                    <div class="actions">
                      {actions.map((x) => (
                        <Button
                          key={x.action}
                          kind={x.kind ?? 'primary'}
                          busy={a.running === x.action}
                          onClick={() => {
                            if (x.note && !note.trim()) {
                              setNoteError(t('hall_note_required'));
                              return;
                            }
                            setNoteError(undefined);
                            void write(
                              async () => {
                                const n = await act(c, x.action, x.note ? note.trim() : undefined);
                                setNote('');
                                return n;
                              },
                              x.action,
                              t('hall_done_action', { action: actionName(x.action) }),
                            );
                          }}
                        >
                          {actionName(x.action)}
                        </Button>
                      ))}
                    </div>
                  </>
                )}
              </section>
            )}
            <div class="actions">
              {!c.assigned && OPEN_STATES.includes(c.state) && (
                <Button kind="secondary" busy={a.running === 'claim'} onClick={() => write(() => claim(c, false), 'claim')}>
                  {t('hall_claim')}
                </Button>
              )}
              {c.assigned_to_me && (
                <Button kind="link" busy={a.running === 'release'} onClick={() => write(() => claim(c, true), 'release')}>
                  {t('hall_release')}
                </Button>
              )}
            </div>
            <section class="card">
              <History c={c} />
            </section>
          </div>
        </div>
      )}
    </Page>
  );
}
