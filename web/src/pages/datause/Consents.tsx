// The citizen's consents to data sharing (数据共享授权): which department system may use which
// conditional (有条件共享) service of theirs for which purpose, until when; grant and revoke.
import { useState } from 'preact/hooks';
import { fieldError, get, post, type ItemOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type Consent = ItemOf<'/api/v1/me/consents', 'consents'>;

const DAY_MS = 86_400_000;

export function Consents() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/consents'));
  const rows: Consent[] = q.data?.consents ?? [];
  const [client, setClient] = useState('');
  const [service, setService] = useState('');
  const [purpose, setPurpose] = useState('');
  const [days, setDays] = useState('30');
  const grant = useAction();
  const revoke = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    await grant.run(async () => {
      const n = Number(days);
      const until = new Date(Date.now() + (Number.isFinite(n) ? n : 0) * DAY_MS).toISOString();
      await post('/api/v1/me/consents', { body: { client: client.trim(), service: service.trim(), purpose: purpose.trim(), valid_until: until } });
      setClient('');
      setService('');
      setPurpose('');
      q.reload();
      return t('xc_granted');
    });
  };
  return (
    <Page title={t('xc_title')} intro={t('xc_intro')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('xc_grant')}</h2>
        <ErrorNotice error={grant.error} />
        {grant.msg && <Notice kind="success">{grant.msg}</Notice>}
        <Field label={t('xc_client')} name="client" hint="CN-ZJ/GOV/330000-TAX/etax" value={client} onInput={setClient} error={fieldError(grant.error, 'client')} />
        <Field label={t('xc_service')} name="service" hint="CN-ZJ/GOV/330000-HEALTH/fever/clinic-visits" value={service} onInput={setService} error={fieldError(grant.error, 'service')} />
        <Field label={t('xc_purpose')} name="purpose" value={purpose} onInput={setPurpose} error={fieldError(grant.error, 'purpose')} />
        <Field label={t('xc_days')} name="days" inputMode="numeric" value={days} onInput={setDays} error={fieldError(grant.error, 'valid_until')} />
        <Button type="submit" busy={grant.busy}>
          {t('xc_grant')}
        </Button>
      </form>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error ?? revoke.error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      <ul class="cards">
        {rows.map((c) => (
          <li class="card consent" key={c.id} data-status={c.status}>
            <p class="muted small">
              <span class="tag">{tMaybe(`xc_status_${c.status}`) ?? c.status}</span> {t('xc_until', { until: fmtDateTime(c.valid_until) })}
            </p>
            <h2 class="h3">{c.service}</h2>
            <p>
              {t('xc_client')}: <code>{c.client}</code> · {t('xc_purpose')}: <code>{c.purpose}</code>
            </p>
            {c.status === 'active' && (
              <Button kind="danger" busy={revoke.running === c.id} onClick={() => revoke.run(async () => {
                await post('/api/v1/me/consents/{id}/revoke', { params: { id: c.id } });
                q.reload();
              }, c.id)}>
                {t('xc_revoke')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
