import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WheelList, WheelPicture, type Wheel } from "./views/YearWheel";
import { CalendarFeeds } from "./views/CalendarFeed";

// The wheel and its list draw what the server sends (yearWheel): its
// words, its kinds and its links. These tests give a year and look at
// the picture, the list and the calendar address form.

const kinds = [
  { kind: "deadline", label: "Sista dag för åtgärd" }, { kind: "period_end", label: "Uppföljningsperiod slutar" },
  { kind: "board_meeting", label: "Nämndsammanträde" }, { kind: "study_visit", label: "Studiebesök" },
  { kind: "workshop", label: "Workshop" }, { kind: "workplace_meeting", label: "APT" },
] as Wheel["kinds"];
const ev = (kind: string, key: string, date: string, label: string, link: string) =>
  ({ kind, key, date, label, link, startsAt: null, kindLabel: kinds.find((k) => k.kind === kind)!.label }) as Wheel["events"][number];
const wheel: Wheel = {
  year: 2026,
  months: ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
  kinds,
  events: [
    ev("board_meeting", "meeting-1", "2026-02-17", "Nämndsammanträde – besök av Hemtjänsten", "/besok#namndbesok"),
    ev("workplace_meeting", "apt-1", "2026-03-05", "APT på Hemsjukvården", "/besok"),
    ev("workplace_meeting", "apt-2", "2026-03-05", "APT på Hemtjänst norra", "/besok"),
    ev("period_end", "period-1-2026-VT", "2026-06-30", "VT 2026 slutar: följ upp 12 fortlöpande åtgärder i Handlingsplan", "/uppfoljning?plan=1"),
    ev("deadline", "action-7", "2026-12-31", "Sista dag: Verksamheterna återrapporterar", "/atgard/7"),
  ],
  plans: [{ id: "1", title: "Handlingsplan" }],
  roles: [{ id: "r1", name: "Enhetschef" }],
};

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("the year wheel", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("draws the months, a mark per kind and day with a name and a link, and today", () => {
    const el = mount(<WheelPicture wheel={wheel} today="2026-04-10" />);
    expect([...el.querySelectorAll(".month-name")].map((t) => t.textContent)).toEqual(["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]);
    const marks = [...el.querySelectorAll("a.mark")];
    expect(marks.length).toBe(4); // the two APTs of 5 March are one mark
    expect(marks.map((a) => a.getAttribute("aria-label"))).toEqual([
      "17 februari 2026: Nämndsammanträde – besök av Hemtjänsten",
      "5 mars 2026: APT, 2 stycken. Visa dem i listan",
      "30 juni 2026: VT 2026 slutar: följ upp 12 fortlöpande åtgärder i Handlingsplan",
      "31 december 2026: Sista dag: Verksamheterna återrapporterar",
    ]);
    expect(marks.map((a) => a.getAttribute("href"))).toEqual(["/besok#namndbesok", "#hjul-2026-03-05-workplace_meeting", "/uppfoljning?plan=1", "/atgard/7"]);
    expect(marks[1].querySelector(".count")?.textContent).toBe("2");
    // The deadline of 31 December is on the outermost ring, just before the top; the meeting two rings in.
    const at = (a: Element) => { const c = a.querySelector("circle")!; return [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]; };
    const [dx, dy] = at(marks[3]);
    expect(dx).toBeLessThan(0);
    expect(dy).toBeLessThan(-150);
    const [mx, my] = at(marks[0]);
    expect(Math.hypot(mx, my)).toBeLessThan(Math.hypot(dx, dy));
    expect(el.querySelector("line.today")).not.toBeNull();
    expect(el.querySelector("figcaption")?.textContent).toContain("Den svarta linjen är i dag.");
  });

  it("opens a mark's page in the app, without reloading it", () => {
    const el = mount(<WheelPicture wheel={wheel} today="2026-04-10" />);
    const pushed: string[] = [];
    const push = history.pushState.bind(history);
    vi.spyOn(history, "pushState").mockImplementation((s, t, url) => { pushed.push(String(url)); push(s, t, url); });
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    el.querySelector('a.mark[href="/atgard/7"]')!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(pushed).toEqual(["/atgard/7"]);
    vi.restoreAllMocks();
  });

  it("has no today line in another year", () => {
    expect(mount(<WheelPicture wheel={wheel} today="2027-01-02" />).querySelector("line.today")).toBeNull();
  });

  it("lists the same marks month by month, today in its place, each a link", () => {
    const el = mount(<WheelList wheel={wheel} today="2026-03-04" />);
    expect([...el.querySelectorAll("h3")].map((h) => h.firstChild?.textContent?.trim())).toEqual(["Februari", "Mars", "Juni", "December"]);
    const march = el.querySelector("#hjul-manad-2")!.closest("section")!;
    expect([...march.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "I dag, 4 mars 2026",
      "APT på Hemsjukvården5 mars 2026 · APT",
      "APT på Hemtjänst norra5 mars 2026 · APT",
    ]);
    // A mark of several opens the first of them here.
    expect(el.querySelector("#hjul-2026-03-05-workplace_meeting")?.textContent).toContain("APT på Hemsjukvården");
    const links = [...el.querySelectorAll(".events a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["/besok#namndbesok", "/besok", "/besok", "/uppfoljning?plan=1", "/atgard/7"]);
    expect(el.querySelectorAll(".events a[data-route]").length).toBe(5);
  });

  it("says so when the year holds nothing", () => {
    expect(mount(<WheelList wheel={{ ...wheel, events: [] }} today="2025-01-01" />).textContent).toContain("Inget under 2026 med de val du gjort.");
  });
});

describe("the calendar address", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("makes an address, shows it once with a copy button and how to add it, lists it and closes it", async () => {
    const feeds: { id: string; createdAt: string }[] = [];
    const sent: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      const { query, variables } = JSON.parse(init.body as string);
      sent.push(query.split(/[ ({]/)[1] + (variables?.id ? ` ${variables.id}` : ""));
      if (query.startsWith("mutation CreateCalendarFeed")) {
        feeds.unshift({ id: "f1", createdAt: "2026-12-01T09:00:00Z" });
        return new Response(JSON.stringify({ data: { createCalendarFeed: { ...feeds[0], url: "/calendar/hemlig.ics" } } }));
      }
      if (query.startsWith("mutation RevokeCalendarFeed")) {
        feeds.splice(0, feeds.length);
        return new Response(JSON.stringify({ data: { revokeCalendarFeed: variables.id } }));
      }
      return new Response(JSON.stringify({ data: { myCalendarFeeds: feeds } }));
    }));
    const writeText = vi.fn(async () => {});
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const el = mount(<CalendarFeeds />);
    for (let i = 0; i < 10 && !el.textContent!.includes("Du har ingen kalenderadress."); i++) await flush();
    expect(el.textContent).toContain("Du har ingen kalenderadress.");
    const button = (name: string) => [...el.querySelectorAll("button")].find((b) => b.textContent === name)!;
    button("Skapa en kalenderadress").click();
    for (let i = 0; i < 20 && !el.querySelector("#kalenderadress"); i++) await flush();
    const input = el.querySelector<HTMLInputElement>("#kalenderadress")!;
    expect(el.querySelector(`label[for="kalenderadress"]`)?.textContent).toBe("Din nya kalenderadress (visas bara nu)");
    expect(input.value).toBe(`${location.origin}/calendar/hemlig.ics`);
    expect(input.readOnly).toBe(true);
    expect(el.textContent).toContain("Lägg till kalender och sedan Från internet");
    expect(el.textContent).toContain("Lägg till prenumererad kalender");
    button("Kopiera adressen").click();
    for (let i = 0; i < 10 && !writeText.mock.calls.length; i++) await flush();
    expect(writeText).toHaveBeenCalledWith(`${location.origin}/calendar/hemlig.ics`);
    for (let i = 0; i < 20 && !el.textContent!.includes("Skapad 1 december 2026 kl. 10:00"); i++) await flush();
    expect(el.textContent).toContain("Skapad 1 december 2026 kl. 10:00");
    button("Stäng adressen").click();
    await flush();
    button("Ja, stäng adressen från 1 december 2026 kl. 10:00").click();
    for (let i = 0; i < 20 && !el.textContent!.includes("Du har ingen kalenderadress."); i++) await flush();
    expect(sent).toContain("RevokeCalendarFeed f1");
    expect(el.textContent).toContain("Du har ingen kalenderadress.");
  });
});
