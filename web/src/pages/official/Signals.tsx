// Department signals (部门信号): a fever clinic, a test result... sent for one person.
import { useState } from 'preact/hooks';
import { post, type RequestOf, type ResponseOf } from '../../api';
import { colourWord, t, tMaybe, useLang } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';

type SignalKind = RequestOf<'/api/v1/signals'>['kind'];
const SIGNALS: SignalKind[] = ['fever_clinic_visit', 'fever_drug_purchase', 'test_positive', 'test_negative', 'stay_medium_risk_area', 'stay_high_risk_area', 'close_contact', 'suspected_case', 'confirmed_case', 'asymptomatic_case'];

export function Signals() {
  useLang();
  const [id, setId] = useState('');
  const [kind, setKind] = useState(SIGNALS[0]);
  const [source, setSource] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<ResponseOf<'/api/v1/signals', 'post'>>();
  const idp = id ? idNumberProblem(id) : 'empty';
  const submit = async (e: Event) => {
    e.preventDefault();
    if (idp || !source.trim()) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await post('/api/v1/signals', { body: { id_number: id, kind, source: source.trim(), occurred_at: new Date(`${date}T12:00:00+08:00`).toISOString() } }));
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
