// The public epidemic-information page of a region (issue 23), no login: current notices first
// (urgent ones marked), risk areas, hotlines, fever clinics, the health-code rules in plain
// words, and the region's feeds. One request (GET /api/v1/regions/{code}/portal), cached by the
// server with an ETag, so it stays fast on a phone during a surge of readers.
import { useState } from 'preact/hooks';
import { get } from '../../api';
import type { ResponseOf } from '../../api';
import { fmtDateTime } from '../../format';
import { getLang, t, useLang } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { Page } from '../../components/Page';
import { Field } from '../../components/form/Field';
import { LoadStatus } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';

type PortalDoc = ResponseOf<'/api/v1/regions/{code}/portal'>;
const DEFAULT_REGION = '330104';
const REGION = /^(\d{2}|\d{4}|\d{6})$/;

export function Portal() {
  useLang();
  const zh = getLang() === 'zh-CN';
  const loc = useLocation();
  const asked = loc.query.get('region') ?? DEFAULT_REGION;
  const region = REGION.test(asked) ? asked : DEFAULT_REGION;
  const [text, setText] = useState(region);
  const q = useLoad(() => get('/api/v1/regions/{code}/portal', { params: { code: region } }), [region]);
  const p: PortalDoc | undefined = q.data;
  return (
    <Page title={t('pt_title')} intro={t('pt_intro')}>
      <form
        role="search"
        class="card form portal-region"
        onSubmit={(e) => {
          e.preventDefault();
          const v = text.trim();
          if (REGION.test(v)) navigate(`/portal?region=${v}`, true);
        }}
      >
        <Field label={t('pt_region')} hint={t('pt_region_hint')} name="region" value={text} onInput={setText} maxLength={6} inputMode="numeric" />
        <button type="submit" class="btn btn-primary">
          {t('pt_show')}
        </button>
      </form>
      <LoadStatus q={q} empty={false} />
      {p && (
        <>
          <p class="muted small">{t('pt_region_of', { code: p.region })}</p>
          <section aria-labelledby="pt-notices">
            <h2 id="pt-notices">{t('pt_notices')}</h2>
            {!p.notices.length && <p class="muted">{t('pt_no_notices')}</p>}
            <ul class="cards">
              {p.notices.map((n) => (
                <li key={n.notice_id} class={`card notice${n.severity === 'urgent' ? ' notice-urgent' : ''}`} data-notice={n.notice_id}>
                  <h3>
                    {n.severity === 'urgent' && <span class="badge badge-red">{t('pt_urgent')}</span>} {zh ? n.title_zh : n.title_en}
                  </h3>
                  <p class="pre-line">{zh ? n.body_zh : n.body_en}</p>
                  <p class="muted small">
                    {t('pt_valid', { from: fmtDateTime(n.valid_from), to: fmtDateTime(n.valid_to) })}
                    {n.version > 1 && <> · {t('pt_version', { n: n.version })}</>}
                    {n.cap && (
                      <>
                        {' · '}
                        <a href={n.cap} type="application/cap+xml">
                          {t('pt_cap')}
                        </a>
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="pt-areas">
            <h2 id="pt-areas">{t('pt_areas')}</h2>
            {!p.risk_areas.length && <p class="muted">{t('pt_no_areas')}</p>}
            <ul class="cards">
              {p.risk_areas.map((a) => (
                <li key={a.risk_area_id} class="card">
                  <span class={`badge ${a.level === 'high' ? 'badge-red' : 'badge-yellow'}`}>{t(a.level === 'high' ? 'pt_high' : 'pt_medium')}</span> {a.name || a.places.join('、')}
                  <p class="muted small">
                    {fmtDateTime(a.from)} – {fmtDateTime(a.to)}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="pt-hotlines">
            <h2 id="pt-hotlines">{t('pt_hotlines')}</h2>
            <ul class="hotlines">
              {p.hotlines.map((h) => (
                <li key={h.number}>
                  <a href={`tel:${h.number.replace(/[^0-9+]/g, '')}`} class="btn btn-secondary">
                    {h.number}
                  </a>{' '}
                  <span class="muted">{zh ? h.label_zh : h.label_en}</span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="pt-clinics">
            <h2 id="pt-clinics">{t('pt_clinics')}</h2>
            {!p.fever_clinics.length && <p class="muted">{t('pt_no_clinics')}</p>}
            <ul class="cards">
              {p.fever_clinics.map((c) => (
                <li key={c.department_id} class="card">
                  <strong>{c.hospital_name}</strong> · {zh ? c.name_zh : c.name_en}
                  <p class="muted small">{c.address}</p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="pt-rules">
            <h2 id="pt-rules">{t('pt_rules')}</h2>
            <ul class="cards">
              {p.rules.colours.map((c) => (
                <li key={c.colour} class="card">
                  <p>{zh ? c.summary_zh : c.summary_en}</p>
                  {c.reasons.length > 0 && (
                    <details>
                      <summary>{t('pt_reasons')}</summary>
                      <ul>
                        {c.reasons.map((r) => (
                          <li key={r.code}>{zh ? r.zh : r.en}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <p class="actions">
            <span class="muted">{t('pt_feeds')}：</span>
            <a href={p.feeds.atom} type="application/atom+xml" class="btn btn-link">
              {t('pt_atom')}
            </a>
            <a href={p.feeds.json} type="application/feed+json" class="btn btn-link">
              {t('pt_json')}
            </a>
          </p>
        </>
      )}
    </Page>
  );
}
