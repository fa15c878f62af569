// 我的证照: the licence wallet — the electronic licences and decisions (电子证照) issued to the
// citizen and to the enterprises they act for when a service-hall case was closed after
// approval; each opens its detail page with the QR code and the signed document.
import { get, type ItemOf } from '../../api';
import { localized, t, useLang } from '../../i18n';
import { Link } from '../../router';
import { Page } from '../../components/Page';
import { LoadStatus } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';

export type Licence = ItemOf<'/api/v1/me/licences', 'licences'>;

export function LicenceSummary({ l }: { l: Licence }) {
  return (
    <dl class="facts">
      <dt>{t('lic_holder')}</dt>
      <dd class="lic-holder">
        {l.holder.name} · {l.holder.id}
      </dd>
      <dt>{t('lic_case')}</dt>
      <dd>{l.case_number}</dd>
      <dt>{t('lic_department')}</dt>
      <dd>{localized(l.department.name)}</dd>
      <dt>{t('lic_issued')}</dt>
      <dd>{l.issued_on}</dd>
      <dt>{t('lic_valid_until')}</dt>
      <dd>{l.valid_until ?? t('lic_no_limit')}</dd>
    </dl>
  );
}

export function Wallet() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/licences'));
  const list: Licence[] = q.data?.licences ?? [];
  return (
    <Page title={t('lic_title')} intro={t('lic_intro')}>
      <p>
        <Link href="/licences/verify">{t('lic_verify_title')}</Link>
      </p>
      <LoadStatus q={q} empty={!list.length} />
      <ul class="cards">
        {list.map((l) => (
          <li class="card licence" key={l.id} data-kind={l.kind}>
            <h2 class="h3">
              <Link href={`/licence?id=${encodeURIComponent(l.id)}`}>{localized(l.title)}</Link>
            </h2>
            <p class="muted">
              {localized(l.item.name)} · {l.status === 'valid' ? t('lic_status_valid') : t('lic_status_expired')}
            </p>
            <LicenceSummary l={l} />
          </li>
        ))}
      </ul>
    </Page>
  );
}
