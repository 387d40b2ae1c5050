import { useState } from "preact/hooks";
import { GraphQLError, gql, nodes, type NodeOf } from "../../api";
import {
  CreateOperationAreaDocument, CreateOperationDocument, CreateUnitDocument, CreateWorkplaceMeetingDocument,
  DeleteOperationAreaDocument, DeleteOperationDocument, DeleteUnitDocument, DeleteWorkplaceMeetingDocument,
  ImportWorkplaceMeetingsDocument, MoveOperationAreaDocument, OrganisationDocument, UpdateDepartmentDocument,
  UpdateOperationAreaDocument, UpdateOperationDocument, UpdateUnitDocument,
  type MeQuery, type OrganisationQuery,
} from "../../gql";
import { useMutation, useNotice, useQuery } from "../../hooks";
import { ConfirmButton, ErrorMessage, Failed, Loading, value } from "../../components";
import { longDate, plural, today } from "../../format";
import { departmentsWhere } from "./Admin";

type Dept = NodeOf<OrganisationQuery["departments"]>;
type Area = NonNullable<Dept["operationAreas"]>[number];
type Operation = NodeOf<OrganisationQuery["operations"]>;
type Unit = NonNullable<Operation["units"]>[number];
type Person = { id: string; name: string };
type Done = (msg: string) => void;

/**
 * The server's refusal of one field of a form: the input it names is marked
 * invalid and described by the message beside it. Any other error (a
 * CONFLICT about what holds a row, say) is the form's, shown under it.
 */
function useFieldErrors(prefix: string, error: Error | undefined) {
  const field = error instanceof GraphQLError ? error.field ?? "" : "";
  const id = (f: string) => `${prefix}-${f}`;
  return {
    /** Props for the input of API field f. */
    at: (f: string, describedBy?: string) => {
      const bad = !!field && field === f;
      const ids = [describedBy, bad ? id(`${f}-fel`) : ""].filter(Boolean).join(" ");
      return { "aria-invalid": bad ? "true" as const : undefined, "aria-describedby": ids || undefined };
    },
    /** The message beside the input of API field f, when it is at fault. */
    message: (f: string) => field === f ? <ErrorMessage error={error} id={id(`${f}-fel`)} /> : null,
    /** The message for the form as a whole: an error no field of `fields` is named by. */
    general: (fields: string[]) => field && fields.includes(field) ? null : <ErrorMessage error={error} />,
  };
}

/**
 * Administration → Organisation: the department's operations with their
 * units (each with a manager picked from the department's people and its
 * APT dates), its operation areas, and, for its administrators, its name.
 * Plan editors edit operations, units and APT dates; plan editors and
 * administrators the operation areas. The server refuses deleting what is
 * still in use, and says what holds it.
 */
