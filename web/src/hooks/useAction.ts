import { useState } from 'preact/hooks';

/**
 * One write at a time (a form submit, a button): `busy` while `run(fn)` runs, the error `fn` threw
 * (for ErrorNotice / ApiError.field), and the success text `fn` returned. Each run clears the last
 * error and success text first. `what` names the run, for pages with several buttons (`running`).
 */
export function useAction() {
  const [running, setRunning] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [msg, setMsg] = useState<string>();
  const run = async (fn: () => Promise<string | void>, what = 'run') => {
    setRunning(what);
    setError(undefined);
    setMsg(undefined);
    try {
      const m = await fn();
      if (typeof m === 'string') setMsg(m);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(undefined);
    }
  };
  return { busy: running !== undefined, running, error, msg, run, setError };
}

