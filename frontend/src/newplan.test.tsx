import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NewPlan } from "./views/admin/NewPlan";
import type { MeQuery } from "./gql";

type Me = MeQuery["me"];
const role = (name: string, editsPlans: boolean, administers = false) => ({ id: name, name, editsPlans, administers, boardMember: false });
const me = (assignments: [string, ReturnType<typeof role>][]): Me => ({
  user: { id: "u1", name: "Frida Förvaltningschef" },
  municipalityAdministrator: false,
  departments: [{ id: "d1", name: "Socialförvaltningen", operationAreas: [] }, { id: "d2", name: "Kultur- och fritidsförvaltningen", operationAreas: [] }],
  assignments: assignments.map(([dept, r], i) => ({ id: `a${i}`, department: { id: dept }, role: r })),
});
const plans = [{ id: "p1", title: "Handlingsplan tillitsfull dialog", registryNumber: "SN2024/10" }];
const deptRole = (id: string, name: string, departmentID: string) =>
  ({ node: { id, name, kind: "position", aliases: [], editsPlans: false, administers: false, boardMember: false, departmentID } });

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = async (n = 5) => { for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0)); };
const click = (el: Element) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
const set = (el: HTMLInputElement | HTMLSelectElement, v: string, kind = "input") => { el.value = v; el.dispatchEvent(new Event(kind, { bubbles: true })); };

/** A fake server: answers by operation name and keeps the requests. */
function server(answers: Record<string, any>) {
  const bodies: any[] = [];
  vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string);
    bodies.push(body);
    const name = Object.keys(answers).find((n) => body.query.includes(`${n}(`) || body.query.includes(`${n} `)) ?? "";
    return new Response(JSON.stringify(answers[name]));
  }));
  return bodies;
}

describe("the new-plan form", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("copies a template with a choice for each role the department lacks", async () => {
    const bodies = server({
      "query Roles": { data: { roles: { edges: [deptRole("r1", "Förvaltningschef", "d2"), deptRole("r2", "Nämndsekreterare", "d2"), deptRole("x", "Annan", "d1")] } } },
      "query PlanTemplatePreview": { data: { planTemplatePreview: [
        { sourceRole: "Förvaltningschef", match: { id: "r1", name: "Förvaltningschef" } },
        { sourceRole: "Ordförande", match: null }, { sourceRole: "Ledamot", match: null }] } },
      "mutation CopyPlan": { data: { copyPlan: { id: "p9", title: "Tillit", registryNumber: "KFN2025/1" } } },
    });
    const created = vi.fn();
    const el = mount(<NewPlan me={me([["d2", role("Förvaltningschef", true, true)]])} plans={plans} onCreated={created} />);
    click([...el.querySelectorAll("button")].find((b) => b.textContent === "Ny plan")!);
    await flush();
    const radios = el.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    expect([...radios].map((r) => r.parentElement!.textContent!.trim())).toEqual(["Tom plan", "Använd som mall"]);
    radios[1].checked = true;
    radios[1].dispatchEvent(new Event("change", { bubbles: true }));
    await flush(10);
    const legends = [...el.querySelectorAll("legend")];
    expect(legends[legends.length - 1]?.textContent).toBe("Roller som saknas i Kultur- och fritidsförvaltningen");
    const selects = [...el.querySelectorAll<HTMLSelectElement>('select[id^="ny-plan-roll-"]')];
    expect(selects.map((s) => el.querySelector(`label[for="${s.id}"]`)!.textContent)).toEqual(["Ordförande", "Ledamot"]);
    expect([...selects[0].options].map((o) => o.textContent)).toEqual(["Välj roll", "Förvaltningschef", "Nämndsekreterare", "Skapa rollen"]);
    set(selects[0], "r2", "change");
    set(selects[1], "skapa", "change");
    set(el.querySelector<HTMLInputElement>("#ny-plan-rubrik")!, "Tillit");
    set(el.querySelector<HTMLInputElement>("#ny-plan-dnr")!, "KFN2025/1");
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !created.mock.calls.length; i++) await flush();
    expect(bodies[bodies.length - 1].variables).toEqual({ plan: "p1", department: "d2", registryNumber: "KFN2025/1", title: "Tillit", owner: null,
      choices: [{ sourceRole: "Ordförande", targetRoleID: "r2" }, { sourceRole: "Ledamot", create: true }] });
    expect(created).toHaveBeenCalledWith("p9");
  });

  it("offers no role creation to an editor who does not administer the department, and none to a non-editor", async () => {
    server({
      "query Roles": { data: { roles: { edges: [deptRole("r1", "Förvaltningschef", "d1")] } } },
      "query PlanTemplatePreview": { data: { planTemplatePreview: [{ sourceRole: "Ordförande", match: null }] } },
    });
    const el = mount(<NewPlan me={me([["d1", role("Förvaltningschef", true)]])} plans={plans} onCreated={() => {}} />);
    click([...el.querySelectorAll("button")].find((b) => b.textContent === "Ny plan")!);
    await flush();
    const radio = el.querySelectorAll<HTMLInputElement>('input[type="radio"]')[1];
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    await flush(10);
    expect([...el.querySelector<HTMLSelectElement>("#ny-plan-roll-0")!.options].map((o) => o.textContent)).toEqual(["Välj roll", "Förvaltningschef"]);
    render(null, root);
    const none = mount(<NewPlan me={me([["d1", role("Medarbetare", false)]])} plans={plans} onCreated={() => {}} />);
    expect(none.textContent).not.toContain("Ny plan");
  });

  it("shows a Dnr the department already has at the Dnr field, in the server's words", async () => {
    const say = "Förvaltningen har redan en plan med Dnr SN2024/10. Välj ett annat diarienummer.";
    server({
      "query Roles": { data: { roles: { edges: [deptRole("r1", "Förvaltningschef", "d1")] } } },
      "mutation CopyPlan": { errors: [{ message: say, extensions: { code: "CONFLICT", field: "registryNumber" } }] },
    });
    const created = vi.fn();
    const el = mount(<NewPlan me={me([["d1", role("Förvaltningschef", true)]])} plans={plans} onCreated={created} />);
    click([...el.querySelectorAll("button")].find((b) => b.textContent === "Ny plan")!);
    await flush(10);
    set(el.querySelector<HTMLInputElement>("#ny-plan-rubrik")!, "Ny plan");
    set(el.querySelector<HTMLInputElement>("#ny-plan-dnr")!, "SN2024/10");
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await flush(20);
    const dnr = el.querySelector("#ny-plan-dnr")!;
    expect(dnr.getAttribute("aria-invalid")).toBe("true");
    expect(el.querySelector(`#${dnr.getAttribute("aria-describedby")}`)?.textContent).toBe(say);
    expect(el.querySelectorAll('[role="alert"]').length).toBe(1);
    expect(created).not.toHaveBeenCalled();
  });
});
