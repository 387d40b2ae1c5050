import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Footer, Status } from "./components";
import { Item, MyActions, type MyAction } from "./views/MyActions";
import type { FollowUpStatus } from "./gql";

type Period = MyAction["followUp"]["periods"][number];

const item = (status: FollowUpStatus, statusLabel: string, over: Partial<MyAction["followUp"]> = {}, id = "42"): MyAction => ({
  action: { id, number: 1, text: "Bjud in nämnden", deadlineKind: "month", dueMonth: "2024-12", dueDate: null, deadlineLabel: "December 2024", scope: "once", responsible: { id: "r", name: "Enhetschef" } },
  plan: { id: "p", title: "Plan" },
  followUp: { status, statusLabel, due: "2024-12-31", dueLabel: "December 2024", lastSignedOn: null, subActionsDone: 0, subActionsTotal: 0, shares: null, periods: [], ...over },
  units: [],
});

const vt = (status: FollowUpStatus): Period => ({ key: "2025-VT", label: "VT 2025", start: "2025-01-01", end: "2025-06-30", status });
const ht = (status: FollowUpStatus): Period => ({ key: "2026-HT", label: "HT 2026", start: "2026-07-01", end: "2026-12-31", status });

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const tick = () => new Promise((r) => setTimeout(r, 0));
const buttons = (el: HTMLElement) => [...el.querySelectorAll("button")].map((b) => b.textContent);

describe("Mitt ansvar", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); localStorage.clear(); });

  it("shows the status in the server's words", () => {
    // Whatever the server calls it is what is shown; the class only colours it.
    const el = mount(<Status status="due_soon" label="Snart dags" />);
    expect(el.textContent).toBe("Snart dags");
    expect(el.querySelector(".status-due_soon")).not.toBeNull();
  });

  it("is one line of where it stands and one tap to mark it done, the rest folded away", () => {
    const el = mount(<Item item={item("overdue", "Försenad")} onDone={() => {}} />);
    expect(el.querySelector(".meta")?.textContent).toBe("Försenad · December 2024");
    expect(buttons(el)).toEqual(["Markera som utförd"]);
    const details = el.querySelector("details")!;
    expect(details.open).toBe(false); // comment, day and evidence open on demand
    expect(details.querySelector("summary")?.textContent).toBe("Mer om Bjud in nämnden: kommentar, datum, underlag");
    const ta = el.querySelector("textarea")!;
    expect(el.querySelector(`label[for="${ta.id}"]`)?.textContent).toBe("Kommentar (valfritt)");
  });

  it("says what is due next as the server does, never the period just done", () => {
    const el = mount(<Item item={item("done", "Klar", { dueLabel: "VT 2027, senast 30 juni 2027", periods: [ht("done")] })} onDone={() => {}} />);
    expect(el.querySelector(".meta")?.textContent).toBe("Klar · VT 2027, senast 30 juni 2027");
    expect(el.querySelector("form")).toBeNull(); // nothing left to mark
  });

  it("lets a missed period be marked late while the current one is open", () => {
    const el = mount(<Item item={item("missed", "Missad period", { periods: [vt("missed"), ht("not_started")] })} onDone={() => {}} />);
    expect(buttons(el)).toEqual(["Markera som utförd"]);
    expect(el.textContent).toContain("VT 2025 är inte markerad som utförd.");
    expect(el.textContent).not.toContain("Missad period:");
    const period = el.querySelector<HTMLSelectElement>('select[id^="period"]')!;
    expect([...period.options].map((o) => o.textContent)).toEqual(["HT 2026 (pågår)", "VT 2025 (1 januari 2025–30 juni 2025)"]);
    expect(period.value).toBe(""); // the current period, unless chosen
  });

  it("lets a missed period be marked late after the current one is done, with a day within it", async () => {
    const sent: Record<string, unknown>[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(init.body as string).variables.input);
      return new Response(JSON.stringify({ data: { signOff: { id: "s1", doneOn: "2025-05-20" } } }));
    }));
    const done = vi.fn();
    const el = mount(<Item item={item("done", "Klar", { periods: [vt("missed"), ht("done")] })} onDone={done} />);
    // No one-tap mark of a period already done: only the late one, which needs its day.
    expect(el.querySelector(".quick > button")).toBeNull();
    expect(el.querySelector("summary")?.textContent).toBe("Markera en missad period");
    const date = el.querySelector<HTMLInputElement>('input[type="date"]')!;
    expect(date.value).toBe("");
    expect(date.required).toBe(true);
    expect([date.min, date.max]).toEqual(["2025-01-01", "2025-06-30"]);
    date.value = "2025-05-20";
    date.dispatchEvent(new Event("input", { bubbles: true }));
    await tick();
    expect(buttons(el)).toEqual(["Markera VT 2025 som utförd"]);
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await tick();
    expect(sent[0]).toMatchObject({ actionID: "42", period: "2025-VT", doneOn: "2025-05-20" });
    expect(done).toHaveBeenCalledWith("Markerad som utförd för VT 2025: Bjud in nämnden", true);
  });

  it("keeps the server's order", async () => {
    // Most urgent first is the server's rule; the app shows the list as it comes.
    const list = [item("done", "Klar", {}, "1"), item("not_started", "Ej påbörjad", {}, "2"), item("overdue", "Försenad", {}, "3")];
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ data: { myActions: list } }))));
    const el = mount(<MyActions />);
    for (let i = 0; i < 20 && !el.querySelector(".card"); i++) await tick();
    expect([...el.querySelectorAll(".card")].map((c) => c.getAttribute("data-action"))).toEqual(["1", "2", "3"]);
  });
});

describe("Footer", () => {
  afterEach(() => { render(null, root); root.remove(); });
  it("links to the start guide, served by the server, and to the accessibility statement, a view", () => {
    const el = mount(<Footer />);
    const guide = [...el.querySelectorAll("a")].find((a) => a.textContent === "Kom igång")!;
    expect(guide.getAttribute("href")).toBe("/kom-igang");
    // A routed link would show the app's "Sidan finns inte" instead of the server's page.
    expect(guide.hasAttribute("data-route")).toBe(false);
    const a11y = [...el.querySelectorAll("a")].find((a) => a.textContent === "Tillgänglighetsredogörelse")!;
    expect(a11y.getAttribute("href")).toBe("/tillganglighet");
    expect(a11y.hasAttribute("data-route")).toBe(true);
  });
});
