import { useCallback, useEffect, useState } from "preact/hooks";
import { gql } from "./api";

export type Loaded<T> = { data?: T; error?: Error; loading: boolean; reload: () => void };

export function useQuery<T>(query: string, variables?: Record<string, unknown>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  const vars = JSON.stringify(variables ?? {});
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, JSON.parse(vars)).then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }));
    return () => { live = false; };
  }, [query, vars, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}
