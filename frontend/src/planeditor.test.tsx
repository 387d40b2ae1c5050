import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EditPlan } from "./views/admin/PlanEditor";

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));
const until = async (ok: () => boolean) => { for (let i = 0; i < 50 && !ok(); i++) await new Promise((r) => setTimeout(r, 10)); };

const role = { id: "r1", name: "Enhetschef" };
const act = (id: string, number: number | null, position: number, text: string, parentID: string | null = null, subActions: any[] = []) => ({
  id, number, position, text, parentID, deadlineKind: "continuous", dueMonth: null, dueDate: null, deadlineLabel: "Fortlöpande",
  scope: "once", responsible: role, subActions,
});

/** A plan of two areas; the first has two actions, the first of which has two sub-actions. */
function plan(viewerCanEdit = true) {
  return {
    id: "p1", title: "Plan", registryNumber: "SN1", status: "adopted", statusLabel: "Fastställd", followUpCadence: "term", dueSoonDays: 14,
    viewerCanEdit, department: { id: "d1", roles: [role] },
    areas: [
      { id: "o1", position: 1, title: "Möten", purpose: null, note: "Kursiv not.", actions: [
        act("a1", 1, 1, "Besök nämnden.", null, [act("s1", null, 1, "Återrapportera på APT.", "a1"), act("s2", null, 2, "Återrapportera till nämnden.", "a1")]),
        act("a2", 2, 2, "Studiebesök."),
      ] },
      { id: "o2", position: 2, title: "Regler", purpose: "Syfte.", note: null, actions: [act("a3", 1, 1, "Följ KF:s regler.")] },
    ],
  };
}

/**
 * A server that keeps the plan and moves what it is told, as the API does:
 * siblings 1 … n, top-level actions renumbered. Records what was sent.
 */
function server(p: any, refuse?: string) {
  const sent: { query: string; variables: any }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string);
    sent.push(body);
    const answer = (data: unknown) => new Response(JSON.stringify({ data }));
    if (body.query.startsWith("query AdminPlan")) return answer({ plan: p });
    if (refuse) return new Response(JSON.stringify({ errors: [{ message: refuse, extensions: { code: "CONFLICT" } }] }));
    const { id, position } = body.variables;
    const move = (list: any[]) => {
      const from = list.findIndex((x) => x.id === id);
      if (from < 0) return false;
      const [x] = list.splice(from, 1);
      list.splice(position - 1, 0, x);
      list.forEach((y, i) => { y.position = i + 1; if (y.number) y.number = i + 1; });
      return true;
    };
    if (body.query.startsWith("mutation MoveArea")) { move(p.areas); return answer({ moveArea: { id: p.id } }); }
    for (const area of p.areas) {
      if (move(area.actions)) break;
      for (const a of area.actions) move(a.subActions);
    }
    return answer({ moveAction: { id: "o1" } });
  }));
  return sent;
}

const button = (el: HTMLElement, name: string) => el.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);

