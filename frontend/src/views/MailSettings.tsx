import { useEffect, useState } from "preact/hooks";
import { gql } from "../api";
import { type DigestFrequency, MyNotificationPrefsDocument, SetMyNotificationPrefsDocument } from "../gql";
import { useMutation, useNotice, useQuery } from "../hooks";
import { ErrorMessage, Failed, Loading } from "../components";

const frequencies: { value: DigestFrequency; label: string }[] = [
  { value: "weekly", label: "Varje vecka" },
  { value: "biweekly", label: "Varannan vecka" },
  { value: "off", label: "Aldrig" },
];

/** Mina utskick: which e-mails the person gets, and how often the weekly letter comes. */
export function MailSettings() {
  const q = useQuery(MyNotificationPrefsDocument, {});
  const m = useMutation();
  const [notice, setNotice] = useNotice(6000);
  const [digest, setDigest] = useState<DigestFrequency>("weekly");
  const [reminders, setReminders] = useState(true);
  const [events, setEvents] = useState(true);
  const p = q.data?.myNotificationPrefs;
  useEffect(() => {
    if (!p) return;
    setDigest(p.digest);
    setReminders(p.reminders);
    setEvents(p.events);
  }, [p]);
  if (q.error && !p) return <Failed error={q.error} />;
  if (!p) return <Loading what="dina utskick" />;
  const save = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(SetMyNotificationPrefsDocument, { input: { digest, reminders, events } }))) setNotice("Dina val är sparade.");
  };
  return (
    <>
      <h1>Mina utskick</h1>
      <p>Välj vilka e-postbrev du vill få från Handlingsplan. Breven går till <strong>{p.email || "den adress du loggar in med"}</strong>.</p>
      {!p.emailEnabled ? <p class="notice">Den här servern skickar ingen e-post just nu. Dina val gäller när utskicken slås på.</p> : null}
      {p.email ? null : <p class="notice">Din inloggning har ingen e-postadress, så inga brev kan skickas till dig.</p>}
      <form class="stack" onSubmit={save}>
        <fieldset>
          <legend>Veckobrev med det som är försenat, missat och snart ska vara klart</legend>
          {frequencies.map((f) => (
            <label key={f.value} class="check">
              <input type="radio" name="digest" value={f.value} checked={digest === f.value} onChange={() => setDigest(f.value)} /> {f.label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Andra brev</legend>
          <label class="check">
            <input type="checkbox" checked={reminders} onChange={(e) => setReminders((e.target as HTMLInputElement).checked)} />
            {" "}Påminnelse några dagar innan något ska vara klart och du inte har signerat
          </label>
          <label class="check">
            <input type="checkbox" checked={events} onChange={(e) => setEvents((e.target as HTMLInputElement).checked)} />
            {" "}När något händer som rör dig, till exempel ett besök eller en plats på en workshop
          </label>
        </fieldset>
        <button type="submit" disabled={m.busy}>Spara</button>
        <ErrorMessage error={m.error} />
      </form>
      <p role="status" class="notice">{notice}</p>
      <p class="muted">Varje brev har också en länk längst ner som avslutar just den sortens brev.</p>
    </>
  );
}