export function Organisation({ me }: { me: MeQuery["me"] }) {
  const editing = departmentsWhere(me, "editsPlans");
  const administering = departmentsWhere(me, "administers");
  const depts = [...editing, ...administering.filter((d) => !editing.some((e) => e.id === d.id))];
  const [chosen, setChosen] = useState("");
  const dept = depts.find((d) => d.id === chosen) ?? depts[0];
  if (!dept) return <p>Du har inte behörighet till den här sidan.</p>;
  return (
    <>
      <h2>Organisation</h2>
      <p>Förvaltningens verksamheter, enheter med chef och APT-datum, och verksamhetsområden. Det som används, till exempel en enhet med markeringar eller nämndbesök, går inte att ta bort: då står det vad som håller kvar det.</p>
      {depts.length > 1 ? (
        <p>
          <label for="org-forvaltning">Förvaltning</label>
          <select id="org-forvaltning" value={dept.id} onChange={(e) => setChosen(value(e))}>
            {depts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </p>
      ) : null}
      <DepartmentOrganisation key={dept.id} department={dept.id}
        edits={editing.some((d) => d.id === dept.id)} administers={administering.some((d) => d.id === dept.id)} />
    </>
  );
}

function DepartmentOrganisation({ department, edits, administers }: { department: string; edits: boolean; administers: boolean }) {
  const q = useQuery(OrganisationDocument, { department });
  const [notice, setNotice] = useNotice();
  if (q.error && !q.data) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="organisationen" />;
  const dept = nodes(q.data.departments)[0];
  if (!dept) return <p>Förvaltningen finns inte.</p>;
  const done = (msg: string) => { setNotice(msg); q.reload(); };
  const areas = (dept.operationAreas ?? []).slice().sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  const operations = nodes(q.data.operations);
  const people = nodes(q.data.users);
  return (
    <>
      <p role="status" class="notice">{notice}</p>
      {administers ? <DepartmentName dept={dept} onDone={done} /> : null}
      {edits ? (
        <section aria-labelledby="org-verksamheter">
          <h3 id="org-verksamheter">Verksamheter och enheter</h3>
          {operations.length === 0 ? <p>Inga verksamheter ännu.</p> : (
            <ul class="cards">
              {operations.map((op) => <OperationCard key={op.id} op={op} operations={operations} areas={areas} people={people} onDone={done} />)}
            </ul>
          )}
          <NewOperation department={department} areas={areas} onDone={done} />
          {operations.some((o) => o.units?.length) ? <NewWorkplaceMeetings operations={operations} onDone={done} /> : null}
        </section>
      ) : null}
      <Areas department={department} areas={areas} onDone={done} />
    </>
  );
}

function DepartmentName({ dept, onDone }: { dept: Dept; onDone: Done }) {
  const [f, setF] = useState({ name: dept.name, municipality: dept.municipality });
  const m = useMutation();
  const err = useFieldErrors("org-dept", m.error);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(UpdateDepartmentDocument, { id: dept.id, input: { name: f.name.trim(), municipality: f.municipality.trim() } }))) onDone("Förvaltningens namn är sparat.");
  };
  return (
    <details>
      <summary>Förvaltningen: {dept.name}</summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for="org-dept-name">Förvaltningens namn</label>
          <input id="org-dept-name" required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
          {err.message("name")}
        </p>
        <p>
          <label for="org-dept-municipality">Kommun</label>
          <input id="org-dept-municipality" required value={f.municipality} {...err.at("municipality")} onInput={(e) => setF({ ...f, municipality: value(e) })} />
          {err.message("municipality")}
        </p>
        <button type="submit" disabled={m.busy}>Spara förvaltningen</button>
        {err.general(["name", "municipality"])}
      </form>
    </details>
  );
}

function OperationCard({ op, operations, areas, people, onDone }: { op: Operation; operations: Operation[]; areas: Area[]; people: Person[]; onDone: Done }) {
  const [f, setF] = useState({ name: op.name, area: op.operationArea?.id ?? "" });
  const m = useMutation();
  const p = `org-op-${op.id}`;
  const err = useFieldErrors(p, m.error);
  const units = (op.units ?? []).slice().sort((a, b) => a.name.localeCompare(b.name, "sv"));
  const save = async (e: Event) => {
    e.preventDefault();
    const input = { name: f.name.trim(), ...(f.area ? { operationAreaID: f.area } : { clearOperationArea: true }) };
    if (await m.run(() => gql(UpdateOperationDocument, { id: op.id, input }))) onDone(`Verksamheten ${input.name} är sparad.`);
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteOperationDocument, { id: op.id }))) onDone(`Verksamheten ${op.name} är borttagen.`);
  };
  const area = areas.find((a) => a.id === op.operationArea?.id);
  return (
    <li class="card">
      <h4 class="card-title" id={`${p}-rubrik`}>{op.name}{area ? <span class="muted"> ({area.code})</span> : null}</h4>
      <details>
        <summary>Ändra verksamheten<span class="offscreen"> {op.name}</span></summary>
        <form class="stack" onSubmit={save}>
          <p>
            <label for={`${p}-name`}>Namn</label>
            <input id={`${p}-name`} required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
            {err.message("name")}
          </p>
          <p>
            <label for={`${p}-area`}>Verksamhetsområde</label>
            <select id={`${p}-area`} value={f.area} {...err.at("operationAreaID")} onChange={(e) => setF({ ...f, area: value(e) })}>
              <option value="">Inget</option>
              {areas.map((a) => <option key={a.id} value={a.id}>{a.code} – {a.name}</option>)}
            </select>
            {err.message("operationAreaID")}
          </p>
          <p class="buttons">
            <button type="submit" disabled={m.busy}>Spara verksamheten</button>
            <ConfirmButton label="Ta bort verksamheten" confirm={`Ja, ta bort ${op.name}`} disabled={m.busy} onConfirm={remove} />
          </p>
          {err.general(["name", "operationAreaID"])}
        </form>
      </details>
      {units.length ? (
        <ul class="plain">
          {units.map((u) => <UnitItem key={u.id} unit={u} operations={operations} people={people} onDone={onDone} />)}
        </ul>
      ) : <p class="muted">Inga enheter ännu.</p>}
      <NewUnit operation={op} people={people} onDone={onDone} />
    </li>
  );
}

