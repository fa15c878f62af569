// The camera as a QR scanner: start/stop, whether it runs, and the error that stopped it.
// A code found stops the camera and goes to `onCode`; the same code seen again within `repeatMs`
// of the last one (or of resume()) is ignored, as the person is still holding it up.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { loadScanner } from './loadScanner';
import type { CameraScanner } from './scanner';

export interface CameraOptions {
  repeatMs?: number;
  /** Where the "camera unavailable" text goes; by default into `error`. */
  onError?: (message: string) => void;
}

/** Why the camera did not start, in plain words (never the browser's error name). */
export function cameraErrorText(e: unknown): string {
  const name = (e as Error)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return t('camera_denied');
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'TypeError') return t('camera_none');
  if (name === 'NotReadableError' || name === 'AbortError') return t('camera_busy');
  return t('camera_failed');
}

export function useCamera(onCode: (text: string) => void, { repeatMs = 0, onError }: CameraOptions = {}) {
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<CameraScanner | undefined>(undefined);
  const lastCode = useRef<{ text: string; at: number }>({ text: '', at: 0 });
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => () => scanner.current?.stop(), []);

  const start = async () => {
    setError(undefined);
    if (!video.current) return;
    const { CameraScanner } = await loadScanner();
    if (!video.current) return;
    const s = new CameraScanner(video.current, (text) => {
      if (text === lastCode.current.text && Date.now() - lastCode.current.at < repeatMs) return false;
      lastCode.current = { text, at: Date.now() };
      setOn(false);
      s.stop();
      handler.current(text);
      return true;
    });
    scanner.current = s;
    try {
      setOn(true);
      await s.start();
    } catch (e) {
      setOn(false);
      const message = cameraErrorText(e);
      if (onError) onError(message);
      else setError(message);
    }
  };

  const stop = () => {
    scanner.current?.stop();
    scanner.current = undefined;
    setOn(false);
  };

  /** After the verdict on a code: ignore that code a while longer, and scan on if the camera found it. */
  const resume = () => {
    const foundByCamera = !!scanner.current && !on;
    if (lastCode.current.text) lastCode.current.at = Date.now();
    if (foundByCamera) void start();
  };

  return { video, on, error, start, stop, resume };
}
