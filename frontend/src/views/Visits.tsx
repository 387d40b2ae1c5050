import { useState } from "preact/hooks";
import { GraphQLError, gql, nodes, type NodeOf } from "../api";
import {
  ApplyRotationDocument, AssignBoardVisitDocument, BookStudyVisitDocument, CancelStudyVisitBookingDocument,
  ChangeStudyVisitSlotDocument, CreateBoardMeetingDocument, CreateStudyVisitSlotDocument, HoldBoardVisitDocument, ImportBoardMeetingsDocument, HoldStudyVisitDocument, MyStudyVisitsDocument, StudyVisitsDocument, UnassignBoardVisitDocument,
  VisitsDocument, type MeQuery, type VisitsQuery,
} from "../gql";
import { useMutation, useQuery, useNotice } from "../hooks";
import { dateTime, longDate, plural, today } from "../format";
import { ErrorMessage, Failed, Loading, value } from "../components";
import { actionPath, useHashTarget } from "../router";

type Me = MeQuery["me"];
type Meeting = NodeOf<VisitsQuery["boardMeetings"]>;
type Visit = NonNullable<Meeting["visit"]>;

const DAY = 24 * 3600 * 1000;

/** Nämndbesök och studiebesök: the board's meetings with their visiting operations, and study visits. */
export function Visits({ me }: { me: Me }) {
  const [dept, setDept] = useState(me.departments[0]?.id ?? "");
  if (!dept) return <><h1>Besök</h1><p>Du hör inte till någon förvaltning.</p></>;
  const editor = me.assignments.some((a) => a.department.id === dept && a.role.editsPlans);
  const member = me.assignments.some((a) => a.department.id === dept && a.role.boardMember);
  return (
    <>
      <h1>Besök</h1>
      {me.departments.length > 1 ? (
        <p>
          <label for="besok-forvaltning">Förvaltning</label>
          <select id="besok-forvaltning" value={dept} onChange={(e) => setDept(value(e))}>
            {me.departments.map((d) => <option value={d.id}>{d.name}</option>)}
          </select>
        </p>
      ) : null}
      <BoardVisits key={`mote-${dept}`} department={dept} editor={editor} />
      <StudyVisits key={`studie-${dept}`} department={dept} me={me} member={member} editor={editor} />
    </>
  );
}

function BoardVisits({ department, editor }: { department: string; editor: boolean }) {
  const from = today(new Date(Date.now() - 180 * DAY));
  const to = today(new Date(Date.now() + 365 * DAY));
  const q = useQuery(VisitsDocument, { department, from, to });
  const m = useMutation();
  const [notice, setNotice] = useNotice();
  const done = (msg: string) => { setNotice(msg); q.reload(); };
  useHashTarget("namndbesok", !!q.data);
  const heading = <h2 id="namndbesok">Nämndbesök</h2>;
  if (q.error) return <section aria-labelledby="namndbesok">{heading}<Failed error={q.error} /></section>;
  if (!q.data) return <section aria-labelledby="namndbesok">{heading}<Loading what="sammanträdena" /></section>;
  const meetings = nodes(q.data.boardMeetings);
  const operations = nodes(q.data.operations);
  const proposal = new Map(q.data.proposedRotation.filter((p) => !p.assigned).map((p) => [p.meeting.id, p.operation]));
  const apply = async () => {
    const r = await m.run(() => gql(ApplyRotationDocument, { department, from, to }));
    if (r) done(`${plural(r.applyRotation.length, "sammanträde fick", "sammanträden fick")} en verksamhet enligt rotationen.`);
  };
  return (
    <section aria-labelledby="namndbesok">
      {heading}
      <p>Verksamheterna besöker nämnden och berättar om sitt arbete, sina förutsättningar och behov: en verksamhet per sammanträde, i tur och ordning. Efter besöket återrapporterar enheten på sin nästa APT.</p>
      <p role="status" class="notice">{notice}</p>
      {editor && proposal.size ? (
        <p><button type="button" disabled={m.busy} onClick={apply}>Tilldela {plural(proposal.size, "sammanträde", "sammanträden")} enligt rotationen</button></p>
      ) : null}
      <ErrorMessage error={m.error} />
      {meetings.length === 0 ? <p>Inga sammanträden mellan {longDate(from)} och {longDate(to)}.</p> : (
        <ol class="cards">
          {meetings.map((meeting) => (
            <li class="card" key={meeting.id} data-meeting={meeting.id}>
              <h3 class="card-title">{longDate(meeting.date)}{meeting.note ? `: ${meeting.note}` : ""}</h3>
              {meeting.visit
                ? <VisitFacts visit={meeting.visit} date={meeting.date} editor={editor} onDone={done} />
                : <FreeMeeting key={proposal.get(meeting.id)?.id ?? ""} meeting={meeting} proposed={proposal.get(meeting.id)} operations={operations} editor={editor} onDone={done} />}
            </li>
          ))}
        </ol>
      )}
      {editor ? <NewMeetings department={department} onDone={done} /> : null}
      {editor ? <p class="muted">Verksamheter, enheter och enheternas APT-datum läggs in under <a href="/administration/organisation" data-route>Administration, Organisation</a>.</p> : null}
    </section>
  );
}

