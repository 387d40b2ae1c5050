import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MailSettings } from "./views/MailSettings";
import { Mail } from "./views/admin/Mail";

let root: HTMLElement;
const mount = (vnode: any) => { root = document.createElement("div"); document.body.append(root); render(vnode, root); return root; };
const flush = async (n = 5) => { for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0)); };

/** Answers each GraphQL request by its operation's name, and records them. */
function server(answers: Record<string, unknown>) {
  const sent: { query: string; variables: any }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string);
    sent.push(body);
    const name = Object.keys(answers).find((k) => body.query.includes(k));
    return new Response(JSON.stringify({ data: name ? answers[name] : {} }));
  }));
  return sent;
}

const prefs = { digest: "weekly", reminders: true, events: true, email: "elin@kommun.se", emailEnabled: true };

describe("e-mail choices", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  it("shows the person's choices with labels and saves a change", async () => {
    const sent = server({
      "query MyNotificationPrefs": { myNotificationPrefs: prefs },
      "mutation SetMyNotificationPrefs": { setMyNotificationPrefs: { ...prefs, digest: "biweekly", reminders: false } },
    });
    const el = mount(<MailSettings />);
    await flush();
    expect(el.querySelector("h1")?.textContent).toBe("Mina utskick");
    expect(el.textContent).toContain("elin@kommun.se");
    const radios = [...el.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.closest("label")?.textContent?.trim())).toEqual(["Varje vecka", "Varannan vecka", "Aldrig"]);
    expect(radios[0].checked).toBe(true);
    expect(el.querySelectorAll("fieldset legend").length).toBe(2);
    radios[1].click();
    const reminders = el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[0];
    reminders.click();
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await flush(80);
    const save = sent.find((s) => s.query.includes("SetMyNotificationPrefs"));
    expect(save?.variables.input).toEqual({ digest: "biweekly", reminders: false, events: true });
  });

  it("says when the server sends no mail", async () => {
    server({ "query MyNotificationPrefs": { myNotificationPrefs: { ...prefs, emailEnabled: false } } });
    const el = mount(<MailSettings />);
    await flush();
    expect(el.textContent).toContain("skickar ingen e-post just nu");
  });
});

describe("the department's mail in Administration", () => {
  afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });

  const me = {
    user: { id: "1", name: "Sara" }, municipalityAdministrator: false,
    departments: [{ id: "7", name: "Socialförvaltningen", operationAreas: [] }],
    assignments: [{ id: "a", department: { id: "7" }, role: { id: "r", name: "Systemförvaltare", editsPlans: false, administers: true, boardMember: false } }],
  };

  it("lists the mails that failed and saves the hour", async () => {
    const sent = server({
      "query NotificationAdmin": {
        notificationSettings: { digestWeekday: 1, digestHour: 7, reminderDays: 7 },
        notificationLog: [{ kind: "digest", occasion: "2026-W49", status: "failed", subject: "Veckans handlingsplan: 2 saker att göra",
          detail: "451 try again later", attempts: 10, at: "2026-12-07T06:00:00Z", user: { id: "5", name: "Elin Enhetschef", email: "elin@kommun.se" } }],
      },
      "mutation SetNotificationSettings": { setNotificationSettings: { digestWeekday: 5, digestHour: 15, reminderDays: 3 } },
    });
    const el = mount(<Mail me={me as any} />);
    await flush();
    expect(el.querySelector("caption")?.textContent).toBe("Brev som inte gick att skicka");
    expect(el.querySelector("tbody")?.textContent).toContain("Elin Enhetschef (elin@kommun.se)");
    expect(el.querySelector("tbody")?.textContent).toContain("451 try again later");
    for (const id of ["utskick-dag-7", "utskick-timme-7", "utskick-dagar-7"]) {
      expect(el.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    const set = (id: string, v: string) => {
      const input = el.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = v;
      input.dispatchEvent(new Event(input.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
    };
    set("utskick-dag-7", "5");
    set("utskick-timme-7", "15");
    set("utskick-dagar-7", "3");
    await flush();
    el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await flush(80);
    const save = sent.find((s) => s.query.includes("SetNotificationSettings"));
    expect(save?.variables).toEqual({ department: "7", input: { digestWeekday: 5, digestHour: 15, reminderDays: 3 } });
  });
});
