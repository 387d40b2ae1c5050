import { useEffect, useState } from "preact/hooks";
import { gql } from "../api";
import { ActionFollowUpDocument, ActionPageDocument, MyShareDocument, WithdrawSignOffDocument, type ActionPageQuery, type ActionScope } from "../gql";
import { useMutation, useQuery, useNotice } from "../hooks";
import { dateTime, longDate } from "../format";
import { ErrorMessage, Failed, Loading, SignOffForm, StatusTally, value, yourShare } from "../components";
import { actionPath } from "../router";

type ActionT = Required<NonNullable<ActionPageQuery["node"]>>;
type SignOffT = NonNullable<ActionT["signOffs"]>[number];
export type ShareT = ActionT["shares"][number];

/** An action's page: where it sits in the plan, its follow-up and every sign-off, withdrawn ones too. */
export function ActionPage({ id }: { id: string }) {
  const q = useQuery(ActionPageDocument, { id });
  const [notice, setNotice] = useNotice();
  const [version, setVersion] = useState(0);
  if (q.error) return <><h1>Åtgärd</h1><Failed error={q.error} /></>;
  if (!q.data) return <><h1>Åtgärd</h1><Loading what="åtgärden" /></>;
  const node = q.data.node;
  if (!node || node.__typename !== "Action") return <><h1>Åtgärden finns inte</h1><p>Den kan ha tagits bort, eller så hör den till en annan förvaltning.</p></>;
  const a = node as ActionT;
  // After a mark or an undo, the page and its follow-up (the period table) are read again.
  const done = (msg: string) => { setNotice(msg); q.reload(); setVersion((v) => v + 1); };
  return (
    <>
      <p class="crumbs"><a href="/planen" data-route>{a.area.plan.title}</a> › {a.area.title}</p>
      <h1>{a.number ? `${a.number}. ` : ""}{a.text}</h1>
      <p role="status" class="notice">{notice}</p>
      <dl class="facts">
        <dt>Ansvarig</dt><dd>{a.assignee ? `${a.assignee.name} (${a.responsible.name})` : a.responsible.name}</dd>
        <dt>Klart när</dt><dd>{a.deadlineLabel}</dd>
        {a.parent ? <><dt>Del av</dt><dd><a href={actionPath(a.parent.id)} data-route>{a.parent.number ? `${a.parent.number}. ` : ""}{a.parent.text}</a></dd></> : null}
        {a.reportBackOf ? <><dt>Återrapportering av</dt><dd><a href={actionPath(a.reportBackOf.id)} data-route>{a.reportBackOf.text}</a></dd></> : null}
      </dl>
      <FollowUpSection planID={a.area.plan.id} action={a} onDone={done} version={version} />
      {a.scope !== "once" ? <Shares scope={a.scope} shares={a.shares} /> : null}
      {a.subActions?.length ? (
        <>
          <h2>Underaktiviteter</h2>
          <ul class="links">{a.subActions.map((s) => <li key={s.id}><a href={actionPath(s.id)} data-route>{s.text}</a> ({s.responsible.name}, {s.deadlineLabel})</li>)}</ul>
        </>
      ) : null}
      <h2>Historik</h2>
      <History signOffs={a.signOffs ?? []} onChange={done} scope={a.scope} />
    </>
  );
}