/** Plan editors add the board's meetings one by one or from the board's calendar file. */
function NewMeetings({ department, onDone }: { department: string; onDone: (msg: string) => void }) {
  const [f, setF] = useState({ date: "", note: "" });
  const [ics, setIcs] = useState<File | null>(null);
  const m = useMutation();
  const add = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateBoardMeetingDocument, { department, input: { date: f.date, note: f.note.trim() || null } }));
    if (r) { setF({ date: "", note: "" }); onDone(`Sammanträdet ${longDate(f.date)} är tillagt.`); }
  };
  const importFile = async (e: Event) => {
    e.preventDefault();
    if (!ics) return;
    const r = await m.run(async () => gql(ImportBoardMeetingsDocument, { department, ics: await ics.text() }));
    if (r) onDone(`${plural(r.importBoardMeetings.length, "nytt sammanträde", "nya sammanträden")} från kalenderfilen.`);
  };
  return (
    <details>
      <summary>Lägg till sammanträden</summary>
      <form class="stack" onSubmit={add}>
        <p><label for="nytt-sammantrade">Datum</label><input id="nytt-sammantrade" type="date" required value={f.date} onInput={(e) => setF({ ...f, date: value(e) })} /></p>
        <p><label for="nytt-sammantrade-notering">Notering (valfritt)</label><input id="nytt-sammantrade-notering" value={f.note} onInput={(e) => setF({ ...f, note: value(e) })} /></p>
        <button type="submit" disabled={m.busy}>Lägg till sammanträdet</button>
      </form>
      <form class="stack" onSubmit={importFile}>
        <p>
          <label for="kalenderfil">Eller hämta alla från nämndens kalender (iCalendar, .ics)</label>
          <input id="kalenderfil" type="file" accept=".ics,text/calendar" required onChange={(e) => setIcs((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </p>
        <button type="submit" disabled={m.busy || !ics}>Hämta sammanträdena</button>
      </form>
      <ErrorMessage error={m.error} />
    </details>
  );
}

function FreeMeeting({ meeting, proposed, operations, editor, onDone }: {
  meeting: Meeting; proposed?: { id: string; name: string }; operations: OperationWithUnits[];
  editor: boolean; onDone: (msg: string) => void;
}) {
  const [op, setOp] = useState(proposed?.id ?? operations[0]?.id ?? "");
  const [unit, setUnit] = useState("");
  const m = useMutation();
  const id = `verksamhet-${meeting.id}`;
  const units = operations.find((o) => o.id === op)?.units ?? [];
  const assign = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(AssignBoardVisitDocument, { meeting: meeting.id, operation: op, unit: unit || null }))) onDone(`Verksamheten besöker nämnden ${longDate(meeting.date)}.`);
  };
  return (
    <>
      <p>Ingen verksamhet ännu.{proposed ? ` Förslag enligt rotationen: ${proposed.name}.` : ""}</p>
      {editor && operations.length ? (
        <form class="stack" onSubmit={assign}>
          <p>
            <label for={id}>Verksamhet</label>
            <select id={id} value={op} onChange={(e) => { setOp(value(e)); setUnit(""); }}>
              {operations.map((o) => <option value={o.id}>{o.name}</option>)}
            </select>
          </p>
          {units.length > 1 ? (
            <p>
              <label for={`${id}-enhet`}>Enhet som berättar</label>
              <select id={`${id}-enhet`} value={unit} onChange={(e) => setUnit(value(e))}>
                <option value="">Bestäms senare</option>
                {units.map((u) => <option value={u.id}>{u.name}</option>)}
              </select>
            </p>
          ) : null}
          <button type="submit" disabled={m.busy}>Tilldela</button>
          <ErrorMessage error={m.error} />
        </form>
      ) : null}
    </>
  );
}