function NewOperation({ department, areas, onDone }: { department: string; areas: Area[]; onDone: Done }) {
  const [f, setF] = useState({ name: "", area: "" });
  const m = useMutation();
  const err = useFieldErrors("org-ny-verksamhet", m.error);
  const submit = async (e: Event) => {
    e.preventDefault();
    const name = f.name.trim();
    if (await m.run(() => gql(CreateOperationDocument, { department, input: { name, operationAreaID: f.area || null } }))) {
      setF({ name: "", area: "" });
      onDone(`Verksamheten ${name} är tillagd.`);
    }
  };
  return (
    <details>
      <summary>Lägg till en verksamhet</summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for="org-ny-verksamhet-name">Verksamhetens namn</label>
          <input id="org-ny-verksamhet-name" required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
          {err.message("name")}
        </p>
        <p>
          <label for="org-ny-verksamhet-area">Verksamhetsområde</label>
          <select id="org-ny-verksamhet-area" value={f.area} {...err.at("operationAreaID")} onChange={(e) => setF({ ...f, area: value(e) })}>
            <option value="">Inget</option>
            {areas.map((a) => <option key={a.id} value={a.id}>{a.code} – {a.name}</option>)}
          </select>
          {err.message("operationAreaID")}
        </p>
        <button type="submit" disabled={m.busy}>Lägg till verksamheten</button>
        {err.general(["name", "operationAreaID"])}
      </form>
    </details>
  );
}

