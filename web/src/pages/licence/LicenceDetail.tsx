// One licence of the wallet (/licence?id=…): its contents, the QR code to show, the signed
// document to download (verifiable with `onewindow verify --file`), and a check of its
// signature right here in the browser with the published keys.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { localized, t, useLang } from '../../i18n';
import { useLocation } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { LoadStatus } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';
import { b64decode, trustKeys } from '../../offline/verify';
import { verifyLicence, type LicenceCheck } from '../../offline/licence';
import { LicenceSummary } from './Wallet';
import { CheckResult } from './VerifyLicence';

export function LicenceDetail() {
  useLang();
  const id = useLocation().query.get('id') ?? '';
  const q = useLoad(() => get('/api/v1/me/licences/{id}', { params: { id } }), [id]);
  const [check, setCheck] = useState<LicenceCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const l = q.data;
  // The page's CSP allows images from blob: (not data:), so the PNG becomes a blob URL.
  const [qrUrl, setQrUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!l?.qr_png) return;
    const url = URL.createObjectURL(new Blob([b64decode(l.qr_png) as BlobPart], { type: 'image/png' }));
    setQrUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [l?.qr_png]);
  const verify = async () => {
    if (!l) return;
    setBusy(true);
    try {
      const keys = trustKeys(await get('/api/v1/trust-list'));
      setCheck(await verifyLicence(b64decode(l.document), keys));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={l ? localized(l.title) : t('lic_title')}>
      <LoadStatus q={q} empty={false} />
      {l && (
        <div class="card licence-detail">
          <p class="muted">{localized(l.item.name)}</p>
          <LicenceSummary l={l} />
          {Object.keys(l.fields).length > 0 && (
            <dl class="facts lic-fields">
              {Object.entries(l.fields).map(([k, v]) => (
                <>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </>
              ))}
            </dl>
          )}
          {qrUrl && <img class="lic-qr" src={qrUrl} alt={t('lic_qr_alt')} width={240} height={240} />}
          <details>
            <summary>{t('lic_qr_text')}</summary>
            <textarea class="lic-qr-text" readOnly rows={4} value={l.qr_text} aria-label={t('lic_qr_text')} />
          </details>
          <p>
            <a href={`/api/v1/me/licences/${encodeURIComponent(l.id)}/document`} download={`licence-${l.id}.cose`}>
              {t('lic_download')}
            </a>
          </p>
          <Button onClick={verify} busy={busy}>
            {t('lic_verify_here')}
          </Button>
          {check && <CheckResult r={check} />}
        </div>
      )}
    </Page>
  );
}
