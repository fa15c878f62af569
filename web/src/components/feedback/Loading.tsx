// Loading and empty states of a list.
import { t } from '../../i18n';
import { ErrorNotice } from './ErrorNotice';

export function Loading() {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {t('loading')}
    </p>
  );
}

export function Empty() {
  return <p class="muted">{t('empty_list')}</p>;
}

/** Above a useLoad() list: a spinner while loading, the error, and "empty" once loaded when `empty`. */
export function LoadStatus({ q, empty }: { q: { loading: boolean; error: unknown }; empty: boolean }) {
  return (
    <>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && empty && <Empty />}
    </>
  );
}