/** A unit's manager: one of the department's people, or none. */
function ManagerSelect({ id, value: v, people, onChange, invalid }: {
  id: string; value: string; people: Person[]; onChange: (v: string) => void;
  invalid: { "aria-invalid"?: "true"; "aria-describedby"?: string };
}) {
  return (
    <>
      <label for={id}>Enhetschef</label>
      <select id={id} value={v} {...invalid} onChange={(e) => onChange(value(e))}>
        <option value="">Ingen utsedd</option>
        {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
    </>
  );
}

function UnitItem({ unit, operations, people, onDone }: { unit: Unit; operations: Operation[]; people: Person[]; onDone: Done }) {
  const [f, setF] = useState({ name: unit.name, operation: unit.operationID, manager: unit.manager?.id ?? "" });
  const m = useMutation();
  const p = `org-unit-${unit.id}`;
  const err = useFieldErrors(p, m.error);
  const fields = ["name", "operationID", "managerID"];
  const save = async (e: Event) => {
    e.preventDefault();
    const input = {
      name: f.name.trim(),
      ...(f.operation !== unit.operationID ? { operationID: f.operation } : {}),
      ...(f.manager ? { managerID: f.manager } : { clearManager: true }),
    };
    if (await m.run(() => gql(UpdateUnitDocument, { id: unit.id, input }))) onDone(`Enheten ${input.name} är sparad.`);
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteUnitDocument, { id: unit.id }))) onDone(`Enheten ${unit.name} är borttagen.`);
  };
  return (
    <li>
      <strong>{unit.name}</strong>, {unit.manager ? `chef: ${unit.manager.name}` : "ingen chef utsedd"}
      <details>
        <summary>Ändra enheten<span class="offscreen"> {unit.name}</span></summary>
        <form class="stack" onSubmit={save}>
          <p>
            <label for={`${p}-name`}>Namn</label>
            <input id={`${p}-name`} required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
            {err.message("name")}
          </p>
          <p>
            <label for={`${p}-op`}>Verksamhet</label>
            <select id={`${p}-op`} value={f.operation} {...err.at("operationID")} onChange={(e) => setF({ ...f, operation: value(e) })}>
              {operations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
            {err.message("operationID")}
          </p>
          <p>
            <ManagerSelect id={`${p}-manager`} value={f.manager} people={people} invalid={err.at("managerID")} onChange={(v) => setF({ ...f, manager: v })} />
            {err.message("managerID")}
          </p>
          <p class="buttons">
            <button type="submit" disabled={m.busy}>Spara enheten</button>
            <ConfirmButton label="Ta bort enheten" confirm={`Ja, ta bort ${unit.name} och dess APT-datum`} disabled={m.busy} onConfirm={remove} />
          </p>
          {err.general(fields)}
        </form>
      </details>
      <UnitMeetings unit={unit} onDone={onDone} />
    </li>
  );
}

