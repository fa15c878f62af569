// Per-place statistics with simple inline SVG charts.
import { useEffect, useState } from 'preact/hooks';
import { get, type ResponseOf } from '../../api';
import type { Place } from '../../api/models';
import { t, useLang, verdictText } from '../../i18n';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useLoad } from '../../hooks/useLoad';
import { BarChart } from '../../components/BarChart';

type Stats = ResponseOf<'/api/v1/places/{id}/stats'>;

export function Stats() {
  useLang();
  const places = useLoad(() => get('/api/v1/places'));
  const list: Place[] = places.data?.places ?? [];
  const [placeId, setPlaceId] = useState('');
  const [date, setDate] = useState(new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10));
  useEffect(() => {
    if (!placeId && list.length) setPlaceId(list[0].place_id);
  }, [list.length]);
  const stats = useLoad<Stats | undefined>(() => (placeId ? get('/api/v1/places/{id}/stats', { params: { id: placeId }, query: { date } }) : Promise.resolve(undefined)), [placeId, date]);
  const hours: Stats['hours'][number][] = stats.data?.hours ?? [];
  const byHour = Array.from({ length: 24 }, (_, h) => {
    const row = hours.find((x) => x.hour === h);
    return { label: String(h).padStart(2, '0'), value: row?.passes ?? 0, refusals: row?.refusals ?? 0 };
  });
  const reasons: Record<string, number> = {};
  for (const hr of hours) for (const [k, v] of Object.entries<number>(hr.refusals_by_reason ?? {})) reasons[k] = (reasons[k] ?? 0) + v;
  const total = byHour.reduce((a, b) => a + b.value, 0);
  const refused = byHour.reduce((a, b) => a + b.refusals, 0);
  return (
    <Page title={t('st_title')}>
      <div class="card form">
        {places.loading && <Loading />}
        <ErrorNotice error={places.error} />
        {list.length > 0 && <Select label={t('place')} value={placeId} onChange={setPlaceId} options={list.map((p) => [p.place_id, p.name])} />}
        <Field label={t('st_date')} type="date" value={date} onInput={setDate} />
      </div>
      {stats.loading && placeId && <Loading />}
      <ErrorNotice error={stats.error} />
      {stats.data && (
        <section class="card">
          <p>{t('st_total', { n: total, r: refused })}</p>
          <BarChart title={t('st_passes_per_hour')} data={byHour} />
          {Object.keys(reasons).length ? (
            <BarChart title={t('st_refusals')} data={Object.entries(reasons).map(([k, v]) => ({ label: verdictText(k) ?? k, value: v }))} colour="#b3261e" />
          ) : (
            <p class="muted">
              {t('st_refusals')}: {t('none')}
            </p>
          )}
          <a class="btn btn-secondary" href={`/api/v1/places/${encodeURIComponent(placeId)}/stats?date=${date}&format=csv`} download={`stats-${placeId}-${date}.csv`}>
            {t('st_export_csv')}
          </a>
        </section>
      )}
      {!placeId && !places.loading && <Empty />}
    </Page>
  );
}
