// Errors thrown by the API client, in words.
import { ApiError, NetworkError, fieldText, problemCode } from '../../api';
import { getLang, t, tMaybe } from '../../i18n';
import { Notice } from './Notice';

/** The name of the field at a JSON path ("$.travel[0].to" -> 结束日期 / To); else the path. */
function fieldLabel(path: string): string {
  const p = path.replace(/^\$\.?/, '');
  const last = p.split('.').pop()?.replace(/\[\d+\]$/, '') ?? p;
  return tMaybe(`field_${p}`) ?? tMaybe(`field_${last}`) ?? p;
}

/** Human text for any error thrown by api(). */
export function errorText(e: unknown): string {
  if (e instanceof NetworkError) return t('network_error');
  if (e instanceof ApiError) {
    if (e.missing) return t('not_available');
    if (e.status === 401) return t('error_session');
    if (e.status === 403 && !e.detail) return t('error_forbidden');
    // Field errors by their codes; the server's own words only in the English UI.
    if (e.errors.length) {
      const items = e.errors.map((x) => t('field_label', { field: fieldLabel(x.path), text: fieldText(x) }));
      const lead = e.status === 404 ? '' : `${t('fix_fields')} `;
      return `${lead}${items.join(getLang() === 'en' ? '; ' : '；')}`;
    }
    // A problem made by the app itself (no type) already speaks the reader's language.
    if (getLang() === 'en' || !e.type) return e.detail || e.title || t('error_generic');
    return tMaybe(`problem_${problemCode(e.type)}`) ?? t('error_generic');
  }
  return String((e as Error)?.message ?? e);
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError && error.missing) return <Notice kind="info">{t('not_available')}</Notice>;
  return <Notice kind="error">{errorText(error)}</Notice>;
}


/** The success text and the error of a useAction(). */
export function ActionNotices({ action }: { action: { msg?: string; error: unknown } }) {
  return (
    <>
      {action.msg && <Notice kind="success">{action.msg}</Notice>}
      <ErrorNotice error={action.error} />
    </>
  );
}

