import { useState } from 'preact/hooks';
import { get, post, type ItemOf } from '../../api';
import { fmtDateTime } from '../../format';
import { localized, t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { TextArea } from '../../components/form/TextArea';
import { useLoad } from '../../hooks/useLoad';

export function Appeal() {
  useLang();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const list = useLoad(() => get('/api/v1/me/appeals'));

  const err = touched && text.trim().length < 5 ? t('err_appeal_text') : undefined;
  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (text.trim().length < 5) return;
    setBusy(true);
    setError(undefined);
    try {
      await post('/api/v1/me/appeals', { body: { text: text.trim() } });
      setSent(true);
      setText('');
      setTouched(false);
      list.reload();
    } catch (e2) {
      setError(e2);
    } finally {
      setBusy(false);
    }
  };
  const appeals: ItemOf<'/api/v1/me/appeals', 'appeals'>[] = list.data?.appeals ?? [];

  return (
    <Page title={t('appeal_title')} intro={t('appeal_intro')}>
      <form class="card form" onSubmit={submit} noValidate>
        {sent && <Notice kind="success">{t('appeal_sent')}</Notice>}
        <ErrorNotice error={error} />
        <TextArea label={t('appeal_text')} name="appeal_text" hint={t('appeal_text_hint')} value={text} onInput={setText} error={err} />
        <Button type="submit" busy={busy}>
          {t('submit')}
        </Button>
      </form>
      <h2>{t('my_appeals')}</h2>
      {list.loading && <Loading />}
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {!list.loading && !list.error && !appeals.length && <Empty />}
      <ul class="cards">
        {appeals.map((a) => (
          <li class="card" key={a.appeal_id}>
            <p class="muted small">{fmtDateTime(a.created_at)}</p>
            <p>{a.text}</p>
            <p>
              {t('status')}: <strong>{tMaybe(`status_${a.status}`) ?? a.status}</strong> {a.colour_at_appeal && <ColourBadge colour={a.colour_at_appeal} />}
            </p>
            {a.outcome && (
              <p>
                {t('outcome')}: {tMaybe(`decision_${a.outcome.decision}`) ?? a.outcome.decision} {a.outcome.colour && <ColourBadge colour={a.outcome.colour} />} {localized(a.outcome.reason)}
              </p>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
