import { useState } from "preact/hooks";
import { gql, nodes, type NodeOf } from "../api";
import {
  AllocateWorkshopSeatsDocument, CancelWorkshopRegistrationDocument, CreateWorkshopDocument, RegisterForWorkshopDocument,
  WorkshopPlanningDocument, WorkshopsDocument, type MeQuery, type WorkshopsQuery,
} from "../gql";
import { useMutation, useQuery, useNotice } from "../hooks";
import { longDate, plural, today } from "../format";
import { ErrorMessage, ConfirmButton, Failed, Loading, value } from "../components";

type Me = MeQuery["me"];
type Workshop = NodeOf<WorkshopsQuery["workshops"]>;
type Registration = NonNullable<Workshop["registrations"]>[number];
type Area = NonNullable<Me["departments"][number]["operationAreas"]>[number];

const DAY = 24 * 3600 * 1000;

export function placeText(r: Pick<Registration, "state" | "waitlistPosition"> | undefined): string {
  if (!r || r.state === "cancelled") return "Inte anmäld";
  if (r.state === "registered") return "Intresseanmäld, platserna är inte fördelade än";
  if (r.state === "seated") return "Du har en plats";
  return `Reservplats ${r.waitlistPosition ?? ""}`.trim();
}

export function Workshops({ me }: { me: Me }) {
  const q = useQuery(WorkshopsDocument, { from: today() });
  const list = nodes(q.data?.workshops);
  // Who organises a department's workshops is the server's rule: it says so per department.
  const organiserIn = new Set((q.data?.me.departments ?? []).filter((d) => d.viewerOrganisesWorkshops).map((d) => d.id));
  const [notice, setNotice] = useNotice();
  const done = (msg: string) => { setNotice(msg); q.reload(); };
  return (
    <>
      <h1>Workshops</h1>
      <p>Förvaltningen håller två workshops per termin. Anmäl intresse med ditt verksamhetsområde; platserna fördelas så att alla områden får plats.</p>
      <p role="status" class="notice">{notice}</p>
      {q.error ? <Failed error={q.error} /> : null}
      {!q.data && !q.error ? <Loading what="workshopparna" /> : null}
      {q.data ? (
        list.length === 0 ? <p>Inga kommande workshops.</p> :
          <ul class="cards">{list.map((w) => <Item key={w.id} w={w} me={me} organiser={organiserIn.has(w.departmentID)} onChange={done} />)}</ul>
      ) : null}
      {me.departments.filter((d) => organiserIn.has(d.id)).map((d) =>
        <Planning key={d.id} department={d} many={organiserIn.size > 1} onDone={done} />)}
    </>
  );
}

