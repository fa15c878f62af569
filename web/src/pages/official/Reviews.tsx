// Health officials: the review/appeal queue of their region.
import { useState } from 'preact/hooks';
import { get } from '../../api';
import { colourWord, t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { useLoad } from '../../hooks/useLoad';
import { ReviewItem, type Decided, type Review } from './ReviewItem';

export function Reviews() {
  useLang();
  const q = useLoad(() => get('/api/v1/reviews'));
  const items: Review[] = q.data?.items ?? [];
  const [done, setDone] = useState<Decided>();
  return (
    <Page title={t('rv_title')} intro={t('rv_intro')}>
      <Button kind="secondary" onClick={q.reload}>
        {t('refresh')}
      </Button>
      {q.loading && <Loading />}
      {done && (
        <Notice kind="success">
          <span data-testid="review-done">{t(done.decision === 'approve' ? 'rv_done_approve' : 'rv_done_override', { name: done.name, colour: colourWord(done.colour) })}</span>
        </Notice>
      )}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !items.length && <Empty />}
      <ul class="cards">
        {items.map((it) => (
          <ReviewItem
            key={it.review_id}
            item={it}
            onDone={(d) => {
              setDone(d);
              q.reload();
            }}
          />
        ))}
      </ul>
    </Page>
  );
}
