// A citizen scans a place code (场所码) to record a visit: POST /api/v1/me/visits. The code comes
// from the camera, a picture of it (decoded with the same zxing decoder) or typed text.
import { useState } from 'preact/hooks';
import { useCamera } from '../../scan/useCamera';
import { loadScanner } from '../../scan/loadScanner';
import { post, type ResponseOf } from '../../api';
import { getLang, t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { DirectionField } from '../../components/form/DirectionField';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';

export function Visit() {
  useLang();
  const [code, setCode] = useState('');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const visit = useAction();
  const [result, setResult] = useState<ResponseOf<'/api/v1/me/visits', 'post'>>();

  const send = async (text: string) => {
    if (!text.trim()) return;
    await visit.run(async () => {
      setResult(undefined);
      setResult(await post('/api/v1/me/visits', { body: { place_code: text.trim(), direction } }));
    });
  };

  // The decoder is only loaded when someone scans.
  const camera = useCamera(
    (text) => {
      setCode(text);
      void send(text);
    },
    { onError: (message) => visit.setError(new Error(message)) },
  );
  const start = () => {
    visit.setError(undefined);
    void camera.start();
  };
  const fromImage = async (f: File) => {
    visit.setError(undefined);
    try {
      const text = await (await loadScanner()).decodeImage(f);
      if (!text) return visit.setError(new Error(t('cp_upload_none')));
      setCode(text);
      await send(text);
    } catch {
      visit.setError(new Error(t('cp_upload_none')));
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
      <ErrorNotice error={visit.error} />
      <div class="card form">
        <DirectionField value={direction} onChange={setDirection} />
        <div class={`viewfinder${camera.on ? ' on' : ''}`}>
          <video ref={camera.video} muted playsInline aria-label={t('visit_camera')} />
        </div>
        {camera.on ? (
          <Button kind="secondary" onClick={camera.stop}>
            {t('cp_stop_camera')}
          </Button>
        ) : (
          <Button onClick={start}>{t('visit_camera')}</Button>
        )}
        <label class="btn btn-secondary file-btn">
          <span aria-hidden="true">⇪ </span>
          {t('visit_upload')}
          <input
            type="file"
            accept="image/*"
            class="sr-only"
            name="qr_image"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const f = input.files?.[0];
              input.value = '';
              if (f) void fromImage(f);
            }}
          />
        </label>
      </div>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(code);
        }}
      >
        <TextArea label={t('visit_code')} name="place_code" value={code} onInput={setCode} rows={2} />
        <Button type="submit" busy={visit.busy} disabled={!code.trim()}>
          {t('submit')}
        </Button>
      </form>
    </Page>
  );
}
