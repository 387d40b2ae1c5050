// Summarises Lighthouse JSON reports: for each page the median run (by
// performance score, as Lighthouse recommends with several runs), its
// category scores ×100, FCP, LCP, TBT, CLS and the total transfer size,
// then every audit of the measured categories that did not pass, with the
// elements or resources it names. Writes the same text to OUT/summary.md.
//
//   node summary.mjs OUT_DIR PAGE_NAME=report1.json,report2.json ...
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [outDir, ...pageArgs] = process.argv.slice(2);
const lines = [];
const say = (s = "") => { lines.push(s); console.log(s); };

const pages = pageArgs.map((arg) => {
  const eq = arg.indexOf("=");
  const runs = arg.slice(eq + 1).split(",").map((f) => JSON.parse(readFileSync(f, "utf8")));
  const perf = (r) => r.categories.performance?.score ?? 0;
  const sorted = [...runs].sort((a, b) => perf(a) - perf(b));
  return { name: arg.slice(0, eq), runs, lhr: sorted[Math.floor((sorted.length - 1) / 2)] };
});

const score = (lhr, id) => {
  const s = lhr.categories[id]?.score;
  return s == null ? "–" : String(Math.round(s * 100));
};
const num = (lhr, id) => lhr.audits[id]?.numericValue;
const ms = (v) => (v == null ? "–" : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const kib = (v) => (v == null ? "–" : `${(v / 1024).toFixed(1)} KiB`);

const first = pages[0].lhr;
say(`Lighthouse ${first.lighthouseVersion}, ${first.configSettings.formFactor}, ` +
  `throttling ${first.configSettings.throttlingMethod} (RTT ${first.configSettings.throttling.rttMs} ms, ` +
  `${Math.round(first.configSettings.throttling.throughputKbps)} Kbps, CPU ×${first.configSettings.throttling.cpuSlowdownMultiplier}), ` +
  `${first.environment.hostUserAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0] ?? ""}, ` +
  `${pages[0].runs.length} run(s) per page, median by performance` +
  (process.env.LH_REVISION ? `, app at ${process.env.LH_REVISION}` : ""));
say();
say("| page | performance | accessibility | best practices | FCP | LCP | TBT | CLS | transfer | CPU index |");
say("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
for (const { name, lhr, runs } of pages) {
  const perfs = runs.length > 1 ? ` (${runs.map((r) => score(r, "performance")).join(", ")})` : "";
  say(`| ${name} | ${score(lhr, "performance")}${perfs} | ${score(lhr, "accessibility")} | ${score(lhr, "best-practices")} | ` +
    `${ms(num(lhr, "first-contentful-paint"))} | ${ms(num(lhr, "largest-contentful-paint"))} | ` +
    `${ms(num(lhr, "total-blocking-time"))} | ${num(lhr, "cumulative-layout-shift")?.toFixed(3) ?? "–"} | ` +
    `${kib(num(lhr, "total-byte-weight"))} | ${Math.round(lhr.environment.benchmarkIndex)} |`);
}
say();
say("Scores ×100; FCP, LCP, TBT and CLS are Lighthouse's simulated mobile values; transfer is " +
  "`total-byte-weight`; CPU index is Lighthouse's `benchmarkIndex` of this machine during the run " +
  "(lower is slower; below about 1000 Lighthouse warns that the CPU is slower than it expects).");
const warnings = [...new Set(pages.flatMap(({ runs }) => runs.flatMap((r) => r.runWarnings ?? [])))];
for (const w of warnings) say(`\nRun warning: ${w.replace(/\s+/g, " ")}`);

// The rows of an audit's details, as the HTML report shows them: one line
// per table row (columns by their headings), node, or list section.
function fmt(v, type) {
  if (v == null || v === "") return "";
  if (typeof v === "object") {
    if (v.type === "node") return `${v.nodeLabel ? `"${v.nodeLabel.replace(/\s+/g, " ").slice(0, 70)}" ` : ""}${v.selector || ""} ${v.snippet || ""}`.trim();
    if (v.type === "source-location") return `${v.url}:${v.line}:${v.column}`;
    if (v.type === "url" || v.type === "text" || v.type === "code") return String(v.value);
    if (v.type === "link") return v.text;
    return "";
  }
  switch (type) {
    case "ms": case "timespanMs": return ms(v);
    case "bytes": return kib(v);
    case "numeric": return typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v);
    default: return String(v).replace(/\s+/g, " ");
  }
}

function longestChain(chains) {
  for (const c of Object.values(chains || {})) {
    if (!c.isLongest) continue;
    const rest = longestChain(c.children);
    return [`${new URL(c.url).pathname} (${ms(c.navStartToEndTime)}, ${kib(c.transferSize)})`, ...rest];
  }
  return [];
}

function rows(details) {
  if (!details) return [];
  switch (details.type) {
    case "table": case "opportunity":
      return details.items.map((item) => details.headings
        .map((h) => { const t = fmt(item[h.key], h.valueType); return t && h.label ? `${h.label}: ${t}` : t; })
        .filter(Boolean).join(" – "))
        .filter((r) => r && !/^Element: Total( –|$)/.test(r));
    case "list":
      return details.items.flatMap((item) => rows(item));
    case "list-section": {
      const v = details.value;
      if (v?.type === "network-tree") return [`longest chain: ${longestChain(v.chains).join(" → ")}`];
      return [`${details.title ? details.title + ": " : ""}${fmt(v)}`];
    }
    case "node": return [fmt(details)];
    case "checklist":
      return Object.values(details.items).filter((i) => !i.value).map((i) => `not met: ${i.label}`);
    default: return [];
  }
}

const failed = (lhr, ref) => {
  const a = lhr.audits[ref.id];
  if (!a || ref.group === "metrics" || ref.group === "hidden") return false; // in the table above, or not in the report
  if (["notApplicable", "manual", "informative"].includes(a.scoreDisplayMode)) return false;
  return a.score != null && a.score < 1;
};

for (const { name, lhr, runs } of pages) {
  say();
  say(`## ${name}: audits that did not pass`);
  say();
  let n = 0;
  for (const [catId, cat] of Object.entries(lhr.categories)) {
    for (const ref of cat.auditRefs) {
      // Every audit that failed in any run; shown as in the median run if it failed there.
      const failing = runs.filter((r) => failed(r, r.categories[catId].auditRefs.find((x) => x.id === ref.id) ?? ref));
      if (!failing.length) continue;
      const a = (failing.includes(lhr) ? lhr : failing[0]).audits[ref.id];
      n++;
      const times = runs.length > 1 ? `, failed in ${failing.length} of ${runs.length} runs` : "";
      say(`- **${cat.title}**: ${a.title} (\`${a.id}\`, score ${Math.round(a.score * 100)}${a.displayValue ? `, ${a.displayValue}` : ""}${times})`);
      const r = rows(a.details);
      for (const line of r.slice(0, 8)) say(`  - ${line}`);
      if (r.length > 8) say(`  - … ${r.length - 8} more`);
    }
  }
  if (!n) say("none");
  const lcp = rows(lhr.audits["lcp-breakdown-insight"]?.details)
    .map((r) => r.replace(/^Subpart: (.*) – Duration: /, "$1 "));
  if (lcp.length) say(`\nLCP element: ${lcp.at(-1)}; ${lcp.slice(0, -1).join(", ")}`);
}
writeFileSync(join(outDir, "summary.md"), lines.join("\n") + "\n");
