// End-to-end test in Debian's Chromium: builds the binary, serves it with
// the development login on a free port and a temporary SQLite database,
// and walks the web app as Elin Enhetschef and Frida Förvaltningschef on a
// phone-sized viewport. axe-core runs on every view, and so does a check
// that no common English word is on screen; any violation, English word,
// CSP report or page error fails the test. Planen and Uppföljning are also
// printed (print media) without menus or buttons; then every view is
// walked as a plan editor, a unit manager, a board member and an employee.
// A new department, created by Kim Kommunadministratör, gets its first plan
// imported, adopted and followed up by its administrator. Once logged in, graphql-http's audit
// of the GraphQL-over-HTTP spec runs against /graphql with the session;
// any audit that does not pass fails the test.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { auditGraphQLOverHTTP } from "./graphql-http.mjs";

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

const monthNames = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];
/** 2026-11-29 → 29 november 2026, as the app writes it. */
function longDay(iso) { const [y, m, d] = iso.split("-"); return `${Number(d)} ${monthNames[Number(m) - 1]} ${y}`; }

// Common English words that are not Swedish words too: none of them belongs
// on a screen of the app. ("in", "by", "be", "man", "it", "for", "back",
// "status" and "workshop" are Swedish as well, and are not listed.)
const englishWords = new Set(`the and is are was were not no of to on at or if this that these with without from into your you
  error errors failed fail failure cannot can't couldn't must should please invalid unknown missing required already internal
  undefined null nan true false loading submit cancel save delete edit next previous page user users role roles unit units
  action actions sign signed booking booked registration allocation allocated seat seats meeting meetings visit visits
  overdue done due soon none found request response network denied forbidden unauthorized conflict bad input field`.split(/\s+/));

