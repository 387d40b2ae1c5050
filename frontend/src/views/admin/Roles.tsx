import { useState } from "preact/hooks";
import { gql, nodes, type NodeOf } from "../../api";
import { CreateRoleDocument, RolesDocument, UpdateRoleDocument, type MeQuery, type RoleKind, type RolesQuery } from "../../gql";
import { useMutation, useQuery, useNotice } from "../../hooks";
import { ErrorMessage, Failed, Loading, value } from "../../components";
import { departmentsWhere } from "./Admin";

type Role = NodeOf<RolesQuery["roles"]>;
type RoleForm = { name: string; kind: RoleKind; aliases: string; editsPlans: boolean; administers: boolean; boardMember: boolean };

const rights = [
  ["editsPlans", "Redigerar planer"],
  ["administers", "Administrerar (användare, roller, logg)"],
  ["boardMember", "Ledamot i nämnden (studiebesök)"],
] as const;

/** Roles are positions (Enhetschef) or groups (Chefer); the plan names them as responsible. */
export function Roles({ me }: { me: MeQuery["me"] }) {
  const q = useQuery(RolesDocument, {});
  const depts = departmentsWhere(me, "administers");
  const [notice, setNotice] = useNotice();
  if (q.error) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="rollerna" />;
  const saved = (msg: string) => { setNotice(msg); q.reload(); };
  return (
    <>
      <h2>Roller</h2>
      <p role="status" class="notice">{notice}</p>
      {depts.map((d) => {
        const roles = nodes(q.data!.roles).filter((r) => r.departmentID === d.id).sort((a, b) => a.name.localeCompare(b.name, "sv"));
        return (
          <section key={d.id} aria-labelledby={`roller-${d.id}`}>
            <h3 id={`roller-${d.id}`}>{d.name}</h3>
            <ul class="plain">{roles.map((r) => <li key={r.id}><RoleEditor role={r} onSaved={saved} /></li>)}</ul>
            <NewRole department={d.id} onSaved={saved} />
          </section>
        );
      })}
    </>
  );
}

function RoleFields({ id, f, setF }: { id: string; f: RoleForm; setF: (f: RoleForm) => void }) {
  return (
    <>
      <p><label for={`${id}-namn`}>Namn</label><input id={`${id}-namn`} required value={f.name} onInput={(e) => setF({ ...f, name: value(e) })} /></p>
      <p>
        <label for={`${id}-slag`}>Slag</label>
        <select id={`${id}-slag`} value={f.kind} onChange={(e) => setF({ ...f, kind: value(e) as RoleKind })}>
          <option value="position">Befattning</option>
          <option value="group">Grupp av befattningar</option>
        </select>
      </p>
      <p>
        <label for={`${id}-alias`}>Andra namn i planen, med komma emellan</label>
        <input id={`${id}-alias`} value={f.aliases} onInput={(e) => setF({ ...f, aliases: value(e) })} />
      </p>
      <fieldset>
        <legend>Behörighet</legend>
        {rights.map(([k, text]) => (
          <label key={k} class="check">
            <input type="checkbox" checked={f[k]} onChange={(e) => setF({ ...f, [k]: (e.target as HTMLInputElement).checked })} /> {text}
          </label>
        ))}
      </fieldset>
    </>
  );
}

const aliasList = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

function RoleEditor({ role, onSaved }: { role: Role; onSaved: (msg: string) => void }) {
  const [f, setF] = useState<RoleForm>({
    name: role.name, kind: role.kind, aliases: (role.aliases ?? []).join(", "),
    editsPlans: role.editsPlans, administers: role.administers, boardMember: role.boardMember,
  });
  const m = useMutation();
  const save = async (e: Event) => {
    e.preventDefault();
    const aliases = aliasList(f.aliases);
    const r = await m.run(() => gql(UpdateRoleDocument, { id: role.id, input: {
      name: f.name.trim(), kind: f.kind, editsPlans: f.editsPlans, administers: f.administers, boardMember: f.boardMember,
      ...(aliases.length ? { aliases } : { clearAliases: true }),
    } }));
    if (r) onSaved(`Rollen ${f.name.trim()} är sparad.`);
  };
  const flags = rights.filter(([k]) => role[k]).map(([, t]) => t.split(" (")[0].toLowerCase());
  return (
    <details>
      <summary>{role.name}{role.kind === "group" ? " (grupp)" : ""}{flags.length ? <span class="muted">: {flags.join(", ")}</span> : null}</summary>
      <form class="stack" onSubmit={save}>
        <RoleFields id={`roll-${role.id}`} f={f} setF={setF} />
        <button type="submit" disabled={m.busy}>Spara rollen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}

function NewRole({ department, onSaved }: { department: string; onSaved: (msg: string) => void }) {
  const blank: RoleForm = { name: "", kind: "position", aliases: "", editsPlans: false, administers: false, boardMember: false };
  const [f, setF] = useState(blank);
  const m = useMutation();
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await m.run(() => gql(CreateRoleDocument, { department, input: {
      name: f.name.trim(), kind: f.kind, aliases: aliasList(f.aliases),
      editsPlans: f.editsPlans, administers: f.administers, boardMember: f.boardMember,
    } }));
    if (r) { setF(blank); onSaved("Rollen är tillagd."); }
  };
  return (
    <details>
      <summary>Lägg till en roll</summary>
      <form class="stack" onSubmit={submit}>
        <RoleFields id={`ny-roll-${department}`} f={f} setF={setF} />
        <button type="submit" disabled={m.busy}>Lägg till rollen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}
