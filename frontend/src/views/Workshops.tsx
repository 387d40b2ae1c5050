import { useState } from "preact/hooks";
import { gql, nodes } from "../api";
import { CancelWorkshopRegistrationDocument, RegisterForWorkshopDocument, WorkshopsDocument, type MeQuery, type WorkshopsQuery } from "../gql";
import { useMutation, useQuery } from "../hooks";
import { longDate, today } from "../format";
import { Failed, Loading, value } from "../components";

type Workshop = NonNullable<NonNullable<NonNullable<WorkshopsQuery["workshops"]["edges"]>[number]>["node"]>;
type Registration = NonNullable<Workshop["registrations"]>[number];

export function placeText(r: Pick<Registration, "state" | "waitlistPosition"> | undefined): string {
  if (!r || r.state === "cancelled") return "Inte anmäld";
  if (r.state === "registered") return "Intresseanmäld, platserna är inte fördelade än";
  if (r.state === "seated") return "Du har en plats";
  return `Reservplats ${r.waitlistPosition ?? ""}`.trim();
}

export function Workshops({ me }: { me: MeQuery["me"] }) {
  const q = useQuery(WorkshopsDocument, { from: today() });
  const list = nodes(q.data?.workshops);
  return (
    <>
      <h1>Workshops</h1>
      <p>Förvaltningen håller två workshops per termin. Anmäl intresse med ditt verksamhetsområde; platserna fördelas så att alla områden får plats.</p>
      {q.error ? <Failed error={q.error} /> : null}
      {!q.data && !q.error ? <Loading what="workshopparna" /> : null}
      {q.data ? (
        list.length === 0 ? <p>Inga kommande workshops.</p> :
          <ul class="cards">{list.map((w) => <Item key={w.id} w={w} me={me} onChange={q.reload} />)}</ul>
      ) : null}
    </>
  );
}

function Item({ w, me, onChange }: { w: Workshop; me: MeQuery["me"]; onChange: () => void }) {
  const mine = (w.registrations ?? []).find((r) => r.user.id === me.user.id && r.state !== "cancelled");
  const areas = me.departments.flatMap((d) => d.operationAreas ?? []);
  const [area, setArea] = useState(areas[0]?.id ?? "");
  const m = useMutation();
  const now = Date.now();
  const open = !w.allocatedAt && Date.parse(w.registrationOpensAt) <= now && now < Date.parse(w.registrationClosesAt);
  const taken = (w.registrations ?? []).filter((r) => r.state === "seated").length;
  const id = `omrade-${w.id}`;
  const register = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(RegisterForWorkshopDocument, { workshop: w.id, area }))) onChange();
  };
  const cancel = async () => {
    if (mine && await m.run(() => gql(CancelWorkshopRegistrationDocument, { id: mine.id }))) onChange();
  };
  return (
    <li class="card">
      <h2 class="card-title">{w.topic}</h2>
      <dl class="facts">
        <dt>Datum</dt><dd>{longDate(w.date)}</dd>
        {w.place ? <><dt>Plats</dt><dd>{w.place}</dd></> : null}
        <dt>Platser</dt><dd>{w.allocatedAt ? `${taken} av ${w.capacity} fördelade` : `${w.capacity}`}</dd>
        <dt>Anmälan</dt><dd>{longDate(today(new Date(w.registrationOpensAt)))} – {longDate(today(new Date(w.registrationClosesAt)))}</dd>
        <dt>Din plats</dt><dd>{placeText(mine)}</dd>
      </dl>
      {!mine && open ? (
        <form class="signoff" onSubmit={register}>
          <label for={id}>Verksamhetsområde</label>
          <select id={id} value={area} onChange={(e) => setArea(value(e))}>
            {areas.map((a) => <option value={a.id}>{a.name}</option>)}
          </select>
          <button type="submit" disabled={m.busy}>Anmäl intresse</button>
        </form>
      ) : null}
      {mine ? <p><button type="button" class="secondary" disabled={m.busy} onClick={cancel}>Avanmäl mig</button></p> : null}
      {!mine && !open ? <p class="muted">Anmälan är inte öppen.</p> : null}
      {m.error ? <p role="alert" class="error">{m.error}</p> : null}
    </li>
  );
}
