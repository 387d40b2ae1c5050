import { describe, expect, it } from "vitest";
import { byUrgency, dateTime, deadline, lastDone, longDate, percent, today } from "./format";
import { reportLinks } from "./views/FollowUp";
import { placeText } from "./views/Workshops";

describe("format", () => {
  it("writes deadlines as the plan does", () => {
    expect(deadline({ deadlineKind: "month", dueMonth: "2024-12", dueDate: null })).toBe("December 2024");
    expect(deadline({ deadlineKind: "continuous", dueMonth: null, dueDate: null })).toBe("Fortlöpande");
    expect(deadline({ deadlineKind: "when_needed", dueMonth: null, dueDate: null })).toBe("Vid behov");
    expect(deadline({ deadlineKind: "date", dueMonth: null, dueDate: "2025-03-04" })).toBe("4 mars 2025");
  });
  it("sorts most urgent first", () => {
    const f = (status: any, due: string | null) => ({ followUp: { status, due } });
    const sorted = byUrgency([f("done", "2024-01-31"), f("not_started", null), f("overdue", "2024-12-31"), f("overdue", "2024-06-30"), f("due_soon", "2025-01-31")]);
    expect(sorted.map((s) => `${s.followUp.status}:${s.followUp.due}`)).toEqual([
      "overdue:2024-06-30", "overdue:2024-12-31", "due_soon:2025-01-31", "not_started:null", "done:2024-01-31"]);
  });
  it("formats dates and shares", () => {
    expect(longDate("2026-11-01")).toBe("1 november 2026");
    expect(today(new Date(2026, 0, 5))).toBe("2026-01-05");
    expect(percent(0.426)).toBe("43 %");
  });
  it("says a moment in Swedish time, wherever the browser is", () => {
    expect(dateTime("2026-12-07T13:05:00Z")).toBe("7 december 2026 kl. 14:05"); // winter: UTC+1
    expect(dateTime("2026-06-30T22:30:00Z")).toBe("1 juli 2026 kl. 00:30"); // summer: UTC+2, the next day
    expect(dateTime("2026-03-29T01:00:00Z")).toBe("29 mars 2026 kl. 03:00"); // the clocks go forward
    expect(dateTime("2024-11-02T09:15:00+01:00")).toBe("2 november 2024 kl. 09:15");
  });
  it("links the board report in three formats", () => {
    expect(reportLinks("17", "2026-11-23").map((l) => l.href)).toEqual([
      "/plans/17/report/2026-11-23.xlsx", "/plans/17/report/2026-11-23.pdf", "/plans/17/report/2026-11-23.csv"]);
  });
  it("shows the latest sign-off still standing as Kontroll utförd", () => {
    expect(lastDone(null)).toBe("");
    expect(lastDone([
      { doneOn: "2024-11-02", withdrawnAt: null },
      { doneOn: "2024-12-01", withdrawnAt: "2024-12-02T10:00:00Z" },
      { doneOn: "2024-06-30", withdrawnAt: null },
    ])).toBe("2024-11-02");
  });
  it("says where you stand at a workshop", () => {
    expect(placeText(undefined)).toBe("Inte anmäld");
    expect(placeText({ state: "waitlisted", waitlistPosition: 2 })).toBe("Reservplats 2");
    expect(placeText({ state: "seated", waitlistPosition: null })).toBe("Du har en plats");
  });
});
