import { useState } from "preact/hooks";
import { gql } from "../api";
import { CalendarFeedsDocument, CreateCalendarFeedDocument, RevokeCalendarFeedDocument } from "../gql";
import { useMutation, useNotice, useQuery } from "../hooks";
import { ConfirmButton, ErrorMessage, Failed, Loading } from "../components";
import { dateTime } from "../format";

/**
 * "Prenumerera i Outlook/kalendern": a secret address of the viewer's
 * calendar (their deadlines, board meetings, booked study visits, workshop
 * seats and their units' APT dates; the server decides what it holds). The
 * address is shown once, when made; after that only when it was made, and
 * a way to stop it.
 */
export function CalendarFeeds() {
  const feeds = useQuery(CalendarFeedsDocument, {});
  const m = useMutation();
  const [made, setMade] = useState("");
  const [notice, announce] = useNotice();

  const create = () => m.run(async () => {
    const r = await gql(CreateCalendarFeedDocument, {});
    setMade(new URL(r.createCalendarFeed.url ?? "", location.origin).href);
    announce("En ny kalenderadress är skapad. Kopiera den nu: den visas bara en gång.");
    feeds.reload();
  });
  const revoke = (id: string) => m.run(async () => {
    await gql(RevokeCalendarFeedDocument, { id });
    announce("Kalenderadressen är stängd. Kalendrar som prenumererar på den får inget mer.");
    feeds.reload();
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(made);
      announce("Adressen är kopierad.");
    } catch {
      (document.getElementById("kalenderadress") as HTMLInputElement | null)?.select();
      announce("Kunde inte kopiera. Adressen är markerad: kopiera den med Ctrl+C (⌘+C på Mac).");
    }
  };

  const list = feeds.data?.myCalendarFeeds ?? [];
  return (
    <div class="stack">
      <p>Dina åtgärder, nämndens sammanträden och vilken verksamhet som besöker, studiebesök du bokat, workshops där du har plats och APT för din enhet, i Outlook eller i mobilens kalender. Kalendern hämtar nytt själv några gånger om dagen.</p>
      <p>Adressen är hemlig: den som har den ser det din kalender visar. Dela den inte, och stäng den om den kommit fel.</p>
      <p role="status" class="notice">{notice}</p>
      {made ? (
        <div class="feed-made">
          <label for="kalenderadress">Din nya kalenderadress (visas bara nu)</label>
          <input id="kalenderadress" readOnly value={made} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          <p class="buttons"><button type="button" onClick={copy}>Kopiera adressen</button></p>
          <p><strong>Så lägger du till den</strong></p>
          <ul>
            <li><strong>Outlook:</strong> gå till Kalender, välj Lägg till kalender och sedan Från internet (eller Prenumerera från webben). Klistra in adressen och spara.</li>
            <li><strong>iPhone:</strong> Inställningar → Kalender → Konton → Lägg till konto → Annat → Lägg till prenumererad kalender. Klistra in adressen.</li>
            <li><strong>Android:</strong> öppna Google Kalender i en webbläsare på datorn, välj + vid Andra kalendrar och sedan Från webbadress. Klistra in adressen; den syns sedan i mobilen.</li>
          </ul>
        </div>
      ) : null}
      <p class="buttons"><button type="button" onClick={create} disabled={m.busy}>Skapa en kalenderadress</button></p>
      <ErrorMessage error={m.error} />
      {feeds.loading && !feeds.data ? <Loading what="dina kalenderadresser" /> : null}
      {feeds.error ? <Failed error={feeds.error} /> : null}
      {list.length ? (
        <>
          <p>Kalenderadresser som fungerar nu:</p>
          <ul class="plain">
            {list.map((f) => (
              <li key={f.id} class="inline">
                <span>Skapad {dateTime(f.createdAt)}</span>
                <ConfirmButton label="Stäng adressen" confirm={`Ja, stäng adressen från ${dateTime(f.createdAt)}`} disabled={m.busy} onConfirm={() => revoke(f.id)} />
              </li>
            ))}
          </ul>
        </>
      ) : feeds.data ? <p class="muted">Du har ingen kalenderadress.</p> : null}
    </div>
  );
}
