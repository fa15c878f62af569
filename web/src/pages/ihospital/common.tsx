// Internet hospital (互联网医院): types and small parts shared by the patient's, the doctor's and
// the pharmacist's screens.
import { ApiError, cookie, type ResponseOf } from '../../api';
import { localized, t, tMaybe } from '../../i18n';

export type Consultation = ResponseOf<'/api/v1/consultations/{id}'>;
export type Message = NonNullable<Consultation['messages']>[number];
export type Renewal = ResponseOf<'/api/v1/prescription-renewals/{id}'>;
export type Prescription = ResponseOf<'/api/v1/me/prescriptions'>['prescriptions'][number];
export type RxItem = Prescription['items'][number];

export function RenewalStatus({ r }: { r: Renewal }) {
  return (
    <span class={`tag ih-status ih-status-${r.status}`} data-status={r.status}>
      {tMaybe(`ih_status_${r.status}`) ?? r.status}
    </span>
  );
}

export function ConsultationStatus({ c }: { c: Consultation }) {
  return (
    <span class={`tag ih-status ih-status-${c.status}`} data-status={c.status}>
      {c.status === 'open' ? t('ih_open') : t('ih_closed')}
    </span>
  );
}

export function Items({ items }: { items?: RxItem[] }) {
  return (
    <ul class="ih-items">
      {(items ?? []).map((i) => (
        <li key={i.drug_code} data-drug={i.drug_code}>
          {i.name ? localized(i.name) : i.drug_code} × {i.quantity}
          {i.unit ?? ''}
          {i.dosage ? ` · ${i.dosage}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** Posts an image file as the raw body (its own Content-Type), as the hall's uploads do. */
export async function postImage(consultation: string, file: File): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json, application/problem+json' };
  const csrf = cookie('__Host-ow_csrf') ?? cookie('ow_csrf');
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const r = await fetch(`/api/v1/consultations/${encodeURIComponent(consultation)}/images`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  if (!r.ok) throw new ApiError(r.status, await r.json().catch(() => ({})));
}

export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409;
}
