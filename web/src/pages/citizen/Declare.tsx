// The health declaration (健康申报) that gives a person their first colour.
import { useState } from 'preact/hooks';
import { ApiError, post, type RequestOf, type ResponseOf } from '../../api';
import { colourWord, t, useLang } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../components/Button';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Checkbox } from '../../components/form/Checkbox';
import { Field } from '../../components/form/Field';
import { SymptomBoxes } from './SymptomBoxes';
import { tempError } from './temperature';

/** A stay in the last 14 days, as the declaration sends it. */
type Trip = NonNullable<RequestOf<'/api/v1/me/declarations'>['travel']>[number];

export function Declare() {
  useLang();
  const s = useSession();
  const [region, setRegion] = useState(s.status === 'in' ? s.me.region ?? '' : '');
  const [temp, setTemp] = useState('36.5');
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [travel, setTravel] = useState<Trip[]>([]);
  const [contact, setContact] = useState(false);
  const [consent, setConsent] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<ResponseOf<'/api/v1/me/declarations', 'post'>>();

  const srv = error instanceof ApiError ? error : undefined;
  const regionErr = touched && !/^\d{6}$/.test(region) ? t('err_region') : srv?.field('residence_region');
  const tErr = touched ? tempError(temp) ?? srv?.field('temperature') : undefined;
  const consentErr = touched && !consent ? t('err_consent') : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    const tripsOk = travel.every((x) => /^\d{6}$/.test(x.region) && x.from && x.to && x.from <= x.to);
    if (!/^\d{6}$/.test(region) || tempError(temp) || !consent || !tripsOk) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const body: RequestOf<'/api/v1/me/declarations'> = { residence_region: region, temperature: Number(temp.replace(',', '.')), symptoms, travel, contact_with_case: contact, consent: true };
      const r = await post('/api/v1/me/declarations', { body });
      setResult(r);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.notice')?.scrollIntoView({ block: 'center' }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const setTrip = (i: number, patch: Partial<Trip>) => setTravel(travel.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <Page title={t('declare_title')} intro={t('declare_intro')}>
      <form class="card form" onSubmit={submit} noValidate>
        {result && (
          <Notice kind="success">
            <span data-testid="declare-result">{t('declared_ok', { colour: colourWord(result.colour) })}</span> <ColourBadge colour={result.colour} />
            {result.under_review && <p>{t('declared_review')}</p>}
            <p>
              <Link href="/code">{t('view_code')}</Link>
            </p>
          </Notice>
        )}
        {srv?.errors.length ? <Notice kind="error">{t('fix_fields')}</Notice> : <ErrorNotice error={error} />}
        <Field label={t('residence_region')} name="residence_region" hint={t('residence_region_hint')} inputMode="numeric" maxLength={6} value={region} onInput={setRegion} error={regionErr} required />
        <Field label={t('temperature')} name="temperature" type="number" inputMode="decimal" step="0.1" min="34" max="43" value={temp} onInput={setTemp} error={tErr} required />
        <SymptomBoxes value={symptoms} onChange={setSymptoms} />
        <fieldset class="field">
          <legend>{t('travel')}</legend>
          {travel.length === 0 && <p class="muted">{t('travel_none')}</p>}
          {travel.map((trip, i) => (
            <div class="trip" key={i} role="group" aria-label={t('trip_n', { n: i + 1 })}>
              <Field label={t('travel_region')} name={`travel_${i}_region`} inputMode="numeric" maxLength={6} value={trip.region} onInput={(v) => setTrip(i, { region: v })} error={touched && !/^\d{6}$/.test(trip.region) ? t('err_region') : srv?.field(`travel[${i}].region`)} />
              <Field label={t('travel_from')} name={`travel_${i}_from`} type="date" value={trip.from} onInput={(v) => setTrip(i, { from: v })} error={srv?.field(`travel[${i}].from`)} />
              <Field label={t('travel_to')} name={`travel_${i}_to`} type="date" value={trip.to} onInput={(v) => setTrip(i, { to: v })} error={srv?.field(`travel[${i}].to`)} />
              <Button kind="link" onClick={() => setTravel(travel.filter((_, j) => j !== i))}>
                {t('remove')} {t('trip_n', { n: i + 1 })}
              </Button>
            </div>
          ))}
          <Button kind="secondary" onClick={() => setTravel([...travel, { region: '', from: '', to: '' }])}>
            + {t('travel_add')}
          </Button>
        </fieldset>
        <fieldset class="field">
          <legend>{t('contact_with_case')}</legend>
          <div class="radios">
            <label>
              <input type="radio" name="contact" checked={!contact} onChange={() => setContact(false)} /> {t('no')}
            </label>
            <label>
              <input type="radio" name="contact" checked={contact} onChange={() => setContact(true)} /> {t('yes')}
            </label>
          </div>
        </fieldset>
        <Checkbox name="consent" label={t('consent')} checked={consent} onChange={setConsent} error={consentErr} />
        <Button type="submit" busy={busy}>
          {t('submit')}
        </Button>
      </form>
    </Page>
  );
}