function Item({ w, me, organiser, onChange }: { w: Workshop; me: Me; organiser: boolean; onChange: (msg: string) => void }) {
  const regs = w.registrations ?? [];
  const mine = regs.find((r) => r.user.id === me.user.id && r.state !== "cancelled");
  const areas = me.departments.find((d) => d.id === w.departmentID)?.operationAreas ?? [];
  const [area, setArea] = useState(areas[0]?.id ?? "");
  const m = useMutation();
  const id = `omrade-${w.id}`;
  const register = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(RegisterForWorkshopDocument, { workshop: w.id, area }))) onChange(`Du är intresseanmäld till ${w.topic}.`);
  };
  const cancel = async () => {
    if (mine && await m.run(() => gql(CancelWorkshopRegistrationDocument, { id: mine.id }))) onChange(`Du är avanmäld från ${w.topic}.`);
  };
  const allocate = async () => {
    if (await m.run(() => gql(AllocateWorkshopSeatsDocument, { workshop: w.id }))) onChange(`Platserna till ${w.topic} är fördelade.`);
  };
  return (
    <li class="card" data-workshop={w.id}>
      <h2 class="card-title">{w.topic}</h2>
      <dl class="facts">
        <dt>Datum</dt><dd>{longDate(w.date)}</dd>
        {w.place ? <><dt>Plats</dt><dd>{w.place}</dd></> : null}
        <dt>Platser</dt><dd>{w.allocatedAt ? `${w.seatedCount} av ${w.capacity} fördelade` : `${w.capacity}`}</dd>
        {organiser && w.minimums.length ? <><dt>Minst per område</dt><dd>{w.minimums.map((x) => `${x.code} ${x.seats}`).join(", ")}</dd></> : null}
        <dt>Anmälan</dt><dd>{longDate(today(new Date(w.registrationOpensAt)))} – {longDate(today(new Date(w.registrationClosesAt)))}</dd>
        <dt>Din plats</dt><dd>{placeText(mine)}</dd>
      </dl>
      {!mine && w.registrationOpen ? (
        <form class="signoff" onSubmit={register}>
          <label for={id}>Verksamhetsområde</label>
          <select id={id} value={area} onChange={(e) => setArea(value(e))}>
            {areas.map((a) => <option value={a.id}>{a.name}</option>)}
          </select>
          <button type="submit" disabled={m.busy}>Anmäl intresse</button>
        </form>
      ) : null}
      {mine ? <p><button type="button" class="secondary" disabled={m.busy} onClick={cancel}>Avanmäl mig</button></p> : null}
      {!mine && !w.registrationOpen ? <p class="muted">Anmälan är inte öppen.</p> : null}
      {organiser ? <Participants w={w} regs={regs} /> : null}
      {organiser && !w.allocatedAt ? (
        <p><ConfirmButton label="Fördela platserna" confirm="Ja, stäng anmälan och fördela" disabled={m.busy} onConfirm={allocate} /></p>
      ) : null}
      {w.allocatedAt && w.explanation?.length ? (
        <details>
          <summary>Så fördelades platserna</summary>
          <ol>{w.explanation.map((line, i) => <li key={i}>{line}</li>)}</ol>
        </details>
      ) : null}
      <ErrorMessage error={m.error} />
    </li>
  );
}

/**
 * The organiser's list: who registered, and after allocation who has a
 * seat and who waits, in waitlist order. The server sends everyone's
 * registrations only to the workshop's organisers.
 */
export function Participants({ w, regs }: { w: Pick<Workshop, "id" | "allocatedAt">; regs: Registration[] }) {
  const live = regs.filter((r) => r.state !== "cancelled");
  const person = (r: Registration) => `${r.user.name}, ${r.operationArea.name}`;
  const groups: [string, string, Registration[]][] = w.allocatedAt ? [
    ["plats", "Har plats", live.filter((r) => r.state === "seated")],
    ["vantar", "Väntar på plats", live.filter((r) => r.state === "waitlisted")
      .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0))],
  ] : [["anmalda", "Intresseanmälda", live]];
  return (
    <details class="participants">
      <summary>Deltagarlista ({plural(live.length, "anmäld", "anmälda")})</summary>
      {live.length === 0 ? <p>Ingen har anmält intresse än.</p> : groups.map(([key, title, list]) => (
        <section key={key} aria-labelledby={`${key}-${w.id}`}>
          <h3 id={`${key}-${w.id}`}>{title} ({list.length})</h3>
          {list.length ? (
            <ol data-participants={key}>
              {list.map((r) => <li key={r.id}>{person(r)}</li>)}
            </ol>
          ) : <p class="muted">Ingen.</p>}
        </section>
      ))}
    </details>
  );
}

