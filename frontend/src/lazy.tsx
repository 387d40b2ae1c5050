import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Failed, Loading } from "./components";

/** A view loaded on first use, in its own file, so the first load stays small. */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [View, setView] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState<Error>();
    useEffect(() => {
      if (!View) load().then((v) => { loaded = v; setView(() => v); }, setError);
    }, []);
    if (error) return <Failed error={error} />;
    if (!View) return <Loading what="sidan" />;
    return <View {...props} />;
  };
}
