import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { Status } from "./components";
import { Item, type MyAction } from "./views/MyActions";

const item = (status: any, periods: MyAction["followUp"]["periods"] = []): MyAction => ({
  action: { id: "42", number: 1, text: "Bjud in nämnden", deadlineKind: "month", dueMonth: "2024-12", dueDate: null, scope: "once", responsible: { id: "r", name: "Enhetschef" } },
  plan: { id: "p", title: "Plan" },
  followUp: { status, due: "2024-12-31", subActionsDone: 0, subActionsTotal: 0, shares: null, periods },
  units: [],
});

describe("components", () => {
  let root: HTMLElement;
  afterEach(() => { render(null, root); root.remove(); });
  const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };

  it("shows status in words", () => {
    expect(mount(<Status status="overdue" />).textContent).toBe("Försenad");
  });

  it("offers a labelled sign-off for an open action", () => {
    const el = mount(<Item item={item("overdue")} onDone={() => {}} />);
    expect(el.querySelector("button")?.textContent).toBe("Signera av");
    const ta = el.querySelector("textarea")!;
    expect(el.querySelector(`label[for="${ta.id}"]`)?.textContent).toBe("Kommentar (valfritt)");
    expect(el.textContent).toContain("December 2024");
  });

  it("tells about a missed period and how to sign it off late", () => {
    const el = mount(<Item item={item("missed", [
      { key: "2024-VT", label: "VT 2024", start: "2024-01-01", end: "2024-06-30", status: "missed" },
      { key: "2024-HT", label: "HT 2024", start: "2024-08-01", end: "2024-12-31", status: "not_started" },
    ])} onDone={() => {}} />);
    expect(el.textContent).toContain("Missad period: VT 2024 (1 januari 2024–30 juni 2024)");
    expect(el.textContent).not.toContain("HT 2024 (");
    expect(el.querySelector("details")?.open).toBe(true);
    const date = el.querySelector<HTMLInputElement>('input[type="date"]')!;
    expect(el.querySelector(`label[for="${date.id}"]`)?.textContent).toBe("Utfört den");
    expect(date.getAttribute("aria-describedby")).toBe(el.querySelector(".muted[id]")?.id);
  });

  it("offers no sign-off for a done action", () => {
    const el = mount(<Item item={item("done")} onDone={() => {}} />);
    expect(el.querySelector("button")).toBeNull();
    expect(el.textContent).toContain("Klar");
  });
});
