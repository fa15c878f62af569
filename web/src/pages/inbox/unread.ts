import { observable } from '../../hooks/observable';
import { get } from '../../api';

// The unread count, shared by the menu badge and the inbox page.
let unreadCount = 0;
const unread = observable(() => unreadCount);
export function setUnread(n: number) {
  unreadCount = n;
  unread.changed();
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
  return unread.useValue();
}
