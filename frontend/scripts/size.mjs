// Prints the gzipped size of the first load (the JS and CSS index.html
// links) and fails above the budget of 60 KB.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
if (!files.length) throw new Error("index.html links no assets");
let total = 0;
for (const f of files) {
  const n = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += n;
  console.log(`${f}: ${(n / 1024).toFixed(1)} KB gzipped`);
}
const budget = 60 * 1024;
console.log(`first load: ${(total / 1024).toFixed(1)} KB gzipped JS+CSS (budget 60 KB)`);
if (total > budget) { console.error("over budget"); process.exit(1); }
