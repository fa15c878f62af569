// Client-generated ids of pass records: UUID version 7 (RFC 9562), 48 bits of Unix
// milliseconds followed by random bits. The server keeps every client id in a B-tree index to
// recognise a repeated upload; ids that grow with time are added at the index's end, while
// random ones (version 4) land on a different page each, and each such page is written to the
// database log again at every group commit (docs/performance.md, "Client ids").

export function newClientId(nowMs: number = Date.now()): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b); // also available outside secure contexts, unlike randomUUID()
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
