import { useState } from "preact/hooks";
import { ErrorMessage, value } from "../../components";
import { GraphQLError, gql, nodes } from "../../api";
import { CopyPlanDocument, PlanTemplatePreviewDocument, RolesDocument, type MeQuery, type RoleChoice } from "../../gql";
import { useMutation, useNotice, useQuery } from "../../hooks";
import { departmentsWhere } from "./Admin";

const CREATE = "skapa";

/**
 * Ny plan: an empty draft, or a copy of a plan the viewer reads ("Använd som
 * mall") in a department where they edit plans. The server matches the
 * template's roles to the department's; each role without a match gets a
 * choice here: a role of the department, or create it (administrators).
 */
export function NewPlan({ me, plans, onCreated }: {
  me: MeQuery["me"];
  plans: { id: string; title: string; registryNumber: string }[];
  onCreated: (planID: string) => void;
}) {
  const targets = departmentsWhere(me, "editsPlans");
  const [open, setOpen] = useState(false);
  const [fromTemplate, setFromTemplate] = useState(false);
  const [template, setTemplate] = useState("");
  const [chosenDept, setChosenDept] = useState("");
  const [title, setTitle] = useState("");
  const [dnr, setDnr] = useState("");
  const [owner, setOwner] = useState("");
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [notice, setNotice] = useNotice();
  const m = useMutation();
  const department = targets.find((d) => d.id === chosenDept) ?? targets[0];
  const templateID = template || plans[0]?.id || "";
  const mayCreateRoles = !!department && departmentsWhere(me, "administers").some((d) => d.id === department.id);
  const roles = useQuery(RolesDocument, {}, !open);
  const deptRoles = nodes(roles.data?.roles).filter((r) => r.departmentID === department?.id);
  const preview = useQuery(PlanTemplatePreviewDocument, { plan: templateID, department: department?.id ?? "" },
    !open || !fromTemplate || !templateID || !department);
  const unmatched = (preview.data?.planTemplatePreview ?? []).filter((r) => !r.match);
  // A taken Dnr (or one missing) is the server's refusal of that field: shown there.
  const dnrError = m.error instanceof GraphQLError && m.error.field === "registryNumber" ? m.error : undefined;
  if (!department) return null;
  if (!open) return <p><button type="button" onClick={() => setOpen(true)}>Ny plan</button></p>;

  const submit = async (e: Event) => {
    e.preventDefault();
    setNotice("");
    const roleChoices: RoleChoice[] = fromTemplate ? unmatched.map((r) => {
      const c = choices[r.sourceRole];
      return c === CREATE ? { sourceRole: r.sourceRole, create: true } : { sourceRole: r.sourceRole, targetRoleID: c };
    }) : [];
    const r = await m.run(() => gql(CopyPlanDocument, {
      plan: fromTemplate ? templateID : null, department: department.id, registryNumber: dnr, title: title || null,
      owner: fromTemplate ? null : owner || deptRoles[0]?.id, choices: roleChoices,
    }));
    if (r) {
      setNotice(`Planen ${r.copyPlan.title} (${r.copyPlan.registryNumber}) är skapad som utkast.`);
      onCreated(r.copyPlan.id);
    }
  };
  return (
    <section aria-labelledby="ny-plan" class="panel">
      <h3 id="ny-plan">Ny plan</h3>
      <form class="stack" onSubmit={submit}>
        <fieldset>
          <legend>Börja från</legend>
          <label class="check"><input type="radio" name="ny-plan-start" checked={!fromTemplate} onChange={() => setFromTemplate(false)} /> Tom plan</label>
          <label class="check"><input type="radio" name="ny-plan-start" checked={fromTemplate} onChange={() => setFromTemplate(true)} /> Använd som mall</label>
        </fieldset>
        {fromTemplate ? (
          <p>
            <label for="ny-plan-mall">Plan att använda som mall</label>
            <select id="ny-plan-mall" value={templateID} onChange={(e) => setTemplate(value(e))}>
              {plans.map((p) => <option value={p.id}>{p.title} ({p.registryNumber})</option>)}
            </select>
          </p>
        ) : null}
        {targets.length > 1 ? (
          <p>
            <label for="ny-plan-forvaltning">Förvaltning</label>
            <select id="ny-plan-forvaltning" value={department.id} onChange={(e) => { setChosenDept(value(e)); setChoices({}); }}>
              {targets.map((d) => <option value={d.id}>{d.name}</option>)}
            </select>
          </p>
        ) : null}
        <p>
          <label for="ny-plan-rubrik">Rubrik</label>
          <input id="ny-plan-rubrik" value={title} required={!fromTemplate} onInput={(e) => setTitle(value(e))} />
        </p>
        <p>
          <label for="ny-plan-dnr">Diarienummer (Dnr)</label>
          <input id="ny-plan-dnr" value={dnr} required onInput={(e) => setDnr(value(e))}
            aria-invalid={dnrError ? "true" : undefined} aria-describedby={dnrError ? "ny-plan-dnr-fel" : undefined} />
          <ErrorMessage error={dnrError} id="ny-plan-dnr-fel" />
        </p>
        {!fromTemplate ? (
          <p>
            <label for="ny-plan-agare">Dokumentansvarig</label>
            <select id="ny-plan-agare" value={owner || deptRoles[0]?.id} onChange={(e) => setOwner(value(e))}>
              {deptRoles.map((r) => <option value={r.id}>{r.name}</option>)}
            </select>
          </p>
        ) : unmatched.length ? (
          <fieldset>
            <legend>Roller som saknas i {department.name}</legend>
            {unmatched.map((r, i) => (
              <p key={r.sourceRole}>
                <label for={`ny-plan-roll-${i}`}>{r.sourceRole}</label>
                <select id={`ny-plan-roll-${i}`} required value={choices[r.sourceRole] ?? ""}
                  onChange={(e) => { const v = value(e); setChoices((c) => ({ ...c, [r.sourceRole]: v })); }}>
                  <option value="">Välj roll</option>
                  {deptRoles.map((d) => <option value={d.id}>{d.name}</option>)}
                  {mayCreateRoles ? <option value={CREATE}>Skapa rollen</option> : null}
                </select>
              </p>
            ))}
          </fieldset>
        ) : null}
        <button type="submit" disabled={m.busy}>{m.busy ? "Skapar …" : "Skapa planen"}</button>
        <p role="status" class="notice">{notice}</p>
        <ErrorMessage error={dnrError ? undefined : m.error} prefix="Planen skapades inte. " />
      </form>
    </section>
  );
}
