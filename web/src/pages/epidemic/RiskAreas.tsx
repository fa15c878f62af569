// Officials publish and lift risk areas (风险地区); the list shows the current ones or all.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { t, useLang } from '../../i18n';
import { Page } from '../../components/Page';
import { LoadStatus } from '../../components/feedback/Loading';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import type { RiskArea } from './types';
import { AreaCard } from './AreaCard';
import { PublishAreaForm } from './PublishAreaForm';

export function RiskAreas() {
  useLang();
  const [showAll, setShowAll] = useState(false);
  // The public list may be cached for a minute: officials always want the current one.
  const q = useLoad(() => get('/api/v1/risk-areas', { query: { all: showAll ? '1' : undefined }, cache: 'no-cache' }), [showAll]);
  const publish = useAction();
  const areas: RiskArea[] = q.data?.risk_areas ?? [];

  // Lifting shares the form's error notice but not its busy button (AreaCard shows its own).
  const lift = async (a: RiskArea) => {
    publish.setError(undefined);
    try {
      await post('/api/v1/risk-areas/{id}/lift', { params: { id: a.risk_area_id } });
      q.reload();
    } catch (e) {
      publish.setError(e);
    }
  };

  return (
    <Page title={t('ra_title')}>
      <PublishAreaForm publish={publish} onPublished={q.reload} />
      <div class="section-head">
        <h2>{showAll ? t('ra_all') : t('ra_current')}</h2>
        <label class="inline-check">
          <input type="checkbox" name="show_lifted" checked={showAll} onChange={(e) => setShowAll((e.currentTarget as HTMLInputElement).checked)} /> {t('ra_show_lifted')}
        </label>
      </div>
      <LoadStatus q={q} empty={!q.error && !areas.length} />
      <ul class="cards">
        {areas.map((a) => (
          <AreaCard key={a.risk_area_id} a={a} onLift={lift} />
        ))}
      </ul>
    </Page>
  );
}
