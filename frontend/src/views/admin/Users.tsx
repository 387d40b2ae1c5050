import { useState } from "preact/hooks";
import { gql, nodes, type NodeOf } from "../../api";
import { AssignRoleDocument, RolesDocument, UnassignRoleDocument, UnitsDocument, UsersDocument, type MeQuery, type UnitsQuery, type UsersQuery } from "../../gql";
import { useMutation, useNotice, useQuery } from "../../hooks";
import { dateTime, plural } from "../../format";
import { ErrorMessage, ConfirmButton, Failed, Loading, value } from "../../components";
import { departmentsWhere } from "./Admin";
import { AddPerson } from "./AddPerson";

type User = NodeOf<UsersQuery["users"]>;
type Role = { id: string; name: string; departmentID: string };
type Operation = NodeOf<UnitsQuery["operations"]>;

/**
 * People and their roles. Roles from the identity provider (claim) follow
 * the login; roles given here (admin) stay until taken back here.
 */
export function Users({ me }: { me: MeQuery["me"] }) {
  const [filter, setFilter] = useState("");
  const q = filter.trim();
  const users = useQuery(UsersDocument, { where: q ? { or: [{ nameContainsFold: q }, { emailContainsFold: q }] } : null });
  const roles = useQuery(RolesDocument, {});
  const depts = departmentsWhere(me, "administers");
  const units = useQuery(UnitsDocument, { departments: depts.map((d) => d.id) });
  const [notice, setNotice] = useNotice();
  const search = (
    <p>
      <label for="sok-anvandare">Sök på namn eller e-post</label>
      <input id="sok-anvandare" type="search" value={filter} onInput={(e) => setFilter(value(e))} />
    </p>
  );
  const error = users.error ?? roles.error ?? units.error;
  if (error) return <Failed error={error} />;
  if (!users.data || !roles.data || !units.data) return <>{search}<Loading what="användarna" /></>;
  const mine = new Set(depts.map((d) => d.id));
  const assignable = nodes(roles.data.roles).filter((r) => mine.has(r.departmentID)).sort((a, b) => a.name.localeCompare(b.name, "sv"));
  const list = nodes(users.data.users);
  const operations = nodes(units.data.operations).filter((o) => o.units?.length);
  const saved = (msg: string) => { setNotice(msg); users.reload(); };
  return (
    <>
      <h2>Användare och roller</h2>
      <p>Roller från inloggningen (kommunens identitetstjänst) uppdateras vid varje inloggning. Roller som ges här gäller tills de tas bort här.</p>
      <p role="status" class="notice">{notice}</p>
      <AddPerson departments={depts} roles={assignable} onAdded={saved} />
      {search}
      <p class="muted">{list.length < users.data.users.totalCount
        ? `Visar ${list.length} av ${users.data.users.totalCount} användare. Sök för att hitta fler.`
        : plural(list.length, "användare", "användare")}</p>
      <ul class="cards">
        {list.map((u) => <UserCard key={u.id} user={u} roles={assignable} areas={depts.flatMap((d) => d.operationAreas ?? [])}
          operations={operations} onSaved={saved} />)}
      </ul>
    </>
  );
}

function UserCard({ user, roles, areas, operations, onSaved }: {
  user: User; roles: Role[]; areas: { id: string; code: string; name: string }[]; operations: Operation[]; onSaved: (msg: string) => void;
}) {
  const [role, setRole] = useState(roles[0]?.id ?? "");
  const [area, setArea] = useState("");
  const [unit, setUnit] = useState("");
  const m = useMutation();
  const id = (k: string) => `${k}-${user.id}`;
  const assign = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(AssignRoleDocument, { user: user.id, role, area: area || null, unit: unit || null }))) onSaved(`${user.name} har fått rollen.`);
  };
  const unassign = async (assignment: string) => {
    if (await m.run(() => gql(UnassignRoleDocument, { id: assignment }))) onSaved(`Rollen är borttagen från ${user.name}.`);
  };
  return (
    <li class="card" data-user={user.id}>
      <h3 class="card-title">{user.name}</h3>
      <p class="meta">{user.email}{user.addedAhead ? " · har inte loggat in än" : user.lastLoginAt ? ` · senast inloggad ${dateTime(user.lastLoginAt)}` : ""}</p>
      <ul class="plain">
        {(user.assignments ?? []).map((a) => (
          <li key={a.id}>
            {a.role.name}{a.operationArea ? ` (${a.operationArea.code})` : ""}{a.unit ? ` (${a.unit.name})` : ""}
            {a.source === "claim" ? <span class="muted"> · från inloggningen</span>
              : <> · <ConfirmButton label="Ta bort" confirm={`Ja, ta bort ${a.role.name}`} disabled={m.busy} onConfirm={() => unassign(a.id)} /></>}
          </li>
        ))}
      </ul>
      <details>
        <summary>Ge en roll</summary>
        <form class="stack" onSubmit={assign}>
          <p>
            <label for={id("roll")}>Roll</label>
            <select id={id("roll")} value={role} onChange={(e) => setRole(value(e))}>
              {roles.map((r) => <option value={r.id}>{r.name}</option>)}
            </select>
          </p>
          <p>
            <label for={id("omrade")}>Verksamhetsområde (valfritt)</label>
            <select id={id("omrade")} value={area} onChange={(e) => setArea(value(e))}>
              <option value="">Inget</option>
              {areas.map((a) => <option value={a.id}>{a.name}</option>)}
            </select>
          </p>
          <p>
            <label for={id("enhet")}>Enhet (valfritt)</label>
            <select id={id("enhet")} aria-describedby={id("enhet-hjalp")} value={unit} onChange={(e) => setUnit(value(e))}>
              <option value="">Ingen</option>
              {operations.map((o) => (
                <optgroup key={o.id} label={o.name}>
                  {(o.units ?? []).map((u) => <option value={u.id}>{u.name}</option>)}
                </optgroup>
              ))}
            </select>
            <span class="muted hint" id={id("enhet-hjalp")}>Rollen gäller för den enheten: personen markerar åtgärder som utförda för den och räknas för den.</span>
          </p>
          <button type="submit" disabled={m.busy || !role}>Ge rollen</button>
        </form>
      </details>
      <ErrorMessage error={m.error} />
    </li>
  );
}
