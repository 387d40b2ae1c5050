// History routing; the server answers every unknown path with index.html.
import { useEffect, useState } from "preact/hooks";

/** The main menu. Administration shows only for those who may edit plans or administer. */
export const routes = [
  { path: "/", title: "Mitt ansvar" },
  { path: "/planen", title: "Planen" },
  { path: "/uppfoljning", title: "Uppföljning" },
  { path: "/besok", title: "Besök" },
  { path: "/workshops", title: "Workshops" },
  { path: "/administration", title: "Administration" },
] as const;

export function actionPath(id: string): string {
  return `/atgard/${encodeURIComponent(id)}`;
}

/** The action id in /atgard/{id}, or "". */
export function actionIDOf(path: string): string {
  const m = /^\/atgard\/([^/]+)$/.exec(path);
  return m ? decodeURIComponent(m[1]) : "";
}

/** The menu entry a path belongs to: /administration/logg belongs to Administration. */
export function section(path: string): string {
  if (path === "/") return "/";
  return routes.find((r) => r.path !== "/" && (path === r.path || path.startsWith(r.path + "/")))?.path ?? "";
}

export function navigate(path: string) {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return path;
}

/** Follow same-origin links without reloading the page. */
export function onLinkClick(e: MouseEvent) {
  const a = (e.target as Element).closest?.("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute("download")) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !a.hasAttribute("data-route")) return;
  e.preventDefault();
  navigate(url.pathname);
}
