// Internet hospital (互联网医院): the patient's prescriptions — ask for a renewal (a guardian for a
// child under 6; controlled drugs are never renewed online), follow it through the doctor's
// signature and the pharmacist's review, then choose pickup or delivery (the address is shown
// masked afterwards).
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { t } from '../../i18n';
import { fmtDateTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { Checkbox } from '../../components/form/Checkbox';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { type Prescription, type Renewal, Items, RenewalStatus } from './common';

function RenewForm({ p, onDone }: { p: Prescription; onDone: () => void }) {
  const [withGuardian, setWithGuardian] = useState(false);
  const [gid, setGid] = useState('');
  const [gname, setGname] = useState('');
  const a = useAction();
  if (!p.renewable) return <p class="muted ih-not-renewable">{t('ih_not_renewable')}</p>;
  return (
    <form
      class="form ih-renew"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(async () => {
          await post('/api/v1/prescriptions/{id}/renewals', {
            params: { id: p.id },
            body: withGuardian ? { guardian: { id_number: gid, name: gname, relation: 'parent' } } : {},
          });
          onDone();
          return t('ih_renewal_requested');
        });
      }}
    >
      <Checkbox label={t('ih_guardian')} checked={withGuardian} onChange={setWithGuardian} />
      {withGuardian && (
        <>
          <Field label={t('ih_guardian_id')} name="guardian_id" value={gid} onInput={setGid} />
          <Field label={t('ih_guardian_name')} name="guardian_name" value={gname} onInput={setGname} />
        </>
      )}
      <ActionNotices action={a} />
      <Button type="submit" busy={a.busy}>
        {t('ih_renew')}
      </Button>
    </form>
  );
}

function DispenseForm({ r, onDone }: { r: Renewal; onDone: () => void }) {
  const [method, setMethod] = useState<'pickup' | 'delivery'>('pickup');
  const [address, setAddress] = useState('');
  const a = useAction();
  return (
    <form
      class="form ih-dispense"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(async () => {
          await post('/api/v1/prescription-renewals/{id}/dispense', { params: { id: r.id }, body: method === 'delivery' ? { method, address } : { method } });
          onDone();
          return t('ih_dispensed');
        });
      }}
    >
      <Select<'pickup' | 'delivery'> label={t('ih_dispense')} name="method" value={method} onChange={setMethod} options={[['pickup', t('ih_pickup')], ['delivery', t('ih_delivery')]]} />
      {method === 'delivery' && <Field label={t('ih_address')} name="address" autoComplete="street-address" value={address} onInput={setAddress} />}
      <ActionNotices action={a} />
      <Button type="submit" busy={a.busy}>
        {t('ih_confirm_dispense')}
      </Button>
    </form>
  );
}

export function IhPrescriptions() {
  const q = useLoad(() => get('/api/v1/me/prescriptions'));
  const prescriptions = q.data?.prescriptions ?? [];
  const renewals = q.data?.renewals ?? [];
  return (
    <Page title={t('ih_rx_title')} intro={t('ih_rx_intro')}>
      <LoadStatus q={q} empty={false} />
      <h2>{t('ih_renewals')}</h2>
      {!renewals.length && <p class="muted">{t('empty_list')}</p>}
      <ul class="cards ih-renewals">
        {renewals.map((r) => (
          <li class="card ih-renewal" key={r.id} data-status={r.status}>
            <p>
              {fmtDateTime(r.created_at)} <RenewalStatus r={r} />
            </p>
            <Items items={r.items} />
            {r.signature_valid !== undefined && (
              <p class="small">
                {t('ih_signature')}：{r.signature_valid ? t('ih_signature_ok') : t('ih_signature_bad')}
              </p>
            )}
            {r.reason && (
              <p class="small">
                {t('ih_reason')}：{r.reason}
              </p>
            )}
            {r.dispense_method && (
              <p class="small ih-dispensed">
                {r.dispense_method === 'delivery' ? `${t('ih_delivery')} · ${r.address ?? ''}` : t('ih_pickup')}
              </p>
            )}
            {r.status === 'active' && <DispenseForm r={r} onDone={() => q.reload()} />}
          </li>
        ))}
      </ul>
      <h2>{t('ih_prescriptions')}</h2>
      <ul class="cards ih-prescriptions">
        {prescriptions.map((p) => (
          <li class="card ih-prescription" key={p.id} data-renewable={String(p.renewable)}>
            <p>
              {fmtDateTime(p.created_at)} · {p.diagnosis}
            </p>
            <Items items={p.items} />
            <RenewForm p={p} onDone={() => q.reload()} />
          </li>
        ))}
      </ul>
    </Page>
  );
}