describe("the plan editor", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("lists every area, action and sub-action, each with buttons to move it, named for it and disabled at the ends", async () => {
    server(plan());
    const el = mount(<EditPlan id="p1" />);
    await until(() => !!el.querySelector("h4"));
    expect([...el.querySelectorAll("h4")].map((h) => h.textContent)).toEqual(["Område 1: Möten", "Område 2: Regler"]);
    // Each with its form, text, role, deadline and scope (Vem gör den).
    const items = { a1: "1. Besök nämnden.", s1: "Återrapportera på APT.", s2: "Återrapportera till nämnden.", a2: "2. Studiebesök.", a3: "1. Följ KF:s regler." };
    for (const [id, text] of Object.entries(items)) {
      const form = el.querySelector(`#atgard-${id}-text`)!.closest("details")!;
      expect(form.querySelector("summary")!.textContent!.startsWith(text)).toBe(true);
      for (const field of ["ansvarig", "klart", "vem"]) expect(form.querySelector(`#atgard-${id}-${field}`)).not.toBeNull();
    }
    expect(button(el, "Flytta upp område 1")!.disabled).toBe(true);
    expect(button(el, "Flytta ned område 1")!.disabled).toBe(false);
    expect(button(el, "Flytta ned område 2")!.disabled).toBe(true);
    expect(button(el, "Flytta upp åtgärd 1.1")!.disabled).toBe(true);
    expect(button(el, "Flytta upp åtgärd 1.2")!.disabled).toBe(false);
    expect(button(el, "Flytta ned åtgärd 1.2")!.disabled).toBe(true);
    expect(button(el, "Flytta upp underaktivitet 2 till åtgärd 1.1")!.disabled).toBe(false);
    expect(button(el, "Flytta ned underaktivitet 1 till åtgärd 1.1")!.disabled).toBe(false);
    // An only action has nothing to move past.
    expect(button(el, "Flytta upp åtgärd 2.1")).toBeNull();
    // Every button is a real button with its visible words in its name.
    for (const b of el.querySelectorAll<HTMLButtonElement>(".move button")) {
      expect(b.type).toBe("button");
      expect(b.getAttribute("aria-label")!.startsWith(b.textContent!)).toBe(true);
    }
    // The area's note and purpose are edited with the rest.
    expect(el.querySelector<HTMLTextAreaElement>("#not-o1")!.value).toBe("Kursiv not.");
    expect(el.querySelector<HTMLTextAreaElement>("#syfte-o2")!.value).toBe("Syfte.");
  });

  it("moves an action down, says so politely and keeps focus on the moved action's button", async () => {
    const p = plan();
    const sent = server(p);
    const el = mount(<EditPlan id="p1" />);
    await until(() => !!button(el, "Flytta ned åtgärd 1.1"));
    const down = button(el, "Flytta ned åtgärd 1.1")!;
    down.focus();
    down.click();
    await until(() => !!button(el, "Flytta upp åtgärd 1.2") && el.querySelector("#upp-a1") === document.activeElement);
    expect(sent.find((s) => s.query.startsWith("mutation MoveAction"))!.variables).toEqual({ id: "a1", position: 2 });
    // The server renumbered: the moved action is now 1.2, last, so its down button is disabled and focus is on its up button.
    expect(button(el, "Flytta upp åtgärd 1.2")!.id).toBe("upp-a1");
    expect(button(el, "Flytta ned åtgärd 1.2")!.disabled).toBe(true);
    expect(document.activeElement?.id + " " + document.activeElement?.tagName).toBe("upp-a1 BUTTON");
    const status = el.querySelector('[role="status"]')!;
    await until(() => status.textContent !== "");
    expect(status.textContent).toBe("Åtgärd 1.1 flyttad till plats 2.");
    expect(status.closest("[aria-live=assertive]")).toBeNull();
  });

  it("moves an area and a sub-action up; at the top, focus goes to their other button", async () => {
    const p = plan();
    const sent = server(p);
    const el = mount(<EditPlan id="p1" />);
    await until(() => !!button(el, "Flytta upp område 2"));
    button(el, "Flytta upp område 2")!.click();
    await until(() => el.querySelector("h4")?.textContent === "Område 1: Regler");
    await until(() => document.activeElement === el.querySelector("#ned-o2"));
    expect(sent[sent.length - 2].variables).toEqual({ id: "o2", position: 1 });
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Flytta ned område 1");

    button(el, "Flytta upp underaktivitet 2 till åtgärd 2.1")!.click();
    await until(() => el.querySelector(".sub li summary")?.textContent?.startsWith("Återrapportera till nämnden.") ?? false);
    await until(() => document.activeElement === el.querySelector("#ned-s2"));
    expect(sent[sent.length - 2].variables).toEqual({ id: "s2", position: 1 });
  });

  it("shows the server's refusal beside the buttons", async () => {
    server(plan(), "Planen är arkiverad och kan inte ändras. Återöppna den först.");
    const el = mount(<EditPlan id="p1" />);
    await until(() => !!button(el, "Flytta ned åtgärd 1.1"));
    button(el, "Flytta ned åtgärd 1.1")!.click();
    await until(() => !!el.querySelector('[role="alert"]'));
    expect(el.querySelector('[role="alert"]')!.textContent).toBe("Planen är arkiverad och kan inte ändras. Återöppna den först.");
    expect(el.querySelector('[role="alert"]')!.previousElementSibling!.classList.contains("move")).toBe(true);
  });

  it("offers no change where the server says the viewer may not edit the plan", async () => {
    server(plan(false));
    const el = mount(<EditPlan id="p1" />);
    await until(() => !!el.querySelector("h4"));
    await flush();
    expect(el.querySelectorAll(".move button").length).toBe(0);
    expect(el.querySelectorAll("form").length).toBe(0);
    expect(el.textContent).toContain("Återrapportera på APT.");
    expect(el.textContent).toContain("Du kan läsa planen här men inte ändra den");
  });
});
