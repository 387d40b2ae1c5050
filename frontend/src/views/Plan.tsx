import { useState } from "preact/hooks";
import { nodes, type NodeOf } from "../api";
import { ArchivedPlansDocument, PlanStatusDocument, PlansDocument, PlanTreeDocument, type PlansQuery, type PlanStatusQuery, type PlanTreeQuery } from "../gql";
import { useQuery, type Loaded } from "../hooks";
import { longDate } from "../format";
import { Failed, Loading, StatusTally, value } from "../components";
import { actionPath, useParam } from "../router";
import { PlanHead } from "./PlanHead";

export type PlanNode = NodeOf<PlansQuery["plans"]>;
type TreeNode = NonNullable<PlanTreeQuery["plan"]>;
type AreaNode = NonNullable<TreeNode["areas"]>[number];
type ActionNode = NonNullable<AreaNode["actions"]>[number];
type SubAction = NonNullable<ActionNode["subActions"]>[number];

export function usePlans() {
  return useQuery(PlansDocument, {});
}

export function PlanPicker({ plans, value: chosen, onChange }: { plans: PlanNode[]; value: string; onChange: (id: string) => void }) {
  if (plans.length < 2) return null;
  return (
    <p>
      <label for="plan-val">Plan</label>{" "}
      <select id="plan-val" value={chosen} onChange={(e) => onChange(value(e))}>
        {plans.map((p) => <option value={p.id}>{p.status === "adopted" || !p.statusLabel ? p.title : `${p.title} (${p.statusLabel.toLowerCase()})`}</option>)}
      </select>
    </p>
  );
}

/**
 * Loads the plans and lets the viewer choose one; renders `children` for
 * the chosen plan. The choice is kept in the address (?plan=), so the view
 * can be shared as a link.
 */
export function WithPlan({ title, children }: { title: string; children: (plan: PlanNode) => preact.ComponentChildren }) {
  const plans = usePlans();
  const [chosen, setChosen] = useParam("plan");
  if (plans.error) return <><h1>{title}</h1><Failed error={plans.error} /></>;
  if (!plans.data) return <><h1>{title}</h1><Loading what="planerna" /></>;
  const list = nodes(plans.data.plans);
  // An archived plan is in no list, but opens by its own address (?plan=).
  const unlisted = chosen && !list.some((p) => p.id === chosen)
    ? { id: chosen, title: "Planen i adressen", registryNumber: "", departmentID: "", status: "archived" as const, statusLabel: "" } : undefined;
  if (!list.length && !unlisted) return <><h1>{title}</h1><p>Inga planer ännu.</p></>;
  // With none chosen, the server's default: an adopted plan, never a draft.
  const plan = unlisted ?? list.find((p) => p.id === chosen) ?? list.find((p) => p.id === plans.data?.defaultPlan?.id) ?? list[0];
  return (
    <>
      <h1>{title}</h1>
      <PlanPicker plans={unlisted ? [unlisted, ...list] : list} value={plan.id} onChange={setChosen} />
      {children(plan)}
    </>
  );
}

export function Plan() {
  return (
    <>
      <WithPlan title="Planen">{(plan) => <PlanTree key={plan.id} plan={plan} />}</WithPlan>
      <ArchivedPlans />
    </>
  );
}

/** Archived plans are in no list but this one, read when opened. */
export function ArchivedPlans() {
  const [open, setOpen] = useState(false);
  const q = useQuery(ArchivedPlansDocument, {}, !open);
  const list = q.data ? nodes(q.data.plans) : [];
  return (
    <details class="archived" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Arkiverade planer</summary>
      {!open ? null : q.error ? <Failed error={q.error} /> : !q.data ? <Loading what="arkiverade planer" /> : list.length
        ? <ul>{list.map((p) => <li key={p.id}><a href={`/planen?plan=${encodeURIComponent(p.id)}`} data-route>{p.title} (Dnr {p.registryNumber})</a></li>)}</ul>
        : <p>Inga arkiverade planer.</p>}
    </details>
  );
}

type Filterable = { id: string; responsible: { name: string } };
type StatusItem = NonNullable<PlanStatusQuery["planStatus"]>["actions"][number];

