import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChangeSlot, HoldVisit, VisitFacts } from "./views/Visits";
import { NewWorkplaceMeetings } from "./views/admin/Organisation";
import { useHashTarget } from "./router";
import { Participants } from "./views/Workshops";

// What the visit and workshop views render from what the server sends;
// who may do what is the server's (viewerCanHold, the registrations it
// sends), so these tests give it and look at the page.

const visit = (over: Record<string, unknown> = {}) => ({
  id: "v1", heldOn: null, presenter: null, work: null, conditions: null, needs: null, viewerCanHold: true,
  operation: { id: "o1", name: "Hemtjänsten", units: [{ id: "u1", name: "Hemtjänst norra" }, { id: "u2", name: "Hemtjänst södra" }] },
  unit: null, reportBack: null, ...over,
}) as any;

const reg = (id: string, name: string, state: string, waitlistPosition: number | null = null) => ({
  id, state, waitlistPosition, createdAt: "2026-11-01T08:00:00Z", user: { id: "p" + id, name }, operationArea: { code: "ÄO", name: "Äldreomsorg" },
}) as any;

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("visits and workshops", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("offers to record a visit only when the server says the viewer may", () => {
    expect(mount(<VisitFacts visit={visit()} date="2026-11-17" editor={false} onDone={() => {}} />).textContent).toContain("Registrera besöket");
    expect(mount(<VisitFacts visit={visit({ viewerCanHold: false })} date="2026-11-17" editor={false} onDone={() => {}} />).textContent)
      .not.toContain("Registrera besöket");
  });

  it("asks which unit presented, none chosen at first, and sends the one chosen", async () => {
    let sent: any;
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      sent = JSON.parse(init.body as string).variables;
      return new Response(JSON.stringify({ data: { holdBoardVisit: {
        id: "v1", heldOn: "2026-11-17", unit: { id: "u2", name: "Hemtjänst södra" }, reportBack: { id: "a9", dueDate: "2026-12-07" } } } }));
    }));
    const done = vi.fn();
    const el = mount(<HoldVisit visit={visit()} date="2026-11-17" onDone={done} />);
    const select = el.querySelector<HTMLSelectElement>("select")!;
    expect(el.querySelector(`label[for="${select.id}"]`)?.textContent).toBe("Enhet som berättade");
    expect(select.value).toBe("");
    expect(select.required).toBe(true);
    select.value = "u2";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await flush();
    expect(sent.input).toMatchObject({ unitID: "u2", heldOn: "2026-11-17" });
    expect(done).toHaveBeenCalledWith("Besöket är registrerat. Hemtjänst södra återrapporterar på sin APT senast 7 december 2026.");
  });

  it("changes a study visit slot's unit and note, sending its time only when it was changed", async () => {
    const sent: any[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(init.body as string).variables);
      return new Response(JSON.stringify({ data: { changeStudyVisitSlot: { id: "s1" } } }));
    }));
    const done = vi.fn();
    const slot = { id: "s1", startsAt: "2026-12-01T08:30:00Z", note: "Samling i entrén", operation: { name: "Hemtjänsten" }, unit: { id: "u1" } };
    const el = mount(<ChangeSlot slot={slot} units={[{ id: "u1", name: "Hemtjänst norra" }, { id: "u2", name: "Hemtjänst södra" }]} onDone={done} />);
    const unit = el.querySelector<HTMLSelectElement>("select")!;
    expect(el.querySelector(`label[for="${unit.id}"]`)?.textContent).toBe("Enhet");
    expect(unit.value).toBe("u1");
    unit.value = "";
    unit.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await flush();
    expect(sent[0]).toEqual({ id: "s1", input: { startsAt: null, unitID: null, clearUnit: true, note: "Samling i entrén" } });

    const start = el.querySelector<HTMLInputElement>('input[type="datetime-local"]')!;
    start.value = "2027-01-12T10:00";
    start.dispatchEvent(new Event("input", { bubbles: true }));
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && done.mock.calls.length < 2; i++) await flush();
    expect(sent[1].input.startsAt).toBe(new Date("2027-01-12T10:00").toISOString());
  });

  it("brings the section a link's #fragment names into view once it has loaded", async () => {
    const seen: string[] = [];
    const Section = ({ ready }: { ready: boolean }) => {
      useHashTarget("studiebesok", ready);
      return ready ? <h2 id="studiebesok">Studiebesök</h2> : <p>Hämtar …</p>;
    };
    history.replaceState(null, "", "/besok#studiebesok");
    const scroll = vi.fn(function (this: Element) { seen.push(this.id); });
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = scroll;
    const el = mount(<Section ready={false} />);
    await flush();
    expect(seen).toEqual([]);
    render(<Section ready={true} />, el);
    await flush();
    expect(seen).toEqual(["studiebesok"]);
    Element.prototype.scrollIntoView = original;
    history.replaceState(null, "", "/");
  });

  it("imports a unit's APT dates from a calendar file, the file input labelled in Swedish", async () => {
    let sent: any;
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      sent = JSON.parse(init.body as string).variables;
      return new Response(JSON.stringify({ data: { importWorkplaceMeetings: [{ id: "w1", date: "2027-01-07" }, { id: "w2", date: "2027-02-04" }] } }));
    }));
    const done = vi.fn();
    const el = mount(<NewWorkplaceMeetings operations={[
      { id: "o1", name: "Hemtjänsten", units: [{ id: "u1", name: "Hemtjänst norra" }, { id: "u2", name: "Hemtjänst södra" }] },
      { id: "o2", name: "Utan enheter", units: null },
    ]} onDone={done} />);
    const unit = el.querySelector<HTMLSelectElement>("#apt-enhet")!;
    expect(unit.querySelectorAll("option").length).toBe(2);
    unit.value = "u2";
    unit.dispatchEvent(new Event("change", { bubbles: true }));
    const file = el.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(el.querySelector(`label[for="${file.id}"]`)?.textContent).toBe("Importera från kalenderfil (.ics)");
    Object.defineProperty(file, "files", { value: [new File(["BEGIN:VCALENDAR"], "apt.ics", { type: "text/calendar" })] });
    file.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    file.closest("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await flush();
    expect(sent).toEqual({ unit: "u2", ics: "BEGIN:VCALENDAR" });
    expect(done).toHaveBeenCalledWith("Hemtjänst södra fick 2 nya APT-datum från kalenderfilen.");
  });

  it("names the operation's only unit, or the one assigned, without asking", () => {
    const one = mount(<HoldVisit visit={visit({ operation: { id: "o2", name: "Hälso- och sjukvården", units: [{ id: "u3", name: "Hemsjukvården" }] } })}
      date="2026-11-17" onDone={() => {}} />);
    expect(one.querySelector("select")).toBeNull();
    expect(one.textContent).toContain("Enhet: Hemsjukvården.");
    const assigned = mount(<HoldVisit visit={visit({ unit: { id: "u1", name: "Hemtjänst norra" } })} date="2026-11-17" onDone={() => {}} />);
    expect(assigned.querySelector<HTMLSelectElement>("select")!.value).toBe("u1");
  });

  it("lists the participants: registered before allocation, then seated and waiting in order", () => {
    const before = mount(<Participants w={{ id: "w1", allocatedAt: null }} regs={[reg("1", "Anna", "registered"), reg("2", "Bo", "cancelled")]} />);
    expect(before.querySelector("summary")?.textContent).toBe("Deltagarlista (1 anmäld)");
    expect([...before.querySelectorAll('[data-participants="anmalda"] li')].map((li) => li.textContent)).toEqual(["Anna, Äldreomsorg"]);
    const after = mount(<Participants w={{ id: "w1", allocatedAt: "2026-11-20T10:00:00Z" }} regs={[
      reg("1", "Anna", "seated"), reg("3", "Cecilia", "waitlisted", 2), reg("4", "David", "waitlisted", 1), reg("2", "Bo", "cancelled"),
    ]} />);
    expect(after.querySelector("summary")?.textContent).toBe("Deltagarlista (3 anmälda)");
    expect([...after.querySelectorAll("h3")].map((h) => h.textContent)).toEqual(["Har plats (1)", "Väntar på plats (2)"]);
    expect([...after.querySelectorAll('[data-participants="vantar"] li')].map((li) => li.textContent))
      .toEqual(["David, Äldreomsorg", "Cecilia, Äldreomsorg"]);
  });
});
