// Public statistics of the service hall, no login: per item and per department, the ratings
// per level with the satisfaction rate, the on-time rate and the average working days.
import { get, type ItemOf } from '../../api';
import { t, useLang } from '../../i18n';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';
import { LEVELS, levelWord } from './levels';

type Row = ItemOf<'/api/v1/hall/stats', 'items'>;

const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const days = (v: number | null | undefined) => (v == null ? '—' : v.toFixed(1));

function StatsTable({ rows, keyName }: { rows: Row[]; keyName: 'item' | 'department' }) {
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="stats-table" data-by={keyName}>
        <thead>
          <tr>
            <th scope="col">{keyName === 'item' ? t('hr_item') : t('hr_department')}</th>
            {LEVELS.map((l) => (
              <th scope="col" key={l}>
                {levelWord(l)}
              </th>
            ))}
            <th scope="col">{t('hr_satisfaction')}</th>
            <th scope="col">{t('hr_on_time')}</th>
            <th scope="col">{t('hr_avg_days')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const key = keyName === 'item' ? r.item ?? '' : r.department;
            return (
              <tr key={key} data-key={key}>
                <th scope="row">{key}</th>
                {LEVELS.map((l) => (
                  <td key={l} data-level={l}>
                    {r.counts[l]}
                  </td>
                ))}
                <td data-col="satisfaction">{pct(r.satisfaction_rate)}</td>
                <td data-col="on_time">
                  {pct(r.on_time_rate)} ({r.on_time}/{r.closed})
                </td>
                <td data-col="avg_days">{days(r.avg_workdays)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function HallStats() {
  useLang();
  const q = useLoad(() => get('/api/v1/hall/stats'), []);
  return (
    <Page title={t('hr_stats_title')} intro={t('hr_stats_intro')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && (
        <>
          <h2>{t('hr_by_department')}</h2>
          <StatsTable rows={q.data.departments} keyName="department" />
          <h2>{t('hr_by_item')}</h2>
          <StatsTable rows={q.data.items} keyName="item" />
        </>
      )}
    </Page>
  );
}
