// A citizen scans a place code (场所码) to record a visit: POST /api/v1/me/visits.
import { useEffect, useRef, useState } from 'preact/hooks';
import { post } from '../api';
import { getLang, t, useLang } from '../i18n';
import { Button, ErrorNotice, Notice, Page, TextArea } from '../components/ui';

export function Visit() {
  useLang();
  const [code, setCode] = useState('');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [busy, setBusy] = useState(false);
  const [camOn, setCamOn] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<any>();
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<{ stop(): void } | undefined>(undefined);

  useEffect(() => () => scanner.current?.stop(), []);

  const send = async (text: string) => {
    if (!text.trim()) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await post('/api/v1/me/visits', { place_code: text.trim(), direction }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    setError(undefined);
    // The decoder is only loaded when someone scans.
    const { CameraScanner } = await import('../checkpoint/scanner');
    if (!video.current) return;
    const s = new CameraScanner(video.current, (text) => {
      s.stop();
      setCamOn(false);
      setCode(text);
      void send(text);
    });
    scanner.current = s;
    try {
      setCamOn(true);
      await s.start();
    } catch (e) {
      setCamOn(false);
      setError(new Error(t('cp_camera_error', { detail: (e as Error)?.name || String(e) })));
    }
  };

  const reason = result ? (getLang() === 'zh-CN' ? result.reason_zh : result.reason_en) : '';
  return (
    <Page title={t('visit_title')} intro={t('visit_intro')}>
      {result && (
        <Notice kind={result.allowed ? 'success' : 'error'}>
          <strong>{result.allowed ? t('visit_ok') : t('refused')}</strong> {reason}
        </Notice>
      )}
      <ErrorNotice error={error} />
      <div class="card form">
        <fieldset class="field">
          <legend>{t('cp_direction')}</legend>
          <div class="radios">
            <label>
              <input type="radio" name="direction" checked={direction === 'in'} onChange={() => setDirection('in')} /> {t('dir_in')}
            </label>
            <label>
              <input type="radio" name="direction" checked={direction === 'out'} onChange={() => setDirection('out')} /> {t('dir_out')}
            </label>
          </div>
        </fieldset>
        <div class={`viewfinder${camOn ? ' on' : ''}`}>
          <video ref={video} muted playsInline aria-label={t('visit_camera')} />
        </div>
        {camOn ? (
          <Button kind="secondary" onClick={() => (scanner.current?.stop(), setCamOn(false))}>
            {t('cp_stop_camera')}
          </Button>
        ) : (
          <Button onClick={start}>{t('visit_camera')}</Button>
        )}
      </div>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(code);
        }}
      >
        <TextArea label={t('visit_code')} name="place_code" value={code} onInput={setCode} rows={2} />
        <Button type="submit" busy={busy} disabled={!code.trim()}>
          {t('submit')}
        </Button>
      </form>
    </Page>
  );
}
