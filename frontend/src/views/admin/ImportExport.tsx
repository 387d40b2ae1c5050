import { useState } from "preact/hooks";
import { ErrorMessage, value } from "../../components";
import { gql } from "../../api";
import { ImportPlanDocumentDocument, type MeQuery } from "../../gql";
import { useMutation, useNotice } from "../../hooks";
import { departmentsWhere } from "./Admin";

/** The forms a plan is imported from; the server tells them apart by name and content. */
const accepted = [
  ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".yaml", ".yml", "application/yaml", "text/yaml", ".md", "text/markdown",
].join(",");

/** A file's bytes in base64, as importPlanDocument takes them. */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Export the chosen plan as a plan file; import a plan from Word, a plan
 * file (YAML) or markdown tables (docs/plan-file.md) into a department where
 * the viewer edits plans, as a new plan or an update in place. Whoever also
 * administers the department may let the import add the roles it lacks.
 */
export function ImportExport({ me, plan, onImported }: {
  me: MeQuery["me"];
  plan?: { id: string; registryNumber: string };
  onImported: (planID: string) => void;
}) {
  const targets = departmentsWhere(me, "editsPlans");
  const [file, setFile] = useState<File | null>(null);
  const [chosen, setChosen] = useState("");
  const [createRoles, setCreateRoles] = useState(false);
  const [notice, setNotice] = useNotice();
  const m = useMutation();
  const department = targets.find((d) => d.id === chosen) ?? targets[0];
  const mayAddRoles = !!department && departmentsWhere(me, "administers").some((d) => d.id === department.id);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file || !department) return;
    setNotice("");
    const r = await m.run(async () => gql(ImportPlanDocumentDocument, {
      departmentID: department.id, fileName: file.name, content: await base64Of(file), createRoles: mayAddRoles && createRoles,
    }));
    if (r) {
      const p = r.importPlanDocument.plan;
      setNotice(r.importPlanDocument.created ? `Planen ${p.title} (${p.registryNumber}) är importerad.` : `Planen ${p.title} (${p.registryNumber}) är uppdaterad från filen.`);
      onImported(p.id);
    }
  };
  return (
    <section aria-labelledby="planfiler" class="panel">
      <h3 id="planfiler">Planfiler</h3>
      {plan ? <p><a class="button secondary" href={`/plans/${encodeURIComponent(plan.id)}/plan.yaml`} download>Exportera planen ({plan.registryNumber}) som fil</a></p> : null}
      {!department ? <p>Du redigerar inga planer och kan därför inte importera någon.</p> : (
        <form class="stack" onSubmit={submit}>
          {targets.length > 1 ? (
            <p>
              <label for="import-forvaltning">Förvaltning att importera till</label>
              <select id="import-forvaltning" value={department.id} onChange={(e) => setChosen(value(e))}>
                {targets.map((d) => <option value={d.id}>{d.name}</option>)}
              </select>
            </p>
          ) : null}
          <p>
            <label for="planfil">Importera en plan från fil (Word, YAML eller markdown)</label>
            <input id="planfil" type="file" accept={accepted} required aria-describedby="planfil-om"
              aria-invalid={m.error ? true : undefined} aria-errormessage={m.error ? "planfil-fel" : undefined}
              onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
          </p>
          <div id="planfil-om" class="muted">
            <p>Ett Word-dokument (.docx) ska ha planen i en tabell med kolumnerna Område, Åtgärd/aktivitet, Ansvarig och Klart när. Huvudet före tabellen (Fastställd, Dokumentansvarig, Dnr, Bakgrund) läses också.</p>
            <p>En plan med samma diarienummer uppdateras; annars läggs en ny plan till{targets.length === 1 ? ` i ${department.name}` : ""}. Filen prövas först och sparas bara om allt i den stämmer.</p>
          </div>
          {mayAddRoles ? (
            <div>
              <label class="check">
                <input type="checkbox" checked={createRoles} aria-describedby="import-roller-om"
                  onChange={(e) => setCreateRoles((e.target as HTMLInputElement).checked)} />
                Lägg till roller som saknas
              </label>
              <p id="import-roller-om" class="muted">Annars stoppas importen vid en roll som förvaltningen inte har, så att ett stavfel inte blir en ny roll.</p>
            </div>
          ) : null}
          <button type="submit" disabled={m.busy || !file}>{m.busy ? "Importerar …" : "Importera"}</button>
          <p role="status" class="notice">{notice}</p>
          <ErrorMessage id="planfil-fel" error={m.error} prefix="Filen importerades inte. " />
        </form>
      )}
    </section>
  );
}
