// Service hall (issue 21): the public catalogue (事项清单) with search, and one item's guide
// (办事指南): conditions, legal basis, materials with their source, time limits, visits, fees.
// Both are readable without logging in.
import { useState } from 'preact/hooks';
import { get } from '../../api';
import { localized, t } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { useLoad } from '../../hooks/useLoad';
import { Page } from '../../components/Page';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { LoadStatus } from '../../components/feedback/Loading';
import type { HallGuideDoc, HallItem, Material } from './common';
import { loadGuide } from './common';

export function HallCatalogue() {
  const loc = useLocation();
  const q = loc.query.get('q') ?? '';
  const applicant = (loc.query.get('applicant') ?? '') as '' | 'citizen' | 'enterprise';
  const [text, setText] = useState(q);
  const list = useLoad(() => get('/api/v1/hall/items', { query: { q: q || undefined, applicant: applicant || undefined } }), [q, applicant]);
  const go = (nq: string, na: string) => {
    const u = new URLSearchParams();
    if (nq) u.set('q', nq);
    if (na) u.set('applicant', na);
    const s = u.toString();
    navigate(`/hall${s ? `?${s}` : ''}`, true);
  };
  const items = list.data?.items ?? [];
  return (
    <Page title={t('hall_title')} intro={t('hall_intro')}>
      <form
        role="search"
        class="card form hall-search"
        onSubmit={(e) => {
          e.preventDefault();
          go(text.trim(), applicant);
        }}
      >
        <Field label={t('hall_search')} hint={t('hall_search_hint')} type="search" name="q" value={text} onInput={setText} maxLength={100} />
        <Select
          label={t('hall_applicant')}
          name="applicant"
          value={applicant}
          onChange={(v) => go(text.trim(), v)}
          options={[
            ['', t('hall_applicant_all')],
            ['citizen', t('hall_applicant_citizen')],
            ['enterprise', t('hall_applicant_enterprise')],
          ]}
        />
        <div class="actions">
          <button class="btn btn-primary" type="submit">
            {t('hall_search_btn')}
          </button>
        </div>
      </form>
      <LoadStatus q={list} empty={!items.length} />
      {!list.loading && items.length > 0 && (
        <p class="muted" role="status">
          {t('hall_found', { n: items.length })}
        </p>
      )}
      <ul class="cards hall-items">
        {items.map((it) => (
          <li class="card hall-item" key={it.code} data-code={it.code}>
            <h2 class="h3">
              <Link href={`/hall/items/${encodeURIComponent(it.code)}`}>{localized(it.name)}</Link>
            </h2>
            <p class="muted small">
              {localized(it.department.name)} · {it.code}
            </p>
            <ItemFacts it={it} compact />
          </li>
        ))}
      </ul>
    </Page>
  );
}

function ItemFacts({ it, compact }: { it: HallItem; compact?: boolean }) {
  return (
    <dl class={`kv hall-kv hall-facts${compact ? ' small' : ''}`}>
      <div>
        <dt>{t('hall_applicant')}</dt>
        <dd>{it.applicants.map((a) => t(a === 'citizen' ? 'hall_applicant_citizen' : 'hall_applicant_enterprise')).join('、')}</dd>
      </div>
      <div>
        <dt>{t('hall_promised_days')}</dt>
        <dd>{t('hall_workdays', { n: it.promised_days })}</dd>
      </div>
      <div>
        <dt>{t('hall_legal_days')}</dt>
        <dd>{t('hall_workdays', { n: it.legal_days })}</dd>
      </div>
      <div>
        <dt>{t('hall_visits')}</dt>
        <dd>{it.visits === 0 ? t('hall_visits_zero') : t('hall_visits_n', { n: it.visits })}</dd>
      </div>
      {!compact && (
        <div>
          <dt>{t('hall_fee')}</dt>
          <dd>{it.fee_yuan ? t('hall_fee_yuan', { n: it.fee_yuan }) : t('hall_fee_free')}</dd>
        </div>
      )}
      {it.automatic && (
        <div>
          <dt>{t('hall_automatic')}</dt>
          <dd>{t('yes')}</dd>
        </div>
      )}
    </dl>
  );
}

export function sourceName(m: Material): string {
  return t(m.source === 'exchange' ? 'hall_source_exchange' : m.source === 'licence' ? 'hall_source_licence' : m.source === 'upload' ? 'hall_source_upload' : 'hall_source_form');
}

export function HallGuide() {
  const loc = useLocation();
  const code = decodeURIComponent(loc.path.slice('/hall/items/'.length));
  const session = useSession();
  const g = useLoad(() => loadGuide(code), [code]);
  const guide = g.data as HallGuideDoc | undefined;
  return (
    <Page title={guide ? localized(guide.name) : t('hall_guide')}>
      <p>
        <Link href="/hall">← {t('hall_title')}</Link>
      </p>
      <LoadStatus q={g} empty={false} />
      {guide && (
        <>
          <section class="card" aria-labelledby="hall-basic">
            <h2 id="hall-basic">{t('hall_guide')}</h2>
            <dl class="kv hall-kv">
              <div>
                <dt>{t('hall_department')}</dt>
                <dd>{localized(guide.department.name)}</dd>
              </div>
              <div>
                <dt>{t('hall_code')}</dt>
                <dd>{guide.code}</dd>
              </div>
              <div>
                <dt>{t('hall_basic_code')}</dt>
                <dd>{guide.basic_code}</dd>
              </div>
            </dl>
            <ItemFacts it={guide} />
            {guide.automatic_offer && <p class="notice notice-info">{localized(guide.automatic_offer)}</p>}
            {guide.referral && (
              <p>
                <strong>{t('hall_referral')}</strong>
                {localized(guide.referral)}
              </p>
            )}
          </section>
          <section class="card" aria-labelledby="hall-conditions">
            <h2 id="hall-conditions">{t('hall_conditions')}</h2>
            <ol>
              {guide.conditions.map((c, i) => (
                <li key={i}>{localized(c)}</li>
              ))}
            </ol>
          </section>
          <section class="card" aria-labelledby="hall-materials">
            <h2 id="hall-materials">{t('hall_materials')}</h2>
            <ul class="list hall-materials">
              {guide.materials.map((m) => (
                <li key={m.id} data-source={m.source}>
                  <strong>{localized(m.name)}</strong>
                  {m.required && <span class="muted"> {t('hall_required_mark')}</span>}
                  <br />
                  <span class="tag">{sourceName(m)}</span>
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="hall-basis">
            <h2 id="hall-basis">{t('hall_legal_basis')}</h2>
            <ul>
              {guide.legal_basis.map((b, i) => (
                <li key={i}>{b}</li>
              ))}
            </ul>
          </section>
          <div class="actions">
            {session.status === 'in' ? (
              <Link class="btn btn-primary" href={`/hall/apply?item=${encodeURIComponent(guide.code)}`}>
                {t('hall_apply')}
              </Link>
            ) : (
              <Link class="btn btn-primary" href={`/login?next=${encodeURIComponent(`/hall/apply?item=${guide.code}`)}`}>
                {t('hall_apply_login')}
              </Link>
            )}
          </div>
        </>
      )}
    </Page>
  );
}
