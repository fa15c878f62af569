// Service hall (issue 21): applying for an item — a form built from the item's materials
// (form fields to fill in; shared data, licences and uploads shown with their source), saved as a
// draft to return to later, then a "check your answers" step, submission, and the confirmation
// page with the case number (办件编号). The same form serves a correction round (MyCases).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, cookie, get, post } from '../../api';
import { localized, t } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/form/TextArea';
import { Select } from '../../components/form/Select';
import { Notice } from '../../components/feedback/Notice';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { sourceName } from './Catalogue';
import { newClientId } from '../../checkpoint/clientid';
import { type Answers, type HallCase, type HallGuideDoc, type Material, MaterialValue, act, caseRef, formAnswers, loadCase, loadGuide, missingRequired, saveAnswers } from './common';

/** One material in the form: a text field for `form`, the source (and value) for the others. */
function MaterialInput({ m, c, answers, setAnswer, error, onUploaded }: { m: Material; c?: HallCase; answers: Answers; setAnswer: (id: string, v: string) => void; error?: string; onUploaded: (c: HallCase) => void }) {
  if (m.source === 'form' && !c?.prefilled?.[m.id]) {
    return (
      <TextArea
        label={`${localized(m.name)}${m.required ? '' : ` ${t('optional')}`}`}
        name={m.id}
        rows={2}
        value={answers[m.id] ?? ''}
        onInput={(v) => setAnswer(m.id, v)}
        error={error}
      />
    );
  }
  return (
    <div class="field hall-material" data-material={m.id} data-source={m.source}>
      <p class="hall-material-name">
        <strong>{localized(m.name)}</strong> <span class="tag">{sourceName(m)}</span>
      </p>
      <p>
        <MaterialValue m={m} c={c} answers={answers} />
      </p>
      {m.source === 'upload' && <Upload m={m} c={c} onUploaded={onUploaded} />}
    </div>
  );
}

