import { render } from "preact";
import { useEffect, useRef } from "preact/hooks";
import "./app.css";
import { GraphQLError } from "./api";
import { MeDocument, type MeQuery } from "./gql";
import { useQuery } from "./hooks";
import { A11Y, actionIDOf, onLinkClick, routes, section, usePath } from "./router";
import { Failed, Footer, Loading, loginHref } from "./components";
import { MyActions } from "./views/MyActions";
import { Plan } from "./views/Plan";
import { FollowUp } from "./views/FollowUp";
import { Visits } from "./views/Visits";
import { Workshops } from "./views/Workshops";
import { ActionPage } from "./views/ActionPage";
import { Accessibility } from "./views/Accessibility";
import { lazyView } from "./lazy";
import { SignOffQueue } from "./signoffqueue";

// Administration is for few people: it loads on first use, not with the app.
const Admin = lazyView(() => import("./views/admin/Admin").then((m) => m.Admin));
// The year wheel draws a picture few open daily: it loads on first use too.
const YearWheel = lazyView(() => import("./views/YearWheel").then((m) => m.YearWheel));

/** May the viewer use Administration: edit plans or administer anywhere, or create departments? */
export function administers(me: MeQuery["me"]): boolean {
  return me.municipalityAdministrator || me.assignments.some((a) => a.role.editsPlans || a.role.administers);
}

function titleOf(path: string): string {
  if (path === A11Y) return "Tillgänglighetsredogörelse";
  if (actionIDOf(path)) return "Åtgärd";
  return routes.find((r) => r.path === section(path))?.title ?? "Sidan finns inte";
}

export function App() {
  const path = usePath();
  const me = useQuery(MeDocument, {});
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const title = titleOf(path);
  useEffect(() => {
    document.title = `${title} – Handlingsplan`;
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);
  const loggedOut = me.error instanceof GraphQLError && me.error.code === "UNAUTHENTICATED";
  // The menu and the header keep their place while `me` loads, so nothing below them moves when it arrives.
  const menu = loggedOut ? [] : routes.filter((r) => r.path !== "/administration" || (me.data && administers(me.data.me)));
  const current = section(path);

  let view;
  if (path === A11Y) view = <Accessibility />;
  else if (loggedOut) view = (
    <>
      <h1>Handlingsplan</h1>
      <p>Här följer förvaltningens handlingsplaner upp: det din roll ansvarar för, vad som är gjort och vad som är försenat.</p>
      <p>Du är inte inloggad.</p>
      <p><a class="button" href={loginHref(path)}>Logga in</a></p>
    </>
  );
  else if (me.error) view = <Failed error={me.error} />;
  // These views need nothing from `me`: their data is fetched alongside it, not after.
  else if (path === "/") view = <MyActions />;
  else if (path === "/planen") view = <Plan />;
  else if (path === "/uppfoljning") view = <FollowUp />;
  else if (!me.data) view = <Loading what="dina uppgifter" />;
  else if (path === "/besok") view = <Visits me={me.data.me} />;
  else if (path === "/workshops") view = <Workshops me={me.data.me} />;
  else if (path === "/arshjul") view = <YearWheel me={me.data.me} />;
  else if (actionIDOf(path)) view = <ActionPage key={path} id={actionIDOf(path)} />;
  else if (current === "/administration" && administers(me.data.me)) view = <Admin path={path} me={me.data.me} />;
  else view = <><h1>Sidan finns inte</h1><p><a href="/" data-route>Till Mitt ansvar</a></p></>;

  return (
    <div onClick={onLinkClick as any}>
      <a class="skip" href="#innehall">Hoppa till innehållet</a>
      <header class="top">
        <p class="brand"><a href="/" data-route>Handlingsplan</a></p>
        {loggedOut ? <a href={loginHref(path)}>Logga in</a> : (
          <div class="who">
            {me.data ? <>
              <span>{me.data.me.user.name}</span>
              <form method="post" action="/auth/logout"><button type="submit" class="secondary">Logga ut</button></form>
            </> : null}
          </div>
        )}
      </header>
      {menu.length ? (
        <nav aria-label="Huvudmeny">
          <ul>
            {menu.map((r) => (
              <li key={r.path}><a href={r.path} data-route aria-current={r.path === current ? "page" : undefined}>{r.title}</a></li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="innehall" tabIndex={-1} ref={main}>
        {me.data ? <SignOffQueue /> : null}
        {view}
      </main>
      <Footer />
    </div>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
