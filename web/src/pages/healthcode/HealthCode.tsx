// The person's health code (一人一码) page: the code, check-in progress, reasons and timeline.
import { ApiError } from '../../api';
import { t, useLang } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { CheckInProgress } from './CheckInProgress';
import { CodeCard } from './CodeCard';
import { CodeReasons } from './CodeReasons';
import { ColourTimeline } from './ColourTimeline';
import { useHealthCode } from './useHealthCode';

export function HealthCode() {
  useLang();
  const s = useSession();
  const { code, error, busy, svgUrl, timeline, load } = useHealthCode();
  const name = code?.masked_name ?? (s.status === 'in' ? s.me.masked_name : '');
  const notDeclared = error instanceof ApiError && error.status === 404 && !error.missing;
  return (
    <Page title={t('code_title')}>
      {!code && !error && <Loading />}
      {notDeclared && (
        <Notice kind="info">
          {t('code_not_declared')} <Link href="/declare">{t('nav_declare')}</Link>
        </Notice>
      )}
      {!notDeclared && <ErrorNotice error={error} />}
      {code?.under_review && <Notice kind="info">{t('declared_review')}</Notice>}
      {code && (
        <div class="code-wrap">
          <CodeCard code={code} name={name} svgUrl={svgUrl} busy={busy} onRefresh={load} />
          <CheckInProgress code={code} />
          <CodeReasons code={code} />
          <ColourTimeline timeline={timeline} />
          <p class="muted small">{t('code_offline_note')}</p>
        </div>
      )}
    </Page>
  );
}
