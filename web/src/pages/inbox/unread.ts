import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';

// The unread count, shared by the menu badge and the inbox page.
let unreadCount = 0;
const unreadListeners = new Set<() => void>();
export function setUnread(n: number) {
  unreadCount = n;
  unreadListeners.forEach((f) => f());
}
export async function refreshUnread(): Promise<void> {
  try {
    const r = await get('/api/v1/me/inbox');
    setUnread(typeof r.unread === 'number' ? r.unread : 0);
  } catch {
    /* no inbox on this installation, or logged out */
  }
}
/** Unread inbox messages; refreshed on every page change by the menu. */
export function useUnread(): number {
  const [n, setN] = useState(unreadCount);
  useEffect(() => {
    const f = () => setN(unreadCount);
    unreadListeners.add(f);
    return () => void unreadListeners.delete(f);
  }, []);
  return n;
}
