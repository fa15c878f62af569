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

/** "Nothing yet", with what makes entries appear when the screen can say so. */
export function Empty({ how }: { how?: string } = {}) {
  return (
    <div class="empty">
      <p class="muted">{t('empty_list')}</p>
      {how && <p class="muted small">{how}</p>}
    </div>
  );
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

