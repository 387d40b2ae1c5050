import { useState } from "preact/hooks";
import { gql, nodes, type NodeOf } from "../../api";
import { CreateGroupMappingDocument, DeleteGroupMappingDocument, GroupMappingsDocument, RolesDocument, type MeQuery, type GroupMappingsQuery } from "../../gql";
import { useMutation, useNotice, useQuery } from "../../hooks";
import { ConfirmButton, ErrorMessage, Failed, Loading, value } from "../../components";
import { departmentsWhere } from "./Admin";

type Dept = NodeOf<GroupMappingsQuery["departments"]>;
type Role = { id: string; name: string };
type Area = { id: string; code: string; name: string };

/** Gruppmappning: which directory groups give which roles, from each person's next login. */
export function GroupMappings({ me }: { me: MeQuery["me"] }) {
  const q = useQuery(GroupMappingsDocument, {});
  const roles = useQuery(RolesDocument, {});
  const [notice, setNotice] = useNotice();
  const error = q.error ?? roles.error;
  if (error) return <Failed error={error} />;
  if (!q.data || !roles.data) return <Loading what="gruppmappningen" />;
  const mine = departmentsWhere(me, "administers");
  const saved = (msg: string) => { setNotice(msg); q.reload(); };
  return (
    <>
      <h2>Gruppmappning</h2>
      <p>En grupp i kommunens katalog ger en roll i förvaltningen. Ändringar gäller från personens nästa inloggning.</p>
      <p role="status" class="notice">{notice}</p>
      {nodes(q.data.departments).filter((d) => mine.some((m) => m.id === d.id)).map((d) => (
        <DepartmentMappings key={d.id} dept={d} onSaved={saved}
          roles={nodes(roles.data!.roles).filter((r) => r.departmentID === d.id).sort((a, b) => a.name.localeCompare(b.name, "sv"))}
          areas={mine.find((m) => m.id === d.id)?.operationAreas ?? []} />
      ))}
    </>
  );
}

export function DepartmentMappings({ dept, roles, areas, onSaved }: { dept: Dept; roles: Role[]; areas: Area[]; onSaved: (msg: string) => void }) {
  const [group, setGroup] = useState("");
  const [role, setRole] = useState(roles[0]?.id ?? "");
  const [area, setArea] = useState("");
  const m = useMutation();
  const id = (k: string) => `gm-${k}-${dept.id}`;
  const create = async (e: Event) => {
    e.preventDefault();
    const input = { value: group.trim(), roleID: role, operationAreaID: area || null };
    if (await m.run(() => gql(CreateGroupMappingDocument, { department: dept.id, input }))) {
      setGroup("");
      onSaved(`Gruppen ${input.value} ger nu rollen ${roles.find((r) => r.id === role)?.name ?? ""}.`);
    }
  };
  const remove = async (mappingID: string, what: string) => {
    if (await m.run(() => gql(DeleteGroupMappingDocument, { id: mappingID }))) onSaved(`${what} är borttagen.`);
  };
  return (
    <section aria-labelledby={id("rubrik")}>
      <h3 id={id("rubrik")}>{dept.name}</h3>
      {dept.groupMappings.length ? (
        <ul class="plain">
          {dept.groupMappings.map((g) => (
            <li key={g.id}>
              <code>{g.value}</code> ger {g.role.name}{g.operationArea ? ` (${g.operationArea.code})` : ""}
              {" · "}<ConfirmButton label="Ta bort" confirm={`Ja, ta bort ${g.value}`} disabled={m.busy} onConfirm={() => remove(g.id, g.value)} />
            </li>
          ))}
        </ul>
      ) : dept.fileGroupMappings.length ? (
        <>
          <p>Just nu gäller konfigurationsfilens rader. När du lägger till en grupp här gäller bara grupperna här.</p>
          <ul class="plain">
            {dept.fileGroupMappings.map((f) => <li key={f.value + f.role}><code>{f.value}</code> ger {f.role}{f.operationArea ? ` (${f.operationArea})` : ""}</li>)}
          </ul>
        </>
      ) : <p>Inga grupper ger roller här än.</p>}
      <form class="stack" onSubmit={create}>
        <p>
          <label for={id("grupp")}>Grupp</label>
          <input id={id("grupp")} required value={group} aria-describedby={id("grupp-hjalp")} onInput={(e) => setGroup(value(e))} />
          <span class="muted hint" id={id("grupp-hjalp")}>Gruppens namn, eller dess objekt-id i Entra ID, exakt som i inloggningens {dept.groupClaim}.</span>
        </p>
        <p>
          <label for={id("roll")}>Ger rollen</label>
          <select id={id("roll")} value={role} onChange={(e) => setRole(value(e))}>
            {roles.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </p>
        <p>
          <label for={id("omrade")}>Verksamhetsområde (valfritt)</label>
          <select id={id("omrade")} value={area} onChange={(e) => setArea(value(e))}>
            <option value="">Inget</option>
            {areas.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </p>
        <button type="submit" disabled={m.busy || !role}>Lägg till gruppen</button>
      </form>
      <ErrorMessage error={m.error} />
    </section>
  );
}