export function matches(a: Filterable, status: Map<string, StatusItem>, role: string, st: string): boolean {
  return (!role || a.responsible.name === role) && (!st || status.get(a.id)?.followUp.status === st);
}

/** The chosen plan's table and its status, fetched side by side. */
function PlanTree({ plan: chosen }: { plan: PlanNode }) {
  const tree = useQuery(PlanTreeDocument, { id: chosen.id });
  const ps = useQuery(PlanStatusDocument, { id: chosen.id });
  if (tree.error) return <Failed error={tree.error} />;
  if (!tree.data) return <Loading what="planen" />;
  if (!tree.data.plan) return <p>Planen finns inte.</p>;
  return <PlanTable plan={tree.data.plan} status={ps} onChanged={() => { tree.reload(); ps.reload(); }} />;
}

function PlanTable({ plan, status: ps, onChanged }: { plan: TreeNode; status: Loaded<PlanStatusQuery>; onChanged: () => void }) {
  // The filters are in the address too: ?ansvarig=Enhetschef&status=overdue.
  const [role, setRole] = useParam("ansvarig");
  const [st, setSt] = useParam("status");
  const status = new Map<string, StatusItem>();
  for (const a of ps.data?.planStatus?.actions ?? []) status.set(a.action.id, a);
  // Every role that answers for an action or a sub-action, as the server rolls them up.
  const roles = (ps.data?.planStatus?.roles ?? []).map((r) => r.role.name).sort((a, b) => a.localeCompare(b, "sv"));
  if (role && !roles.includes(role)) roles.push(role);
  return (
    <>
      <h2>{plan.title} <small>Dnr {plan.registryNumber}</small></h2>
      <PlanHead plan={plan} onChanged={onChanged} />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <p>
          <label for="filter-roll">Ansvarig</label>
          <select id="filter-roll" value={role} onChange={(e) => setRole(value(e))}>
            <option value="">Alla</option>
            {roles.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </p>
        <p>
          <label for="filter-status">Status</label>
          <select id="filter-status" value={st} onChange={(e) => setSt(value(e))}>
            <option value="">Alla</option>
            {(ps.data?.followUpStatuses ?? []).map((s) => <option key={s.status} value={s.status}>{s.label}</option>)}
          </select>
        </p>
      </form>
      {ps.error ? <Failed error={ps.error} /> : null}
      {(plan.areas ?? []).map((area, i) => {
        // Sub-actions are shown under their parent.
        const shown = (area.actions ?? []).filter((a) => !a.parentID).filter((a) =>
          matches(a, status, role, st) || (a.subActions ?? []).some((s) => matches(s, status, role, st)));
        return (
          <section class="area" key={area.id} aria-labelledby={`omrade-${area.id}`}>
            <h3 id={`omrade-${area.id}`}>Område {i + 1}: {area.title}</h3>
            {area.purpose ? <p>{area.purpose}</p> : null}
            {area.note ? <p><em>{area.note}</em></p> : null}
            {shown.length ? (
              <ol class="actions">
                {shown.map((a) => (
                  <li key={a.id} data-action={a.id}>
                    <ActionRow a={a} s={status.get(a.id)} />
                    {a.subActions?.length ? (
                      <ul class="sub" aria-label="Underaktiviteter">
                        {a.subActions.filter((s) => !role && !st || matches(s, status, role, st)).map((s) =>
                          <li key={s.id} data-action={s.id}><ActionRow a={s} s={status.get(s.id)} /></li>)}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : <p class="muted">Inga åtgärder matchar filtret.</p>}
          </section>
        );
      })}
    </>
  );
}

/** An action as the plan's table has it; status and Kontroll utförd are the server's. */
function ActionRow({ a, s }: { a: ActionNode | SubAction; s?: StatusItem }) {
  const f = s?.followUp;
  return (
    <>
      <p class="action-text"><a href={actionPath(a.id)} data-route>{a.number ? `${a.number}. ` : ""}{a.text}</a></p>
      <p class="meta">
        Ansvarig: {a.responsible.name} · Klart när: {a.deadlineLabel}
        {f ? <> · Status: <StatusTally status={f.status} label={f.statusLabel} shares={f.shares} /></> : null}
        {f?.lastSignedOn ? <> · Kontroll utförd: {longDate(f.lastSignedOn)}</> : null}
      </p>
    </>
  );
}
