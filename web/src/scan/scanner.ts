// QR decoding in the browser with zxing-wasm (ZXing-C++ compiled to WebAssembly, the same
// decoder family the server uses for `onewindow verify --image`). The .wasm file is bundled by
// Vite and served by OneWindow itself: no CDN.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
  },
});

const OPTIONS: ReaderOptions = { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 };

export async function decodeImage(input: Blob | ImageData): Promise<string | undefined> {
  const results = await readBarcodes(input, OPTIONS);
  return results.find((r) => r.isValid && r.text)?.text;
}

/** Loads the decoder now (so the first scan is fast and it works when the network drops). */
export function warmUp(): Promise<unknown> {
  return prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
}

/**
 * Scans frames of a <video> fed by getUserMedia until a code is found or stop() is called.
 * Frames are downscaled to at most 640 px and decoded one at a time (no queue build-up).
 */
export class CameraScanner {
  private stream?: MediaStream;
  private stopped = false;
  private canvas = document.createElement('canvas');

  constructor(
    private video: HTMLVideoElement,
    // Returns false to ignore the code and keep scanning (e.g. the same code again at once).
    private onCode: (text: string) => boolean | void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
    this.video.srcObject = this.stream;
    this.video.setAttribute('playsinline', 'true');
    this.video.muted = true;
    await this.video.play();
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = undefined;
    this.video.srcObject = null;
  }

  private async loop(): Promise<void> {
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
    while (!this.stopped) {
      const w = this.video.videoWidth;
      const h = this.video.videoHeight;
      if (w && h) {
        const scale = Math.min(1, 640 / Math.max(w, h));
        this.canvas.width = Math.round(w * scale);
        this.canvas.height = Math.round(h * scale);
        ctx.drawImage(this.video, 0, 0, this.canvas.width, this.canvas.height);
        try {
          const text = await decodeImage(ctx.getImageData(0, 0, this.canvas.width, this.canvas.height));
          if (text && !this.stopped && this.onCode(text) !== false) return;
        } catch {
          /* a bad frame: try the next one */
        }
      }
      await new Promise((r) => setTimeout(r, 80));
    }
  }
}
