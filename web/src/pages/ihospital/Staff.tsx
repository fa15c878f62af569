// Internet hospital (互联网医院): the doctor's inbox (open online consultations, renewals waiting
// for the doctor's own signature) and the pharmacist's review queue (approve, or reject with a
// reason). Every transition sends the version it saw; a 409 (someone was quicker) reloads.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { t } from '../../i18n';
import { Link } from '../../router';
import { fmtDateTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { type Renewal, Items, RenewalStatus, isConflict } from './common';

function RenewalCard({ r, children }: { r: Renewal; children?: preact.ComponentChildren }) {
  return (
    <li class="card ih-renewal" key={r.id} data-status={r.status} data-renewal={r.id}>
      <p>
        {r.patient} · {fmtDateTime(r.created_at)} <RenewalStatus r={r} />
      </p>
      {r.diagnosis && <p class="small">{r.diagnosis}</p>}
      <Items items={r.items} />
      {children}
    </li>
  );
}

export function IhDoctor() {
  const cq = useLoad(() => get('/api/v1/doctor/consultations'));
  const rq = useLoad(() => get('/api/v1/doctor/prescription-renewals'));
  const a = useAction();
  const consultations = cq.data?.consultations ?? [];
  const renewals = rq.data?.renewals ?? [];
  const sign = (r: Renewal) =>
    a.run(async () => {
      try {
        await post('/api/v1/prescription-renewals/{id}/sign', { params: { id: r.id }, body: { version: r.version } });
      } catch (e) {
        if (isConflict(e)) {
          rq.reload();
          throw new Error(t('ih_conflict'));
        }
        throw e;
      }
      rq.reload();
      return t('ih_signed');
    }, r.id);
  return (
    <Page title={t('ih_doctor_title')}>
      <h2>{t('ih_doctor_consultations')}</h2>
      <LoadStatus q={cq} empty={!consultations.length} />
      <ul class="cards ih-inbox">
        {consultations.map((c) => (
          <li class="card ih-consultation" key={c.id}>
            <p>
              {c.patient} · {fmtDateTime(c.start)} <Link href={`/ihospital/consultations/${encodeURIComponent(c.id)}`}>{t('ih_open_thread')}</Link>
            </p>
          </li>
        ))}
      </ul>
      <h2>{t('ih_doctor_renewals')}</h2>
      <ActionNotices action={a} />
      <LoadStatus q={rq} empty={!renewals.length} />
      <ul class="cards ih-sign-queue">
        {renewals.map((r) => (
          <RenewalCard r={r} key={r.id}>
            <Button busy={a.running === r.id} onClick={() => sign(r)}>
              {t('ih_sign')}
            </Button>
          </RenewalCard>
        ))}
      </ul>
    </Page>
  );
}

function Review({ r, onDone }: { r: Renewal; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const a = useAction();
  const review = (decision: 'approve' | 'reject') =>
    a.run(async () => {
      try {
        await post('/api/v1/prescription-renewals/{id}/review', { params: { id: r.id }, body: { decision, reason: reason || undefined, version: r.version } });
      } catch (e) {
        if (isConflict(e)) {
          onDone();
          throw new Error(t('ih_conflict'));
        }
        throw e;
      }
      onDone();
      return t('ih_reviewed');
    }, decision);
  return (
    <div class="form ih-review">
      <p class="small">
        {t('ih_signature')}：{r.signature_valid ? t('ih_signature_ok') : t('ih_signature_bad')}
      </p>
      <Field label={t('ih_reason')} name="reason" value={reason} onInput={setReason} optional />
      <ActionNotices action={a} />
      <p class="actions">
        <Button busy={a.running === 'approve'} onClick={() => review('approve')}>
          {t('ih_approve')}
        </Button>
        <Button kind="danger" busy={a.running === 'reject'} onClick={() => review('reject')}>
          {t('ih_reject')}
        </Button>
      </p>
    </div>
  );
}

export function IhPharmacist() {
  const q = useLoad(() => get('/api/v1/pharmacist/prescription-renewals'));
  const renewals = q.data?.renewals ?? [];
  return (
    <Page title={t('ih_pharmacist_title')}>
      <LoadStatus q={q} empty={!renewals.length} />
      <ul class="cards ih-review-queue">
        {renewals.map((r) => (
          <RenewalCard r={r} key={r.id}>
            <Review r={r} onDone={() => q.reload()} />
          </RenewalCard>
        ))}
      </ul>
    </Page>
  );
}
