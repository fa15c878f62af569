// Administration: the colour rules in force, reloading them, and the signing keys.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { colourWord, fmtDateTime, t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { TrustAdmin } from './TrustAdmin';

export function AdminRules() {
  useLang();
  const q = useLoad(() => get('/api/v1/rules'));
  const reload = useAction();
  // Not the action's own text: the last success stays shown while retrying, as it always has.
  const [msg, setMsg] = useState<string>();
  return (
    <Page title={t('ad_rules_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && (
        <dl class="card kv">
          <div>
            <dt>{t('ad_rules_version')}</dt>
            <dd>{q.data.version ?? q.data.rules_version}</dd>
          </div>
          {q.data.rules?.colours &&
            Object.entries<any>(q.data.rules.colours).map(([c, v]) => (
              <div key={c}>
                <dt>{colourWord(c)}</dt>
                <dd>
                  {v.quarantine_days} d · {v.checkins_required} ✓
                </dd>
              </div>
            ))}
          {q.data.rules?.temperature_threshold && (
            <div>
              <dt>{t('temperature')}</dt>
              <dd>≥ {q.data.rules.temperature_threshold}</dd>
            </div>
          )}
          {q.data.loaded_at && (
            <div>
              <dt>{t('ad_rules_loaded')}</dt>
              <dd>{fmtDateTime(q.data.loaded_at)}</dd>
            </div>
          )}
        </dl>
      )}
      {msg && <Notice kind="success">{msg}</Notice>}
      <ErrorNotice error={reload.error} />
      <Button
        busy={reload.busy}
        onClick={() =>
          reload.run(async () => {
            const r = await post('/api/v1/admin/rules/reload');
            setMsg(t('ad_rules_reloaded', { v: r.version ?? r.rules_version ?? '' }));
            q.reload();
          })
        }
      >
        {t('ad_rules_reload')}
      </Button>
      <TrustAdmin />
    </Page>
  );
}
