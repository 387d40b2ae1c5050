import { useState } from "preact/hooks";
import { GraphQLError, gql, nodes } from "../../api";
import {
  AdminPlanDocument, CreateActionDocument, CreateAreaDocument, DeleteActionDocument, DeleteAreaDocument,
  PlansDocument, UpdateActionDocument, UpdateAreaDocument, UpdatePlanDocument,
  type ActionDeadlineKind, type ActionScope, type AdminPlanQuery, type MeQuery, type PlanFollowUpCadence,
} from "../../gql";
import { useMutation, useQuery, useNotice } from "../../hooks";
import { ErrorMessage, ConfirmButton, Failed, Loading, value } from "../../components";
import { ImportExport } from "./ImportExport";
import { NewPlan } from "./NewPlan";

type Plan = NonNullable<AdminPlanQuery["plan"]>;
type Area = NonNullable<Plan["areas"]>[number];
type Action = Omit<NonNullable<Area["actions"]>[number], "subActions">;
type Role = { id: string; name: string };

const cadenceText: Record<PlanFollowUpCadence, string> = { month: "Varje månad", quarter: "Varje kvartal", term: "Varje termin", year: "Varje år" };
/** Report-backs (date) are made by visits, not written in the plan. */
const kinds: [ActionDeadlineKind, string][] = [["month", "En viss månad"], ["continuous", "Fortlöpande"], ["when_needed", "Vid behov"]];
/** Who does it: one sign-off, or every unit or person their own part. */
const scopes: [ActionScope, string][] = [["once", "Görs en gång"], ["each_unit", "Varje enhet"], ["each_person", "Varje person"]];

export function PlanEditor({ me }: { me: MeQuery["me"] }) {
  const plans = useQuery(PlansDocument, {});
  const [chosen, setChosen] = useState("");
  const [imports, setImports] = useState(0); // a new key after an import loads the plan afresh
  if (plans.error) return <Failed error={plans.error} />;
  if (!plans.data) return <Loading what="planerna" />;
  const list = nodes(plans.data.plans);
  const plan = list.find((p) => p.id === chosen) ?? list[0];
  return (
    <>
      <h2>Planer</h2>
      {list.length > 1 ? (
        <p>
          <label for="admin-plan">Plan att redigera</label>
          <select id="admin-plan" value={plan?.id} onChange={(e) => setChosen(value(e))}>
            {list.map((p) => <option value={p.id}>{p.title} ({p.registryNumber})</option>)}
          </select>
        </p>
      ) : null}
      <NewPlan me={me} plans={list} onCreated={(id) => { setChosen(id); setImports((n) => n + 1); plans.reload(); }} />
      <ImportExport me={me} plan={plan ? { id: plan.id, registryNumber: plan.registryNumber } : undefined} onImported={(id) => { setChosen(id); setImports((n) => n + 1); plans.reload(); }} />
      {plan ? <EditPlan id={plan.id} key={`${plan.id}-${imports}`} /> : <p>Inga planer ännu. Importera en planfil ovan.</p>}
    </>
  );
}

function EditPlan({ id }: { id: string }) {
  const q = useQuery(AdminPlanDocument, { id });
  const [notice, setNotice] = useNotice();
  if (q.error) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="planen" />;
  const plan = q.data.plan;
  if (!plan) return <p>Planen finns inte.</p>;
  const roles = (plan.department.roles ?? []).slice().sort((a, b) => a.name.localeCompare(b.name, "sv"));
  // A message here is for what left the form (deleted) or is far from it; a saved form says so itself.
  const saved = (msg = "") => { if (msg) setNotice(msg); q.reload(); };
  const areas = (plan.areas ?? []).slice().sort((a, b) => a.position - b.position);
  return (
    <>
      <p role="status" class="notice">{notice}</p>
      <PlanSettings plan={plan} onSaved={saved} />
      <h3>Områden och åtgärder</h3>
      {areas.map((area, i) => <AreaEditor key={area.id} area={area} index={i} roles={roles} onSaved={saved} />)}
      <NewArea planID={plan.id} position={Math.max(0, ...areas.map((a) => a.position)) + 1} onSaved={saved} />
    </>
  );
}

