import type { ActionFieldsFragment, FollowUpStatus } from "./gql";

export const statusText: Record<FollowUpStatus, string> = {
  not_started: "Ej påbörjad",
  due_soon: "Snart dags",
  done: "Klar",
  overdue: "Försenad",
  missed: "Missad period",
  logged: "Loggad",
};

const months = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
  "augusti", "september", "oktober", "november", "december"];

/** "Klart när" as the plan writes it: December 2024, Fortlöpande, Vid behov. */
export function deadline(a: Pick<ActionFieldsFragment, "deadlineKind" | "dueMonth" | "dueDate">): string {
  switch (a.deadlineKind) {
    case "continuous": return "Fortlöpande";
    case "when_needed": return "Vid behov";
    case "date": return a.dueDate ? longDate(a.dueDate) : "";
    default: {
      if (!a.dueMonth) return "";
      const [y, m] = a.dueMonth.split("-");
      const name = months[Number(m) - 1] ?? m;
      return name[0].toUpperCase() + name.slice(1) + " " + y;
    }
  }
}

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

const urgency: Record<FollowUpStatus, number> = { overdue: 0, missed: 1, due_soon: 2, not_started: 3, logged: 4, done: 5 };

/** Most urgent first: by status, then by due date (none last). */
export function byUrgency<T extends { followUp: { status: FollowUpStatus; due: string | null } }>(items: T[]): T[] {
  return [...items].sort((a, b) =>
    urgency[a.followUp.status] - urgency[b.followUp.status] ||
    (a.followUp.due ?? "9999").localeCompare(b.followUp.due ?? "9999"));
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

/** "Kontroll utförd" as the plan's table shows it: the latest sign-off still standing. */
export function lastDone(signOffs: { doneOn: string; withdrawnAt: string | null }[] | null | undefined): string {
  let last = "";
  for (const s of signOffs ?? []) if (!s.withdrawnAt && s.doneOn > last) last = s.doneOn;
  return last;
}

/** "1 sparad avsignering skickades", "2 sparade avsigneringar skickades". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