/** Upload of one `upload` material (raw body, its Content-Type) once there is a draft. */
function Upload({ m, c, onUploaded }: { m: Material; c?: HallCase; onUploaded: (c: HallCase) => void }) {
  const a = useAction();
  if (!c) return <p class="hint">{t('hall_upload_after_save')}</p>;
  const types = m.types ?? [];
  const id = `upload-${m.id}`;
  return (
    <div>
      <label for={id}>{t('hall_upload', { name: localized(m.name) })}</label>
      <input
        id={id}
        type="file"
        accept={types.join(',')}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (!file) return;
          void a.run(async () => {
            const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json, application/problem+json' };
            const csrf = cookie('__Host-ow_csrf') ?? cookie('ow_csrf');
            if (csrf) headers['X-CSRF-Token'] = csrf;
            const r = await fetch(`/api/v1/hall/applications/${encodeURIComponent(caseRef(c))}/files?material=${encodeURIComponent(m.id)}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
            if (!r.ok) throw new ApiError(r.status, await r.json().catch(() => ({})));
            onUploaded(await loadCase(caseRef(c)));
            return t('hall_uploaded');
          });
        }}
      />
      <p class="hint" id={`${id}-hint`}>
        {t('hall_upload_hint', { types: types.join(', ') || '—', mb: Math.round(((m.max_bytes ?? 0) / 1048576) * 10) / 10 })}
      </p>
      <ActionNotices action={a} />
    </div>
  );
}

/** The form of a guide's materials; `c` is the saved draft or case (with prefilled values and files). */
export function AnswersForm({ guide, c, answers, setAnswers, errors, onUploaded }: { guide: HallGuideDoc; c?: HallCase; answers: Answers; setAnswers: (a: Answers) => void; errors: Record<string, string>; onUploaded: (c: HallCase) => void }) {
  return (
    <>
      {guide.materials.map((m) => (
        <MaterialInput key={m.id} m={m} c={c} answers={answers} setAnswer={(id, v) => setAnswers({ ...answers, [id]: v })} error={errors[m.id]} onUploaded={onUploaded} />
      ))}
    </>
  );
}

/** Client-side check of required fields, then the server's field errors (422 at $.answers.<id>). */
export function answerErrors(guide: HallGuideDoc, answers?: Answers, e?: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const miss = answers && missingRequired(guide, answers);
  if (miss) out[miss.id] = t('hall_required_missing', { name: localized(miss.name) });
  if (e instanceof ApiError) for (const f of e.errors) {
    const m = /^\$\.answers\.(.+)$/.exec(f.path);
    if (m) out[m[1]] = f.message;
  }
  return out;
}

export function HallApply() {
  const loc = useLocation();
  const ref = loc.query.get('ref') ?? '';
  const step = loc.query.get('step') === 'check' ? 'check' : 'form';
  const [draft, setDraft] = useState<HallCase>();
  // One Idempotency-Key for the draft this page creates: a retried save (a lost answer, a
  // second click) gets the same draft back instead of a second application.
  const [requestKey] = useState(() => newClientId());
  const [answers, setAnswers] = useState<Answers>({});
  const [enterprise, setEnterprise] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const a = useAction();

  // The draft (when returning to one), then the guide of its item.
  const d = useLoad(async () => (ref ? loadCase(ref) : undefined), [ref]);
  useEffect(() => {
    if (d.data) {
      setDraft(d.data);
      setAnswers({ ...(d.data.answers as Answers) });
      if (d.data.enterprise_id) setEnterprise(d.data.enterprise_id);
    }
  }, [d.data]);
  const code = draft?.item ?? loc.query.get('item') ?? '';
  const g = useLoad(async () => (code ? loadGuide(code) : undefined), [code]);
  const guide = g.data;
  const forEnterprise = !!guide && !guide.applicants.includes('citizen');
  const ents = useLoad(async () => (forEnterprise ? (await get('/api/v1/me/enterprises')).enterprises : []), [forEnterprise]);
  // The enterprise applied for: the one chosen, else the first linked (no render without a value).
  const chosen = enterprise || (ents.data?.[0]?.enterprise_id ?? '');

  const url = (c: HallCase, s?: string) => `/hall/apply?ref=${encodeURIComponent(c.id)}${s ? `&step=${s}` : ''}`;

  /** Saves the answers (creating the draft the first time); the saved case. */
  const save = async (): Promise<HallCase> => {
    if (!guide) throw new Error('no guide');
    const body = formAnswers(guide, answers);
    let c: HallCase;
    if (draft) c = await saveAnswers(draft, body);
    else {
      c = (await post('/api/v1/hall/applications', {
        body: { item: guide.code, draft: true, answers: body, ...(forEnterprise ? { enterprise_id: chosen } : {}) },
        headers: { 'Idempotency-Key': requestKey },
      })) as HallCase;
      navigate(url(c), true);
    }
    setDraft(c);
    return c;
  };
  const run = (fn: () => Promise<string | void>) =>
    a.run(async () => {
      try {
        return await fn();
      } catch (e) {
        setErrors(answerErrors(guide!, undefined, e));
        throw e;
      }
    });

  if (d.loading || g.loading || !guide) {
    return (
      <Page title={t('hall_apply')}>
        <LoadStatus q={d.error ? d : g} empty={false} />
        {!code && !d.loading && <ErrorNotice error={new ApiError(404, { detail: t('not_available') })} />}
      </Page>
    );
  }
  const name = localized(guide.name);
  if (draft && draft.state !== 'draft') {
    return (
      <Page title={name}>
        <Notice kind="info">
          <Link href={`/hall/cases/${encodeURIComponent(caseRef(draft))}`}>{t('hall_view_case')}</Link>
        </Notice>
      </Page>
    );
  }

  if (step === 'check' && draft) {
    return (
      <Page title={t('hall_check_title')} intro={t('hall_check_intro')}>
        <p class="muted">{t('hall_step_check')}</p>
        <section class="card" aria-labelledby="hall-check-item">
          <h2 id="hall-check-item">{name}</h2>
          <dl class="kv hall-kv hall-check">
            {forEnterprise && (
              <div>
                <dt>{t('hall_enterprise')}</dt>
                <dd>{ents.data?.find((e) => e.enterprise_id === draft.enterprise_id)?.name ?? draft.enterprise_id}</dd>
              </div>
            )}
            {guide.materials.map((m) => (
              <div key={m.id}>
                <dt>{localized(m.name)}</dt>
                <dd>
                  <MaterialValue m={m} c={draft} answers={draft.answers as Answers} />{' '}
                  {(m.source === 'form' || m.source === 'upload') && (
                    <Link href={url(draft)} aria-label={t('hall_change_named', { name: localized(m.name) })}>
                      {t('hall_change')}
                    </Link>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <ActionNotices action={a} />
        <div class="actions">
          <Button
            busy={a.running === 'submit'}
            onClick={() =>
              a.run(async () => {
                const c = await act(draft, 'submit');
                navigate(`/hall/confirmation?ref=${encodeURIComponent(caseRef(c))}`);
              }, 'submit')
            }
          >
            {t('hall_submit')}
          </Button>
          <Link href={url(draft)}>{t('back')}</Link>
        </div>
      </Page>
    );
  }

  return (
    <Page title={name}>
      <p class="muted">{t('hall_step_form')}</p>
      <form
        class="card form hall-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const errs = answerErrors(guide, answers);
          setErrors(errs);
          if (Object.keys(errs).length) {
            requestAnimationFrame(() => document.querySelector<HTMLElement>('.hall-form [aria-invalid=true]')?.focus());
            return;
          }
          void run(async () => {
            const c = await save();
            navigate(url(c, 'check'));
          });
        }}
      >
        {forEnterprise &&
          (ents.data && ents.data.length ? (
            <Select label={t('hall_enterprise')} name="enterprise" value={chosen} onChange={setEnterprise} options={ents.data.map((e) => [e.enterprise_id, e.name])} />
          ) : (
            !ents.loading && <Notice kind="warning">{t('hall_not_for_you')}</Notice>
          ))}
        <AnswersForm guide={guide} c={draft} answers={answers} setAnswers={setAnswers} errors={errors} onUploaded={setDraft} />
        <ActionNotices action={a} />
        <div class="actions">
          <Button type="submit" busy={a.busy}>
            {t('hall_continue')}
          </Button>
          <Button
            kind="secondary"
            busy={a.busy}
            onClick={() =>
              run(async () => {
                setErrors({});
                await save();
                return t('hall_draft_saved');
              })
            }
          >
            {t('hall_save_draft')}
          </Button>
        </div>
      </form>
    </Page>
  );
}

export function HallConfirmation() {
  const loc = useLocation();
  const ref = loc.query.get('ref') ?? '';
  const c = useLoad(() => loadCase(ref), [ref]);
  const g = useLoad(async () => (c.data ? loadGuide(c.data.item) : undefined), [c.data?.item]);
  return (
    <Page title={t('hall_confirmation')}>
      <LoadStatus q={c} empty={false} />
      {c.data && (
        <div class="card hall-confirmation" role="status">
          {g.data && <p>{localized(g.data.name)}</p>}
          <p>
            {t('hall_case_number')}
            <br />
            <strong class="hall-case-number">{c.data.case_number}</strong>
          </p>
          <p>{t('hall_confirmation_next')}</p>
          <Link class="btn btn-primary" href={`/hall/cases/${encodeURIComponent(caseRef(c.data))}`}>
            {t('hall_view_case')}
          </Link>
        </div>
      )}
    </Page>
  );
}