function PlanSettings({ plan, onSaved }: { plan: Plan; onSaved: (msg?: string) => void }) {
  const [f, setF] = useState({ title: plan.title, dnr: plan.registryNumber, cadence: plan.followUpCadence, dueSoonDays: String(plan.dueSoonDays) });
  const m = useMutation();
  const [note, announce] = useNotice();
  // A Dnr another plan of the department has is refused at its field.
  const dnrError = m.error instanceof GraphQLError && m.error.field === "registryNumber" ? m.error : undefined;
  const submit = async (e: Event) => {
    e.preventDefault();
    const dnr = f.dnr.trim();
    const r = await m.run(() => gql(UpdatePlanDocument, { id: plan.id, input: {
      title: f.title.trim(), followUpCadence: f.cadence, dueSoonDays: Number(f.dueSoonDays),
      ...(dnr !== plan.registryNumber ? { registryNumber: dnr } : {}),
    } }));
    if (r) { announce("Planen är sparad."); onSaved(); }
  };
  return (
    <details>
      <summary>Planens uppgifter: {plan.title}, {plan.statusLabel.toLowerCase()}</summary>
      <form class="stack" onSubmit={submit}>
        <p><label for="plan-titel">Titel</label><input id="plan-titel" required value={f.title} onInput={(e) => setF({ ...f, title: value(e) })} /></p>
        <p>
          <label for="plan-dnr">Diarienummer (Dnr)</label>
          <input id="plan-dnr" required value={f.dnr} onInput={(e) => setF({ ...f, dnr: value(e) })}
            aria-invalid={dnrError ? "true" : undefined} aria-describedby={dnrError ? "plan-dnr-fel" : undefined} />
          <ErrorMessage error={dnrError} id="plan-dnr-fel" />
        </p>
        <p class="muted">Planen fastställs, arkiveras och återöppnas under Planen.</p>
        <p>
          <label for="plan-kadens">Fortlöpande åtgärder följs upp</label>
          <select id="plan-kadens" value={f.cadence} onChange={(e) => setF({ ...f, cadence: value(e) as PlanFollowUpCadence })}>
            {Object.entries(cadenceText).map(([k, v]) => <option value={k}>{v}</option>)}
          </select>
        </p>
        <p>
          <label for="plan-snart">”Snart dags” antal dagar före</label>
          <input id="plan-snart" type="number" min={0} max={365} required value={f.dueSoonDays} onInput={(e) => setF({ ...f, dueSoonDays: value(e) })} />
        </p>
        <button type="submit" disabled={m.busy}>Spara planen</button>
        <ErrorMessage error={dnrError ? undefined : m.error} />
        <p role="status" class="notice">{note}</p>
      </form>
    </details>
  );
}

