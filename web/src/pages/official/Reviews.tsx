// Health officials: the review/appeal queue of their region.
import { get } from '../../api';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';
import { ReviewItem, type Review } from './ReviewItem';

export function Reviews() {
  useLang();
  const q = useLoad(() => get('/api/v1/reviews'));
  const items: Review[] = q.data?.items ?? [];
  return (
    <Page title={t('rv_title')} intro={t('rv_intro')}>
      <Button kind="secondary" onClick={q.reload}>
        {t('refresh')}
      </Button>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !items.length && <Empty />}
      <ul class="cards">
        {items.map((it) => (
          <ReviewItem key={it.review_id} item={it} onDone={q.reload} />
        ))}
      </ul>
    </Page>
  );
}