/** A unit's coming APT dates, each removable, and one more to add. */
function UnitMeetings({ unit, onDone }: { unit: Unit; onDone: Done }) {
  const [date, setDate] = useState("");
  const m = useMutation();
  const p = `org-apt-${unit.id}`;
  const err = useFieldErrors(p, m.error);
  const from = today();
  const all = (unit.workplaceMeetings ?? []).slice().sort((a, b) => a.date.localeCompare(b.date));
  const coming = all.filter((w) => w.date >= from);
  const past = all.length - coming.length;
  const add = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(CreateWorkplaceMeetingDocument, { unit: unit.id, date }))) {
      setDate("");
      onDone(`APT ${longDate(date)} är tillagd för ${unit.name}.`);
    }
  };
  const remove = async (id: string, day: string) => {
    if (await m.run(() => gql(DeleteWorkplaceMeetingDocument, { id }))) onDone(`APT ${longDate(day)} är borttagen för ${unit.name}.`);
  };
  return (
    <details>
      <summary>APT-datum<span class="offscreen"> för {unit.name}</span>: {plural(coming.length, "kommande", "kommande")}</summary>
      {coming.length ? (
        <ul class="plain">
          {coming.map((w) => (
            <li key={w.id}>
              {longDate(w.date)}{" "}
              <button type="button" class="secondary" disabled={m.busy} onClick={() => remove(w.id, w.date)}>
                Ta bort<span class="offscreen"> APT {longDate(w.date)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : <p class="muted">Inga kommande APT-datum.</p>}
      {past ? <p class="muted">{plural(past, "tidigare APT-datum finns", "tidigare APT-datum finns")} kvar i historiken.</p> : null}
      <form class="stack" onSubmit={add}>
        <p>
          <label for={`${p}-date`}>Nytt APT-datum</label>
          <input id={`${p}-date`} type="date" required value={date} {...err.at("date")} onInput={(e) => setDate(value(e))} />
          {err.message("date")}
        </p>
        <button type="submit" disabled={m.busy}>Lägg till APT-datumet</button>
        {err.general(["date"])}
      </form>
    </details>
  );
}

function NewUnit({ operation, people, onDone }: { operation: Operation; people: Person[]; onDone: Done }) {
  const [f, setF] = useState({ name: "", manager: "" });
  const m = useMutation();
  const p = `org-ny-enhet-${operation.id}`;
  const err = useFieldErrors(p, m.error);
  const submit = async (e: Event) => {
    e.preventDefault();
    const name = f.name.trim();
    if (await m.run(() => gql(CreateUnitDocument, { input: { operationID: operation.id, name, managerID: f.manager || null } }))) {
      setF({ name: "", manager: "" });
      onDone(`Enheten ${name} är tillagd under ${operation.name}.`);
    }
  };
  return (
    <details>
      <summary>Lägg till en enhet<span class="offscreen"> under {operation.name}</span></summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for={`${p}-name`}>Enhetens namn</label>
          <input id={`${p}-name`} required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
          {err.message("name")}
        </p>
        <p>
          <ManagerSelect id={`${p}-manager`} value={f.manager} people={people} invalid={err.at("managerID")} onChange={(v) => setF({ ...f, manager: v })} />
          {err.message("managerID")}
        </p>
        <button type="submit" disabled={m.busy}>Lägg till enheten</button>
        {err.general(["name", "managerID"])}
      </form>
    </details>
  );
}

type OperationWithUnits = { id: string; name: string; units: { id: string; name: string }[] | null };

/** Plan editors import a unit's APT dates, where report-backs fall due, from the unit's calendar file. */
export function NewWorkplaceMeetings({ operations, onDone }: { operations: OperationWithUnits[]; onDone: Done }) {
  const withUnits = operations.flatMap((o) => o.units?.length ? [{ name: o.name, units: o.units }] : []);
  const [unit, setUnit] = useState(withUnits[0]?.units[0]?.id ?? "");
  const [ics, setIcs] = useState<File | null>(null);
  const m = useMutation();
  const name = withUnits.flatMap((o) => o.units).find((u) => u.id === unit)?.name ?? "Enheten";
  const importFile = async (e: Event) => {
    e.preventDefault();
    if (!ics) return;
    const r = await m.run(async () => gql(ImportWorkplaceMeetingsDocument, { unit, ics: await ics.text() }));
    if (r) onDone(`${name} fick ${plural(r.importWorkplaceMeetings.length, "nytt APT-datum", "nya APT-datum")} från kalenderfilen.`);
  };
  return (
    <details>
      <summary>Hämta APT-datum från en kalenderfil</summary>
      <p>Enheten återrapporterar nämndbesöket på sin nästa APT (arbetsplatsträff). Datum som enheten redan har läggs inte till igen.</p>
      <form class="stack" onSubmit={importFile}>
        <p>
          <label for="apt-enhet">Enhet</label>
          <select id="apt-enhet" value={unit} onChange={(e) => setUnit(value(e))}>
            {withUnits.map((o) => (
              <optgroup label={o.name}>{o.units.map((u) => <option value={u.id}>{u.name}</option>)}</optgroup>
            ))}
          </select>
        </p>
        <p>
          <label for="apt-kalenderfil">Importera från kalenderfil (.ics)</label>
          <input id="apt-kalenderfil" type="file" accept=".ics,text/calendar" required aria-describedby="apt-kalenderfil-hjalp" onChange={(e) => setIcs((e.target as HTMLInputElement).files?.[0] ?? null)} />
          <span class="muted hint" id="apt-kalenderfil-hjalp">Återkommande möten blir ett datum för varje gång. Inställda möten hoppas över.</span>
        </p>
        <button type="submit" disabled={m.busy || !ics || !unit}>Importera APT-datumen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}

function Areas({ department, areas, onDone }: { department: string; areas: Area[]; onDone: Done }) {
  const m = useMutation();
  const move = async (area: Area, to: number) => {
    if (await m.run(() => gql(MoveOperationAreaDocument, { id: area.id, position: to }))) onDone(`${area.code} är nu nummer ${to} i listan.`);
  };
  return (
    <section aria-labelledby="org-omraden">
      <h3 id="org-omraden">Verksamhetsområden</h3>
      <p>Områdena används när roller ges för ett område och när platserna på workshoppar fördelas. Ordningen här är ordningen i appen.</p>
      {areas.length === 0 ? <p>Inga verksamhetsområden ännu.</p> : (
        <ol class="plain">
          {areas.map((a, i) => (
            <li key={a.id}>
              <strong>{a.code}</strong> – {a.name}{" "}
              <span class="buttons">
                <button type="button" class="secondary" disabled={m.busy || i === 0} onClick={() => move(a, i)}>
                  Flytta upp<span class="offscreen"> {a.code}</span>
                </button>
                <button type="button" class="secondary" disabled={m.busy || i === areas.length - 1} onClick={() => move(a, i + 2)}>
                  Flytta ner<span class="offscreen"> {a.code}</span>
                </button>
              </span>
              <AreaEditor area={a} onDone={onDone} />
            </li>
          ))}
        </ol>
      )}
      <ErrorMessage error={m.error} />
      <NewArea department={department} onDone={onDone} />
    </section>
  );
}

function AreaEditor({ area, onDone }: { area: Area; onDone: Done }) {
  const [f, setF] = useState({ code: area.code, name: area.name });
  const m = useMutation();
  const p = `org-area-${area.id}`;
  const err = useFieldErrors(p, m.error);
  const save = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(UpdateOperationAreaDocument, { id: area.id, input: { code: f.code.trim(), name: f.name.trim() } }))) onDone(`Verksamhetsområdet ${f.code.trim()} är sparat.`);
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteOperationAreaDocument, { id: area.id }))) onDone(`Verksamhetsområdet ${area.code} är borttaget.`);
  };
  return (
    <details>
      <summary>Ändra<span class="offscreen"> verksamhetsområdet {area.code}</span></summary>
      <form class="stack" onSubmit={save}>
        <p>
          <label for={`${p}-code`}>Förkortning</label>
          <input id={`${p}-code`} required value={f.code} {...err.at("code", `${p}-code-hjalp`)} onInput={(e) => setF({ ...f, code: value(e) })} />
          <span class="muted hint" id={`${p}-code-hjalp`}>Som i planen, till exempel ÄO.</span>
          {err.message("code")}
        </p>
        <p>
          <label for={`${p}-name`}>Namn</label>
          <input id={`${p}-name`} required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
          {err.message("name")}
        </p>
        <p class="buttons">
          <button type="submit" disabled={m.busy}>Spara området</button>
          <ConfirmButton label="Ta bort området" confirm={`Ja, ta bort ${area.code}`} disabled={m.busy} onConfirm={remove} />
        </p>
        {err.general(["code", "name"])}
      </form>
    </details>
  );
}

