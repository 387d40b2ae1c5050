// End-to-end test in Debian's Chromium: builds the binary, serves it with
// the development login on a free port and a temporary SQLite database,
// and walks the web app as Elin Enhetschef and Frida Förvaltningschef on a
// phone-sized viewport. axe-core runs on every view; any violation, CSP
// report or page error fails the test.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const repo = new URL("../../", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "handlingsplan-e2e-"));
const shots = process.env.E2E_SCREENSHOTS || join(tmp, "screenshots");
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function step(msg) { console.log(`e2e: ${msg}`); }

const bin = join(tmp, "handlingsplan");
step("building the binary");
execFileSync("go", ["build", "-o", bin, "./cmd/handlingsplan"], { cwd: repo, stdio: "inherit" });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ["serve", "--dev", "--addr", `127.0.0.1:${port}`, "--db", join(tmp, "e2e.db")], { stdio: ["ignore", "pipe", "pipe"] });
let serverLog = "";
server.stdout.on("data", (d) => { serverLog += d; });
server.stderr.on("data", (d) => { serverLog += d; });

let browser;
let failed = false;
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + "/readyz")).ok) break; } catch {}
    if (i > 100) throw new Error("server not ready:\n" + serverLog);
    await new Promise((r) => setTimeout(r, 200));
  }
  step(`serving at ${base}`);

  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "sv-SE", acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.setDefaultTimeout(15000);

  const axe = async (name) => {
    await page.evaluate(axeSource);
    const r = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }));
    if (r.violations.length) {
      for (const v of r.violations) console.error(`axe (${name}): ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
      throw new Error(`${r.violations.length} axe violations on ${name}`);
    }
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
    step(`axe: 0 violations on ${name}`);
  };
  const heading = (text) => page.getByRole("heading", { level: 1, name: text }).waitFor();
  const nav = async (text) => { await page.getByRole("navigation").getByRole("link", { name: text }).click(); await heading(text); };
  const login = async (who) => {
    await page.goto(base + "/");
    await page.getByRole("main").getByRole("link", { name: "Logga in" }).click();
    await page.getByRole("button", { name: new RegExp("^" + who) }).click();
    await page.waitForURL(base + "/");
    await heading("Mitt ansvar");
    step(`logged in as ${who}`);
  };

  await page.goto(base + "/");
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();
  await axe("utloggad");

  await login("Elin Enhetschef");
  await page.locator(".card").first().waitFor();
  await axe("mitt-ansvar");
  // Sign the most urgent action off, with a comment.
  const open = () => page.locator(".card").filter({ has: page.getByRole("button", { name: "Signera av" }) }).first();
  const first = open();
  const id1 = await first.getAttribute("data-action");
  const text1 = (await first.locator(".action-text").textContent()).trim();
  await first.getByLabel("Kommentar (valfritt)").fill("Gjort på APT.");
  const box = await first.getByRole("button", { name: "Signera av" }).boundingBox();
  if (box.height < 44 || box.width < 44) throw new Error(`touch target too small: ${JSON.stringify(box)}`);
  await first.getByRole("button", { name: "Signera av" }).click();
  await page.getByText("Avsignerad: " + text1).waitFor();
  await page.locator(`.card[data-action="${id1}"] button`).waitFor({ state: "detached" });
  step(`signed off #${id1}: ${text1}`);
  // Offline: the sign-off is queued and sent when the network returns.
  const second = open();
  const id2 = await second.getAttribute("data-action");
  await context.setOffline(true);
  await second.getByRole("button", { name: "Signera av" }).click();
  await page.getByText("Ingen anslutning").waitFor();
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("handlingsplan.signoffs") || "[]"));
  if (queued.length !== 1 || queued[0].actionID !== id2) throw new Error("expected one queued sign-off, got " + JSON.stringify(queued));
  await context.setOffline(false);
  await page.getByText("1 sparade avsigneringar skickades.").waitFor();
  await page.locator(`.card[data-action="${id2}"] button`).waitFor({ state: "detached" });
  step(`offline sign-off of #${id2} sent on reconnect`);
  await axe("mitt-ansvar-avsignerad");

  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();
  step("logged out");

  await login("Frida Förvaltningschef");
  await axe("mitt-ansvar-frida");
  await nav("Planen");
  await page.locator(".area").first().waitFor();
  for (const id of [id1, id2]) {
    await page.locator(`li[data-action="${id}"] > .meta > .status`).filter({ hasText: "Klar" }).waitFor();
  }
  step("both sign-offs show as Klar in Planen");
  await page.getByLabel("Status").selectOption("done");
  await page.locator(".action-text", { hasText: text1 }).first().waitFor();
  await axe("planen");

  await nav("Uppföljning");
  await page.getByRole("table").waitFor();
  await axe("uppfoljning");
  for (const ext of ["XLSX", "PDF", "CSV"]) {
    const href = await page.getByRole("link", { name: `Ladda ner rapporten (${ext})` }).getAttribute("href");
    const res = await page.request.get(base + href);
    if (res.status() !== 200) throw new Error(`${href}: ${res.status()}`);
    if (ext === "CSV" && !(await res.text()).includes(text1.slice(0, 30))) throw new Error("the board report lacks the signed-off action");
    step(`board report ${href}: 200`);
  }

  // A workshop to register for: create one as Frida when there is none.
  const gql = (query, variables) => page.evaluate(async ([query, variables]) =>
    (await fetch("/graphql", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query, variables }) })).json(), [query, variables]);
  const today = new Date().toISOString().slice(0, 10);
  const existing = await gql(`query($d: Date!) { workshops(first: 10, where: { dateGTE: $d }) { edges { node { id } } } }`, { d: today });
  if (!existing.data.workshops.edges.length) {
    const me = await gql(`{ me { departments { id } } }`);
    const day = 24 * 3600 * 1000;
    const created = await gql(`mutation($d: ID!, $i: CreateWorkshopInput!) { createWorkshop(departmentID: $d, input: $i) { id } }`, {
      d: me.data.me.departments[0].id,
      i: { topic: "Tillitsbaserad styrning i praktiken", date: new Date(Date.now() + 30 * day).toISOString().slice(0, 10), place: "Kommunhuset",
        capacity: 30, registrationOpensAt: new Date(Date.now() - day).toISOString(), registrationClosesAt: new Date(Date.now() + 14 * day).toISOString() },
    });
    if (created.errors) throw new Error("createWorkshop: " + JSON.stringify(created.errors));
    step("created a workshop");
  }
  await nav("Workshops");
  const ws = page.locator(".card").first();
  await ws.getByRole("button", { name: "Anmäl intresse" }).click();
  await ws.getByText("Intresseanmäld").waitFor();
  step("registered for a workshop");
  await axe("workshops");

  await page.getByRole("link", { name: "Tillgänglighetsredogörelse" }).click();
  await heading("Tillgänglighetsredogörelse");
  await axe("tillganglighet");

  if (problems.length) throw new Error("browser reported:\n" + problems.join("\n"));
  step(`passed; screenshots in ${shots}`);
} catch (err) {
  failed = true;
  console.error("e2e FAILED:", err);
  console.error("server log tail:\n" + serverLog.split("\n").slice(-20).join("\n"));
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  if (!process.env.E2E_SCREENSHOTS) rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
