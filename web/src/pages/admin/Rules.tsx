// Administration: the colour rules in force, reloading them, and the signing keys.
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { rulesDocument } from '../../api/rules';
import { colourWord, t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Entry } from '../../components/Entry';
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
  const rules = rulesDocument(q.data);
  const reload = useAction();
  // Not the action's own text: the last success stays shown while retrying, as it always has.
  const [msg, setMsg] = useState<string>();
  return (
    <Page title={t('ad_rules_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && (
        <dl class="card kv">
          <Entry term={t('ad_rules_version')}>{q.data.version}</Entry>
          {rules.colours &&
            Object.entries(rules.colours).map(([c, v]) => (
              <Entry key={c} term={colourWord(c)}>
                {v.quarantine_days} d · {v.checkins_required} ✓
              </Entry>
            ))}
          {rules.temperature_threshold && (
            <Entry term={t('temperature')}>≥ {rules.temperature_threshold}</Entry>
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
            setMsg(t('ad_rules_reloaded', { v: r.version }));
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
