import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StatusTally } from "./components";
import { Item, type MyAction } from "./views/MyActions";
import { Shares, type ShareT } from "./views/ActionPage";
import { flush, pending, signOff } from "./queue";
import { NetworkError } from "./api";
import type { ActionScope } from "./gql";

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const tick = () => new Promise((r) => setTimeout(r, 0));
const submit = (el: HTMLElement) => el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));

const duty = (scope: ActionScope, units: { id: string; name: string }[], label = "0 av 2 enheter"): MyAction => ({
  action: { id: "12", number: null, text: "Lyft protokollen på APT", deadlineKind: "continuous", dueMonth: null, dueDate: null, deadlineLabel: "Fortlöpande", scope, responsible: { id: "r", name: "Enhetschef" } },
  plan: { id: "p", title: "Plan" },
  followUp: { status: "not_started", statusLabel: "Ej påbörjad", due: "2026-12-31", dueLabel: "HT 2026, senast 31 december 2026", lastSignedOn: null,
    subActionsDone: 0, subActionsTotal: 0, periods: [], shares: { done: 0, total: units.length || 1, label } },
  units,
});

/** Answers every GraphQL request with `answer`, and keeps the sign-off inputs sent. */
function server(answer: () => unknown) {
  const sent: Record<string, unknown>[] = [];
  vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(init.body as string).variables.input);
    return new Response(JSON.stringify(answer()));
  }));
  return sent;
}

describe("shared duties", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); localStorage.clear(); });

  it("shows the server's count as it is sent, after the status in words", () => {
    expect(mount(<StatusTally status="overdue" label="Försenad" shares={{ done: 7, total: 12, label: "7 av 12 enheter" }} />).textContent).toBe("Försenad, 7 av 12 enheter");
    // The words are the server's: whatever it says is what is shown.
    expect(mount(<StatusTally status="not_started" label="Ej påbörjad" shares={{ done: 1, total: 3, label: "1 av 3 ledamöter" }} />).textContent).toBe("Ej påbörjad, 1 av 3 ledamöter");
    expect(mount(<StatusTally status="done" label="Klar" shares={null} />).textContent).toBe("Klar");
  });

  it("signs a unit manager's one unit off for that unit", async () => {
    const sent = server(() => ({ data: { signOff: { id: "s1", doneOn: "2026-12-01" } } }));
    const done = vi.fn();
    const el = mount(<Item item={duty("each_unit", [{ id: "u7", name: "Hemsjukvården" }], "0 av 1 enhet")} onDone={done} />);
    expect(el.textContent).toContain("För enhet: Hemsjukvården");
    expect(el.textContent).not.toContain("0 av 1 enhet"); // one's own single part needs no count
    expect(el.querySelector("select")).toBeNull();
    submit(el);
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await tick();
    expect(sent[0]).toMatchObject({ actionID: "12", unitID: "u7" });
    expect(done).toHaveBeenCalledWith("Markerad som utförd: Lyft protokollen på APT (Hemsjukvården)", true);
  });

  it("asks which unit when the viewer signs for several, and shows the server's refusal at the field", async () => {
    let answer: unknown = { errors: [{ message: "Välj vilken enhet du markerar för.", extensions: { code: "BAD_USER_INPUT", field: "unitID", detail: "choose the unit you sign for" } }] };
    const sent = server(() => answer);
    const done = vi.fn();
    const el = mount(<Item item={duty("each_unit", [{ id: "u1", name: "Vuxen" }, { id: "u2", name: "Barn och unga" }])} onDone={done} />);
    expect(el.textContent).toContain("För enheterna: Vuxen, Barn och unga");
    expect(el.textContent).toContain("Ej påbörjad, 0 av 2 enheter");
    const select = el.querySelector("select")!;
    expect(el.querySelector(`label[for="${select.id}"]`)?.textContent).toBe("Enhet du markerar för");
    expect(select.value).toBe(""); // none chosen
    submit(el);
    for (let i = 0; i < 20 && !el.querySelector('[role="alert"]'); i++) await tick();
    expect(sent[0].unitID).toBeUndefined();
    const alert = el.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe("Välj vilken enhet du markerar för.");
    expect(select.getAttribute("aria-invalid")).toBe("true");
    expect(select.getAttribute("aria-describedby")).toBe(alert.id);

    answer = { data: { signOff: { id: "s2", doneOn: "2026-12-01" } } };
    select.value = "u2";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    submit(el);
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await tick();
    expect(sent[1]).toMatchObject({ actionID: "12", unitID: "u2" });
    expect(done).toHaveBeenCalledWith("Markerad som utförd: Lyft protokollen på APT (Barn och unga)", true);
  });

  it("tells a person their own part of an each-person duty", () => {
    const el = mount(<Item item={duty("each_person", [], "0 av 1 person")} onDone={() => {}} />);
    expect(el.textContent).toContain("Din egen del");
    expect(el.querySelector("select")).toBeNull();
  });

  it("keeps the unit of a sign-off queued offline", async () => {
    const input = { actionID: "12", idempotencyKey: "k9", unitID: "u2", doneOn: "2026-12-01" };
    expect(await signOff(input, async () => { throw new NetworkError("offline"); })).toBe("queued");
    expect(pending()[0].unitID).toBe("u2");
    const sent: unknown[] = [];
    await flush(async (i) => { sent.push(i); });
    expect(sent).toEqual([input]);
  });

  it("lists who has and has not done their part, and copies the names of those not done", async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    const shares: ShareT[] = [
      { unit: { id: "1", name: "Vuxen" }, user: null, status: "done", statusLabel: "Klar", signedOn: "2026-11-20" },
      { unit: { id: "2", name: "Barn och unga" }, user: null, status: "overdue", statusLabel: "Försenad", signedOn: null },
      { unit: { id: "3", name: "Öppenvården" }, user: null, status: "not_started", statusLabel: "Ej påbörjad", signedOn: null },
    ];
    const el = mount(<Shares scope="each_unit" shares={shares} />);
    expect([...el.querySelectorAll("h3")].map((h) => h.textContent)).toEqual(["Inte klara ännu (2)", "Klara (1)"]);
    expect(el.querySelector('[data-shares="left"]')?.textContent).toBe("Barn och unga (Försenad)Öppenvården (Ej påbörjad)");
    expect(el.querySelector('[data-shares="done"]')?.textContent).toBe("Vuxen (20 november 2026)");
    [...el.querySelectorAll("button")].find((b) => b.textContent === "Kopiera listan")!.click();
    for (let i = 0; i < 100 && !el.querySelector(".notice")?.textContent; i++) await tick();
    expect(writeText).toHaveBeenCalledWith("Barn och unga\nÖppenvården");
    expect(el.querySelector('[role="status"]')?.textContent).toBe("Listan är kopierad: 2 enheter som inte är klara.");

    const people = mount(<Shares scope="each_person" shares={[{ unit: null, user: { id: "9", name: "Lena Ledamot" }, status: "done", statusLabel: "Klar", signedOn: null }]} />);
    expect(people.textContent).toContain("Alla har gjort sin del.");
    expect(people.querySelector("button")).toBeNull();
  });
});
