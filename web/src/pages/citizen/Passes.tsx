import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../api';
import { Link } from '../../router';
import { fmtDateTime, localized, t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';

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
                  <td>{p.direction ? tMaybe(`dir_${p.direction}`) ?? p.direction : ''}</td>
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

interface Message {
  id: string;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: string;
  region: string;
  created_at: string;
  read: boolean;
}

// The unread count, shared by the menu badge and the inbox page.
let unreadCount = 0;
const unreadListeners = new Set<() => void>();
function setUnread(n: number) {
  unreadCount = n;
  unreadListeners.forEach((f) => f());
}
export async function refreshUnread(): Promise<void> {
  try {
    const r = await get<{ unread: number }>('/api/v1/me/inbox');
    setUnread(typeof r.unread === 'number' ? r.unread : 0);
  } catch {
    /* no inbox on this installation, or logged out */
  }
}
/** Unread inbox messages; refreshed on every page change by the menu. */
export function useUnread(): number {
  const [n, setN] = useState(unreadCount);
  useEffect(() => {
    const f = () => setN(unreadCount);
    unreadListeners.add(f);
    return () => void unreadListeners.delete(f);
  }, []);
  return n;
}

/** A badge with the number of unread messages (the number is also said in words). */
export function UnreadBadge({ n }: { n: number }) {
  if (!n) return null;
  return (
    <span class="count-badge" title={t('unread_count', { n })}>
      <span aria-hidden="true">{n > 99 ? '99+' : n}</span>
      <span class="sr-only">{t('unread_count', { n })}</span>
    </span>
  );
}

export function Inbox() {
  const lang = useLang();
  const q = useLoad(() => get<{ messages: Message[]; unread: number }>('/api/v1/me/inbox'));
  const rows = q.data?.messages ?? [];
  const unread = q.data?.unread ?? rows.filter((m) => !m.read).length;
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (q.data) setUnread(unread);
  }, [q.data]);
  const markRead = async (ids: string[]) => {
    setError(undefined);
    try {
      for (const id of ids) await post(`/api/v1/me/inbox/${encodeURIComponent(id)}/read`);
    } catch (e) {
      setError(e);
    }
    q.reload();
  };
  const zh = lang === 'zh-CN';
  return (
    <Page title={t('inbox_title')} intro={t('inbox_intro')}>
      {q.data && (
        <div class="section-head">
          <p class="inbox-summary">
            <strong>{t('unread_count', { n: unread })}</strong>
          </p>
          {unread > 0 && (
            <Button kind="secondary" onClick={() => markRead(rows.filter((m) => !m.read).map((m) => m.id))}>
              {t('mark_all_read')}
            </Button>
          )}
        </div>
      )}
      {q.loading && <Loading />}
      <ErrorNotice error={q.error ?? error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      <ul class="cards">
        {rows.map((m) => (
          <li class={`card message${m.read ? '' : ' unread'}`} key={m.id} data-kind={m.kind}>
            <p class="muted small">
              {!m.read && <strong class="tag tag-unread">{t('unread')}</strong>} <span class="tag">{tMaybe(`msg_kind_${m.kind}`) ?? m.kind}</span> {fmtDateTime(m.created_at)}
            </p>
            <h2 class="h3">{zh ? m.title_zh || m.title_en : m.title_en || m.title_zh}</h2>
            <p>{zh ? m.body_zh || m.body_en : m.body_en || m.body_zh}</p>
            <div class="actions">
              {m.link && m.link.startsWith('/') && (
                <Link href={m.link} class="btn btn-link">
                  {t('open_link')}
                </Link>
              )}
              {!m.read && (
                <Button kind="link" onClick={() => markRead([m.id])}>
                  {t('mark_read')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
