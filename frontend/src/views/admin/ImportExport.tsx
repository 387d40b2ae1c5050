import { useState } from "preact/hooks";
import { ErrorMessage } from "../../components";
import { gql } from "../../api";
import { ImportPlanFileDocument } from "../../gql";
import { useMutation, useNotice } from "../../hooks";

/** Export the chosen plan as a plan file; import one (docs/plan-file.md) as a new plan or an update in place. */
export function ImportExport({ plan, onImported }: { plan?: { id: string; registryNumber: string }; onImported: (planID: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [notice, setNotice] = useNotice();
  const m = useMutation();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setNotice("");
    const r = await m.run(async () => gql(ImportPlanFileDocument, { content: await file.text() }));
    if (r) {
      const p = r.importPlanFile.plan;
      setNotice(r.importPlanFile.created ? `Planen ${p.title} (${p.registryNumber}) är importerad.` : `Planen ${p.title} (${p.registryNumber}) är uppdaterad från filen.`);
      onImported(p.id);
    }
  };
  return (
    <section aria-labelledby="planfiler" class="panel">
      <h3 id="planfiler">Planfiler</h3>
      {plan ? <p><a class="button secondary" href={`/plans/${encodeURIComponent(plan.id)}/plan.yaml`} download>Exportera planen ({plan.registryNumber}) som fil</a></p> : null}
      <form class="stack" onSubmit={submit}>
        <p>
          <label for="planfil">Importera en planfil (YAML)</label>
          <input id="planfil" type="file" accept=".yaml,.yml,application/yaml,text/yaml" required
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </p>
        <p class="muted">En plan med samma diarienummer uppdateras; annars läggs en ny plan till. Filen prövas först och sparas bara om allt i den stämmer.</p>
        <button type="submit" disabled={m.busy || !file}>Importera</button>
        <p role="status" class="notice">{notice}</p>
        <ErrorMessage error={m.error} prefix="Filen importerades inte. " />
      </form>
    </section>
  );
}
