import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ImportExport, base64Of } from "./views/admin/ImportExport";
import type { MeQuery } from "./gql";

type Me = MeQuery["me"];
const role = (name: string, editsPlans: boolean, administers = false) => ({ id: name, name, editsPlans, administers, boardMember: false });
const me = (assignments: [string, ReturnType<typeof role>][]): Me => ({
  user: { id: "u1", name: "Frida Förvaltningschef" },
  municipalityAdministrator: false,
  departments: [{ id: "d1", name: "Socialförvaltningen", operationAreas: [] }, { id: "d2", name: "Kultur- och fritidsförvaltningen", operationAreas: [] }],
  assignments: assignments.map(([dept, r], i) => ({ id: `a${i}`, department: { id: dept }, role: r })),
});

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));

function choose(el: HTMLElement, file: File) {
  const input = el.querySelector<HTMLInputElement>("#planfil")!;
  Object.defineProperty(input, "files", { value: [file] });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

describe("the import form", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("sends a Word document in base64 to the department chosen, with its name", async () => {
    const bodies: any[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string));
      return new Response(JSON.stringify({ data: { importPlanDocument: { created: true, plan: { id: "p7", title: "Handlingsplan kultur", registryNumber: "KFN2025/3" } } } }));
    }));
    const imported = vi.fn();
    const el = mount(<ImportExport me={me([["d1", role("Förvaltningschef", true)], ["d2", role("Förvaltningschef", true)]])} onImported={imported} />);
    const picker = el.querySelector<HTMLSelectElement>("#import-forvaltning")!;
    expect(el.querySelector('label[for="import-forvaltning"]')?.textContent).toBe("Förvaltning att importera till");
    expect([...picker.options].map((o) => o.textContent)).toEqual(["Socialförvaltningen", "Kultur- och fritidsförvaltningen"]);
    picker.value = "d2";
    picker.dispatchEvent(new Event("change", { bubbles: true }));
    expect(el.querySelector<HTMLInputElement>("#planfil")!.accept).toContain(".docx");
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0xe5]);
    choose(el, new File([bytes], "Handlingsplan kultur.docx"));
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !imported.mock.calls.length; i++) await flush();
    expect(bodies[0].variables).toEqual({ departmentID: "d2", fileName: "Handlingsplan kultur.docx", content: "UEsDBP8A5Q==", createRoles: false });
    expect(imported).toHaveBeenCalledWith("p7");
    await new Promise((r) => setTimeout(r, 80));
    expect(el.querySelector('[role="status"]')?.textContent).toBe("Planen Handlingsplan kultur (KFN2025/3) är importerad.");
    // An editor in one department only gets no picker, and no choice to add roles without administering it.
    render(null, root);
    const one = mount(<ImportExport me={me([["d1", role("Förvaltningschef", true)], ["d2", role("Medarbetare", false)]])} onImported={() => {}} />);
    expect(one.querySelector("#import-forvaltning")).toBeNull();
    expect(one.textContent).not.toContain("Lägg till roller som saknas");
    expect(one.textContent).toContain("i Socialförvaltningen");
  });

  it("lets an administrator add missing roles, and announces the server's Swedish refusal at the file", async () => {
    const bodies: any[] = [];
    const say = "Dokumentet har ett fel (tabell 2, rad 4, kolumn Klart när): ”Snart” är inget Klart när.";
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string));
      return new Response(JSON.stringify({ errors: [{ message: say, extensions: { code: "BAD_USER_INPUT", field: "content" } }] }));
    }));
    const el = mount(<ImportExport me={me([["d1", role("Förvaltningschef", true)], ["d1", role("Systemförvaltare", false, true)]])} onImported={() => {}} />);
    const roles = [...el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    expect(roles.length).toBe(1);
    expect(roles[0].closest("label")?.textContent?.trim()).toBe("Lägg till roller som saknas");
    roles[0].checked = true;
    roles[0].dispatchEvent(new Event("change", { bubbles: true }));
    choose(el, new File(["x"], "plan.docx"));
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !el.querySelector('[role="alert"]'); i++) await flush();
    expect(bodies[0].variables.createRoles).toBe(true);
    const alert = el.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe("Filen importerades inte. " + say);
    const input = el.querySelector<HTMLInputElement>("#planfil")!;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-errormessage")).toBe(alert.id);
  });

  it("encodes files larger than one chunk of characters whole", async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    expect(await base64Of(new Blob([bytes]))).toBe(Buffer.from(bytes).toString("base64"));
  });
});
