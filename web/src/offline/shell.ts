// Registers the service worker (public/sw.js) and tells it which assets this page has loaded,
// so the app still opens without network (checkpoints in offline mode).
export function registerShell(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

export async function cacheLoadedAssets(): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const reg = await navigator.serviceWorker.ready;
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((u) => u.startsWith(location.origin + '/assets/'));
  reg.active?.postMessage({ type: 'cache-assets', urls });
}
