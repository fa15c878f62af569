// Health officials: the review/appeal queue of their region, and department signals.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { colourWord, fmtDateTime, localized, t, tMaybe, useLang } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { Button } from '../../components/Button';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useLoad } from '../../hooks/useLoad';

function ReviewItem({ item, onDone }: { item: any; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [colour, setColour] = useState('green');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [touched, setTouched] = useState(false);
  const kind = item.kind ?? 'declaration';
  const id = item.review_id ?? item.id;
  const person = item.person ?? item;
  const decl = item.declaration;
  const decide = async (decision: 'approve' | 'override') => {
    setTouched(true);
    if (!reason.trim()) return;
    setBusy(decision);
    setError(undefined);
    try {
      await post(`/api/v1/reviews/${encodeURIComponent(id)}`, decision === 'approve' ? { decision, reason: reason.trim() } : { decision, colour, reason: reason.trim() });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <li class="card review">
      <p class="muted small">
        <strong class="tag">{t(kind === 'appeal' ? 'rv_kind_appeal' : 'rv_kind_review')}</strong> {fmtDateTime(item.created_at)}
      </p>
      <p>
        <strong>{person.masked_name}</strong> <span class="muted">{person.masked_id}</span> {item.region && <span class="muted">· {item.region}</span>}
      </p>
      <p>
        {t('rv_current')}: <ColourBadge colour={item.colour} />
      </p>
      {item.detail && <blockquote>{localized(item.detail)}</blockquote>}
      {decl && (
        <dl class="kv small">
          <div>
            <dt>{t('residence_region')}</dt>
            <dd>{decl.residence_region}</dd>
          </div>
          <div>
            <dt>{t('temperature')}</dt>
            <dd>{decl.temperature}</dd>
          </div>
          <div>
            <dt>{t('symptoms')}</dt>
            <dd>{(decl.symptoms ?? []).map((s: string) => tMaybe(`sym_${s}`) ?? s).join('、') || t('none')}</dd>
          </div>
          <div>
            <dt>{t('travel')}</dt>
            <dd>{(decl.travel ?? []).map((x: any) => `${x.region} ${x.from}–${x.to}`).join('；') || t('none')}</dd>
          </div>
          <div>
            <dt>{t('contact_with_case')}</dt>
            <dd>{decl.contact_with_case ? t('yes') : t('no')}</dd>
          </div>
        </dl>
      )}
      {Array.isArray(item.reasons) && (
        <ul class="reasons">
          {item.reasons.map((r: unknown, i: number) => (
            <li key={i}>{localized(r)}</li>
          ))}
        </ul>
      )}
      <TextArea label={t('rv_reason')} value={reason} onInput={setReason} rows={2} error={touched && !reason.trim() ? t('rv_err_reason') : undefined} />
      <div class="actions">
        <Button onClick={() => decide('approve')} busy={busy === 'approve'} disabled={!!busy}>
          {t('rv_approve')}
        </Button>
        <Select label={t('rv_override')} value={colour} onChange={setColour} options={['green', 'yellow', 'red'].map((c) => [c, colourWord(c)])} />
        <Button kind="secondary" onClick={() => decide('override')} busy={busy === 'override'} disabled={!!busy}>
          {t('rv_override')} {colourWord(colour)}
        </Button>
      </div>
      <ErrorNotice error={error} />
    </li>
  );
}

export function Reviews() {
  useLang();
  const q = useLoad(() => get('/api/v1/reviews'));
  const items: any[] = q.data?.items ?? q.data?.reviews ?? q.data?.queue ?? [];
  return (
    <Page title={t('rv_title')} intro={t('rv_intro')}>
      <Button kind="secondary" onClick={q.reload}>
        {t('refresh')}
      </Button>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !items.length && <Empty />}
      <ul class="cards">
        {items.map((it) => (
          <ReviewItem key={it.review_id ?? it.appeal_id ?? it.id} item={it} onDone={q.reload} />
        ))}
      </ul>
    </Page>
  );
}

const SIGNALS = ['fever_clinic_visit', 'fever_drug_purchase', 'test_positive', 'test_negative', 'stay_medium_risk_area', 'stay_high_risk_area', 'close_contact', 'suspected_case', 'confirmed_case', 'asymptomatic_case'];

export function Signals() {
  useLang();
  const [id, setId] = useState('');
  const [kind, setKind] = useState(SIGNALS[0]);
  const [source, setSource] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<any>();
  const idp = id ? idNumberProblem(id) : 'empty';
  const submit = async (e: Event) => {
    e.preventDefault();
    if (idp || !source.trim()) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await post('/api/v1/signals', { id_number: id, kind, source: source.trim(), occurred_at: new Date(`${date}T12:00:00+08:00`).toISOString() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('sg_title')} intro={t('sg_intro')}>
      <form class="card form" onSubmit={submit} noValidate>
        {result && <Notice kind="success">{t('sg_sent', { colour: colourWord(result.colour) })}</Notice>}
        <ErrorNotice error={error} />
        <Field label={t('person_id_number')} value={id} onInput={(v) => setId(v.toUpperCase())} maxLength={18} error={id.length === 18 && idp ? t(`err_id_${idp}`) : undefined} />
        <Select label={t('sg_kind')} value={kind} onChange={setKind} options={SIGNALS.map((s) => [s, tMaybe(`sg_${s}`) ?? s])} />
        <Field label={t('sg_source')} value={source} onInput={setSource} hint="例如 杭州市第一人民医院发热门诊 / e.g. a hospital's fever clinic" />
        <Field label={t('sg_date')} type="date" value={date} onInput={setDate} />
        <Button type="submit" busy={busy}>
          {t('submit')}
        </Button>
      </form>
    </Page>
  );
}
