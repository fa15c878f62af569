// The daily health check-in (健康打卡): temperature and symptoms.
import { useState } from 'preact/hooks';
import { ApiError, fieldError, get, post, type ResponseOf } from '../../api';
import { useLoad } from '../../hooks/useLoad';
import { colourWord, t, useLang } from '../../i18n';
import { Link } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { SymptomBoxes } from './SymptomBoxes';
import { tempError } from './temperature';

export function CheckIn() {
  useLang();
  const [temp, setTemp] = useState('36.5');
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<ResponseOf<'/api/v1/me/checkins', 'post'>>();
  const [touched, setTouched] = useState(false);
  // Known before the form is filled: today's check-in may be done already (the code page says so too).
  const state = useLoad(() => get('/api/v1/me/colour'));

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (tempError(temp)) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await post('/api/v1/me/checkins', { body: { temperature: Number(temp.replace(',', '.')), symptoms } });
      setResult(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const already = error instanceof ApiError && error.status === 409;

  if (!result && state.data?.checked_in_today)
    return (
      <Page title={t('checkin_title')} intro={t('checkin_intro')}>
        <div class="card narrow">
          <Notice kind="info">
            <span data-testid="checkin-done-today">{t('checkin_done_today')}</span>{' '}
            <Link href="/code">{t('view_code')}</Link>
          </Notice>
        </div>
      </Page>
    );

  return (
    <Page title={t('checkin_title')} intro={t('checkin_intro')}>
      <form class="card form narrow" onSubmit={submit} noValidate>
        {result && (
          <Notice kind="success">
            <span data-testid="checkin-result">{t('checkin_ok', { colour: colourWord(result.colour), n: result.streak ?? 0 })}</span>{' '}
            <Link href="/code">{t('view_code')}</Link>
          </Notice>
        )}
        {already ? <Notice kind="info">{t('checkin_already')}</Notice> : <ErrorNotice error={error} />}
        <Field
          label={t('temperature')}
          name="temperature"
          type="number"
          inputMode="decimal"
          step="0.1"
          min="34"
          max="43"
          value={temp}
          onInput={setTemp}
          onBlur={() => setTouched(true)}
          error={touched ? tempError(temp) ?? fieldError(error, 'temperature') : undefined}
          required
        />
        <SymptomBoxes value={symptoms} onChange={setSymptoms} />
        <Button type="submit" busy={busy}>
          {t('submit')}
        </Button>
      </form>
    </Page>
  );
}
