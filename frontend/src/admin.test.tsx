import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NewDepartment, slugOf } from "./views/admin/Departments";
import { DepartmentMappings } from "./views/admin/GroupMappings";
import { AddPerson } from "./views/admin/AddPerson";

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));
const type = (el: Element | null, text: string) => {
  const input = el as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
};
const submit = (el: Element) => el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));

/** Records the GraphQL requests and answers each with data. */
function server(data: unknown) {
  const sent: { query: string; variables: any }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(init.body as string));
    return new Response(JSON.stringify(data));
  }));
  return sent;
}

const template = [
  { name: "Förvaltningschef", kind: "position" as const, aliases: [], editsPlans: true, administers: false, boardMember: false, members: [] },
  { name: "Enhetschef", kind: "position" as const, aliases: ["Enhetschefer"], editsPlans: false, administers: false, boardMember: false, members: [] },
  { name: "Systemförvaltare", kind: "position" as const, aliases: [], editsPlans: false, administers: true, boardMember: false, members: [] },
  { name: "Chefer", kind: "group" as const, aliases: [], editsPlans: false, administers: false, boardMember: false, members: ["Förvaltningschef", "Enhetschef"] },
];

it("makes a slug of a Swedish name", () => {
  expect(slugOf("Kultur- och fritidsförvaltningen")).toBe("kultur-och-fritidsforvaltningen");
  expect(slugOf("  Ärende Å Ö ")).toBe("arende-a-o");
});

describe("administration of departments and people", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("creates a department from the edited template, its groups following a renamed role", async () => {
    const sent = server({ data: { createDepartment: { id: "9", slug: "kff", name: "Kultur och fritid" } } });
    const created = vi.fn();
    const el = mount(<NewDepartment template={template} userID="u1" onCreated={created} />);
    expect([...el.querySelectorAll("[data-role]")].map((li) => li.getAttribute("data-role"))).toEqual(["Förvaltningschef", "Enhetschef", "Systemförvaltare", "Chefer"]);
    type(el.querySelector("#fv-namn"), "Kultur och fritid");
    type(el.querySelector("#fv-kommun"), "Bollebygds kommun");
    await flush();
    type(el.querySelector('[data-role="Enhetschef"] input'), "Avdelningschef");
    await flush();
    expect(el.querySelector('[data-role="Chefer"]')?.textContent).toContain("Förvaltningschef, Avdelningschef");
    el.querySelector<HTMLButtonElement>('button[aria-label="Ta bort Förvaltningschef"]')!.click();
    await flush();
    submit(el);
    for (let i = 0; i < 20 && !created.mock.calls.length; i++) await flush();
    expect(created).toHaveBeenCalledWith("Kultur och fritid", true);
    const input = sent[0].variables.input;
    expect(input).toMatchObject({ slug: "kultur-och-fritid", name: "Kultur och fritid", municipality: "Bollebygds kommun", administratorRole: "Systemförvaltare", administratorUserID: "u1" });
    expect(input.roles.map((r: any) => r.name)).toEqual(["Avdelningschef", "Systemförvaltare", "Chefer"]);
    expect(input.roles[2].members).toEqual(["Avdelningschef"]);
    expect(input.roles[0]).not.toHaveProperty("key");
  });

  it("names a new person as administrator, and shows the server's refusal", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ errors: [{ message: "Det finns redan en förvaltning med kortnamnet kff.", extensions: { code: "CONFLICT" } }] }))));
    const el = mount(<NewDepartment template={template} userID="u1" onCreated={() => {}} />);
    (el.querySelectorAll<HTMLInputElement>('input[name="fv-vem"]')[1]).dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    expect(el.querySelector("#fv-person-epost")).not.toBeNull();
    submit(el);
    for (let i = 0; i < 20 && !el.querySelector('[role="alert"]'); i++) await flush();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain("Det finns redan en förvaltning med kortnamnet kff.");
  });

  it("shows the mapping file's lines until the department maps groups in the app, then adds one", async () => {
    const sent = server({ data: { createGroupMapping: { id: "g1" } } });
    const saved = vi.fn();
    const dept = { id: "d1", name: "Kultur och fritid", groupClaim: "groups", groupMappings: [], fileGroupMappings: [{ value: "HP-KFF-Medarbetare", role: "Medarbetare", operationArea: null }] };
    const el = mount(<DepartmentMappings dept={dept} roles={[{ id: "r1", name: "Enhetschef" }]} areas={[]} onSaved={saved} />);
    expect(el.textContent).toContain("Just nu gäller konfigurationsfilens rader");
    expect(el.textContent).toContain("HP-KFF-Medarbetare ger Medarbetare");
    expect(el.textContent).toContain("som i inloggningens groups");
    type(el.querySelector("#gm-grupp-d1"), " HP-KFF-Enhetschef ");
    await flush();
    submit(el);
    for (let i = 0; i < 20 && !saved.mock.calls.length; i++) await flush();
    expect(sent[0].variables).toEqual({ department: "d1", input: { value: "HP-KFF-Enhetschef", roleID: "r1", operationAreaID: null } });
    expect(saved).toHaveBeenCalledWith("Gruppen HP-KFF-Enhetschef ger nu rollen Enhetschef.");
  });

  it("adds a person ahead with the roles chosen, offering only their department's roles", async () => {
    const sent = server({ data: { addPerson: { id: "u9", name: "Nils" } } });
    const added = vi.fn();
    const el = mount(<AddPerson departments={[{ id: "d1", name: "Kultur och fritid" }]} onAdded={added}
      roles={[{ id: "r1", name: "Medarbetare", departmentID: "d1" }, { id: "r2", name: "Ledamot", departmentID: "d2" }]} />);
    expect(el.textContent).toContain("Medarbetare");
    expect(el.textContent).not.toContain("Ledamot");
    const button = el.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(button.disabled).toBe(true);
    type(el.querySelector("#ny-person-namn"), "Nils");
    type(el.querySelector("#ny-person-epost"), "nils@bollebygd.se");
    const box = el.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    expect(button.disabled).toBe(false);
    submit(el);
    for (let i = 0; i < 20 && !added.mock.calls.length; i++) await flush();
    expect(sent[0].variables).toEqual({ department: "d1", person: { name: "Nils", email: "nils@bollebygd.se" }, roles: ["r1"] });
    expect(added).toHaveBeenCalledWith("Nils är tillagd och får rollerna vid sin första inloggning.");
  });
});
