// 证照核验 (/licences/verify, public): anyone checks a licence — the QR text pasted or the
// downloaded document chosen — against the published keys, in the browser, without sending it
// anywhere.
import { useState } from 'preact/hooks';
import { get } from '../../api';
import { localized, t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { Notice } from '../../components/feedback/Notice';
import { trustKeys } from '../../offline/verify';
import { verifyLicence, type LicenceCheck } from '../../offline/licence';

export function CheckResult({ r }: { r: LicenceCheck }) {
  const l = r.licence;
  return (
    <div class="lic-check" data-valid={r.valid ? 'true' : 'false'}>
      <Notice kind={r.valid ? 'success' : 'error'}>
        {r.valid ? t('lic_check_ok') : t('lic_check_bad', { reason: tMaybe(`lic_reason_${r.reason}`) ?? r.reason })}
      </Notice>
      {l && (
        <dl class="facts">
          <dt>{t('lic_kind')}</dt>
          <dd>{localized(l.title)}</dd>
          <dt>{t('lic_holder')}</dt>
          <dd>
            {l.holder.name} · {l.holder.id}
          </dd>
          <dt>{t('lic_case')}</dt>
          <dd>{l.case_number}</dd>
          <dt>{t('lic_department')}</dt>
          <dd>{localized(l.department)}</dd>
          <dt>{t('lic_issued')}</dt>
          <dd>{l.issued_on}</dd>
          <dt>{t('lic_valid_until')}</dt>
          <dd>{l.valid_until || t('lic_no_limit')}</dd>
        </dl>
      )}
    </div>
  );
}

export function VerifyLicence() {
  useLang();
  const [text, setText] = useState('');
  const [file, setFile] = useState<Uint8Array | null>(null);
  const [result, setResult] = useState<LicenceCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const keys = trustKeys(await get('/api/v1/trust-list'));
      setResult(await verifyLicence(file ?? text, keys));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('lic_verify_title')} intro={t('lic_verify_intro')}>
      <form class="card form" onSubmit={run} noValidate>
        <label>
          {t('lic_qr_text')}
          <textarea name="licence" rows={4} value={text} onInput={(e) => { setText((e.target as HTMLTextAreaElement).value); setFile(null); }} />
        </label>
        <label>
          {t('lic_file')}
          <input
            type="file"
            accept=".cose,application/cose"
            onChange={async (e) => {
              const f = (e.target as HTMLInputElement).files?.[0];
              setFile(f ? new Uint8Array(await f.arrayBuffer()) : null);
            }}
          />
        </label>
        <Button type="submit" busy={busy}>
          {t('lic_verify')}
        </Button>
      </form>
      {result && <CheckResult r={result} />}
    </Page>
  );
}
