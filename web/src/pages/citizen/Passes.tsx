// The citizen's own pass history (gates and places).
import { get, type ResponseOf } from '../../api';
import { fmtDateTime } from '../../format';
import { localized, t, tMaybe, useLang, verdictText } from '../../i18n';
import { ColourBadge } from '../../components/ColourBadge';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';

export function reasonText(r: unknown): string {
  if (typeof r === 'string') return verdictText(r) ?? r;
  return localized(r);
}

type Pass = ResponseOf<'/api/v1/me/passes'>['passes'][number];

export function Passes() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/passes'));
  const rows: Pass[] = q.data?.passes ?? [];
  return (
    <Page title={t('passes_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !rows.length && <Empty how={t('passes_empty_how')} />}
      {rows.length > 0 && (
        <DataTable caption={t('passes_title')} headers={[t('time'), t('place'), t('direction'), t('result')]}>
          {rows.map((p) => (
            <tr key={p.record_id}>
              <td>{fmtDateTime(p.at)}</td>
              <td>{p.place_name ?? p.place_id}</td>
              <td>{p.direction ? tMaybe(`dir_${p.direction}`) ?? p.direction : ''}</td>
              <td>
                {p.colour && <ColourBadge colour={p.colour} />} {p.allowed === false ? t('refused') : t('allowed')}
                {p.reason && p.allowed === false && <span class="muted"> · {reasonText(p.reason)}</span>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
