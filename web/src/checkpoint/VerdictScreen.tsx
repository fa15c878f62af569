// The full-screen verdict (role="alertdialog"): focus on "next", Escape closes it.
import { useEffect, useRef } from 'preact/hooks';
import { colourWord, t } from '../i18n';
import { verdictWord, type Verdict } from './verdict';

export function VerdictScreen({ v, onClose }: { v: Verdict; onClose: () => void }) {
  const btn = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    btn.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const icon = v.kind === 'pass' ? '✓' : '✕';
  const cls = v.kind === 'refused' ? 'refused' : v.colour ?? 'refused';
  return (
    <div class={`verdict verdict-${cls}`} role="alertdialog" aria-modal="true" aria-labelledby="verdict-title" aria-describedby="verdict-detail" data-verdict={v.kind} data-colour={v.colour ?? ''}>
      <div class="verdict-inner">
        <div class="verdict-icon" aria-hidden="true">
          {icon}
        </div>
        <h2 id="verdict-title" class="verdict-title">
          {verdictWord(v.kind)}
        </h2>
        <div id="verdict-detail">
          {v.colour && <p class="verdict-colour">{colourWord(v.colour)}</p>}
          {v.masked_name && <p class="verdict-name">{v.masked_name}</p>}
          {v.reason && <p class="verdict-reason">{v.reason}</p>}
          {v.offline && <p class="verdict-note">{t('cp_verified_offline')}</p>}
          {v.queued && <p class="verdict-note">{t('cp_queued')}</p>}
        </div>
        <button ref={btn} type="button" class="btn verdict-next" onClick={onClose}>
          {t('cp_next')}
        </button>
      </div>
    </div>
  );
}
