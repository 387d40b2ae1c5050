import { render } from "preact";
import { useEffect, useRef } from "preact/hooks";
import "./app.css";
import { GraphQLError, ME, type Me } from "./api";
import { useQuery } from "./hooks";
import { onLinkClick, routes, usePath } from "./router";
import { Failed, Loading, loginHref } from "./components";
import { MyActions } from "./views/MyActions";
import { Plan } from "./views/Plan";
import { FollowUp } from "./views/FollowUp";
import { Workshops } from "./views/Workshops";
import { Accessibility } from "./views/Accessibility";

const A11Y = "/tillganglighet";

export function App() {
  const path = usePath();
  const me = useQuery<Me>(ME);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const title = path === A11Y ? "Tillgänglighetsredogörelse" : routes.find((r) => r.path === path)?.title ?? "Sidan finns inte";
  useEffect(() => {
    document.title = `${title} – Handlingsplan`;
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);
  const loggedOut = me.error instanceof GraphQLError && me.error.code === "UNAUTHENTICATED";

  let view;
  if (path === A11Y) view = <Accessibility />;
  else if (loggedOut) view = (
    <>
      <h1>Handlingsplan</h1>
      <p>Du är inte inloggad.</p>
      <p><a class="button" href={loginHref(path)}>Logga in</a></p>
    </>
  );
  else if (me.error) view = <Failed error={me.error} />;
  else if (!me.data) view = <Loading what="dina uppgifter" />;
  else if (path === "/") view = <MyActions />;
  else if (path === "/planen") view = <Plan />;
  else if (path === "/uppfoljning") view = <FollowUp />;
  else if (path === "/workshops") view = <Workshops me={me.data.me} />;
  else view = <><h1>Sidan finns inte</h1><p><a href="/" data-route>Till Mitt ansvar</a></p></>;

  return (
    <div onClick={onLinkClick as any}>
      <a class="skip" href="#innehall">Hoppa till innehållet</a>
      <header class="top">
        <p class="brand"><a href="/" data-route>Handlingsplan</a></p>
        {me.data ? (
          <div class="who">
            <span>{me.data.me.user.name}</span>
            <form method="post" action="/auth/logout"><button type="submit" class="secondary">Logga ut</button></form>
          </div>
        ) : loggedOut ? <a href={loginHref(path)}>Logga in</a> : null}
      </header>
      {me.data ? (
        <nav aria-label="Huvudmeny">
          <ul>
            {routes.map((r) => (
              <li key={r.path}><a href={r.path} data-route aria-current={r.path === path ? "page" : undefined}>{r.title}</a></li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="innehall" tabIndex={-1} ref={main}>{view}</main>
      <footer><a href={A11Y} data-route>Tillgänglighetsredogörelse</a></footer>
    </div>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
