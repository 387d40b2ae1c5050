// Logs in at the app through the development provider of
// "handlingsplan serve --dev" as the first demo user whose button (name
// and title) contains WHO, the way bench/cmd/load and auth/authtest do it:
// GET /auth/login, pick the user on the provider's page, POST the form and
// follow the redirects back through /auth/callback. Cookies are kept per
// origin by hand. Prints "name=value" of the session cookie on stdout.
//
//   node login.mjs http://127.0.0.1:PORT "Elin Enhetschef"
const [base, who] = process.argv.slice(2);
if (!base || !who) {
  console.error("usage: node login.mjs BASE_URL WHO");
  process.exit(2);
}

const jar = new Map(); // origin -> Map(name -> value)

function loopback(u) {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) {
    throw new Error(`refusing to leave loopback: ${u.href}`);
  }
}

async function request(url, init = {}) {
  let u = new URL(url);
  for (let hops = 0; hops < 10; hops++) {
    loopback(u);
    const cookies = jar.get(u.origin);
    const headers = { ...(init.headers || {}) };
    if (cookies?.size) headers.Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(u, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim(), value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=(0|-)/i.test(a)) || value === "";
      if (!jar.has(u.origin)) jar.set(u.origin, new Map());
      if (expired) jar.get(u.origin).delete(name);
      else jar.get(u.origin).set(name, value);
    }
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      u = new URL(location, u);
      init = { method: "GET" }; // 302/303 after a POST become a GET
      continue;
    }
    return { res, url: u, body: await res.text() };
  }
  throw new Error("too many redirects");
}

const unescape = (s) => s.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(+n))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const page = await request(new URL("/auth/login?return=%2F", base));
if (page.res.status !== 200) throw new Error(`login page: HTTP ${page.res.status} at ${page.url.href}`);
const id = page.body.match(/name="authRequestID" value="([^"]+)"/);
if (!id) throw new Error(`no development login page at ${page.url.href}; is the server running with --dev?`);
const action = page.body.match(/<form[^>]*method="post"[^>]*action="([^"]+)"/);
let subject = "", label = "";
const users = [];
for (const m of page.body.matchAll(/<button[^>]*name="sub" value="([^"]+)"[^>]*>([\s\S]*?)<\/button>/g)) {
  const text = unescape(m[2].replace(/<[^>]+>/g, " ")).split(/\s+/).filter(Boolean).join(" ");
  users.push(text);
  if (!subject && text.toLowerCase().includes(who.toLowerCase())) [subject, label] = [unescape(m[1]), text];
}
if (!subject) throw new Error(`no demo user matches "${who}"; there are: ${users.join("; ")}`);

const target = new URL(action ? unescape(action[1]) : "/login", page.url);
const done = await request(target, {
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ authRequestID: unescape(id[1]), sub: subject }).toString(),
});
const session = [...(jar.get(new URL(base).origin) || [])].find(([name]) => name.endsWith("hp_session"));
if (!session) throw new Error(`log in as ${label}: no session cookie after the callback (HTTP ${done.res.status} at ${done.url.href})`);
console.error(`logged in as ${label}`);
console.log(`${session[0]}=${session[1]}`);