function FollowUpSection({ planID, action, onDone, version }: { planID: string; action: ActionT; onDone: (msg: string) => void; version: number }) {
  const q = useQuery(ActionFollowUpDocument, { plan: planID });
  // A shared duty: the viewer's own part, if they have one (myActions counts only theirs).
  const my = useQuery(MyShareDocument, action.scope === "once" ? undefined : {}, action.scope === "once");
  useEffect(() => {
    if (!version) return;
    q.reload();
    if (action.scope !== "once") my.reload();
  }, [version]);
  if (q.error) return <Failed error={q.error} />;
  if (!q.data || my.loading && !my.data) return <Loading what="uppföljningen" />;
  const f = q.data.planStatus?.actions.find((x) => x.action.id === action.id)?.followUp;
  const mine = my.data?.myActions.find((x) => x.action.id === action.id);
  const share = mine ? yourShare(action.scope, mine.units) : "";
  // What is left to mark: the viewer's own part when they have one, else the action's.
  const left = mine?.followUp ?? f;
  const periods = left?.periods ?? [];
  // Units to mark for: one's own; one who has none (the plan owner, on a unit's behalf) chooses among those not done.
  const units = action.scope !== "each_unit" ? [] : mine?.units.length ? mine.units
    : action.shares.filter((s) => s.unit && !doneShare(s)).map((s) => s.unit!);
  // Report-backs are not part of the plan's status; their state shows in Mitt ansvar.
  return (
    <>
      {f ? (
        <dl class="facts">
          <dt>Status</dt><dd><StatusTally status={f.status} label={f.statusLabel} shares={f.shares} /></dd>
          {action.deadlineKind === "continuous" ? <><dt>Nästa</dt><dd>{f.dueLabel}</dd></> : null}
          {share && mine ? <><dt>Din del</dt><dd>{share} · <StatusTally status={mine.followUp.status} label={mine.followUp.statusLabel} shares={mine.followUp.shares && mine.followUp.shares.total > 1 ? mine.followUp.shares : null} /></dd></> : null}
          {f.lastSignedOn ? <><dt>Kontroll utförd</dt><dd>{longDate(f.lastSignedOn)}</dd></> : null}
          {f.subActionsTotal ? <><dt>Underaktiviteter</dt><dd>{f.subActionsDone} av {f.subActionsTotal} klara</dd></> : null}
        </dl>
      ) : null}
      {f && f.periods.length ? (
        <div class="scroll" tabIndex={0} role="region" aria-labelledby="perioder">
          <table>
            <caption id="perioder">Uppföljning per period</caption>
            <thead><tr><th scope="col">Period</th><th scope="col">Status</th><th scope="col">Kontroll utförd</th></tr></thead>
            <tbody>
              {[...f.periods].reverse().map((p) => (
                <tr key={p.key}><th scope="row">{p.label}</th><td>{p.statusLabel}{p.shares ? `, ${p.shares.label}` : ""}</td><td>{p.signedOn ? longDate(p.signedOn) : "–"}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {action.viewerCanSignOff ? (
        <SignOffForm actionID={action.id} text={action.text} onDone={onDone} units={units}
          open={!left || left.status !== "done"} missed={periods.filter((p) => p.status === "missed")} current={periods[periods.length - 1]} />
      ) : null}
    </>
  );
}

/** A share's part is done: signed off (or, when needed, logged), as the server's count has it. */
const doneShare = (s: ShareT) => s.status === "done" || s.status === "logged";
const shareName = (s: ShareT) => s.unit?.name ?? s.user?.name ?? "";

/**
 * Who has and has not done their part of a shared duty, for the plan owner
 * and Förvaltningschef to remind them: the names of those not done can be
 * copied, one per line.
 */
export function Shares({ scope, shares }: { scope: ActionScope; shares: ShareT[] }) {
  const [notice, announce] = useNotice();
  const done = shares.filter(doneShare);
  const left = shares.filter((s) => !doneShare(s));
  const what = scope === "each_unit" ? "enheter" : "personer";
  const copy = async () => announce(await copyText(left.map(shareName).join("\n"))
    ? `Listan är kopierad: ${left.length} ${what} som inte är klara.`
    : "Det gick inte att kopiera. Markera namnen i listan och kopiera dem själv.");
  return (
    <section aria-labelledby="delar">
      <h2 id="delar">{scope === "each_unit" ? "Enheternas delar" : "Var och ens del"}</h2>
      {!shares.length ? <p>Åtgärden omfattar inga {what} ännu.</p> : (
        <>
          <h3>Inte klara ännu ({left.length})</h3>
          {left.length ? (
            <>
              <ul class="plain shares" data-shares="left">
                {left.map((s) => <li key={s.unit?.id ?? s.user?.id}>{shareName(s)} <span class="muted">({s.statusLabel})</span></li>)}
              </ul>
              <p><button type="button" class="secondary" onClick={copy}>Kopiera listan</button></p>
              <p role="status" class="notice">{notice}</p>
            </>
          ) : <p>Alla har gjort sin del.</p>}
          <h3>Klara ({done.length})</h3>
          {done.length ? (
            <ul class="plain shares" data-shares="done">
              {done.map((s) => <li key={s.unit?.id ?? s.user?.id}>{shareName(s)}{s.signedOn ? <span class="muted"> ({longDate(s.signedOn)})</span> : null}</li>)}
            </ul>
          ) : <p>Ingen har gjort sin del än.</p>}
        </>
      )}
    </section>
  );
}

/** Copy text to the clipboard; false when the browser will not. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without the Clipboard API (a page not served over HTTPS): the old way, from a selected field.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.className = "offscreen";
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { /* not allowed */ }
    ta.remove();
    return ok;
  }
}

/**
 * Every mark of the action, newest first, undone ones struck through with
 * who and why. "Ångra" shows where the server says the viewer may undo it.
 */
export function History({ signOffs, onChange, scope = "once" }: { signOffs: SignOffT[]; onChange: (msg: string) => void; scope?: ActionScope }) {
  if (!signOffs.length) return <p>Ingen har markerat åtgärden som utförd än.</p>;
  const sorted = [...signOffs].sort((x, y) => y.doneOn.localeCompare(x.doneOn) || y.createdAt.localeCompare(x.createdAt));
  return (
    <ol class="history">
      {sorted.map((s) => (
        <li key={s.id} class={s.withdrawnAt ? "withdrawn" : undefined}>
          <p><strong>{longDate(s.doneOn)}</strong>{s.period ? ` (period ${s.period})` : ""}: markerad som utförd av {s.signer.name}{scope === "each_unit" && s.unit ? ` för ${s.unit.name}` : ""}{s.onBehalf ? " för den ansvariges räkning" : ""}, {dateTime(s.createdAt)}</p>
          {s.comment ? <p>”{s.comment}”</p> : null}
          {s.evidence ? <p>Underlag: <a href={`/evidence/${encodeURIComponent(s.evidence.id)}`}>{s.evidence.name}</a></p> : null}
          {s.evidenceLink ? <p>Länk: <a href={s.evidenceLink} rel="noopener noreferrer">{s.evidenceLink}</a></p> : null}
          {s.withdrawnAt
            ? <p class="muted">Ångrad {dateTime(s.withdrawnAt)}{s.withdrawnBy ? ` av ${s.withdrawnBy.name}` : ""}{s.withdrawReason ? `: ${s.withdrawReason}` : ""}</p>
            : s.viewerCanWithdraw ? <Withdraw id={s.id} onDone={onChange} /> : null}
        </li>
      ))}
    </ol>
  );
}

function Withdraw({ id, onDone }: { id: string; onDone: (msg: string) => void }) {
  const [reason, setReason] = useState("");
  const m = useMutation();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await m.run(() => gql(WithdrawSignOffDocument, { id, reason: reason.trim() }))) onDone("Markeringen är ångrad.");
  };
  return (
    <details>
      <summary>Ångra</summary>
      <form class="signoff" onSubmit={submit}>
        <label for={`orsak-${id}`}>Varför? (krävs)</label>
        <textarea id={`orsak-${id}`} rows={2} required value={reason} onInput={(e) => setReason(value(e))} />
        <button type="submit" class="secondary" disabled={m.busy || !reason.trim()}>Ångra markeringen</button>
        <ErrorMessage error={m.error} />
      </form>
    </details>
  );
}
