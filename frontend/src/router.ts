// History routing; the server answers every unknown path with index.html.
import { useEffect, useState } from "preact/hooks";

/** The accessibility statement, a view of the app. */
export const A11Y = "/tillganglighet";
/** Mina utskick: which e-mails the person gets. The mails link here. */
export const MAIL = "/utskick";
/** The start guide: a page of its own served by the server (docs/kom-igang.md), not a view of the app. */
export const GUIDE = "/kom-igang";

/** The main menu. Administration shows only for those who may edit plans or administer. */
export const routes = [
  { path: "/", title: "Mitt ansvar" },
  { path: "/planen", title: "Planen" },
  { path: "/uppfoljning", title: "Uppföljning" },
  { path: "/besok", title: "Besök" },
  { path: "/workshops", title: "Workshops" },
  { path: "/arshjul", title: "Årshjul" },
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

/** Go to a path, which may carry a query string (/planen?plan=3). */
export function navigate(path: string) {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

/**
 * A view's choices kept in the address (?plan=3&status=overdue), so that a
 * view can be shared as a link and back and forward step through them.
 * Setting one pushes a history entry; an empty value removes it.
 */
export function useParam(name: string): [string, (v: string) => void] {
  const search = useSearch();
  const set = (v: string) => {
    const params = new URLSearchParams(location.search);
    if (v) params.set(name, v);
    else params.delete(name);
    const q = params.toString();
    navigate(location.pathname + (q ? "?" + q : ""));
  };
  return [new URLSearchParams(search).get(name) ?? "", set];
}

function useSearch(): string {
  const [search, setSearch] = useState(location.search);
  useEffect(() => {
    const on = () => setSearch(location.search);
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return search;
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
  navigate(url.pathname + url.search);
}

/**
 * Once ready (the section's data has loaded), bring the element the
 * address's #fragment names into view, as a link from Årshjul to
 * /besok#studiebesok expects: the browser looked for it before it existed.
 */
export function useHashTarget(id: string, ready: boolean) {
  useEffect(() => {
    if (ready && location.hash === "#" + id) document.getElementById(id)?.scrollIntoView();
  }, [id, ready]);
}
