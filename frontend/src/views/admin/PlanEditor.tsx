import { useEffect, useRef, useState } from "preact/hooks";
import { GraphQLError, gql, nodes } from "../../api";
import {
  AdminPlanDocument, CreateActionDocument, CreateAreaDocument, DeleteActionDocument, DeleteAreaDocument,
  MoveActionDocument, MoveAreaDocument, PlansDocument, UpdateActionDocument, UpdateAreaDocument, UpdatePlanDocument,
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

/** Where keyboard focus goes once the plan is read again after a move: the moved item's button. */
type Refocus = { id: string; up: boolean; before?: unknown };
/** What the editor hands down: roles to choose, saving, moving, and whether the server lets the viewer change the plan. */
type Ctx = { roles: Role[]; edit: boolean; onSaved: (msg?: string) => void; onMoved: (msg: string, focus: Refocus) => void };

export function EditPlan({ id }: { id: string }) {
  const q = useQuery(AdminPlanDocument, { id });
  const [notice, setNotice] = useNotice();
  const refocus = useRef<Refocus>();
  // After a move the item's place (and its buttons) changed: put focus back
  // on the button pressed, or on the other one when it reached an end.
  useEffect(() => {
    const f = refocus.current;
    if (!f || q.loading || q.data === f.before) return; // not read again yet
    refocus.current = undefined;
    const pressed = document.getElementById(moveID(f.id, f.up));
    const other = document.getElementById(moveID(f.id, !f.up));
    ((pressed as HTMLButtonElement | null)?.disabled ? other : pressed)?.focus();
  }, [q.data, q.loading]);
  if (q.error && !q.data) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="planen" />;
  const plan = q.data.plan;
  if (!plan) return <p>Planen finns inte.</p>;
  const roles = (plan.department.roles ?? []).slice().sort((a, b) => a.name.localeCompare(b.name, "sv"));
  // A message here is for what left the form (deleted, moved) or is far from it; a saved form says so itself.
  const ctx: Ctx = {
    roles, edit: plan.viewerCanEdit,
    onSaved: (msg = "") => { if (msg) setNotice(msg); q.reload(); },
    onMoved: (msg, focus) => { refocus.current = { ...focus, before: q.data }; setNotice(msg); q.reload(); },
  };
  const areas = (plan.areas ?? []).slice().sort((a, b) => a.position - b.position);
  return (
    <>
      <p role="status" class="notice">{notice}</p>
      {q.error ? <Failed error={q.error} /> : null}
      {plan.viewerCanEdit ? <PlanSettings plan={plan} onSaved={ctx.onSaved} />
        : <p class="muted">Du kan läsa planen här men inte ändra den: det gör den som får redigera planer, och den som äger planen.</p>}
      <h3>Områden och åtgärder</h3>
      {areas.map((area, i) => <AreaEditor key={area.id} area={area} index={i} count={areas.length} ctx={ctx} />)}
      {plan.viewerCanEdit ? <NewArea planID={plan.id} position={Math.max(0, ...areas.map((a) => a.position)) + 1} onSaved={ctx.onSaved} /> : null}
    </>
  );
}

const moveID = (id: string, up: boolean) => `${up ? "upp" : "ned"}-${id}`;

/**
 * "Flytta upp" and "Flytta ned" for the item at index (from 0) of count
 * siblings, named for the item ("Flytta upp åtgärd 1.2"). The server
 * renumbers and says what may move; the buttons at the ends are disabled.
 */
function MoveButtons({ id, name, index, count, move, onMoved }: {
  id: string; name: string; index: number; count: number;
  move: (id: string, position: number) => Promise<unknown>; onMoved: Ctx["onMoved"];
}) {
  const m = useMutation();
  if (count < 2) return null;
  const go = async (up: boolean) => {
    if (m.busy) return; // a second press while the first is on its way
    const position = up ? index : index + 2; // 1-based
    if (await m.run(() => move(id, position))) {
      const said = name.charAt(0).toUpperCase() + name.slice(1);
      onMoved(`${said} ${name.startsWith("område") ? "flyttat" : "flyttad"} till plats ${position}.`, { id, up });
    }
  };
  return (
    <>
      <p class="buttons move">
        <button type="button" class="secondary" id={moveID(id, true)} aria-label={`Flytta upp ${name}`} disabled={index === 0} onClick={() => go(true)}>Flytta upp</button>
        <button type="button" class="secondary" id={moveID(id, false)} aria-label={`Flytta ned ${name}`} disabled={index === count - 1} onClick={() => go(false)}>Flytta ned</button>
      </p>
      <ErrorMessage error={m.error} />
    </>
  );
}

const moveArea = (id: string, position: number) => gql(MoveAreaDocument, { id, position });
const moveAction = (id: string, position: number) => gql(MoveActionDocument, { id, position });

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

function AreaEditor({ area, index, count, ctx }: { area: Area; index: number; count: number; ctx: Ctx }) {
  const [f, setF] = useState({ title: area.title, purpose: area.purpose ?? "", note: area.note ?? "" });
  const m = useMutation();
  const [note, announce] = useNotice();
  // Area.actions are the top-level ones; their sub-actions are edited under them.
  const actions: Action[] = (area.actions ?? []).flatMap((a) => [a, ...(a.subActions ?? [])]).sort((a, b) => a.position - b.position);
  const top = actions.filter((a) => !a.parentID);
  const id = (k: string) => `${k}-${area.id}`;
  const no = index + 1;
  const save = async (e: Event) => {
    e.preventDefault();
    const purpose = f.purpose.trim(), text = f.note.trim();
    const r = await m.run(() => gql(UpdateAreaDocument, { id: area.id, input: {
      title: f.title.trim(), ...(purpose ? { purpose } : { clearPurpose: true }), ...(text ? { note: text } : { clearNote: true }),
    } }));
    if (r) { announce("Området är sparat."); ctx.onSaved(); }
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteAreaDocument, { id: area.id }))) ctx.onSaved(`Område ${no} är borttaget.`);
  };
  return (
    <section class="area admin-area" aria-labelledby={id("rubrik")}>
      <h4 id={id("rubrik")}>Område {no}: {area.title}</h4>
      {ctx.edit ? <MoveButtons id={area.id} name={`område ${no}`} index={index} count={count} move={moveArea} onMoved={ctx.onMoved} /> : null}
      {ctx.edit ? (
        <details>
          <summary>Ändra området</summary>
          <form class="stack" onSubmit={save}>
            <p><label for={id("titel")}>Rubrik</label><input id={id("titel")} required value={f.title} onInput={(e) => setF({ ...f, title: value(e) })} /></p>
            <p><label for={id("syfte")}>Syfte</label><textarea id={id("syfte")} rows={3} value={f.purpose} onInput={(e) => setF({ ...f, purpose: value(e) })} /></p>
            <p>
              <label for={id("not")}>Anteckning</label>
              <textarea id={id("not")} rows={2} aria-describedby={id("not-hjalp")} value={f.note} onInput={(e) => setF({ ...f, note: value(e) })} />
              <span class="muted hint" id={id("not-hjalp")}>Står i kursiv stil under området i planen.</span>
            </p>
            <p class="buttons">
              <button type="submit" disabled={m.busy}>Spara området</button>
              <ConfirmButton label="Ta bort området" confirm="Ja, ta bort området och dess åtgärder" disabled={m.busy} onConfirm={remove} />
            </p>
            <ErrorMessage error={m.error} />
            <p role="status" class="notice">{note}</p>
          </form>
        </details>
      ) : area.purpose ? <p>{area.purpose}</p> : null}
      <ol class="actions">
        {top.map((a, i) => {
          const place = `${no}.${a.number ?? i + 1}`;
          const subs = actions.filter((s) => s.parentID === a.id);
          return (
            <li key={a.id}>
              <ActionEditor action={a} ctx={ctx} />
              {ctx.edit ? <MoveButtons id={a.id} name={`åtgärd ${place}`} index={i} count={top.length} move={moveAction} onMoved={ctx.onMoved} /> : null}
              {subs.length ? (
                <ul class="sub" aria-label={`Underaktiviteter till åtgärd ${place}`}>
                  {subs.map((s, k) => (
                    <li key={s.id}>
                      <ActionEditor action={s} ctx={ctx} />
                      {ctx.edit ? <MoveButtons id={s.id} name={`underaktivitet ${k + 1} till åtgärd ${place}`} index={k} count={subs.length} move={moveAction} onMoved={ctx.onMoved} /> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
      {ctx.edit ? <NewAction area={area} top={top} roles={ctx.roles} position={Math.max(0, ...actions.map((a) => a.position)) + 1} onSaved={ctx.onSaved} /> : null}
    </section>
  );
}

type ActionForm = { text: string; responsibleID: string; deadlineKind: ActionDeadlineKind; dueMonth: string; scope: ActionScope };

/** An action's fields. Its number is its place in the area: the server numbers actions 1, 2, 3 as they are ordered (Flytta upp/ned). */
function ActionFields({ id, f, setF, roles }: { id: string; f: ActionForm; setF: (f: ActionForm) => void; roles: Role[] }) {
  return (
    <>
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

function ActionEditor({ action, ctx }: { action: Action; ctx: Ctx }) {
  const [f, setF] = useState<ActionForm>({
    text: action.text, responsibleID: action.responsible.id,
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
    } }));
    if (r) { announce("Åtgärden är sparad."); ctx.onSaved(); }
  };
  const remove = async () => {
    if (await m.run(() => gql(DeleteActionDocument, { id: action.id }))) ctx.onSaved("Åtgärden är borttagen.");
  };
  const about = <span class="muted">({action.responsible.name}, {action.deadlineLabel}{action.scope === "once" ? "" : `, ${scopes.find(([k]) => k === action.scope)?.[1].toLowerCase()}`})</span>;
  if (action.deadlineKind === "date") return <p class="muted">{label} (återrapportering, {action.deadlineLabel})</p>;
  if (!ctx.edit) return <p>{label} {about}</p>;
  return (
    <details>
      <summary>{label} {about}</summary>
      <form class="stack" onSubmit={save}>
        <ActionFields id={id} f={f} setF={setF} roles={ctx.roles} />
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
  const blank: ActionForm = { text: "", responsibleID: roles[0]?.id ?? "", deadlineKind: "month", dueMonth: "", scope: "once" };
  const [f, setF] = useState<ActionForm>(blank);
  const [parent, setParent] = useState("");
  const m = useMutation();
  const [note, announce] = useNotice();
  const id = `ny-atgard-${area.id}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    // A new action comes last in its area, with the next number.
    const next = Math.max(0, ...top.map((a) => a.number ?? 0)) + 1;
    const r = await m.run(() => gql(CreateActionDocument, { input: {
      areaID: area.id, position, text: f.text.trim(), responsibleID: f.responsibleID, deadlineKind: f.deadlineKind, scope: f.scope,
      dueMonth: f.deadlineKind === "month" ? f.dueMonth : null,
      parentID: parent || null, number: parent ? null : next,
    } }));
    if (r) { setF(blank); announce("Åtgärden är tillagd."); onSaved(); }
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
        <ActionFields id={id} f={f} setF={setF} roles={roles} />
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
