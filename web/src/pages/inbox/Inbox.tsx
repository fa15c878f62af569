// The citizen's inbox (消息): colour changes, tracing notices, community tasks, risk areas.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../api';
import type { Message } from '../../api/models';
import { Link } from '../../router';
import { fmtDateTime } from '../../format';
import { t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';
import { setUnread } from './unread';


export function Inbox() {
  const lang = useLang();
  const q = useLoad(() => get('/api/v1/me/inbox'));
  const rows: Message[] = q.data?.messages ?? [];
  const unread = q.data?.unread ?? rows.filter((m) => !m.read).length;
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (q.data) setUnread(unread);
  }, [q.data]);
  const markRead = async (ids: string[]) => {
    setError(undefined);
    try {
      for (const id of ids) await post('/api/v1/me/inbox/{id}/read', { params: { id } });
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
