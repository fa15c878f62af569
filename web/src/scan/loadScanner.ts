// The QR decoder (zxing-wasm) is a separate chunk, loaded only by the screens that scan.
export const loadScanner = () => import('./scanner');
