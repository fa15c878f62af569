// The public risk-area notice page (no login) with the Atom feed.
import { get } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { useLoad } from '../../hooks/useLoad';
import { Link } from '../../router';
import type { RiskArea } from './types';
import { AreaCard, levelText } from './AreaCard';

/** Public page (no login): the current risk areas and the Atom feed. */
export function Notices() {
  useLang();
  const q = useLoad(() => get('/api/v1/risk-areas'));
  const areas: RiskArea[] = q.data?.risk_areas ?? [];
  const high = areas.filter((a) => a.level === 'high');
  const medium = areas.filter((a) => a.level !== 'high');
  return (
    <Page title={t('nt_title')} intro={t('nt_intro')}>
      <p class="actions">
        <a href="/api/v1/risk-areas.atom" type="application/atom+xml" class="btn btn-secondary">
          <span aria-hidden="true">◉ </span>
          {t('nt_feed')}
        </a>
        <a href="/api/v1/risk-areas" type="application/json" class="btn btn-link">
          {t('nt_json')}
        </a>
        <Link href="/portal" class="btn btn-link">
          {t('pt_title')}
        </Link>
      </p>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && (
        <p class="muted small">
          {t('nt_as_of', { at: fmtDateTime(q.data.as_of) })} · {t('nt_counts', { high: high.length, medium: medium.length })}
        </p>
      )}
      {!q.loading && !q.error && !areas.length && <Notice kind="success">{t('nt_none')}</Notice>}
      {[
        ['high', high],
        ['medium', medium],
      ].map(([lv, list]) =>
        (list as RiskArea[]).length ? (
          <section key={lv as string} aria-labelledby={`nt-${lv}`}>
            <h2 id={`nt-${lv}`}>{levelText(lv as string)}</h2>
            <ul class="cards">
              {(list as RiskArea[]).map((a) => (
                <AreaCard key={a.risk_area_id} a={a} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      <p class="muted small">{t('nt_advice')}</p>
    </Page>
  );
}
