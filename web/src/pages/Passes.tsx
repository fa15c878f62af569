import { get, post } from '../api';
import { fmtDateTime, localized, t, tMaybe, useLang } from '../i18n';
import { Button, ColourBadge, Empty, ErrorNotice, Loading, Page, useLoad } from '../components/ui';

export function reasonText(r: unknown): string {
  if (typeof r === 'string') return tMaybe(`reason_${r}`) ?? r;
  return localized(r);
}

export function Passes() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/passes'));
  const rows: any[] = q.data?.passes ?? q.data?.records ?? q.data?.visits ?? [];
  return (
    <Page title={t('passes_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{t('passes_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('place')}</th>
                <th scope="col">{t('direction')}</th>
                <th scope="col">{t('result')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p, i) => (
                <tr key={p.record_id ?? p.id ?? i}>
                  <td>{fmtDateTime(p.at ?? p.time ?? p.scanned_at)}</td>
                  <td>{p.place_name ?? p.place?.name ?? p.place_id}</td>
                  <td>{p.direction ? t(`dir_${p.direction}`) : ''}</td>
                  <td>
                    {p.colour && <ColourBadge colour={p.colour} />} {p.allowed === false ? t('refused') : t('allowed')}
                    {p.reason && p.allowed === false && <span class="muted"> · {reasonText(p.reason)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export function Inbox() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/inbox'));
  const rows: any[] = q.data?.messages ?? q.data?.items ?? q.data?.notices ?? [];
  const markRead = async (m: any) => {
    const id = m.message_id ?? m.id;
    try {
      await post(`/api/v1/me/inbox/${encodeURIComponent(id)}/read`);
    } catch {
      /* older servers have no read receipts */
    }
    q.reload();
  };
  return (
    <Page title={t('inbox_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      <ul class="cards">
        {rows.map((m, i) => (
          <li class={`card message${m.read ? '' : ' unread'}`} key={m.message_id ?? m.id ?? i}>
            <p class="muted small">
              {!m.read && <strong class="tag">{t('unread')}</strong>} {fmtDateTime(m.at ?? m.created_at)}
            </p>
            {m.title && <h2 class="h3">{localized(m.title)}</h2>}
            <p>{localized(m.body ?? m.text ?? m.message)}</p>
            {!m.read && (m.message_id ?? m.id) && (
              <Button kind="link" onClick={() => markRead(m)}>
                {t('mark_read')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
