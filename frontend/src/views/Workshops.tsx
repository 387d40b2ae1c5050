import { useState } from "preact/hooks";
import { gql, nodes, type NodeOf } from "../api";
import {
  AllocateWorkshopSeatsDocument, CancelWorkshopRegistrationDocument, CreateWorkshopDocument, RegisterForWorkshopDocument,
  WorkshopsDocument, type MeQuery, type WorkshopsQuery,
} from "../gql";
import { useMutation, useQuery, useNotice } from "../hooks";
import { longDate, today } from "../format";
import { ErrorMessage, ConfirmButton, Failed, Loading, value } from "../components";

type Workshop = NodeOf<WorkshopsQuery["workshops"]>;
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
  // Plan editors hold the workshops (the server knows exactly who may; it refuses the others).
  const editorIn = new Set(me.assignments.filter((a) => a.role.editsPlans).map((a) => a.department.id));
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
          <ul class="cards">{list.map((w) => <Item key={w.id} w={w} me={me} editor={editorIn.has(w.departmentID)} onChange={done} />)}</ul>
      ) : null}
      {me.departments.filter((d) => editorIn.has(d.id)).map((d) => <NewWorkshop key={d.id} department={d} onDone={done} many={editorIn.size > 1} />)}
    </>
  );
}

function Item({ w, me, editor, onChange }: { w: Workshop; me: MeQuery["me"]; editor: boolean; onChange: (msg: string) => void }) {
  const mine = (w.registrations ?? []).find((r) => r.user.id === me.user.id && r.state !== "cancelled");
  const areas = me.departments.find((d) => d.id === w.departmentID)?.operationAreas ?? [];
  const [area, setArea] = useState(areas[0]?.id ?? "");
  const m = useMutation();
  const now = Date.now();
  const open = !w.allocatedAt && Date.parse(w.registrationOpensAt) <= now && now < Date.parse(w.registrationClosesAt);
  const taken = (w.registrations ?? []).filter((r) => r.state === "seated").length;
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
      {editor && !w.allocatedAt ? (
        <p><ConfirmButton label="Fördela platserna" confirm="Ja, stäng anmälan och fördela" disabled={m.busy} onConfirm={allocate} /></p>
      ) : null}
      {w.allocatedAt && w.explanation?.length ? (
        <details>
          <summary>Så fördelades platserna</summary>
          <ol>{w.explanation.map((line, i) => <li key={i}>{line}</li>)}</ol>
          {w.seed !== null ? <p class="muted">Lottningens startvärde: {w.seed}. Vem som helst kan räkna om fördelningen med det.</p> : null}
        </details>
      ) : null}
      <ErrorMessage error={m.error} />
    </li>
  );
}

/** Plan a workshop: announced in advance, with a registration window. */
function NewWorkshop({ department, many, onDone }: { department: { id: string; name: string }; many: boolean; onDone: (msg: string) => void }) {
  const blank = { topic: "", date: "", place: "", capacity: "30", opens: "", closes: "" };
  const [f, setF] = useState(blank);
  const m = useMutation();
  const id = (k: string) => `ny-workshop-${k}-${department.id}`;
  const field = (k: keyof typeof f, label: string, type = "text", required = true) => (
    <p><label for={id(k)}>{label}</label><input id={id(k)} type={type} required={required} value={f[k]} onInput={(e) => setF({ ...f, [k]: value(e) })} /></p>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateWorkshopDocument, { department: department.id, input: {
      topic: f.topic.trim(), date: f.date, place: f.place.trim() || null, capacity: Number(f.capacity),
      registrationOpensAt: new Date(f.opens).toISOString(), registrationClosesAt: new Date(f.closes).toISOString(),
    } }));
    if (r) { setF(blank); onDone(`Workshoppen ${f.topic.trim()} är planerad.`); }
  };
  return (
    <details>
      <summary>Planera en workshop{many ? ` (${department.name})` : ""}</summary>
      <form class="stack" onSubmit={submit}>
        {field("topic", "Ämne")}
        {field("date", "Datum", "date")}
        {field("place", "Plats (valfritt)", "text", false)}
        {field("capacity", "Antal platser", "number")}
        {field("opens", "Anmälan öppnar", "datetime-local")}
        {field("closes", "Anmälan stänger", "datetime-local")}
        <button type="submit" disabled={m.busy}>Planera workshoppen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}