/** The English words in a text, each once. */
function englishIn(text) {
  const found = new Set();
  for (const w of text.toLowerCase().split(/[^\p{L}']+/u)) if (englishWords.has(w)) found.add(w);
  return [...found];
}

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
let lastPage; // for a screenshot of a failure
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
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  lastPage = page;
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
    // WCAG 1.4.10 (reflow): nothing scrolls sideways on a phone, neither the page nor a table in it.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (wide > 0) throw new Error(`${name} is ${wide} px wider than the viewport`);
    const cut = await page.evaluate(() => [...document.querySelectorAll(".scroll")]
      .filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.getAttribute("aria-labelledby") || e.className}: ${e.scrollWidth - e.clientWidth} px`));
    if (cut.length) throw new Error(`${name} has tables that scroll sideways: ${cut.join(", ")}`);
    await noEnglish(name);
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
    step(`axe: 0 violations on ${name}`);
  };
  // No English on screen: the visible text, and the words a field shows before it is filled in.
  const noEnglish = async (name) => {
    const text = await page.evaluate(() => [document.body.innerText,
      ...[...document.querySelectorAll("[placeholder]")].map((e) => e.getAttribute("placeholder"))].join("\n"));
    const words = englishIn(text);
    if (words.length) {
      const lines = text.split("\n").filter((l) => englishIn(l).length).slice(0, 10);
      throw new Error(`English on ${name}: ${words.join(", ")}\n  ${lines.join("\n  ")}`);
    }
  };
  // Print media: no menu, button or form on paper; a screenshot of the page as printed.
  const printed = async (name) => {
    const phone = page.viewportSize();
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi, as a browser lays out the paper
    await page.emulateMedia({ media: "print" });
    try {
      await page.screenshot({ path: join(shots, `${name}-utskrift.png`), fullPage: true });
      const shown = await page.locator("nav, button, form, input, select, textarea, .skip").evaluateAll((els) =>
        els.filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 100)));
      if (shown.length) throw new Error(`${name} prints ${shown.length} menus, buttons or forms:\n  ${shown.join("\n  ")}`);
      const cut = await page.evaluate(() => [...document.querySelectorAll("table")].filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
      if (cut) throw new Error(`${name} prints ${cut} tables wider than the page`);
      if (!(await page.getByRole("heading", { level: 1 }).isVisible())) throw new Error(`${name} prints without its heading`);
    } finally {
      await page.emulateMedia({ media: null });
      await page.setViewportSize(phone);
    }
    step(`printed ${name}: no menu, button or form; ${join(shots, `${name}-utskrift.png`)}`);
  };
  const heading = (text) => page.getByRole("heading", { level: 1, name: text }).waitFor();
  const nav = async (text) => { await page.getByRole("navigation").getByRole("link", { name: text }).click(); await heading(text); };
  const login = async (who) => {
    // The login routes allow 20 requests a minute from one address; a test that logs in often waits its turn.
    const limited = page.getByText("För många inloggningsförsök");
    const waitTurn = async () => { step("too many logins in a minute; waiting for the next"); await page.waitForTimeout(61000); };
    for (let tries = 0; ; tries++) {
      await page.goto(base + "/");
      await page.getByRole("main").getByRole("link", { name: "Logga in" }).click();
      const user = page.getByRole("button", { name: new RegExp("^" + who) });
      await user.or(limited).first().waitFor();
      if (tries < 2 && await limited.isVisible()) { await waitTurn(); continue; }
      await user.click();
      await page.getByRole("heading", { level: 1, name: "Mitt ansvar" }).or(limited).first().waitFor();
      if (tries < 2 && await limited.isVisible()) { await waitTurn(); continue; }
      break;
    }
    await page.waitForURL(base + "/");
    await heading("Mitt ansvar");
    step(`logged in as ${who}`);
  };

  await page.goto(base + "/");
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();
  await axe("utloggad");

  await login("Elin Enhetschef");
  // The GraphQL-over-HTTP audit, with Elin's session cookie.
  const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");
  step(`GraphQL over HTTP: all ${await auditGraphQLOverHTTP(base + "/graphql", cookie)} audits of graphql-http pass`);
  await page.locator(".card").first().waitFor();
  await axe("mitt-ansvar");
  // Scannable on a phone: an item is a couple of lines and a button, with nothing opened.
  const heights = await page.locator(".card").evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().height));
  const average = heights.reduce((a, b) => a + b, 0) / heights.length;
  if (average >= 200 || Math.max(...heights) >= 240) throw new Error(`Mitt ansvar's items are ${heights.map(Math.round).join(", ")} px high; want under 200 on average`);
  if (await page.locator(".card details[open]").count()) throw new Error("an item opens with its details showing");
  step(`Mitt ansvar: ${heights.length} items, ${Math.round(average)} px each on average (at most ${Math.round(Math.max(...heights))})`);
  // Prenumerera i Outlook/kalendern: a secret address, shown once, that a calendar reads without a session; then closed.
  await page.getByText("Prenumerera i Outlook/kalendern").click();
  await page.getByRole("button", { name: "Skapa en kalenderadress" }).click();
  const feedURL = await page.getByLabel("Din nya kalenderadress (visas bara nu)").inputValue();
  await page.getByRole("button", { name: "Kopiera adressen" }).click();
  await page.getByText("Adressen är kopierad.").waitFor();
  if (await page.evaluate(() => navigator.clipboard.readText()) !== feedURL) throw new Error("the copied address is not the one shown");
  const feed = await fetch(feedURL); // no cookie: as a calendar program fetches it
  const ics = await feed.text();
  if (feed.status !== 200 || !ics.includes("BEGIN:VCALENDAR") || !/SUMMARY:APT på /.test(ics) || !/SUMMARY:Nämndsammanträde/.test(ics)) {
    throw new Error(`the feed ${feed.status} lacks Elin's APT dates or the board's meetings:\n${ics.slice(0, 400)}`);
  }
  await axe("mitt-ansvar-kalender");
  await page.getByRole("button", { name: "Stäng adressen" }).click();
  await page.getByRole("button", { name: /^Ja, stäng adressen/ }).click();
  await page.getByText("Du har ingen kalenderadress.").waitFor();
  if ((await fetch(feedURL)).status !== 404) throw new Error("a closed calendar address still answers");
  step("made a calendar address, copied it, read Elin's APT dates and the board's meetings from it without a session, and closed it");
  await page.getByText("Prenumerera i Outlook/kalendern").click();

  // Årshjul on the phone: the wheel and its list, each mark a link with a name, opened from the keyboard.
  await nav("Årshjul");
  const marks = page.locator(".wheel a.mark");
  await marks.first().waitFor();
  const named = await marks.evaluateAll((as) => as.filter((a) => (a.getAttribute("aria-label") || "").length > 10).length);
  const inList = await page.locator(".wheel-list li a").count();
  if (named !== await marks.count() || inList < named) throw new Error(`${named} named marks of ${await marks.count()}, ${inList} in the list`);
  await axe("arshjul");
  const single = page.locator(".wheel a.mark:not([href^='#'])").first();
  const target = await single.getAttribute("href");
  await single.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname !== "/arshjul");
  if (!target.startsWith(new URL(page.url()).pathname)) throw new Error(`the mark for ${target} opened ${page.url()}`);
  step(`Årshjul: ${named} marks, each named and in the list; Enter on a mark opened ${target}`);
  await nav("Mitt ansvar");
  await page.locator(".card").first().waitFor();
  // A duty of every unit manager: Elin's part is her one unit's, and her mark, with a comment and a PDF, covers only it.
  const apt = page.locator(".card", { hasText: "Enhetschefer ska lyfta protokoll" });
  const id1 = await apt.getAttribute("data-action");
  const text1 = (await apt.locator(".action-text").textContent()).trim();
  const ownUnit = /^För enhet: (.+)$/.exec((await apt.locator(".share").textContent()).trim())?.[1];
  if (!ownUnit) throw new Error("the APT duty does not say which unit is Elin's");
  if (await apt.getByLabel("Enhet du markerar för").count()) throw new Error("Elin has one unit, yet is asked which");
  await apt.locator("summary").click();
  await apt.getByLabel("Kommentar (valfritt)").fill("Gjort på APT.");
  if (await apt.getByLabel("Utfört den").inputValue() !== new Date().toLocaleDateString("sv-SE")) throw new Error("the mark's day is not today");
  await apt.getByLabel(/^Fil, högst 10 MB/).setInputFiles({ name: "protokoll-apt.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") });
  const box = await apt.getByRole("button", { name: "Markera som utförd" }).boundingBox();
  if (box.height < 44 || box.width < 44) throw new Error(`touch target too small: ${JSON.stringify(box)}`);
  await apt.getByRole("button", { name: "Markera som utförd" }).click();
  await page.getByText(`Markerad som utförd: ${text1} (${ownUnit})`).waitFor();
  // The current period is done; what is left is to mark the missed ones late.
  await page.locator(`.card[data-action="${id1}"] .quick > button`).waitFor({ state: "detached" });
  await page.locator(`.card[data-action="${id1}"] summary`, { hasText: "Markera en missad period" }).waitFor();
  const focused = await page.evaluate(() => document.activeElement?.id);
  if (focused !== "innehall") throw new Error(`after marking, focus is on ${focused || "nothing"}, not the main region`);
  step(`marked her unit's share (${ownUnit}) of #${id1} done with evidence: ${text1}; focus is on the main region`);
  // The action's page shows the sign-off for her unit with its comment and evidence in its history.
  await page.locator(`.card[data-action="${id1}"] .action-text a`).click();
  await page.getByRole("heading", { level: 1, name: text1 }).waitFor();
  const history = page.locator(".history > li").first();
  await history.getByText(`markerad som utförd av Elin Enhetschef för ${ownUnit}`).waitFor();
  await history.getByText("Gjort på APT.").waitFor();
  const evidence = await history.getByRole("link", { name: "protokoll-apt.pdf" }).getAttribute("href");
  const ev = await page.request.get(base + evidence);
  if (ev.status() !== 200 || ev.headers()["content-type"] !== "application/pdf") throw new Error(`evidence ${evidence}: ${ev.status()} ${ev.headers()["content-type"]}`);
  await page.locator('[data-shares="done"] > li', { hasText: ownUnit }).waitFor();
  step("the action's page shows the mark with its unit, comment and evidence");
  await axe("atgard");
  // After the current period, a missed one is marked late, with a day within it; the period table follows at once.
  const periodRow = (label) => page.locator("table", { has: page.getByText("Uppföljning per period") }).locator("tr", { has: page.getByRole("rowheader", { name: label }) });
  await page.getByText("Markera en missad period").click();
  const periodChoice = page.getByLabel("Period", { exact: true });
  const chosen = await periodChoice.evaluate((s) => s.options[s.selectedIndex].text);
  const [, periodLabel, , periodEnd] = /^(.+) \((\d+ \S+ \d{4})–(\d+ \S+ \d{4})\)$/.exec(chosen);
  const beforeLate = (await periodRow(periodLabel).textContent()).trim();
  if (!beforeLate.includes("Missad period")) throw new Error(`before the late mark, ${periodLabel} reads ${beforeLate}`);
  const months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];
  const isoDay = (text) => { const [d, mon, y] = text.split(" "); return `${y}-${String(months.indexOf(mon) + 1).padStart(2, "0")}-${String(Number(d)).padStart(2, "0")}`; };
  await page.getByLabel("Utfört den").fill(isoDay(periodEnd));
  await page.getByRole("button", { name: `Markera ${periodLabel} som utförd` }).click();
  await page.getByText(`Markerad som utförd för ${periodLabel}: ${text1}`).waitFor();
  // Without a reload: the row now counts Elin's unit.
  await periodRow(periodLabel).filter({ hasText: "1 av " }).waitFor();
  step(`marked ${periodLabel} of #${id1} late after the current period; the period table reads "${(await periodRow(periodLabel).textContent()).trim()}"`);
  await axe("atgard-i-efterhand");
  await nav("Mitt ansvar");
  // Offline: the mark of another unit duty is queued with its unit and sent when the network returns.
  const second = page.locator(".card").filter({ has: page.getByRole("button", { name: "Markera som utförd" }) }).filter({ hasText: "För enhet: " }).first();
  const id2 = await second.getAttribute("data-action");
  await context.setOffline(true);
  await second.getByRole("button", { name: "Markera som utförd" }).click();
  await page.getByText("Ingen anslutning").waitFor();
  // The list stays, so the next item can be signed off offline too.
  if (!(await page.locator(`.card[data-action="${id2}"]`).isVisible())) throw new Error("the list went away offline");
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("handlingsplan.signoffs") || "[]"));
  if (queued.length !== 1 || queued[0].actionID !== id2 || !queued[0].unitID) throw new Error("expected one queued sign-off with its unit, got " + JSON.stringify(queued));
  await context.setOffline(false);
  await page.getByText("1 sparad markering skickades.").waitFor();
  await page.locator(`.card[data-action="${id2}"] .quick > button`).waitFor({ state: "detached" });
  // What is done goes away: no "Ingen anslutning" once the network is back, and the news of the sending after a while.
  if (await page.getByText("Ingen anslutning").count()) throw new Error("\"Ingen anslutning\" still shows with the network back");
  await axe("mitt-ansvar-markerad");
  await page.getByText("1 sparad markering skickades.").waitFor({ state: "detached", timeout: 15000 });
  step(`offline mark of #${id2} for unit ${queued[0].unitID} sent on reconnect; the notices went away`);

  // Mina utskick: the e-mail choices, from the link beside the name.
  await page.getByRole("banner").getByRole("link", { name: "Mina utskick" }).click();
  await heading("Mina utskick");
  await page.getByRole("radio", { name: "Varannan vecka" }).waitFor();
  await axe("utskick");
  await page.getByRole("radio", { name: "Varannan vecka" }).check();
  await page.getByRole("checkbox", { name: /Påminnelse/ }).uncheck();
  await page.getByRole("button", { name: "Spara" }).click();
  await page.getByText("Dina val är sparade.").waitFor();
  await page.reload();
  await heading("Mina utskick");
  if (!(await page.getByRole("radio", { name: "Varannan vecka" }).isChecked()) || await page.getByRole("checkbox", { name: /Påminnelse/ }).isChecked())
    throw new Error("Mina utskick did not keep the choices");
  step("Mina utskick: every other week, no reminders, kept after a reload");

  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();
  step("logged out");

  await login("Frida Förvaltningschef");
  await page.locator(".card").first().waitFor();
  await axe("mitt-ansvar-frida");
  // Frida marks a duty of her own, done once.
  const own = page.locator(".card").filter({ has: page.getByRole("button", { name: "Markera som utförd" }) })
    .filter({ hasNot: page.locator(".share") }).first();
  const id3 = await own.getAttribute("data-action");
  const text3 = (await own.locator(".action-text").textContent()).trim();
  await own.getByRole("button", { name: "Markera som utförd" }).click();
  await page.getByText("Markerad som utförd: " + text3).waitFor();
  step(`Frida marked #${id3} done: ${text3}`);
  await nav("Planen");
  await page.locator(".area").first().waitFor();
  await page.locator(`li[data-action="${id3}"] > .meta > .status`).filter({ hasText: "Klar" }).waitFor();
  await page.locator(`li[data-action="${id3}"] > .meta`).filter({ hasText: "Kontroll utförd: " }).waitFor();
  step("Frida's mark shows as Klar, with Kontroll utförd, in Planen");
  // The APT duty has one unit's part done: the server's count, not Klar.
  const tally = (await page.locator(`li[data-action="${id1}"] > .meta > .tally`).textContent()).trim();
  const units = Number(/^, 1 av (\d+) enheter$/.exec(tally)?.[1]);
  if (!(units > 1)) throw new Error(`Planen shows ${JSON.stringify(tally)} on the APT duty, want 1 av N enheter`);
  if (await page.locator(`li[data-action="${id1}"] > .meta`).filter({ hasText: "Kontroll utförd" }).count()) throw new Error("a shared duty with one unit done shows Kontroll utförd");
  step(`Planen: the APT duty is 1 av ${units} enheter`);
  // The plan's head as the document has it; Frida edits plans, so she may archive it.
  const facts = await page.locator(".facts").textContent();
  for (const f of ["Fastställd", "Socialnämnden", "Dokumentansvarig", "Förvaltningschef", "SN2024/10"]) if (!facts.includes(f)) throw new Error(`Planen's head ${JSON.stringify(facts)} lacks ${f}`);
  if (!await page.getByRole("button", { name: "Arkivera planen" }).count()) throw new Error("a plan editor is not offered Arkivera planen");
  step("Planen: the plan's head as the document has it, and Arkivera planen for a plan editor");
  await printed("planen"); // the whole plan, unfiltered
  // Every role that answers for something is a choice, and the choice is in the address.
  const roleChoices = await page.getByLabel("Ansvarig").locator("option").allTextContents();
  for (const r of ["Ledamot", "Medarbetare", "Enhetschef"]) if (!roleChoices.includes(r)) throw new Error(`Planen's roles ${roleChoices} lack ${r}`);
  await page.getByLabel("Ansvarig").selectOption("Medarbetare");
  await page.waitForURL(/[?&]ansvarig=Medarbetare/);
  await page.getByLabel("Status").selectOption("done");
  await page.waitForURL(/[?&]status=done/);
  await page.getByLabel("Ansvarig").selectOption("");
  await page.locator(".action-text", { hasText: text3 }).first().waitFor();
  const shared = page.url();
  await page.goBack(); // to Medarbetare, done
  if (await page.getByLabel("Ansvarig").inputValue() !== "Medarbetare") throw new Error("back does not bring the role filter back");
  await page.goto(shared); // a shared link opens the same view
  // The status choices come from the server: read the filter once the plan is there.
  await page.locator(".action-text", { hasText: text3 }).first().waitFor();
  if (await page.getByLabel("Status").inputValue() !== "done") throw new Error("a link does not carry the status filter");
  step(`Planen: every role to choose from; filters in the address (${new URL(shared).search}), back and links work`);
  await axe("planen");

  await nav("Uppföljning");
  await page.getByRole("table").waitFor();
  // One figure for what is late: the summary, the list and the table's column.
  const summaryOverdue = Number(await page.locator("p[data-overdue]").getAttribute("data-overdue"));
  const summaryText = await page.locator("p[data-overdue]").textContent();
  const listed = await page.locator('[data-list="overdue"] > li').count();
  const byArea = (await page.locator("td[data-overdue]").allTextContents()).reduce((n, t) => n + Number(t), 0);
  if (!summaryText.includes(`${summaryOverdue} försenade`) || listed !== summaryOverdue || byArea !== summaryOverdue) {
    throw new Error(`overdue: the summary says ${JSON.stringify(summaryText)}, the list holds ${listed}, the areas add up to ${byArea}`);
  }
  step(`Uppföljning: ${summaryOverdue} försenade in the summary, the list and the table`);
  const sharedDuty = page.locator(`.card[data-action="${id1}"]`);
  await sharedDuty.getByText(`1 av ${units} enheter`).waitFor();
  step(`Uppföljning: the APT duty is 1 av ${units} enheter among the shared duties`);
  await axe("uppfoljning");
  await printed("uppfoljning");
  // The report's day: today (in Sweden) unless another is chosen, and the links follow it.
  const reportDay = await page.getByLabel("Läge per").inputValue();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reportDay)) throw new Error(`Läge per is ${JSON.stringify(reportDay)}, want today's date`);
  for (const ext of ["XLSX", "PDF", "CSV"]) {
    const href = await page.getByRole("link", { name: `Ladda ner rapporten (${ext})` }).getAttribute("href");
    if (!href.endsWith(`/report/${reportDay}.${ext.toLowerCase()}`)) throw new Error(`${ext} link ${href} is not as of ${reportDay}`);
    const res = await page.request.get(base + href);
    if (res.status() !== 200) throw new Error(`${href}: ${res.status()}`);
    if (ext === "CSV") {
      const csv = await res.text();
      if (!csv.includes(text3.slice(0, 30))) throw new Error("the board report lacks the signed-off action");
      // Elin's sign-off of the APT duty: her comment, and her file at an address a board member can follow.
      const note = csv.split("\r\n").find((l) => l.includes("Gjort på APT."));
      if (!note || !note.includes(`${base}/evidence/`) || !note.includes("protokoll-apt.pdf")) throw new Error(`the board report lacks Elin's comment and evidence: ${note}`);
      for (const want of ["Fastställd;Socialnämnden", "Dokumentansvarig;Förvaltningschef", "Nämndbesök", "Studiebesök", "Workshops"]) {
        if (!csv.includes(want)) throw new Error(`the board report lacks ${want}`);
      }
    }
    step(`board report ${href}: 200`);
  }
  await page.getByLabel("Läge per").fill("2024-12-31");
  if (!(await page.getByRole("link", { name: "Ladda ner rapporten (PDF)" }).getAttribute("href")).endsWith("/report/2024-12-31.pdf")) throw new Error("the report links do not follow Läge per");
  step("the report links follow the chosen day");

  // The duty's page: which units are done and which are not, and the list to remind them.
  await sharedDuty.getByRole("link").click();
  await page.getByRole("heading", { level: 2, name: "Enheternas delar" }).waitFor();
  const left = (await page.locator('[data-shares="left"] > li').allTextContents()).map((t) => t.replace(/ \(.*\)$/, ""));
  const doneUnits = (await page.locator('[data-shares="done"] > li').allTextContents()).map((t) => t.replace(/ \(.*\)$/, ""));
  if (left.length !== units - 1 || left.includes(ownUnit) || doneUnits.join() !== ownUnit) {
    throw new Error(`the APT duty's page lists ${JSON.stringify({ left, doneUnits })}, want ${units - 1} units left and ${ownUnit} done`);
  }
  await page.getByRole("heading", { level: 3, name: `Inte klara ännu (${units - 1})` }).waitFor();
  await page.getByRole("button", { name: "Kopiera listan" }).click();
  await page.getByText(`Listan är kopierad: ${units - 1} enheter som inte är klara.`).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== left.join("\n")) throw new Error(`copied ${JSON.stringify(copied)}, want the units left one per line`);
  step(`the APT duty's page: ${ownUnit} done, ${left.length} units left, copied`);
  await axe("atgard-delad");

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
  await ws.getByText("Intresseanmäld, platserna är inte fördelade än").waitFor();
  step("registered for a workshop");
  // Frida holds the workshops: she closes registration and the seats are allocated.
  await ws.getByRole("button", { name: "Fördela platserna" }).click();
  await ws.getByRole("button", { name: "Ja, stäng anmälan och fördela" }).click();
  await ws.getByText("Du har en plats").waitFor();
  await ws.getByText("Så fördelades platserna").waitFor();
  step("allocated the workshop's seats: Frida has a seat");
  // The organiser's list: who has a seat and who waits.
  await ws.getByText(/^Deltagarlista \(\d+ anmäld/).click();
  await ws.locator('[data-participants="plats"] > li', { hasText: "Frida Förvaltningschef, " }).waitFor();
  await page.locator("[data-term]").first().filter({ hasText: / av 2 workshops, / }).waitFor();
  step("the organiser's participant list names Frida among those with a seat; the term's two workshops are counted");
  // Planning a workshop shows the minimum seats per area; too few seats are refused in Swedish.
  const plan = page.locator("details", { has: page.getByText("Planera en workshop") });
  await plan.getByText("Planera en workshop").click();
  if (await plan.getByLabel("Äldreomsorg").inputValue() !== "2") throw new Error("the planning form lacks ÄO's minimum of 2 seats");
  await plan.getByText("Tillsammans 6 platser.", { exact: false }).waitFor();
  await plan.getByLabel("Ämne").fill("Tillit i vardagen");
  await plan.getByLabel("Datum").fill(`${new Date().getFullYear() + 1}-03-10`);
  await plan.getByLabel("Antal platser").fill("3");
  await plan.getByLabel("Anmälan öppnar").fill(`${new Date().getFullYear() + 1}-02-01T08:00`);
  await plan.getByLabel("Anmälan stänger").fill(`${new Date().getFullYear() + 1}-02-20T16:00`);
  await plan.getByRole("button", { name: "Planera workshoppen" }).click();
  await plan.getByRole("alert").filter({ hasText: "3 platser räcker inte: verksamhetsområdenas minsta antal platser är tillsammans 6." }).waitFor();
  step("planning a workshop shows the areas' minimum seats; 3 seats against 6 are refused in Swedish");
  await axe("workshops");

  // Nämndbesök: the demo data has meetings; the rotation fills the free ones.
  await nav("Besök");
  await page.locator("[data-meeting]").first().waitFor();
  const rotate = page.getByRole("button", { name: /enligt rotationen$/ });
  if (await rotate.count()) {
    await rotate.click();
    await page.getByText(/sammanträden fick en verksamhet enligt rotationen/).waitFor();
    step("applied the board visit rotation");
  }
  // Every meeting in view now has its operation.
  await page.getByText("Ingen verksamhet ännu.").first().waitFor({ state: "detached" });
  const meetingDay = `${new Date().getFullYear() + 1}-06-16`;
  const addMeeting = page.locator("details", { has: page.getByText("Lägg till sammanträden") });
  await addMeeting.getByText("Lägg till sammanträden").click();
  await addMeeting.getByLabel("Datum", { exact: true }).fill(meetingDay);
  await addMeeting.getByRole("button", { name: "Lägg till sammanträdet" }).click();
  await page.getByText(/Sammanträdet .* är tillagt/).waitFor();
  step(`added a board meeting on ${meetingDay}`);
  // A meeting two days ago, visited by Hemtjänsten, whose unit is chosen when the visit is recorded as held.
  const ago = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  const pastDay = `${ago.getFullYear()}-${String(ago.getMonth() + 1).padStart(2, "0")}-${String(ago.getDate()).padStart(2, "0")}`;
  await addMeeting.getByLabel("Datum", { exact: true }).fill(pastDay);
  await addMeeting.getByRole("button", { name: "Lägg till sammanträdet" }).click();
  const past = page.locator("[data-meeting]").filter({ hasText: "Ingen verksamhet ännu." }).filter({ hasText: longDay(pastDay) });
  await past.getByLabel("Verksamhet", { exact: true }).selectOption({ label: "Hemtjänsten" });
  if (await past.getByLabel("Enhet som berättar").inputValue() !== "") throw new Error("a unit is chosen before anyone chose one");
  const pastID = await past.getAttribute("data-meeting");
  await past.getByRole("button", { name: "Tilldela" }).click();
  await page.getByText(/^Verksamheten besöker nämnden/).waitFor();
  const visited = page.locator(`[data-meeting="${pastID}"]`);
  await visited.getByText("Registrera besöket").click();
  const unitBox = await visited.getByLabel("Enhet som berättade").boundingBox();
  if (unitBox.height < 44) throw new Error(`the unit field is ${unitBox.height} px high`);
  await axe("besok-registrera");
  await visited.getByLabel("Enhet som berättade").selectOption({ label: "Hemtjänst södra" });
  await visited.getByLabel("Vem presenterade").fill("Anna Lindqvist");
  await visited.getByRole("button", { name: "Spara besöket" }).click();
  await page.getByText(/^Besöket är registrerat\. Hemtjänst södra återrapporterar på sin APT senast \d+ \S+ \d{4}\.$/).waitFor();
  await visited.getByText("Hemtjänsten, Hemtjänst södra").waitFor();
  await visited.getByRole("link", { name: /^På enhetens APT senast/ }).click();
  await page.getByRole("heading", { level: 1, name: /^Återrapportering på APT .* \(Hemtjänsten, Hemtjänst södra\)\.$/ }).waitFor();
  step("recorded a held board visit for the unit chosen, Hemtjänst södra; its report-back is an action with its own page");
  await axe("aterrapportering");
  await nav("Besök");
  await page.locator("[data-meeting]").first().waitFor();
  await axe("besok");

  // Administration as a plan editor: export the plan file, import it back, add an action.
  await nav("Administration");
  await page.getByRole("heading", { level: 2, name: "Planer" }).waitFor();
  const exportHref = await page.getByRole("link", { name: /^Exportera planen/ }).getAttribute("href");
  const exported = await page.request.get(base + exportHref);
  const yaml = await exported.text();
  if (exported.status() !== 200 || !yaml.includes("registryNumber")) throw new Error(`export ${exportHref}: ${exported.status()}\n${yaml.slice(0, 200)}`);
  const planFile = page.getByLabel("Importera en plan från fil (Word, YAML eller markdown)");
  await planFile.setInputFiles({ name: "plan.yaml", mimeType: "application/yaml", buffer: Buffer.from(yaml) });
  await page.getByRole("button", { name: "Importera", exact: true }).click();
  await page.getByText(/är uppdaterad från filen/).waitFor();
  step("exported the plan file and imported it back in place");
  await planFile.setInputFiles({ name: "trasig.yaml", mimeType: "application/yaml", buffer: Buffer.from("plan: [inte en plan") });
  await page.getByRole("button", { name: "Importera", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: "Filen importerades inte" }).waitFor();
  step("a broken plan file is refused with a message");
  // The same plan as a Word document (written by LibreOffice), then one with a deadline that is none.
  const word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  await planFile.setInputFiles({ name: "Handlingsplan.docx", mimeType: word, buffer: readFileSync(join(repo, "planfile/testdata/bollebygd-libreoffice.docx")) });
  await page.getByRole("button", { name: "Importera", exact: true }).click();
  await page.getByText("Planen Handlingsplan tillitsfull dialog Socialförvaltning (SN2024/10) är uppdaterad från filen.").waitFor();
  step("imported the plan from a Word document in place");
  await planFile.setInputFiles({ name: "Trasig plan.docx", mimeType: word, buffer: readFileSync(join(repo, "planfile/testdata/broken-deadline.docx")) });
  await page.getByRole("button", { name: "Importera", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: "Dokumentet har ett fel (tabell 2, rad 4, kolumn Klart när): ”Snart” är inget Klart när" }).waitFor();
  if (await planFile.getAttribute("aria-invalid") !== "true") throw new Error("the file field is not marked invalid after a refusal");
  step("a Word document with an unknown deadline is refused at its table, row and column");
  const area1 = page.locator(".admin-area").first();
  const add = area1.locator("details", { has: page.getByText("Lägg till en åtgärd i området") });
  await add.getByText("Lägg till en åtgärd i området").click();
  await add.getByLabel("Åtgärd", { exact: true }).fill("E2E: följ upp dialogmötena");
  await add.getByLabel("Månad").fill("2026-12");
  await add.getByLabel("Vem gör den").selectOption({ label: "Varje enhet" });
  await add.getByRole("button", { name: "Lägg till åtgärden" }).click();
  await page.getByText("Åtgärden är tillagd.").waitFor();
  await area1.locator("summary", { hasText: "E2E: följ upp dialogmötena" }).filter({ hasText: "varje enhet" }).waitFor();
  step("added an action every unit is to do to the plan");
  // Order by keyboard: the new action (1.3) one place up; it is 1.2 then, focus stays on its button, and the move is announced.
  await area1.getByRole("button", { name: "Flytta upp åtgärd 1.3" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Åtgärd 1.3 flyttad till plats 2." }).waitFor();
  await area1.getByRole("button", { name: "Flytta upp åtgärd 1.2" }).waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Flytta upp åtgärd 1.2");
  if (!(await area1.locator("ol.actions > li").nth(1).locator("summary").textContent()).startsWith("2. E2E: följ upp dialogmötena"))
    throw new Error("the moved action is not second in its area, numbered 2");
  step("moved the new action up by keyboard: now 1.2, focus on its button, the move announced");
  await axe("administration");

  // Organisation: a new unit with Elin as its manager; an operation with units is not deleted.
  await page.getByRole("link", { name: "Organisation", exact: true }).click();
  await page.getByRole("heading", { level: 2, name: "Organisation" }).waitFor();
  const hemtjansten = page.locator(".card", { has: page.getByRole("heading", { level: 4, name: /^Hemtjänsten/ }) });
  const newUnit = hemtjansten.locator("details", { has: page.locator("summary", { hasText: "Lägg till en enhet" }) });
  await newUnit.locator("summary").click();
  await newUnit.getByLabel("Enhetens namn").fill("Hemtjänst väst");
  await newUnit.getByLabel("Enhetschef").selectOption({ label: "Elin Enhetschef" });
  await newUnit.getByRole("button", { name: "Lägg till enheten" }).click();
  await page.getByText("Enheten Hemtjänst väst är tillagd under Hemtjänsten.").waitFor();
  await hemtjansten.getByText("Hemtjänst väst, chef: Elin Enhetschef").waitFor();
  step("added a unit with its manager under Organisation");
  const editOp = hemtjansten.locator("details", { has: page.locator("summary", { hasText: "Ändra verksamheten" }) }).first();
  await editOp.locator("summary").first().click();
  await editOp.getByRole("button", { name: "Ta bort verksamheten" }).click();
  await editOp.getByRole("button", { name: "Ja, ta bort Hemtjänsten" }).click();
  await editOp.getByRole("alert").filter({ hasText: "kan inte tas bort" }).waitFor();
  step("an operation with units is not deleted: the form says what holds it");
  await axe("administration-organisation");

  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();

  // Administration as an administrator: give Elin the role Ledamot, see it in the audit log.
  await login("Sara Systemförvaltare");
  await nav("Administration");
  await page.getByRole("link", { name: "Användare och roller" }).click();
  const elin = page.locator(".card", { has: page.getByRole("heading", { name: "Elin Enhetschef" }) });
  await elin.getByText("Ge en roll").click();
  await elin.getByLabel("Roll").selectOption({ label: "Ledamot" });
  await elin.getByRole("button", { name: "Ge rollen" }).click();
  await page.getByText("Elin Enhetschef har fått rollen.").waitFor();
  await elin.getByText("Ledamot").first().waitFor();
  step("gave Elin the role Ledamot");
  await axe("administration-anvandare");
  await page.getByRole("link", { name: "Roller", exact: true }).click();
  await page.getByRole("heading", { level: 2, name: "Roller" }).waitFor();
  await axe("administration-roller");
  await page.getByRole("link", { name: "Granskningslogg" }).click();
  await page.getByText("Sara Systemförvaltare gav Elin Enhetschef rollen Ledamot").first().waitFor();
  await axe("administration-logg");
  await page.getByLabel("Typ").selectOption("Evidence");
  await page.getByText(/Elin Enhetschef laddade ner underlaget ”protokoll-apt\.pdf” till /).first().waitFor();
  step("the audit log says who gave whom which role, and who downloaded what, by name");
  await page.getByRole("link", { name: "Gruppmappning" }).click();
  await page.getByLabel("Grupp", { exact: true }).fill("HP-SOC-Medarbetare");
  await page.getByLabel("Ger rollen").selectOption({ label: "Medarbetare" });
  await page.getByRole("button", { name: "Lägg till gruppen" }).click();
  await page.getByText("Gruppen HP-SOC-Medarbetare ger nu rollen Medarbetare.").waitFor();
  step("mapped a directory group to a role in the app");
  await axe("administration-gruppmappning");
  await page.getByRole("link", { name: "Utskick", exact: true }).click();
  await page.getByRole("heading", { level: 2, name: "Utskick" }).waitFor();
  await page.getByText("Inga brev har misslyckats").first().waitFor();
  await page.getByLabel("Veckobrevets dag").first().selectOption({ label: "fredag" });
  await page.getByLabel("Klockan").first().selectOption({ label: "15:00" });
  await page.getByRole("button", { name: "Spara" }).first().click();
  await page.getByText("Sparat: veckobrevet går ut på fredagar klockan 15.").waitFor();
  await axe("administration-utskick");
  step("set the department's mail hour: Fridays at 15");
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();

  // A new förvaltning, with nobody at the server: Kim creates it, Nina, added ahead, administers it at her first login.
  await login("Kim Kommunadministratör");
  await nav("Administration");
  await page.getByRole("heading", { level: 3, name: "Ny förvaltning" }).waitFor();
  await page.getByLabel("Namn", { exact: true }).fill("Kultur- och fritidsförvaltningen");
  await page.getByLabel("Kommun").fill("Bollebygds kommun");
  await page.getByLabel("En annan person, som får rollen vid sin första inloggning").check();
  await page.locator("#fv-person-namn").fill("Nina Ny");
  await page.locator("#fv-person-epost").fill("nina.ny@kommun.example");
  const slugField = page.locator("#fv-kortnamn");
  const newSlug = (await slugField.inputValue()) || await slugField.getAttribute("placeholder"); // empty: made from the name
  await page.getByRole("button", { name: "Skapa förvaltningen" }).click();
  await page.getByText("Kultur- och fritidsförvaltningen är skapad.").waitFor();
  step("Kim created a department from the role template, with Nina as its administrator ahead of her first login");
  await axe("administration-forvaltningar");
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();
  await login("Nina Ny");
  await nav("Administration");
  await page.getByRole("link", { name: "Gruppmappning" }).click();
  await page.getByRole("heading", { level: 3, name: "Kultur- och fritidsförvaltningen" }).waitFor();
  step("Nina's first login took over the person added ahead: she administers the new department");
  // Kom igång, steps 4 to 8: Nina gives herself the post that edits plans, imports the plan, adopts it and marks an action done.
  await page.getByRole("link", { name: "Användare och roller" }).click();
  const nina = page.locator(".card", { has: page.getByRole("heading", { name: "Nina Ny" }) });
  await nina.getByText("Ge en roll").click();
  await nina.getByLabel("Roll").selectOption({ label: "Förvaltningschef" });
  await nina.getByRole("button", { name: "Ge rollen" }).click();
  await page.getByText("Nina Ny har fått rollen.").waitFor();
  await page.goto(base + "/administration"); // her rights are read afresh: she now edits plans
  await page.getByRole("heading", { level: 2, name: "Planer" }).waitFor();
  await page.getByText("Inga planer ännu.").waitFor();
  await axe("administration-ny-forvaltning");
  const newPlan = ["version: 1", "department:", `  slug: ${newSlug}`, "  name: Kultur- och fritidsförvaltningen", "  municipality: Bollebygds kommun",
    "  roles:", "    - name: Förvaltningschef", "      permissions: [edit-plans]",
    "plan:", "  title: Handlingsplan tillitsfull dialog Kultur och fritid", "  registryNumber: KFN2026/3", '  date: "2026-01-15"', "  owner: Förvaltningschef",
    "  areas:", "    - title: Skapa ett närmare band mellan politik och verksamhet.", "      actions:",
    "        - number: 1", "          text: Förvaltningschefen bjuder in nämnden till verksamheterna.", "          responsible: Förvaltningschef", "          deadline: 2026-12", ""].join("\n");
  await page.getByLabel("Importera en plan från fil (Word, YAML eller markdown)").setInputFiles({ name: "plan.yaml", mimeType: "application/yaml", buffer: Buffer.from(newPlan) });
  await page.getByRole("button", { name: "Importera", exact: true }).click();
  await page.getByText("Planen Handlingsplan tillitsfull dialog Kultur och fritid (KFN2026/3) är importerad.").waitFor();
  step("Nina imported the new department's plan from a plan file: a draft");
  await nav("Planen");
  await page.getByText("Fastställ planen").click();
  await page.getByLabel("Fastställd av").fill("Kultur- och fritidsnämnden");
  await page.getByLabel("Paragraf i protokollet").fill("§ 7");
  await axe("planen-utkast");
  await page.getByRole("button", { name: "Fastställ", exact: true }).click();
  await page.getByRole("button", { name: "Arkivera planen" }).waitFor();
  await page.locator("dd", { hasText: "§ 7" }).first().waitFor();
  step("Nina adopted the plan in Planen");
  await axe("planen-faststalld");
  await nav("Mitt ansvar");
  const invite = page.locator(".card", { hasText: "Förvaltningschefen bjuder in nämnden till verksamheterna." });
  await invite.getByRole("button", { name: "Markera som utförd" }).click();
  await page.getByText("Markerad som utförd: Förvaltningschefen bjuder in nämnden till verksamheterna.").waitFor();
  step("Nina, the new department's Förvaltningschef, marked its action done in Mitt ansvar");
  await axe("mitt-ansvar-ny-forvaltning");
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();

  // Elin, now a board member too, books a study visit.
  await login("Elin Enhetschef");
  await nav("Besök");
  const slot = page.locator("[data-slot]").first();
  await slot.getByRole("button", { name: "Boka plats" }).click();
  await page.getByText(/Du har plats \d+ på studiebesöket/).waitFor();
  await slot.getByRole("button", { name: "Avboka" }).waitFor();
  step("booked a study visit");
  // A board member records no board visit: the server says so, the app shows no form.
  if (await page.getByText("Registrera besöket").count()) throw new Error("a board member is offered to record a board visit");
  await axe("besok-ledamot");
  // Not the workshops' organiser: no participant list.
  await nav("Workshops");
  await page.locator("[data-workshop]").first().waitFor();
  if (await page.getByText(/^Deltagarlista/).count()) throw new Error("Elin, who organises no workshops, sees the participant list");
  step("Elin, a board member and unit manager, is offered neither to record a board visit nor the participant list");
  await axe("workshops-ledamot");

  await page.getByRole("link", { name: "Tillgänglighetsredogörelse" }).click();
  await heading("Tillgänglighetsredogörelse");
  await axe("tillganglighet");
  await page.getByRole("link", { name: "Kom igång" }).click();
  await page.getByRole("heading", { level: 1, name: "Kom igång med Handlingsplan" }).waitFor();
  await axe("kom-igang");
  await page.goBack();
  await heading("Tillgänglighetsredogörelse");
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("main").getByRole("link", { name: "Logga in" }).waitFor();

  // Every view as each kind of user: no English word on any of them.
  for (const who of ["Frida Förvaltningschef", "Elin Enhetschef", "Lena Ledamot", "Maja Medarbetare"]) {
    await login(who);
    const views = await page.getByRole("navigation").getByRole("link").allTextContents();
    for (const view of views) {
      await nav(view);
      await page.waitForLoadState("networkidle");
      await page.getByText(/^Hämtar /).first().waitFor({ state: "detached" });
      await noEnglish(`${view} (${who})`);
    }
    step(`no English on ${views.join(", ")} as ${who}`);
    await context.clearCookies(); // logged out without a request to the login routes
  }

  if (problems.length) throw new Error("browser reported:\n" + problems.join("\n"));
  step(`passed; screenshots in ${shots}`);
} catch (err) {
  failed = true;
  console.error("e2e FAILED:", err);
  await lastPage?.screenshot({ path: join(shots, "failure.png"), fullPage: true }).then(() => console.error(`screenshot: ${join(shots, "failure.png")}`), () => {});
  console.error("server log tail:\n" + serverLog.split("\n").slice(-20).join("\n"));
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  if (!process.env.E2E_SCREENSHOTS) rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