function NewArea({ department, onDone }: { department: string; onDone: Done }) {
  const [f, setF] = useState({ code: "", name: "" });
  const m = useMutation();
  const err = useFieldErrors("org-nytt-omrade", m.error);
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = { code: f.code.trim(), name: f.name.trim() };
    if (await m.run(() => gql(CreateOperationAreaDocument, { department, input }))) {
      setF({ code: "", name: "" });
      onDone(`Verksamhetsområdet ${input.code} är tillagt.`);
    }
  };
  return (
    <details>
      <summary>Lägg till ett verksamhetsområde</summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for="org-nytt-omrade-code">Förkortning</label>
          <input id="org-nytt-omrade-code" required value={f.code} {...err.at("code", "org-nytt-omrade-hjalp")} onInput={(e) => setF({ ...f, code: value(e) })} />
          <span class="muted hint" id="org-nytt-omrade-hjalp">Som i planen, till exempel ÄO eller LSS.</span>
          {err.message("code")}
        </p>
        <p>
          <label for="org-nytt-omrade-name">Namn</label>
          <input id="org-nytt-omrade-name" required value={f.name} {...err.at("name")} onInput={(e) => setF({ ...f, name: value(e) })} />
          {err.message("name")}
        </p>
        <button type="submit" disabled={m.busy}>Lägg till området</button>
        {err.general(["code", "name"])}
      </form>
    </details>
  );
}
