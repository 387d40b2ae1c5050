import { useState } from "preact/hooks";
import { PLAN_STATUS, PLANS, type ActionNode, type FollowUpStatus, type Plan as PlanT, type Plans, type PlanStatus } from "../api";
import { useQuery } from "../hooks";
import { deadline, statusText } from "../format";
import { Failed, Loading, Status } from "../components";

export function usePlans() {
  return useQuery<Plans>(PLANS);
}

export function PlanPicker({ plans, value, onChange }: { plans: PlanT[]; value: string; onChange: (id: string) => void }) {
  if (plans.length < 2) return null;
  return (
    <p>
      <label for="plan-val">Plan</label>{" "}
      <select id="plan-val" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {plans.map((p) => <option value={p.id}>{p.title}</option>)}
      </select>
    </p>
  );
}

export function Plan() {
  const plans = usePlans();
  const [chosen, setChosen] = useState("");
  if (plans.error) return <><h1>Planen</h1><Failed error={plans.error} /></>;
  if (!plans.data) return <><h1>Planen</h1><Loading what="planen" /></>;
  const list = plans.data.plans.edges.map((e) => e.node);
  if (!list.length) return <><h1>Planen</h1><p>Inga planer ännu.</p></>;
  const plan = list.find((p) => p.id === chosen) ?? list[0];
  return (
    <>
      <h1>Planen</h1>
      <PlanPicker plans={list} value={plan.id} onChange={setChosen} />
      <PlanTree plan={plan} />
    </>
  );
}

/** Top-level actions of an area; Area.actions lists sub-actions too. */
function topLevel(actions: (ActionNode & { parentID?: string | null })[]): ActionNode[] {
  return actions.filter((a) => !a.parentID);
}

export function matches(a: ActionNode, status: Map<string, FollowUpStatus>, role: string, st: string): boolean {
  return (!role || a.responsible.name === role) && (!st || status.get(a.id) === st);
}

function PlanTree({ plan }: { plan: PlanT }) {
  const ps = useQuery<PlanStatus>(PLAN_STATUS, { id: plan.id });
  const [role, setRole] = useState("");
  const [st, setSt] = useState("");
  const status = new Map<string, FollowUpStatus>();
  for (const a of ps.data?.planStatus?.actions ?? []) status.set(a.action.id, a.followUp.status);
  const roles = new Set<string>();
  for (const area of plan.areas ?? []) for (const a of area.actions ?? []) roles.add(a.responsible.name);
  return (
    <>
      <h2>{plan.title} <small>Dnr {plan.registryNumber}</small></h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <p>
          <label for="filter-roll">Ansvarig</label>
          <select id="filter-roll" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
            <option value="">Alla</option>
            {[...roles].sort().map((r) => <option value={r}>{r}</option>)}
          </select>
        </p>
        <p>
          <label for="filter-status">Status</label>
          <select id="filter-status" value={st} onChange={(e) => setSt((e.target as HTMLSelectElement).value)}>
            <option value="">Alla</option>
            {Object.entries(statusText).map(([k, v]) => <option value={k}>{v}</option>)}
          </select>
        </p>
      </form>
      {ps.error ? <Failed error={ps.error} /> : null}
      {(plan.areas ?? []).map((area, i) => {
        const shown = topLevel(area.actions ?? []).filter((a) =>
          matches(a, status, role, st) || (a.subActions ?? []).some((s) => matches(s, status, role, st)));
        return (
          <section class="area" key={area.id} aria-labelledby={`omrade-${area.id}`}>
            <h3 id={`omrade-${area.id}`}>Område {i + 1}: {area.title}</h3>
            {area.purpose ? <p>{area.purpose}</p> : null}
            {shown.length ? (
              <ol class="actions">
                {shown.map((a) => (
                  <li key={a.id} data-action={a.id}>
                    <ActionRow a={a} status={status.get(a.id)} />
                    {a.subActions?.length ? (
                      <ul class="sub" aria-label="Underaktiviteter">
                        {a.subActions.filter((s) => !role && !st || matches(s, status, role, st)).map((s) =>
                          <li key={s.id} data-action={s.id}><ActionRow a={s} status={status.get(s.id)} /></li>)}
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

function ActionRow({ a, status }: { a: ActionNode; status?: FollowUpStatus }) {
  return (
    <>
      <p class="action-text">{a.number ? `${a.number}. ` : ""}{a.text}</p>
      <p class="meta">
        Ansvarig: {a.responsible.name} · Klart när: {deadline(a)}
        {status ? <> · Status: <Status status={status} /></> : null}
      </p>
    </>
  );
}
