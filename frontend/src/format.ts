// Formatting only: how a status, a deadline or "Kontroll utförd" reads is
// the server's (statusLabel, deadlineLabel, dueLabel, lastSignedOn), as
// are the rules behind them. Days are said as the server says them, "7
// december 2026".

const months = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
  "augusti", "september", "oktober", "november", "december"];

/** 2024-12-31 → 31 december 2024 */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${Number(d)} ${months[Number(m) - 1]} ${y}`;
}

/** Today in local time as YYYY-MM-DD. */
export function today(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

const stockholm = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

/** 2024-11-02T08:15:00Z → 2 november 2024 kl. 09:15: Swedish time, wherever the browser is. */
export function dateTime(iso: string): string {
  const part: Record<string, string> = {};
  for (const p of stockholm.formatToParts(new Date(iso))) part[p.type] = p.value;
  return `${longDate(`${part.year}-${part.month}-${part.day}`)} kl. ${part.hour}:${part.minute}`;
}

/** "1 sparad markering skickades", "2 sparade markeringar skickades". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A list in running Swedish: "VT 2024", "VT 2024 och HT 2024", "VT 2024, HT 2024 och VT 2025". */
export function listText(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} och ${items[items.length - 1]}`;
}
