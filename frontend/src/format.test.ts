import { describe, expect, it } from "vitest";
import { dateTime, listText, longDate, percent, plural, today } from "./format";
import { reportLinks } from "./views/FollowUp";
import { placeText } from "./views/Workshops";

describe("format", () => {
  it("formats dates and shares", () => {
    expect(longDate("2026-11-01")).toBe("1 november 2026");
    expect(today(new Date(2026, 0, 5))).toBe("2026-01-05");
    expect(percent(0.426)).toBe("43 %");
  });
  it("says lists and counts in running Swedish", () => {
    expect(listText(["VT 2025"])).toBe("VT 2025");
    expect(listText(["VT 2025", "HT 2025"])).toBe("VT 2025 och HT 2025");
    expect(listText(["VT 2024", "HT 2024", "VT 2025"])).toBe("VT 2024, HT 2024 och VT 2025");
    expect(plural(1, "sparad markering skickades", "sparade markeringar skickades")).toBe("1 sparad markering skickades");
    expect(plural(2, "sparad markering skickades", "sparade markeringar skickades")).toBe("2 sparade markeringar skickades");
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
  it("says where you stand at a workshop", () => {
    expect(placeText(undefined)).toBe("Inte anmäld");
    expect(placeText({ state: "waitlisted", waitlistPosition: 2 })).toBe("Reservplats 2");
    expect(placeText({ state: "seated", waitlistPosition: null })).toBe("Du har en plats");
  });
});