export function VisitFacts({ visit, date, editor, onDone }: { visit: Visit; date: string; editor: boolean; onDone: (msg: string) => void }) {
  const m = useMutation();
  const unassign = async () => {
    if (await m.run(() => gql(UnassignBoardVisitDocument, { id: visit.id }))) onDone("Besöket är borttaget från sammanträdet.");
  };
  return (
    <>
      <dl class="facts">
        <dt>Verksamhet</dt><dd>{visit.operation.name}{visit.unit ? `, ${visit.unit.name}` : ""}</dd>
        {visit.heldOn ? <><dt>Genomfört</dt><dd>{longDate(visit.heldOn)}</dd></> : null}
        {visit.presenter ? <><dt>Presenterade</dt><dd>{visit.presenter}</dd></> : null}
        {visit.work ? <><dt>Arbete</dt><dd>{visit.work}</dd></> : null}
        {visit.conditions ? <><dt>Förutsättningar</dt><dd>{visit.conditions}</dd></> : null}
        {visit.needs ? <><dt>Behov</dt><dd>{visit.needs}</dd></> : null}
        {visit.reportBack ? (
          <><dt>Återrapportering</dt><dd><a href={actionPath(visit.reportBack.id)} data-route>På enhetens APT{visit.reportBack.dueDate ? ` senast ${longDate(visit.reportBack.dueDate)}` : ""}</a></dd></>
        ) : null}
      </dl>
      {visit.viewerCanHold ? <HoldVisit visit={visit} date={date} onDone={onDone} /> : null}
      {!visit.heldOn && editor ? <p><button type="button" class="secondary" disabled={m.busy} onClick={unassign}>Ta bort besöket</button></p> : null}
      <ErrorMessage error={m.error} />
    </>
  );
}

/** Record what the operation told the board; the server creates the unit's report-back. */
export function HoldVisit({ visit, date, onDone }: { visit: Visit; date: string; onDone: (msg: string) => void }) {
  const units = visit.operation.units ?? [];
  // The unit named when the visit was assigned, or the operation's only one; else the person chooses.
  const [f, setF] = useState({ heldOn: date, unit: visit.unit?.id ?? (units.length === 1 ? units[0].id : ""), presenter: "", work: "", conditions: "", needs: "" });
  const m = useMutation();
  const id = (k: string) => `${k}-${visit.id}`;
  const unitError = m.error instanceof GraphQLError && m.error.field === "unitID";
  const field = (k: keyof typeof f, label: string, area = true) => (
    <p>
      <label for={id(k)}>{label}</label>
      {area
        ? <textarea id={id(k)} rows={2} value={f[k]} onInput={(e) => setF({ ...f, [k]: value(e) })} />
        : <input id={id(k)} value={f[k]} onInput={(e) => setF({ ...f, [k]: value(e) })} />}
    </p>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(HoldBoardVisitDocument, { id: visit.id, input: {
      unitID: f.unit || null, heldOn: f.heldOn, presenter: f.presenter.trim() || null, work: f.work.trim() || null,
      conditions: f.conditions.trim() || null, needs: f.needs.trim() || null,
    } }));
    if (!r) return;
    const held = r.holdBoardVisit;
    onDone(held.reportBack?.dueDate
      ? `Besöket är registrerat. ${held.unit?.name ?? "Enheten"} återrapporterar på sin APT senast ${longDate(held.reportBack.dueDate)}.`
      : "Besöket är registrerat.");
  };
  return (
    <details>
      <summary>Registrera besöket</summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for={id("heldOn")}>Datum</label>
          <input id={id("heldOn")} type="date" required value={f.heldOn} onInput={(e) => setF({ ...f, heldOn: value(e) })} />
        </p>
        {units.length > 1 ? (
          <>
            <p>
              <label for={id("enhet")}>Enhet som berättade</label>
              <select id={id("enhet")} required value={f.unit} onChange={(e) => setF({ ...f, unit: value(e) })}
                aria-invalid={unitError ? "true" : undefined} aria-describedby={id("enhet-hjalp") + (unitError ? ` ${id("fel")}` : "")}>
                <option value="">Välj enhet</option>
                {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            </p>
            <p class="muted" id={id("enhet-hjalp")}>Enheten återrapporterar på sin nästa APT.</p>
          </>
        ) : units.length === 1 ? (
          <p>Enhet: {units[0].name}. Den återrapporterar på sin nästa APT.</p>
        ) : <p class="muted">Verksamheten har inga enheter inlagda. Någon enhet måste finnas för att återrapporteringen ska få ett datum.</p>}
        {field("presenter", "Vem presenterade", false)}
        {field("work", "Arbetet")}
        {field("conditions", "Förutsättningar")}
        {field("needs", "Behov")}
        <button type="submit" disabled={m.busy}>Spara besöket</button>
        <ErrorMessage error={m.error} id={id("fel")} />
      </form>
    </details>
  );
}

