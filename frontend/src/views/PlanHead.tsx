import { useState } from "preact/hooks";
import { gql } from "../api";
import { AdoptPlanDocument, ArchivePlanDocument, NoteRevisionDocument, ReopenPlanDocument, type PlanHeadFieldsFragment } from "../gql";
import { useMutation, useNotice } from "../hooks";
import { longDate, today } from "../format";
import { ConfirmButton, ErrorMessage, value } from "../components";

type Head = PlanHeadFieldsFragment & { title: string; registryNumber: string };
type Revision = Head["revisions"] extends (infer R)[] | null | undefined ? R : never;

/**
 * The plan's head as the document has it (Fastställd, Fastställd av,
 * Dokumentansvarig, Reviderad, Dnr), its background, the activities done
 * before it and its revisions. Editors (the server's viewerCanEdit) adopt,
 * archive and reopen it here and note its revisions. What the status means
 * and who may do what is the server's; this shows it.
 */
export function PlanHead({ plan, onChanged }: { plan: Head; onChanged: () => void }) {
  const adopted = [plan.adoptedBy, plan.adoptedAt ? longDate(plan.adoptedAt) : "", plan.adoptedParagraph].filter(Boolean).join(" ");
  const revisions = (plan.revisions ?? []).slice().reverse(); // newest first
  const edits = plan.viewerCanEdit;
  return (
    <section class="plan-head" aria-label="Om planen">
      {plan.status !== "adopted" ? <p class="plan-state"><strong>{plan.statusLabel}</strong>{plan.status === "draft"
        ? ". Planen syns bara för dem som redigerar planer tills den är fastställd."
        : ". Planen kan inte ändras, och inget markeras som utfört i den."}</p> : null}
      <dl class="facts">
        {adopted ? <><dt>Fastställd</dt><dd>{adopted}</dd></> : null}
        {plan.approvedBy ? <><dt>Fastställd av</dt><dd>{plan.approvedBy.name}</dd></> : null}
        <dt>Dokumentansvarig</dt><dd>{plan.owner.name}</dd>
        {plan.revisedAt ? <><dt>Reviderad</dt><dd>{longDate(plan.revisedAt)}</dd></> : null}
        <dt>Dnr</dt><dd>{plan.registryNumber}</dd>
        {plan.date ? <><dt>Datum</dt><dd>{longDate(plan.date)}</dd></> : null}
      </dl>
      {plan.background ? <details><summary>Bakgrund</summary><p class="background">{plan.background}</p></details> : null}
      {plan.completedActivities?.length ? (
        <details>
          <summary>Aktiviteter som är genomförda</summary>
          <ul>{plan.completedActivities.map((a) => <li>{a}</li>)}</ul>
        </details>
      ) : null}
      {revisions.length ? (
        <details>
          <summary>Revisioner ({revisions.length})</summary>
          <ol class="revisions" reversed>
            {revisions.map((r) => <RevisionItem key={r.date} planID={plan.id} revision={r} edits={edits && plan.status === "adopted"} onChanged={onChanged} />)}
          </ol>
        </details>
      ) : null}
      {edits ? <Lifecycle plan={plan} onChanged={onChanged} /> : null}
    </section>
  );
}

function RevisionItem({ planID, revision: r, edits, onChanged }: { planID: string; revision: Revision; edits: boolean; onChanged: () => void }) {
  const [note, setNote] = useState(r.note ?? "");
  const m = useMutation();
  const [saved, announce] = useNotice();
  const id = `anteckning-${r.date}`;
  const save = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(NoteRevisionDocument, { planID, date: r.date, note }))) { announce("Anteckningen är sparad."); onChanged(); }
  };
  return (
    <li>
      <p><strong>{longDate(r.date)}</strong>{r.note ? `: ${r.note}` : ""}</p>
      {r.changes.length ? <ul>{r.changes.map((c) => <li>{c.label}</li>)}</ul> : null}
      {edits ? (
        <form class="inline" onSubmit={save}>
          <label for={id}>Anteckning om revisionen</label>
          <input id={id} value={note} maxLength={2000} onInput={(e) => setNote(value(e))} />
          <button type="submit" class="secondary" disabled={m.busy}>Spara anteckningen</button>
          <ErrorMessage error={m.error} />
          <p role="status" class="notice">{saved}</p>
        </form>
      ) : null}
    </li>
  );
}

/** Fastställ a draft, Arkivera, or Återöppna an archived plan. */
function Lifecycle({ plan, onChanged }: { plan: Head; onChanged: () => void }) {
  const [f, setF] = useState({ by: "", at: today(), paragraph: "§ " });
  const m = useMutation();
  const run = async (op: () => Promise<unknown>) => { if (await m.run(op)) onChanged(); };
  if (plan.status === "draft") {
    const adopt = (e: Event) => {
      e.preventDefault();
      void run(() => gql(AdoptPlanDocument, { id: plan.id, adoptedBy: f.by, adoptedAt: f.at, paragraph: f.paragraph }));
    };
    return (
      <details class="lifecycle">
        <summary>Fastställ planen</summary>
        <form class="stack" onSubmit={adopt}>
          <p><label for="faststalld-av">Fastställd av</label><input id="faststalld-av" required placeholder="Socialnämnden" value={f.by} onInput={(e) => { const v = value(e); setF((f) => ({ ...f, by: v })); }} /></p>
          <p><label for="faststalld-datum">Datum</label><input id="faststalld-datum" type="date" required value={f.at} onInput={(e) => { const v = value(e); setF((f) => ({ ...f, at: v })); }} /></p>
          <p><label for="faststalld-paragraf">Paragraf i protokollet</label><input id="faststalld-paragraf" required value={f.paragraph} onInput={(e) => { const v = value(e); setF((f) => ({ ...f, paragraph: v })); }} /></p>
          <button type="submit" disabled={m.busy}>Fastställ</button>
          <ErrorMessage error={m.error} />
        </form>
      </details>
    );
  }
  return (
    <p class="buttons lifecycle">
      {plan.status === "archived"
        ? <button type="button" class="secondary" disabled={m.busy} onClick={() => void run(() => gql(ReopenPlanDocument, { id: plan.id }))}>Återöppna planen</button>
        : <ConfirmButton label="Arkivera planen" confirm="Ja, arkivera planen" disabled={m.busy} onConfirm={() => void run(() => gql(ArchivePlanDocument, { id: plan.id }))} />}
      <ErrorMessage error={m.error} />
    </p>
  );
}
