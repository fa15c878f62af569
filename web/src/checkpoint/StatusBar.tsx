// Online or offline, the age of the cached trust list, and the switch that forces offline mode.
import { fmtDateTime } from '../format';
import { t } from '../i18n';
import { Notice } from '../components/feedback/Notice';
import type { CachedTrust } from './store';

export function StatusBar({ offline, trust, forceOffline, onForceOffline }: { offline: boolean; trust: CachedTrust | null; forceOffline: boolean; onForceOffline: (on: boolean) => void }) {
  return (
    <>
      <div class="cp-status" role="status">
        <span class={`pill ${offline ? 'pill-off' : 'pill-on'}`}>
          <span aria-hidden="true">{offline ? '○ ' : '● '}</span>
          {offline ? t('cp_offline') : t('cp_online')}
        </span>
        <span class="muted small">
          {t('cp_trust_list')}: {trust ? t('cp_trust_list_age', { n: trust.keys.length, time: fmtDateTime(trust.fetched_at) }) : t('cp_trust_list_none')}
        </span>
        <label class="inline-check">
          <input type="checkbox" name="force_offline" checked={forceOffline} onChange={(e) => onForceOffline((e.currentTarget as HTMLInputElement).checked)} /> {t('cp_force_offline')}
        </label>
      </div>
      {offline && <Notice kind="warning">{t('cp_offline_mode')}</Notice>}
    </>
  );
}
