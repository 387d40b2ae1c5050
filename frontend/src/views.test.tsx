import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { History } from "./views/ActionPage";
import { AuditLog } from "./views/admin/AuditLog";
import { ConfirmButton, ErrorMessage, SignOffForm } from "./components";
import { GraphQLError, NetworkError } from "./api";
import { actionIDOf, section } from "./router";
import { today } from "./format";

const signOff = (over: Record<string, unknown>) => ({
  id: "s1", doneOn: "2024-11-02", period: null, comment: null, evidenceLink: null, evidence: null,
  signer: { id: "u1", name: "Elin Enhetschef" }, onBehalf: false, createdAt: "2024-11-02T09:15:00Z",
  withdrawnAt: null, withdrawnBy: null, withdrawReason: null, unit: null, viewerCanWithdraw: false, ...over,
});

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = () => new Promise((r) => setTimeout(r, 0));
// Preact runs effects after the next paint.
const afterEffects = () => new Promise((r) => setTimeout(r, 60));

describe("views", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); localStorage.clear(); });

  it("lists marks newest first, undone ones with who and why, and Ångra where the server allows it", () => {
    const el = mount(<History onChange={() => {}} signOffs={[
      signOff({ id: "old", doneOn: "2024-06-30", withdrawnAt: "2024-07-01T08:00:00Z", withdrawnBy: { name: "Frida Förvaltningschef" }, withdrawReason: "Fel åtgärd" }),
      signOff({ id: "new", doneOn: "2024-11-02", comment: "Gjort på APT.", evidence: { id: "9", name: "protokoll.pdf" }, evidenceLink: "https://intranat.example/apt", viewerCanWithdraw: true }),
      // Signed by the viewer's own id, yet the server says no: the server decides, not the app.
      signOff({ id: "other", doneOn: "2024-09-01", viewerCanWithdraw: false }),
    ]} />);
    const items = [...el.querySelectorAll(".history > li")];
    expect(items.map((li) => li.querySelector("strong")?.textContent)).toEqual(["2 november 2024", "1 september 2024", "30 juni 2024"]);
    expect(items[0].textContent).toContain("markerad som utförd av Elin Enhetschef");
    expect(items[0].textContent).toContain("”Gjort på APT.”");
    expect(items[0].querySelector('a[href="/evidence/9"]')?.textContent).toBe("protokoll.pdf");
    expect(items[0].querySelector("summary")?.textContent).toBe("Ångra");
    expect(items[1].querySelector("summary")).toBeNull();
    expect(items[2].classList.contains("withdrawn")).toBe(true);
    expect(items[2].textContent).toContain("Ångrad");
    expect(items[2].textContent).toContain("av Frida Förvaltningschef: Fel åtgärd");
    expect(items[2].querySelector("summary")).toBeNull();
  });

  it("shows the audit log as the server says it, in Swedish time, without ids or field names", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ data: { auditLog: {
      totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null },
      edges: [{ node: { id: "4294967299", at: "2026-12-07T13:05:00Z", summary: "Sara Systemförvaltare gav Elin Enhetschef rollen Ledamot" } }],
    } } }))));
    const el = mount(<AuditLog />);
    for (let i = 0; i < 20 && !el.querySelector(".history li"); i++) await flush();
    expect(el.querySelector(".history li")?.textContent).toBe("7 december 2026 kl. 14:05: Sara Systemförvaltare gav Elin Enhetschef rollen Ledamot");
    expect(el.textContent).not.toContain("4294967299");
    expect(el.textContent).not.toMatch(/RoleAssignment|role_id|user_id/);
  });

  it("uploads evidence before it signs off, and never queues a file offline", async () => {
    const calls: { url: string; body: unknown }[] = [];
    vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, body: init.body });
      if (url === "/evidence") return new Response(JSON.stringify({ id: "77", name: "p.pdf", url: "/evidence/77" }), { status: 201 });
      return new Response(JSON.stringify({ data: { signOff: { id: "s9", doneOn: "2024-11-02" } } }));
    }));
    const done = vi.fn();
    const el = mount(<SignOffForm actionID="42" text="Bjud in nämnden" onDone={done} />);
    const file = new File(["%PDF-1.4"], "p.pdf", { type: "application/pdf" });
    const input = el.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input, "files", { value: [file] });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !done.mock.calls.length; i++) await flush();
    expect(calls.map((c) => c.url)).toEqual(["/evidence", "/graphql"]);
    expect(JSON.parse(calls[1].body as string).variables.input).toMatchObject({ actionID: "42", evidenceID: "77", doneOn: today() });
    expect(done).toHaveBeenCalledWith("Markerad som utförd: Bjud in nämnden", true);
    expect(el.querySelector<HTMLInputElement>('input[type="file"]')!.value).toBe(""); // ready for the next time

    vi.stubGlobal("fetch", vi.fn(async () => { throw new TypeError("offline"); }));
    const done2 = vi.fn();
    const el2 = mount(<SignOffForm actionID="43" text="Annan" onDone={done2} />);
    const input2 = el2.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input2, "files", { value: [file] });
    input2.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    el2.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    for (let i = 0; i < 20 && !el2.querySelector('[role="alert"]'); i++) await flush();
    expect(el2.querySelector('[role="alert"]')?.textContent).toContain("Filer kan bara skickas med nät");
    expect(done2).not.toHaveBeenCalled();
    expect(localStorage.getItem("handlingsplan.signoffs")).toBeNull();
  });

  it("routes action pages and administration sub-pages", () => {
    expect(actionIDOf("/atgard/4294967297")).toBe("4294967297");
    expect(actionIDOf("/atgard/")).toBe("");
    expect(section("/administration/logg")).toBe("/administration");
    expect(section("/")).toBe("/");
    expect(section("/planen")).toBe("/planen");
    expect(section("/okand")).toBe("");
  });

  it("shows the server's Swedish words, and never a program's own", () => {
    const el = mount(<ErrorMessage error={new GraphQLError("Åtgärden är redan utförd (2 november 2024).", "CONFLICT")} />);
    expect(el.textContent).toBe("Åtgärden är redan utförd (2 november 2024).");
    expect(el.querySelector('[role="alert"]')).not.toBeNull();
    expect(mount(<ErrorMessage error={new NetworkError("TypeError: Failed to fetch")} />).textContent).not.toContain("TypeError");
    expect(mount(<ErrorMessage error={new TypeError("x is undefined")} />).textContent).toBe("Något gick fel.");
  });

  it("asks once more before it acts, and keeps focus on the button in its place", async () => {
    const act = vi.fn();
    const el = mount(<ConfirmButton label="Ta bort" confirm="Ja, ta bort åtgärden" onConfirm={act} />);
    el.querySelector("button")!.click();
    await afterEffects();
    expect(document.activeElement?.textContent).toBe("Ja, ta bort åtgärden");
    expect(act).not.toHaveBeenCalled();
    (document.activeElement as HTMLButtonElement).click();
    await afterEffects();
    expect(act).toHaveBeenCalledTimes(1);
    expect(document.activeElement?.textContent).toBe("Ta bort");
  });
});
