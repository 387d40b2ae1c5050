import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PlanHead } from "./views/PlanHead";
import { ArchivedPlans } from "./views/Plan";

const head = (over: Record<string, unknown> = {}) => ({
  id: "p1", title: "Handlingsplan tillitsfull dialog", registryNumber: "SN2024/10",
  status: "adopted" as const, statusLabel: "Fastställd", date: "2024-01-24",
  adoptedBy: "Socialnämnden", adoptedAt: "2024-02-20", adoptedParagraph: "§ xx",
  approvedBy: { name: "Förvaltningschef" }, owner: { name: "Förvaltningschef" },
  revisedAt: "2025-03-03", background: "Under hösten 2023 …", completedActivities: ["Workshop med nämnden"],
  viewerCanEdit: false,
  revisions: [
    { date: "2024-09-01", note: null, changes: [] },
    { date: "2025-03-03", note: "Efter nämndens beslut § 31", changes: [{ label: "Ny åtgärd 2.3: Utbildning." }, { label: "Område 6 borttaget: Information" }] },
  ],
  ...over,
});

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("the plan's head", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("shows the head as the document has it, and the revisions newest first with what changed", () => {
    const el = mount(<PlanHead plan={head()} onChanged={() => {}} />);
    const facts = [...el.querySelectorAll("dt")].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(facts).toEqual([
      "Fastställd: Socialnämnden 20 februari 2024 § xx", "Fastställd av: Förvaltningschef", "Dokumentansvarig: Förvaltningschef",
      "Reviderad: 3 mars 2025", "Dnr: SN2024/10", "Datum: 24 januari 2024",
    ]);
    expect([...el.querySelectorAll("summary")].map((s) => s.textContent)).toEqual(["Bakgrund", "Aktiviteter som är genomförda", "Revisioner (2)"]);
    const revs = [...el.querySelectorAll(".revisions > li")];
    expect(revs[0].querySelector("p")?.textContent).toBe("3 mars 2025: Efter nämndens beslut § 31");
    expect([...revs[0].querySelectorAll("li")].map((li) => li.textContent)).toEqual(["Ny åtgärd 2.3: Utbildning.", "Område 6 borttaget: Information"]);
    expect(el.querySelector(".plan-state")).toBeNull();
    // Not an editor (the server says so): nothing to change.
    expect(el.querySelector("form, button")).toBeNull();
  });

  it("says a draft is seen by its editors only, and lets an editor adopt it with the server's words on refusal", async () => {
    const sent: unknown[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)).variables);
      return new Response(JSON.stringify({ errors: [{ message: "Planen är redan fastställd.", extensions: { code: "CONFLICT" } }] }));
    }));
    const el = mount(<PlanHead plan={head({ status: "draft", statusLabel: "Utkast", adoptedBy: null, adoptedAt: null, adoptedParagraph: null, revisedAt: null, revisions: [], viewerCanEdit: true })} onChanged={() => {}} />);
    expect(el.querySelector(".plan-state")?.textContent).toContain("Utkast");
    expect(el.querySelector(".plan-state")?.textContent).toContain("syns bara för dem som redigerar planer");
    expect([...el.querySelectorAll("dt")].map((dt) => dt.textContent)).not.toContain("Fastställd");
    const by = el.querySelector<HTMLInputElement>("#faststalld-av")!;
    by.value = "Socialnämnden";
    by.dispatchEvent(new Event("input"));
    const at = el.querySelector<HTMLInputElement>("#faststalld-datum")!;
    at.value = "2025-03-10";
    at.dispatchEvent(new Event("input"));
    await flush();
    el.querySelector<HTMLFormElement>(".lifecycle form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !el.querySelector('[role="alert"]')?.textContent; i++) await flush();
    expect(sent).toEqual([{ id: "p1", adoptedBy: "Socialnämnden", adoptedAt: "2025-03-10", paragraph: "§ " }]);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain("Planen är redan fastställd.");
  });

  it("gives an editor Arkivera on an adopted plan, a note field on each revision, and Återöppna on an archived one", () => {
    let el = mount(<PlanHead plan={head({ viewerCanEdit: true })} onChanged={() => {}} />);
    expect([...el.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["Spara anteckningen", "Spara anteckningen", "Arkivera planen"]);
    expect(el.querySelector<HTMLInputElement>("#anteckning-2025-03-03")?.value).toBe("Efter nämndens beslut § 31");
    expect(el.querySelector('label[for="anteckning-2025-03-03"]')?.textContent).toBe("Anteckning om revisionen");
    render(null, root); root.remove();
    el = mount(<PlanHead plan={head({ status: "archived", statusLabel: "Arkiverad", viewerCanEdit: true })} onChanged={() => {}} />);
    expect(el.querySelector(".plan-state")?.textContent).toContain("Arkiverad");
    // Read-only: no note fields, only Återöppna.
    expect([...el.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["Återöppna planen"]);
  });

  it("lists archived plans, in no other list, only once asked, each by its own address", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      asked.push(JSON.parse(String(init.body)).query);
      return new Response(JSON.stringify({ data: { plans: { edges: [{ node: { id: "7", title: "Handlingsplan 2022", registryNumber: "SN2022/4" } }] } } }));
    }));
    const el = mount(<ArchivedPlans />);
    await flush();
    expect(asked).toEqual([]);
    const details = el.querySelector("details")!;
    details.open = true;
    details.dispatchEvent(new Event("toggle"));
    for (let i = 0; i < 20 && !el.querySelector("li a"); i++) await flush();
    expect(asked[0]).toContain("status: archived");
    expect(el.querySelector("li a")?.getAttribute("href")).toBe("/planen?plan=7");
    expect(el.querySelector("li a")?.textContent).toBe("Handlingsplan 2022 (Dnr SN2022/4)");
  });
});
