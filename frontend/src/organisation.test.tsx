import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Organisation } from "./views/admin/Organisation";

// Administration → Organisation renders what the server sends and sends
// what the person chose; who may, and what is in use, is the server's: its
// refusals are shown where they belong (at the field it names, or for the
// whole form).

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => { for (let i = 0; i < 10; i++) await flush(); };

const me = (roles: { editsPlans?: boolean; administers?: boolean }) => ({
  user: { id: "me", name: "Frida Förvaltningschef" },
  municipalityAdministrator: false,
  departments: [{ id: "d1", name: "Socialförvaltningen", operationAreas: [] }],
  assignments: [{ id: "a1", department: { id: "d1" }, role: { id: "r1", name: "Förvaltningschef", editsPlans: !!roles.editsPlans, administers: !!roles.administers, boardMember: false } }],
}) as any;

const organisation = {
  departments: { edges: [{ node: { id: "d1", name: "Socialförvaltningen", municipality: "Bollebygds kommun", operationAreas: [
    { id: "oa2", code: "LSS", name: "Funktionsstöd", position: 2 },
    { id: "oa1", code: "ÄO", name: "Äldreomsorg", position: 1 },
  ] } }] },
  operations: { edges: [{ node: { id: "o1", name: "Hemtjänsten", operationArea: { id: "oa1" }, units: [
    { id: "u1", name: "Hemtjänst norra", operationID: "o1", manager: { id: "p1", name: "Elin Enhetschef" }, workplaceMeetings: [
      { id: "w1", date: "2020-01-09" }, { id: "w2", date: "2099-02-05" },
    ] },
  ] } }] },
  users: { edges: [{ node: { id: "p1", name: "Elin Enhetschef" } }, { node: { id: "p2", name: "Olle Ny" } }] },
};

/** Answers each operation by name (data, or errors), and records what was sent. */
function server(answers: Record<string, unknown>) {
  const sent: { name: string; variables: any }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string);
    const name = /(?:query|mutation) (\w+)/.exec(body.query)![1];
    sent.push({ name, variables: body.variables });
    return new Response(JSON.stringify(answers[name] ?? { data: { [name]: { id: "x" } } }));
  }));
  return sent;
}

const submitIn = (el: Element) => el.dispatchEvent(new Event("submit", { cancelable: true }));
const choose = (el: Element | null, v: string) => {
  const s = el as HTMLSelectElement;
  s.value = v;
  s.dispatchEvent(new Event("change", { bubbles: true }));
};
const type = (el: Element | null, text: string) => {
  const input = el as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
};

describe("Organisation", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("lists operations, units with their managers and coming APT dates, and the areas in order, every field labelled", async () => {
    server({ Organisation: { data: organisation } });
    const el = mount(<Organisation me={me({ editsPlans: true })} />);
    await settle();
    expect(el.querySelector("h4")?.textContent).toBe("Hemtjänsten (ÄO)");
    expect(el.textContent).toContain("Hemtjänst norra, chef: Elin Enhetschef");
    expect(el.textContent).toContain("5 februari 2099");
    expect(el.textContent).not.toContain("9 januari 2020"); // past: kept, not listed
    expect([...el.querySelectorAll("ol.plain > li > strong")].map((s) => s.textContent)).toEqual(["ÄO", "LSS"]);
    for (const field of el.querySelectorAll("input, select, textarea")) {
      expect(el.querySelector(`label[for="${field.id}"]`), `label for #${field.id}`).not.toBeNull();
    }
    // The department's name is its administrators' to change.
    expect(el.querySelector("#org-dept-name")).toBeNull();
  });

  it("gives a unit another manager from the department's people, or none", async () => {
    const sent = server({ Organisation: { data: organisation } });
    const el = mount(<Organisation me={me({ editsPlans: true })} />);
    await settle();
    const manager = el.querySelector("#org-unit-u1-manager")!;
    expect([...manager.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["Ingen utsedd", "Elin Enhetschef", "Olle Ny"]);
    choose(manager, "p2");
    await flush();
    submitIn(manager.closest("form")!);
    await settle();
    expect(sent.find((s) => s.name === "UpdateUnit")?.variables).toEqual({ id: "u1", input: { name: "Hemtjänst norra", managerID: "p2" } });
    choose(manager, "");
    await flush();
    submitIn(manager.closest("form")!);
    await settle();
    expect(sent.filter((s) => s.name === "UpdateUnit")[1].variables.input).toEqual({ name: "Hemtjänst norra", clearManager: true });
  });

  it("shows the server's CONFLICT about what holds a unit as an error of the form", async () => {
    const say = "Enheten Hemtjänst norra har 3 markeringar som utförda och kan inte tas bort, så att inget av det försvinner.";
    server({ Organisation: { data: organisation }, DeleteUnit: { errors: [{ message: say, extensions: { code: "CONFLICT" } }] } });
    const el = mount(<Organisation me={me({ editsPlans: true })} />);
    await settle();
    const form = el.querySelector("#org-unit-u1-name")!.closest("form")!;
    [...form.querySelectorAll("button")].find((b) => b.textContent === "Ta bort enheten")!.click();
    await flush();
    [...form.querySelectorAll("button")].find((b) => b.textContent?.startsWith("Ja, ta bort"))!.click();
    await settle();
    const alert = form.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe(say);
    expect(form.querySelector('[aria-invalid="true"]')).toBeNull();
  });

  it("shows a refusal the server names a field for at that field", async () => {
    server({ Organisation: { data: organisation }, CreateOperationArea: { errors: [{ message: "Förvaltningen har redan verksamhetsområdet ÄO. Välj en annan förkortning.", extensions: { code: "CONFLICT", field: "code" } }] } });
    const el = mount(<Organisation me={me({ administers: true })} />);
    await settle();
    expect(el.querySelector("#org-verksamheter")).toBeNull(); // operations are plan editors'
    type(el.querySelector("#org-nytt-omrade-code"), "ÄO");
    type(el.querySelector("#org-nytt-omrade-name"), "Äldre");
    await flush();
    submitIn(el.querySelector("#org-nytt-omrade-code")!.closest("form")!);
    await settle();
    const code = el.querySelector("#org-nytt-omrade-code")!;
    expect(code.getAttribute("aria-invalid")).toBe("true");
    const described = code.getAttribute("aria-describedby")!.split(" ");
    expect(described).toContain("org-nytt-omrade-code-fel");
    expect(el.querySelector("#org-nytt-omrade-code-fel")?.textContent).toContain("redan verksamhetsområdet ÄO");
  });

  it("moves an area up in the list", async () => {
    const sent = server({ Organisation: { data: organisation } });
    const el = mount(<Organisation me={me({ editsPlans: true })} />);
    await settle();
    const up = [...el.querySelectorAll("button")].filter((b) => b.textContent === "Flytta upp LSS")[0];
    up.click();
    await settle();
    expect(sent.find((s) => s.name === "MoveOperationArea")?.variables).toEqual({ id: "oa2", position: 1 });
  });

  it("lets an administrator rename the department", async () => {
    const sent = server({ Organisation: { data: organisation } });
    const el = mount(<Organisation me={me({ administers: true })} />);
    await settle();
    type(el.querySelector("#org-dept-name"), "Omsorgsförvaltningen");
    await flush();
    submitIn(el.querySelector("#org-dept-name")!.closest("form")!);
    await settle();
    expect(sent.find((s) => s.name === "UpdateDepartment")?.variables).toEqual({ id: "d1", input: { name: "Omsorgsförvaltningen", municipality: "Bollebygds kommun" } });
  });
});
