import { t } from '../../i18n';

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
