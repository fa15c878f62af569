// The public data-sharing catalogue (no login): what each department shares, on which legal
// basis, and which systems may use it for what — and where your consent is needed.
import { get } from '../../api';
import { getLang, t, useLang } from '../../i18n';
import { Page } from '../../components/Page';
import { LoadStatus } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';
import { sharingName, type XrCatalogueEntry } from './types';

export function ExchangeCatalogue() {
  useLang();
  const q = useLoad(() => get('/api/v1/exchange/services'));
  const services: XrCatalogueEntry[] = q.data?.services ?? [];
  const en = getLang() === 'en';
  return (
    <Page title={t('xr_catalogue_title')}>
      <p class="muted">{t('xr_catalogue_intro')}</p>
      <LoadStatus q={q} empty={!services.length} />
      <ul class="cards">
        {services.map((s) => (
          <li class="card" key={s.id} data-service={s.id}>
            <h2 class="h3">{en && s.name_en ? s.name_en : s.name_zh}</h2>
            <p class="small">
              {t('xr_provider')}：{en && s.provider_name_en ? s.provider_name_en : s.provider_name_zh} · {sharingName(s.sharing_class)}
            </p>
            <p class="small">
              {t('xr_fields')}：{s.fields.join(', ')}
            </p>
            {s.legal_basis && (
              <p class="small">
                {t('xr_legal_basis')}：{s.legal_basis}
              </p>
            )}
            <h3 class="small">{t('xr_users')}</h3>
            {s.users.length === 0 ? (
              <p class="muted small">{t('xr_no_users')}</p>
            ) : (
              <ul class="small">
                {s.users.map((u) => (
                  <li key={u.client + u.purpose}>
                    {(en && u.client_name_en ? u.client_name_en : u.client_name_zh) || u.client} — {u.purpose}
                    {u.legal_basis ? `（${u.legal_basis}）` : ''}
                    {u.needs_consent && <strong> · {t('xr_needs_consent')}</strong>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