function StudyVisits({ department, me, member, editor }: { department: string; me: Me; member: boolean; editor: boolean }) {
  // From the start of today, so today's slots still show.
  const [from] = useState(() => new Date(new Date().setHours(0, 0, 0, 0)).toISOString());
  const q = useQuery(StudyVisitsDocument, { department, from });
  const mine = useQuery(MyStudyVisitsDocument, { user: me.user.id });
  const m = useMutation();
  const [notice, setNotice] = useNotice();
  const done = (msg: string) => { setNotice(msg); q.reload(); mine.reload(); };
  useHashTarget("studiebesok", !!q.data);
  const heading = <h2 id="studiebesok">Studiebesök</h2>;
  if (q.error) return <section aria-labelledby="studiebesok">{heading}<Failed error={q.error} /></section>;
  if (!q.data) return <section aria-labelledby="studiebesok">{heading}<Loading what="studiebesöken" /></section>;
  const slots = nodes(q.data.studyVisitSlots);
  const operations = nodes(q.data.operations);
  const book = async (slot: string) => {
    const r = await m.run(() => gql(BookStudyVisitDocument, { slot }));
    if (r) done(`Du har plats ${r.bookStudyVisit.seat} på studiebesöket.`);
  };
  const cancel = async (id: string) => {
    if (await m.run(() => gql(CancelStudyVisitBookingDocument, { id }))) done("Bokningen är avbokad.");
  };
  const overview = q.data.studyVisitOverview;
  const myBookings = nodes(mine.data?.studyVisitSlots).flatMap((s) =>
    (s.bookings ?? []).filter((b) => b.user.id === me.user.id).map((b) => ({ slot: s, booking: b })));
  return (
    <section aria-labelledby="studiebesok">
      {heading}
      <p>Politikerna gör strukturerade studiebesök i verksamheterna och återrapporterar på nästa nämndsammanträde.</p>
      <p role="status" class="notice">{notice}</p>
      <ErrorMessage error={m.error} />
      <h3>Kommande tider</h3>
      {slots.length === 0 ? <p>Inga tider är utlagda.</p> : (
        <ul class="cards">
          {slots.map((s) => {
            const booked = s.bookings ?? [];
            const my = booked.find((b) => b.user.id === me.user.id);
            return (
              <li class="card" key={s.id} data-slot={s.id}>
                <h4 class="card-title">{s.operation.name}{s.unit ? `, ${s.unit.name}` : ""}</h4>
                <dl class="facts">
                  <dt>Tid</dt><dd>{dateTime(s.startsAt)}</dd>
                  <dt>Platser</dt><dd>{booked.length} av {s.size} bokade{booked.length ? ` (${booked.map((b) => b.user.name).join(", ")})` : ""}</dd>
                  {s.note ? <><dt>Att veta</dt><dd>{s.note}</dd></> : null}
                </dl>
                {my ? <p>Du har plats {my.seat}.{my.heldOn ? ` Genomfört ${longDate(my.heldOn)}.` : ""} {my.viewerCanCancel
                  ? <button type="button" class="secondary" disabled={m.busy} onClick={() => cancel(my.id)}>Avboka</button> : null}</p>
                  : member && booked.length < s.size ? <button type="button" disabled={m.busy} onClick={() => book(s.id)}>Boka plats</button>
                  : booked.length >= s.size ? <p class="muted">Fullbokat.</p> : null}
                {editor ? <ChangeSlot slot={s} units={operations.find((o) => o.id === s.operation.id)?.units ?? []} onDone={done} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      {editor ? <NewSlot operations={operations} onDone={done} /> : null}
      {myBookings.length ? (
        <>
          <h3>Mina studiebesök</h3>
          <ul class="cards">
            {myBookings.map(({ slot, booking }) => (
              <li class="card" key={booking.id}>
                <h4 class="card-title">{slot.operation.name}{slot.unit ? `, ${slot.unit.name}` : ""}, {dateTime(slot.startsAt)}</h4>
                {booking.heldOn ? (
                  <p>Genomfört {longDate(booking.heldOn)}.{booking.notes ? ` Dina anteckningar: ${booking.notes}` : ""}{booking.reportBack
                    ? <> <a href={actionPath(booking.reportBack.id)} data-route>Återrapportera till nämnden{booking.reportBack.dueDate ? ` senast ${longDate(booking.reportBack.dueDate)}` : ""}</a></> : null}</p>
                ) : booking.viewerCanHold ? <HoldStudyVisit id={booking.id} date={today(new Date(slot.startsAt))} onDone={done} /> : <p class="muted">Inte genomfört än.</p>}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Vilka verksamheter har fått besök</h3>
      {overview.members.length ? (
        <ul>
          {overview.members.map((x) => <li key={x.user.id}>{x.user.name}: {x.operations.length ? x.operations.map((o) => o.name).join(", ") : "inga besök än"}</li>)}
        </ul>
      ) : <p>Inga ledamöter har loggat in än.</p>}
      <p>{overview.unvisited.length ? `Ingen har besökt: ${overview.unvisited.map((o) => o.name).join(", ")}.` : "Alla verksamheter har fått besök."}</p>
    </section>
  );
}

function HoldStudyVisit({ id, date, onDone }: { id: string; date: string; onDone: (msg: string) => void }) {
  const [heldOn, setHeldOn] = useState(date);
  const [notes, setNotes] = useState("");
  const m = useMutation();
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(HoldStudyVisitDocument, { id, heldOn, notes: notes.trim() || null }));
    if (r) onDone(r.holdStudyVisit.reportBack?.dueDate
      ? `Studiebesöket är registrerat. Återrapportera till nämnden senast ${longDate(r.holdStudyVisit.reportBack.dueDate)}.`
      : "Studiebesöket är registrerat.");
  };
  return (
    <form class="stack" onSubmit={submit}>
      <p>
        <label for={`genomfort-${id}`}>Genomfört den</label>
        <input id={`genomfort-${id}`} type="date" required value={heldOn} onInput={(e) => setHeldOn(value(e))} />
      </p>
      <p>
        <label for={`anteckningar-${id}`}>Vad såg du? (valfritt)</label>
        <textarea id={`anteckningar-${id}`} rows={3} value={notes} onInput={(e) => setNotes(value(e))} />
      </p>
      <button type="submit" disabled={m.busy}>Registrera studiebesöket</button>
      <ErrorMessage error={m.error} />
    </form>
  );
}

type OperationWithUnits = { id: string; name: string; units: { id: string; name: string }[] | null };

/** The browser's local time of iso, as a datetime-local field holds it. */
function localInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${today(d)}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

type SlotToChange = { id: string; startsAt: string; note?: string | null; operation: { name: string }; unit?: { id: string } | null };

/** Plan editors move a slot or change its unit or note; those booked get an e-mail (the server's rule). */
export function ChangeSlot({ slot, units, onDone }: { slot: SlotToChange; units: { id: string; name: string }[]; onDone: (msg: string) => void }) {
  const initial = () => ({ startsAt: localInput(slot.startsAt), unit: slot.unit?.id ?? "", note: slot.note ?? "" });
  const [f, setF] = useState(initial);
  const m = useMutation();
  const id = (what: string) => `tid-${slot.id}-${what}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(ChangeStudyVisitSlotDocument, { id: slot.id, input: {
      // Only a time that was changed: an unchanged one may have passed today.
      startsAt: f.startsAt === localInput(slot.startsAt) ? null : new Date(f.startsAt).toISOString(),
      unitID: f.unit || null, clearUnit: !f.unit,
      note: f.note.trim(),
    } }));
    if (r) onDone("Tiden är ändrad. De som har bokat plats får ett mejl om tiden eller enheten ändrades.");
  };
  return (
    <details>
      <summary>Ändra tiden</summary>
      <form class="stack" onSubmit={submit}>
        <p><label for={id("start")}>Tid</label><input id={id("start")} type="datetime-local" required value={f.startsAt} onInput={(e) => setF({ ...f, startsAt: value(e) })} /></p>
        <p>
          <label for={id("enhet")}>Enhet</label>
          <select id={id("enhet")} value={f.unit} onChange={(e) => setF({ ...f, unit: value(e) })}>
            <option value="">Hela verksamheten ({slot.operation.name})</option>
            {units.map((u) => <option value={u.id}>{u.name}</option>)}
          </select>
        </p>
        <p><label for={id("notering")}>Att veta</label><input id={id("notering")} value={f.note} onInput={(e) => setF({ ...f, note: value(e) })} /></p>
        <button type="submit" disabled={m.busy}>Spara ändringen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}

/** Plan editors offer a time at an operation for board members to book. */
function NewSlot({ operations, onDone }: { operations: OperationWithUnits[]; onDone: (msg: string) => void }) {
  const blank = { operation: operations[0]?.id ?? "", unit: "", startsAt: "", size: "3", note: "" };
  const [f, setF] = useState(blank);
  const m = useMutation();
  const units = operations.find((o) => o.id === f.operation)?.units ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateStudyVisitSlotDocument, { input: {
      operationID: f.operation, unitID: f.unit || null, startsAt: new Date(f.startsAt).toISOString(),
      size: Number(f.size), note: f.note.trim() || null,
    } }));
    if (r) { setF(blank); onDone("Tiden är utlagd."); }
  };
  return (
    <details>
      <summary>Lägg ut en tid för studiebesök</summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for="ny-tid-verksamhet">Verksamhet</label>
          <select id="ny-tid-verksamhet" value={f.operation} onChange={(e) => setF({ ...f, operation: value(e), unit: "" })}>
            {operations.map((o) => <option value={o.id}>{o.name}</option>)}
          </select>
        </p>
        <p>
          <label for="ny-tid-enhet">Enhet (valfritt)</label>
          <select id="ny-tid-enhet" value={f.unit} onChange={(e) => setF({ ...f, unit: value(e) })}>
            <option value="">Hela verksamheten</option>
            {units.map((u) => <option value={u.id}>{u.name}</option>)}
          </select>
        </p>
        <p><label for="ny-tid-start">Tid</label><input id="ny-tid-start" type="datetime-local" required value={f.startsAt} onInput={(e) => setF({ ...f, startsAt: value(e) })} /></p>
        <p><label for="ny-tid-platser">Platser</label><input id="ny-tid-platser" type="number" min={1} max={20} required value={f.size} onInput={(e) => setF({ ...f, size: value(e) })} /></p>
        <p><label for="ny-tid-notering">Att veta (valfritt)</label><input id="ny-tid-notering" value={f.note} onInput={(e) => setF({ ...f, note: value(e) })} /></p>
        <button type="submit" disabled={m.busy || !f.operation}>Lägg ut tiden</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}
