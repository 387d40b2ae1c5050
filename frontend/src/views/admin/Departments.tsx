import { useState } from "preact/hooks";
import { gql } from "../../api";
import { AllDepartmentsDocument, CreateDepartmentDocument, type AllDepartmentsQuery, type MeQuery } from "../../gql";
import { useMutation, useNotice, useQuery } from "../../hooks";
import { ErrorMessage, Failed, Loading, value } from "../../components";

type Template = AllDepartmentsQuery["roleTemplate"][number];
type RoleRow = Template & { key: number };

const rights = [
  ["editsPlans", "Redigerar planer"],
  ["administers", "Administrerar"],
  ["boardMember", "Sitter i nämnden"],
] as const;

/** A slug from a name: Kultur- och fritidsförvaltningen → kultur-och-fritidsforvaltningen. */
export function slugOf(name: string): string {
  return name.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** Förvaltningar: every department, and a new one from the role template (municipality administrators). */
export function Departments({ me }: { me: MeQuery["me"] }) {
  const q = useQuery(AllDepartmentsDocument, {});
  const [notice, setNotice] = useNotice();
  if (q.error) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="förvaltningarna" />;
  return (
    <>
      <h2>Förvaltningar</h2>
      <p role="status" class="notice">{notice}</p>
      <ul class="plain">
        {q.data.allDepartments.map((d) => (
          <li key={d.id}>{d.name}, {d.municipality} <span class="muted">({d.slug}{d.member ? ", du har en roll här" : ""})</span></li>
        ))}
      </ul>
      <NewDepartment template={q.data.roleTemplate} userID={me.user.id} onCreated={(name, mine) => {
        setNotice(mine ? `${name} är skapad. Ladda om sidan för att administrera den.` : `${name} är skapad. Administratören får sin roll vid första inloggningen.`);
        q.reload();
      }} />
    </>
  );
}

export function NewDepartment({ template, userID, onCreated }: { template: Template[]; userID: string; onCreated: (name: string, mine: boolean) => void }) {
  const [name, setName] = useState("");
  const [municipality, setMunicipality] = useState("");
  const [slug, setSlug] = useState("");
  const [roles, setRoles] = useState<RoleRow[]>(() => template.map((t, i) => ({ ...t, key: i })));
  const [newRole, setNewRole] = useState("");
  const [adminRole, setAdminRole] = useState(template.find((t) => t.administers && t.kind === "position")?.name ?? "");
  const [who, setWho] = useState<"me" | "new">("me");
  const [person, setPerson] = useState({ name: "", email: "" });
  const m = useMutation();

  const rename = (row: RoleRow, to: string) => setRoles(roles.map((r) => r.key === row.key ? { ...r, name: to }
    : { ...r, members: r.members.map((x) => x === row.name ? to : x) }));
  const remove = (row: RoleRow) => setRoles(roles.filter((r) => r.key !== row.key)
    .map((r) => ({ ...r, members: r.members.filter((x) => x !== row.name) })));
  const add = () => {
    if (!newRole.trim()) return;
    setRoles([...roles, { name: newRole.trim(), kind: "position", aliases: [], editsPlans: false, administers: false, boardMember: false, members: [], key: Date.now() }]);
    setNewRole("");
  };
  const admins = roles.filter((r) => r.administers && r.kind === "position");
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = {
      slug: slug || slugOf(name), name, municipality, administratorRole: adminRole,
      roles: roles.map(({ key: _, ...r }) => r),
      ...(who === "me" ? { administratorUserID: userID } : { administrator: person }),
    };
    const done = await m.run(() => gql(CreateDepartmentDocument, { input }));
    if (done) onCreated(done.createDepartment.name, who === "me");
  };
  return (
    <section aria-labelledby="ny-forvaltning">
      <h3 id="ny-forvaltning">Ny förvaltning</h3>
      <form class="stack" onSubmit={submit}>
        <p><label for="fv-namn">Namn</label><input id="fv-namn" required value={name} onInput={(e) => setName(value(e))} /></p>
        <p><label for="fv-kommun">Kommun</label><input id="fv-kommun" required value={municipality} onInput={(e) => setMunicipality(value(e))} /></p>
        <p>
          <label for="fv-kortnamn">Kortnamn i adresser och filer</label>
          <input id="fv-kortnamn" aria-describedby="fv-kortnamn-hjalp" value={slug} placeholder={slugOf(name)} onInput={(e) => setSlug(value(e))} />
          <span class="muted hint" id="fv-kortnamn-hjalp">Små bokstäver a–z, siffror och bindestreck. Tomt: av namnet.</span>
        </p>
        <fieldset>
          <legend>Roller att börja med</legend>
          <p class="muted">De vanliga befattningarna i en förvaltning. Ändra namn, ta bort eller lägg till innan du skapar förvaltningen.</p>
          <ul class="plain">
            {roles.map((r) => (
              <li key={r.key} data-role={r.name}>
                <p class="inline">
                  <label for={`fv-roll-${r.key}`}>{r.kind === "group" ? "Grupp" : "Befattning"}</label>
                  <input id={`fv-roll-${r.key}`} required value={r.name} onInput={(e) => rename(r, value(e))} />
                  <button type="button" class="secondary" onClick={() => remove(r)} aria-label={`Ta bort ${r.name}`}>Ta bort</button>
                </p>
                {r.kind === "group" ? <p class="muted">Består av: {r.members.join(", ") || "ingen"}</p> : (
                  <p class="inline">
                    {rights.map(([k, text]) => (
                      <label key={k} class="check">
                        <input type="checkbox" checked={r[k]} onChange={(e) => setRoles(roles.map((x) => x.key === r.key ? { ...x, [k]: (e.target as HTMLInputElement).checked } : x))} /> {text}
                      </label>
                    ))}
                  </p>
                )}
              </li>
            ))}
          </ul>
          <p class="inline">
            <label for="fv-ny-roll">Ny befattning</label>
            <input id="fv-ny-roll" value={newRole} onInput={(e) => setNewRole(value(e))} />
            <button type="button" class="secondary" onClick={add}>Lägg till</button>
          </p>
        </fieldset>
        <fieldset>
          <legend>Administratör</legend>
          <p>
            <label for="fv-adminroll">Roll</label>
            <select id="fv-adminroll" value={adminRole} onChange={(e) => setAdminRole(value(e))}>
              {admins.map((r) => <option key={r.key} value={r.name}>{r.name}</option>)}
            </select>
          </p>
          <label class="check"><input type="radio" name="fv-vem" checked={who === "me"} onChange={() => setWho("me")} /> Jag själv</label>
          <label class="check"><input type="radio" name="fv-vem" checked={who === "new"} onChange={() => setWho("new")} /> En annan person, som får rollen vid sin första inloggning</label>
          {who === "new" ? <>
            <p><label for="fv-person-namn">Namn</label><input id="fv-person-namn" required value={person.name} onInput={(e) => setPerson({ ...person, name: value(e) })} /></p>
            <p><label for="fv-person-epost">E-post</label><input id="fv-person-epost" type="email" required value={person.email} onInput={(e) => setPerson({ ...person, email: value(e) })} /></p>
          </> : null}
        </fieldset>
        <button type="submit" disabled={m.busy}>Skapa förvaltningen</button>
        <ErrorMessage error={m.error} />
      </form>
    </section>
  );
}
