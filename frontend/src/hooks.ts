import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { gql } from "./api";
import type { Operation } from "./gql";

export type Loaded<T> = { data?: T; error?: Error; loading: boolean; reload: () => void };

/** Run a query when the component mounts and whenever its variables change; `skip` runs none. */
export function useQuery<R, V>(op: Operation<R, V>, variables?: V, skip = false): Loaded<R> {
  const [state, setState] = useState<{ data?: R; error?: Error; loading: boolean }>({ loading: !skip });
  const [n, setN] = useState(0);
  const vars = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql(op, JSON.parse(vars) as V).then(
      (data) => live && setState({ data, loading: false }),
      // Keep what was shown: a failed reload (offline, say) must not blank the page.
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })));
    return () => { live = false; };
  }, [op, vars, n, skip]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

/** A mutation's state for a form: run it, remember the error, say when it is busy. */
export function useMutation() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await f();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

/**
 * A status message for a screen reader and the eye. Setting the same text
 * twice is announced twice: it is cleared first. With `lasts` (ms), a
 * message about something finished goes away by itself after that long;
 * an empty message clears it at once.
 */
export function useNotice(lasts = 0): [string, (msg: string) => void] {
  const [notice, setNotice] = useState("");
  const timers = useRef<number[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const announce = useCallback((msg: string) => {
    timers.current.forEach(clearTimeout);
    setNotice("");
    if (!msg) return;
    timers.current = [window.setTimeout(() => setNotice(msg), 50)];
    if (lasts > 0) timers.current.push(window.setTimeout(() => setNotice(""), 50 + lasts));
  }, [lasts]);
  return [notice, announce];
}
