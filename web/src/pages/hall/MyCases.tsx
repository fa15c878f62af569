// Service hall (issue 21): the applicant's cases — the list (drafts to continue, submitted cases
// with their state and deadline) and one case (/hall/cases/<number>, the link of the inbox
// messages) with its answers, deadline and the timeline of its history; in `correction` the
// applicant edits the answers and resubmits, and may withdraw an open case.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { localized, t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { fmtDateTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Notice } from '../../components/feedback/Notice';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { AnswersForm, answerErrors } from './Apply';
import { type Answers, type HallCase, AnswersList, DeadlineBadge, DeadlineFacts, History, StateTag, act, caseRef, formAnswers, isConflict, itemName, loadCase, loadGuide, saveAnswers } from './common';

export function HallMyCases() {
  const loc = useLocation();
  const ref = loc.path.startsWith('/hall/cases/') ? decodeURIComponent(loc.path.slice('/hall/cases/'.length)) : '';
  return ref ? <CaseView key={ref} caseRef={ref} /> : <CaseList />;
}

function CaseList() {
  const list = useLoad(() => get('/api/v1/me/hall/applications'));
  const items = useLoad(() => get('/api/v1/hall/items'));
  const cases = (list.data?.applications ?? []) as HallCase[];
  return (
    <Page title={t('hall_my_title')}>
      <p>
        <Link href="/hall">{t('nav_hall')}</Link>
      </p>
      <LoadStatus q={list} empty={!cases.length} />
      <ul class="cards hall-cases">
        {cases.map((c) => (
          <li class="card hall-case-card" key={c.id} data-state={c.state}>
            <h2 class="h3">
              {c.state === 'draft' ? (
                <Link href={`/hall/apply?ref=${encodeURIComponent(c.id)}`}>{itemName(items.data?.items, c.item)}</Link>
              ) : (
                <Link href={`/hall/cases/${encodeURIComponent(caseRef(c))}`}>{itemName(items.data?.items, c.item)}</Link>
              )}
            </h2>
            <p class="small">
              {c.case_number ? (
                <>
                  {t('hall_case_number')} <span class="hall-case-number">{c.case_number}</span>
                </>
              ) : (
                t('hall_draft')
              )}
            </p>
            <p class="actions">
              <StateTag state={c.state} />
              {c.deadline.status !== 'none' && <DeadlineBadge d={c.deadline} />}
              {c.state === 'draft' && <Link href={`/hall/apply?ref=${encodeURIComponent(c.id)}`}>{t('hall_continue_draft')}</Link>}
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function CaseView({ caseRef: ref }: { caseRef: string }) {
  const q = useLoad(() => loadCase(ref), [ref]);
  const [c, setC] = useState<HallCase>();
  useEffect(() => setC(q.data), [q.data]);
  const g = useLoad(async () => (c ? loadGuide(c.item) : undefined), [c?.item]);
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (c?.state === 'correction') setAnswers({ ...(c.answers as Answers) });
  }, [c?.id, c?.state]);
  const a = useAction();
  const guide = g.data;
  const correctionNote = c?.history?.filter((h) => h.to === 'correction').pop()?.note;

  /** Runs a write; a 409 reloads the case and says why. */
  const write = (fn: () => Promise<string | void>, what: string) =>
    a.run(async () => {
      try {
        return await fn();
      } catch (e) {
        if (isConflict(e)) {
          setC(await loadCase(ref));
          throw new Error(t('hall_conflict'));
        }
        if (guide) setErrors(answerErrors(guide, undefined, e));
        throw e;
      }
    }, what);

  return (
    <Page title={guide ? localized(guide.name) : t('hall_case')}>
      <p>
        <Link href="/hall/cases">← {t('hall_my_title')}</Link>
      </p>
      <LoadStatus q={q} empty={false} />
      {c && (
        <>
          <section class="card hall-case" aria-labelledby="hall-case-head">
            <h2 id="hall-case-head">{t('hall_case')}</h2>
            <dl class="kv hall-kv">
              <div>
                <dt>{t('hall_case_number')}</dt>
                <dd class="hall-case-number">{c.case_number ?? t('hall_draft')}</dd>
              </div>
              <div>
                <dt>{t('hall_state')}</dt>
                <dd>
                  <StateTag state={c.state} />
                </dd>
              </div>
              {c.submitted_at && (
                <div>
                  <dt>{t('hall_submitted_at')}</dt>
                  <dd>{fmtDateTime(c.submitted_at)}</dd>
                </div>
              )}
              <DeadlineFacts c={c} />
            </dl>
          </section>
          <ActionNotices action={a} />
          {c.state === 'correction' && guide && (
            <form
              class="card form hall-correction"
              aria-labelledby="hall-correction-head"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                const errs = answerErrors(guide, answers);
                setErrors(errs);
                if (Object.keys(errs).length) return;
                void write(async () => {
                  const saved = await saveAnswers(c, formAnswers(guide, answers));
                  setC(saved);
                  setC(await act(saved, 'resubmit'));
                  return t('hall_resubmitted');
                }, 'resubmit');
              }}
            >
              <h2 id="hall-correction-head">{t('hall_correction_title')}</h2>
              {correctionNote && <Notice kind="warning">{t('hall_correction_note', { note: correctionNote })}</Notice>}
              <AnswersForm guide={guide} c={c} answers={answers} setAnswers={setAnswers} errors={errors} onUploaded={setC} />
              <div class="actions">
                <Button type="submit" busy={a.running === 'resubmit'}>
                  {t('hall_resubmit')}
                </Button>
              </div>
            </form>
          )}
          {c.state !== 'correction' && guide && (
            <section class="card" aria-labelledby="hall-answers-head">
              <h2 id="hall-answers-head">{t('hall_answers')}</h2>
              <AnswersList guide={guide} c={c} />
            </section>
          )}
          <section class="card">
            <History c={c} />
          </section>
          {['submitted', 'accepted', 'review', 'correction'].includes(c.state) && (
            <div class="actions">
              <Button
                kind="danger"
                busy={a.running === 'withdraw'}
                onClick={() => {
                  if (!window.confirm(t('hall_withdraw_confirm'))) return;
                  void write(async () => {
                    setC(await act(c, 'withdraw'));
                  }, 'withdraw');
                }}
              >
                {t('hall_withdraw')}
              </Button>
            </div>
          )}
        </>
      )}
    </Page>
  );
}