function AreaEditor({ area, index, roles, onSaved }: { area: Area; index: number; roles: Role[]; onSaved: (msg?: string) => void }) {
  const [f, setF] = useState({ title: area.title, purpose: area.purpose ?? "" });
  const m = useMutation();
  const [note, announce] = useNotice();
  // Area.actions are the top-level ones; their sub-actions are edited under them.
  const actions: Action[] = (area.actions ?? []).flatMap((a) => [a, ...(a.subActions ?? [])]).sort((a, b) => a.position - b.position);
  const top = actions.filter((a) => !a.parentID);
  const id = (k: string) => `${k}-${area.id}`;
  const save = async (e: Event) => {
    e.preventDefault();
    const purpose = f.purpose.trim();
    const r = await m.run(() => gql(UpdateAreaDocument, { id: area.id, input: { title: f.title.trim(), ...(purpose ? { purpose } : { clearPurpose: true }) } }));
    if (r) { announce("Området är sparat."); onSaved(); }
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteAreaDocument, { id: area.id }))) onSaved(`Område ${index + 1} är borttaget.`);
  };
  return (
    <section class="area admin-area" aria-labelledby={id("rubrik")}>
      <h4 id={id("rubrik")}>Område {index + 1}: {area.title}</h4>
      <details>
        <summary>Ändra området</summary>
        <form class="stack" onSubmit={save}>
          <p><label for={id("titel")}>Rubrik</label><input id={id("titel")} required value={f.title} onInput={(e) => setF({ ...f, title: value(e) })} /></p>
          <p><label for={id("syfte")}>Syfte</label><textarea id={id("syfte")} rows={3} value={f.purpose} onInput={(e) => setF({ ...f, purpose: value(e) })} /></p>
          <p class="buttons">
            <button type="submit" disabled={m.busy}>Spara området</button>
            <ConfirmButton label="Ta bort området" confirm="Ja, ta bort området och dess åtgärder" disabled={m.busy} onConfirm={remove} />
          </p>
          <ErrorMessage error={m.error} />
        <p role="status" class="notice">{note}</p>
        </form>
      </details>
      <ol class="actions">
        {top.map((a) => (
          <li key={a.id}>
            <ActionEditor action={a} roles={roles} onSaved={onSaved} />
            {actions.some((s) => s.parentID === a.id) ? (
              <ul class="sub" aria-label="Underaktiviteter">
                {actions.filter((s) => s.parentID === a.id).map((s) => <li key={s.id}><ActionEditor action={s} roles={roles} onSaved={onSaved} /></li>)}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <NewAction area={area} top={top} roles={roles} position={Math.max(0, ...actions.map((a) => a.position)) + 1} onSaved={onSaved} />
    </section>
  );
}

type ActionForm = { number: string; text: string; responsibleID: string; deadlineKind: ActionDeadlineKind; dueMonth: string; scope: ActionScope };

function ActionFields({ id, f, setF, roles, numbered }: { id: string; f: ActionForm; setF: (f: ActionForm) => void; roles: Role[]; numbered: boolean }) {
  return (
    <>
      {numbered ? <p><label for={`${id}-nr`}>Nummer</label><input id={`${id}-nr`} type="number" min={1} inputMode="numeric" value={f.number} onInput={(e) => setF({ ...f, number: value(e) })} /></p> : null}
      <p><label for={`${id}-text`}>Åtgärd</label><textarea id={`${id}-text`} rows={3} required value={f.text} onInput={(e) => setF({ ...f, text: value(e) })} /></p>
      <p>
        <label for={`${id}-ansvarig`}>Ansvarig</label>
        <select id={`${id}-ansvarig`} required value={f.responsibleID} onChange={(e) => setF({ ...f, responsibleID: value(e) })}>
          {roles.map((r) => <option value={r.id}>{r.name}</option>)}
        </select>
      </p>
      <p>
        <label for={`${id}-vem`}>Vem gör den</label>
        <select id={`${id}-vem`} aria-describedby={`${id}-vem-hjalp`} value={f.scope} onChange={(e) => setF({ ...f, scope: value(e) as ActionScope })}>
          {scopes.map(([k, v]) => <option value={k}>{v}</option>)}
        </select>
        <span class="muted hint" id={`${id}-vem-hjalp`}>Varje enhet eller varje person: klar först när alla har gjort sin del.</span>
      </p>
      <p>
        <label for={`${id}-klart`}>Klart när</label>
        <select id={`${id}-klart`} value={f.deadlineKind} onChange={(e) => setF({ ...f, deadlineKind: value(e) as ActionDeadlineKind })}>
          {kinds.map(([k, v]) => <option value={k}>{v}</option>)}
        </select>
      </p>
      {f.deadlineKind === "month" ? (
        <p><label for={`${id}-manad`}>Månad</label><input id={`${id}-manad`} type="month" required value={f.dueMonth} onInput={(e) => setF({ ...f, dueMonth: value(e) })} /></p>
      ) : null}
    </>
  );
}

function ActionEditor({ action, roles, onSaved }: { action: Action; roles: Role[]; onSaved: (msg?: string) => void }) {
  const [f, setF] = useState<ActionForm>({
    number: action.number ? String(action.number) : "", text: action.text, responsibleID: action.responsible.id,
    deadlineKind: action.deadlineKind, dueMonth: action.dueMonth ?? "", scope: action.scope,
  });
  const m = useMutation();
  const [note, announce] = useNotice();
  const id = `atgard-${action.id}`;
  const label = `${action.number ? `${action.number}. ` : ""}${action.text}`;
  const save = async (e: Event) => {
    e.preventDefault();
    const month = f.deadlineKind === "month";
    const r = await m.run(() => gql(UpdateActionDocument, { id: action.id, input: {
      text: f.text.trim(), responsibleID: f.responsibleID, deadlineKind: f.deadlineKind, scope: f.scope,
      ...(month ? { dueMonth: f.dueMonth } : { clearDueMonth: true }),
      ...(action.parentID ? {} : f.number ? { number: Number(f.number) } : { clearNumber: true }),
    } }));
    if (r) { announce("Åtgärden är sparad."); onSaved(); }
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteActionDocument, { id: action.id }))) onSaved("Åtgärden är borttagen.");
  };
  if (action.deadlineKind === "date") return <p class="muted">{label} (återrapportering, {action.deadlineLabel})</p>;
  return (
    <details>
      <summary>{label} <span class="muted">({action.responsible.name}, {action.deadlineLabel}{action.scope === "once" ? "" : `, ${scopes.find(([k]) => k === action.scope)?.[1].toLowerCase()}`})</span></summary>
      <form class="stack" onSubmit={save}>
        <ActionFields id={id} f={f} setF={setF} roles={roles} numbered={!action.parentID} />
        <p class="buttons">
          <button type="submit" disabled={m.busy}>Spara åtgärden</button>
          <ConfirmButton label="Ta bort" confirm="Ja, ta bort åtgärden" disabled={m.busy} onConfirm={remove} />
        </p>
        <ErrorMessage error={m.error} />
        <p role="status" class="notice">{note}</p>
      </form>
    </details>
  );
}

function NewAction({ area, top, roles, position, onSaved }: { area: Area; top: Action[]; roles: Role[]; position: number; onSaved: (msg?: string) => void }) {
  const next = String(Math.max(0, ...top.map((a) => a.number ?? 0)) + 1);
  const blank: ActionForm = { number: next, text: "", responsibleID: roles[0]?.id ?? "", deadlineKind: "month", dueMonth: "", scope: "once" };
  const [f, setF] = useState<ActionForm>(blank);
  const [parent, setParent] = useState("");
  const m = useMutation();
  const [note, announce] = useNotice();
  const id = `ny-atgard-${area.id}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateActionDocument, { input: {
      areaID: area.id, position, text: f.text.trim(), responsibleID: f.responsibleID, deadlineKind: f.deadlineKind, scope: f.scope,
      dueMonth: f.deadlineKind === "month" ? f.dueMonth : null,
      parentID: parent || null, number: parent || !f.number ? null : Number(f.number),
    } }));
    if (r) { setF({ ...blank, number: String(Number(next) + (parent ? 0 : 1)) }); announce("Åtgärden är tillagd."); onSaved(); }
  };
  return (
    <details>
      <summary>Lägg till en åtgärd i området</summary>
      <form class="stack" onSubmit={submit}>
        <p>
          <label for={`${id}-under`}>Underaktivitet till</label>
          <select id={`${id}-under`} value={parent} onChange={(e) => setParent(value(e))}>
            <option value="">Ingen, en egen åtgärd</option>
            {top.map((a) => <option value={a.id}>{a.number ? `${a.number}. ` : ""}{a.text.slice(0, 60)}</option>)}
          </select>
        </p>
        <ActionFields id={id} f={f} setF={setF} roles={roles} numbered={!parent} />
        <button type="submit" disabled={m.busy}>Lägg till åtgärden</button>
        <ErrorMessage error={m.error} />
        <p role="status" class="notice">{note}</p>
      </form>
    </details>
  );
}

function NewArea({ planID, position, onSaved }: { planID: string; position: number; onSaved: (msg?: string) => void }) {
  const [f, setF] = useState({ title: "", purpose: "" });
  const m = useMutation();
  const [note, announce] = useNotice();
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateAreaDocument, { input: { planID, position, title: f.title.trim(), purpose: f.purpose.trim() || null } }));
    if (r) { setF({ title: "", purpose: "" }); announce("Området är tillagt."); onSaved(); }
  };
  return (
    <details class="new-area">
      <summary>Lägg till ett område</summary>
      <form class="stack" onSubmit={submit}>
        <p><label for="nytt-omrade-titel">Rubrik</label><input id="nytt-omrade-titel" required value={f.title} onInput={(e) => setF({ ...f, title: value(e) })} /></p>
        <p><label for="nytt-omrade-syfte">Syfte</label><textarea id="nytt-omrade-syfte" rows={3} value={f.purpose} onInput={(e) => setF({ ...f, purpose: value(e) })} /></p>
        <button type="submit" disabled={m.busy}>Lägg till området</button>
        <ErrorMessage error={m.error} />
        <p role="status" class="notice">{note}</p>
      </form>
    </details>
  );
}