/** An organiser's planning: the plan's two workshops per term, and a new workshop with the minimum seats per area. */
function Planning({ department, many, onDone }: { department: Me["departments"][number]; many: boolean; onDone: (msg: string) => void }) {
  const [range] = useState(() => ({ from: today(), to: today(new Date(Date.now() + 365 * DAY)) }));
  const q = useQuery(WorkshopPlanningDocument, { department: department.id, ...range });
  const done = (msg: string) => { q.reload(); onDone(msg); };
  const heading = `Planera workshops${many ? ` (${department.name})` : ""}`;
  const hid = `planera-${department.id}`;
  if (q.error) return <section aria-labelledby={hid}><h2 id={hid}>{heading}</h2><Failed error={q.error} /></section>;
  if (!q.data) return <section aria-labelledby={hid}><h2 id={hid}>{heading}</h2><Loading what="terminerna" /></section>;
  const minimums = q.data.node?.workshopMinimums ?? [];
  return (
    <section aria-labelledby={hid}>
      <h2 id={hid}>{heading}</h2>
      <ul class="terms">
        {q.data.workshopTerms.map((t) => (
          <li key={t.key} data-term={t.key}>
            <strong>{t.label}:</strong> {t.workshops.length} av {t.wanted} workshops{t.met ? ", klart." : `, ${t.wanted - t.workshops.length} till behövs.`}
          </li>
        ))}
      </ul>
      <NewWorkshop key={minimums.map((x) => x.code + x.seats).join()} areas={department.operationAreas ?? []} department={department.id}
        minimums={minimums} onDone={done} />
    </section>
  );
}

/** Plan a workshop: announced in advance, with a registration window and the minimum seats per operation area. */
function NewWorkshop({ department, areas, minimums, onDone }: {
  department: string; areas: Area[]; minimums: { code: string; seats: number }[]; onDone: (msg: string) => void;
}) {
  const defaults = () => Object.fromEntries(areas.map((a) => [a.code, String(minimums.find((x) => x.code === a.code)?.seats ?? 0)]));
  const blank = { topic: "", date: "", place: "", capacity: "30", opens: "", closes: "" };
  const [f, setF] = useState(blank);
  const [mins, setMins] = useState<Record<string, string>>(defaults);
  const m = useMutation();
  const id = (k: string) => `ny-workshop-${k}-${department}`;
  const field = (k: keyof typeof f, label: string, type = "text", required = true) => (
    <p><label for={id(k)}>{label}</label><input id={id(k)} type={type} required={required} value={f[k]} onInput={(e) => setF({ ...f, [k]: value(e) })} /></p>
  );
  const sum = Object.values(mins).reduce((n, s) => n + (Number(s) || 0), 0);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateWorkshopDocument, { department, input: {
      topic: f.topic.trim(), date: f.date, place: f.place.trim() || null, capacity: Number(f.capacity),
      registrationOpensAt: new Date(f.opens).toISOString(), registrationClosesAt: new Date(f.closes).toISOString(),
      minimums: Object.entries(mins).map(([code, seats]) => ({ code, seats: Number(seats) || 0 })),
    } }));
    if (r) { setF(blank); setMins(defaults()); onDone(`Workshoppen ${f.topic.trim()} är planerad.`); }
  };
  return (
    <details>
      <summary>Planera en workshop</summary>
      <form class="stack" onSubmit={submit}>
        {field("topic", "Ämne")}
        {field("date", "Datum", "date")}
        {field("place", "Plats (valfritt)", "text", false)}
        {field("capacity", "Antal platser", "number")}
        <fieldset>
          <legend>Minst så här många platser per verksamhetsområde</legend>
          {areas.map((a) => (
            <p key={a.code}>
              <label for={id(`minst-${a.id}`)}>{a.name}</label>
              <input id={id(`minst-${a.id}`)} type="number" min={0} required value={mins[a.code] ?? "0"}
                onInput={(e) => setMins({ ...mins, [a.code]: value(e) })} />
            </p>
          ))}
          <p class="muted">Tillsammans {plural(sum, "plats", "platser")}. Blir det platser över fördelas de efter hur många som anmäler sig från varje område.</p>
        </fieldset>
        {field("opens", "Anmälan öppnar", "datetime-local")}
        {field("closes", "Anmälan stänger", "datetime-local")}
        <button type="submit" disabled={m.busy}>Planera workshoppen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}
