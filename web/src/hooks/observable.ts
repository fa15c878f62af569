// A value kept outside the component tree (language, location, session, unread count) that
// components follow: after `changed()`, every component that called `useValue()` re-renders.
import { useEffect, useState } from 'preact/hooks';

export function observable<T>(read: () => T) {
  const listeners = new Set<() => void>();
  return {
    changed(): void {
      listeners.forEach((f) => f());
    },
    /** The current value; `resync` also reads it again once subscribed (it may change in between). */
    useValue(resync = false): T {
      const [value, setValue] = useState(read);
      useEffect(() => {
        const f = () => setValue(read());
        listeners.add(f);
        if (resync) f();
        return () => void listeners.delete(f);
      }, []);
      return value;
    },
  };
}
