import { useState } from "preact/hooks";
import { gql } from "../../api";
import { AddPersonDocument } from "../../gql";
import { useMutation } from "../../hooks";
import { ErrorMessage, value } from "../../components";

type Role = { id: string; name: string; departmentID: string };

/** Add someone before their first login: their first login with the e-mail address takes the roles. */
export function AddPerson({ departments, roles, onAdded }: {
  departments: { id: string; name: string }[]; roles: Role[]; onAdded: (msg: string) => void;
}) {
  const [dept, setDept] = useState(departments[0]?.id ?? "");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const m = useMutation();
  const offered = roles.filter((r) => r.departmentID === dept);
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await m.run(() => gql(AddPersonDocument, { department: dept, person: { name, email }, roles: chosen }));
    if (done) {
      onAdded(`${done.addPerson.name} är tillagd och får rollerna vid sin första inloggning.`);
      setName(""); setEmail(""); setChosen([]);
    }
  };
  return (
    <details>
      <summary>Lägg till en person som inte har loggat in än</summary>
      <form class="stack" onSubmit={submit}>
        <p class="muted">Personen får rollerna när hen loggar in första gången med samma e-postadress, om kommunens inloggning har bekräftat adressen.</p>
        {departments.length > 1 ? (
          <p>
            <label for="ny-person-fv">Förvaltning</label>
            <select id="ny-person-fv" value={dept} onChange={(e) => { setDept(value(e)); setChosen([]); }}>
              {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </p>
        ) : null}
        <p><label for="ny-person-namn">Namn</label><input id="ny-person-namn" required value={name} onInput={(e) => setName(value(e))} /></p>
        <p><label for="ny-person-epost">E-post</label><input id="ny-person-epost" type="email" required value={email} onInput={(e) => setEmail(value(e))} /></p>
        <fieldset>
          <legend>Roller</legend>
          {offered.map((r) => (
            <label key={r.id} class="check">
              <input type="checkbox" checked={chosen.includes(r.id)}
                onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, r.id] : chosen.filter((x) => x !== r.id))} /> {r.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={m.busy || !chosen.length}>Lägg till personen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}
