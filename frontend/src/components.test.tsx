import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { Status } from "./components";
import { Item, type MyAction } from "./views/MyActions";

const item = (status: any): MyAction => ({
  action: { id: "42", number: 1, text: "Bjud in nämnden", deadlineKind: "month", dueMonth: "2024-12", dueDate: null, responsible: { id: "r", name: "Enhetschef" } },
  plan: { id: "p", title: "Plan" },
  followUp: { status, due: "2024-12-31", subActionsDone: 0, subActionsTotal: 0 },
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

  it("offers no sign-off for a done action", () => {
    const el = mount(<Item item={item("done")} onDone={() => {}} />);
    expect(el.querySelector("button")).toBeNull();
    expect(el.textContent).toContain("Klar");
  });
});
