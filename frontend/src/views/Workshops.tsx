import { useState } from "preact/hooks";
import { gql, REGISTER, WORKSHOPS, type Me, type Registration, type Workshop, type Workshops as WS } from "../api";
import { useQuery } from "../hooks";
import { longDate, today } from "../format";
import { Failed, Loading } from "../components";

export function placeText(r: Registration | undefined): string {
  if (!r || r.state === "cancelled") return "Inte anmäld";
  if (r.state === "registered") return "Intresseanmäld, platserna är inte fördelade än";
  if (r.state === "seated") return "Du har en plats";
  return `Reservplats ${r.waitlistPosition ?? ""}`.trim();
}

export function Workshops({ me }: { me: Me["me"] }) {
  const q = useQuery<WS>(WORKSHOPS, { from: today() });
  return (
    <>
      <h1>Workshops</h1>
      {q.error ? <Failed error={q.error} /> : null}
      {!q.data && !q.error ? <Loading what="workshopparna" /> : null}
      {q.data ? (
        q.data.workshops.edges.length === 0 ? <p>Inga kommande workshops.</p> :
          <ul class="cards">{q.data.workshops.edges.map((e) => <Item key={e.node.id} w={e.node} me={me} onChange={q.reload} />)}</ul>
      ) : null}
    </>
  );
}

function Item({ w, me, onChange }: { w: Workshop; me: Me["me"]; onChange: () => void }) {
  const mine = (w.registrations ?? []).find((r) => r.user.id === me.user.id && r.state !== "cancelled");
  const areas = me.departments.flatMap((d) => d.operationAreas ?? []);
  const [area, setArea] = useState(areas[0]?.id ?? "");
  const [error, setError] = useState("");
  const now = Date.now();
  const open = !w.allocatedAt && Date.parse(w.registrationOpensAt) <= now && now < Date.parse(w.registrationClosesAt);
  const taken = (w.registrations ?? []).filter((r) => r.state === "seated").length;
  const id = `omrade-${w.id}`;
  const register = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await gql(REGISTER, { w: w.id, a: area });
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <li class="card">
      <h2 class="card-title">{w.topic}</h2>
      <dl class="facts">
        <dt>Datum</dt><dd>{longDate(w.date)}</dd>
        {w.place ? <><dt>Plats</dt><dd>{w.place}</dd></> : null}
        <dt>Platser</dt><dd>{w.allocatedAt ? `${taken} av ${w.capacity} fördelade` : `${w.capacity}`}</dd>
        <dt>Din plats</dt><dd>{placeText(mine)}</dd>
      </dl>
      {!mine && open ? (
        <form class="signoff" onSubmit={register}>
          <label for={id}>Verksamhetsområde</label>
          <select id={id} value={area} onChange={(e) => setArea((e.target as HTMLSelectElement).value)}>
            {areas.map((a) => <option value={a.id}>{a.name}</option>)}
          </select>
          <button type="submit">Anmäl intresse</button>
          {error ? <p role="alert" class="error">{error}</p> : null}
        </form>
      ) : null}
      {!mine && !open ? <p class="muted">Anmälan är inte öppen.</p> : null}
    </li>
  );
}
