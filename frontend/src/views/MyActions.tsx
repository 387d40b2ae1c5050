import { useEffect, useState } from "preact/hooks";
import { MY_ACTIONS, type MyAction } from "../api";
import { useQuery } from "../hooks";
import { byUrgency, deadline, longDate } from "../format";
import { Failed, Loading, Status } from "../components";
import { flush, newKey, pending, signOff } from "../queue";

export function MyActions() {
  const q = useQuery<{ myActions: MyAction[] }>(MY_ACTIONS);
  const [notice, setNotice] = useState("");
  useEffect(() => {
    const send = () => flush().then((n) => { if (n) { setNotice(`${n} sparade avsigneringar skickades.`); q.reload(); } });
    send();
    addEventListener("online", send);
    return () => removeEventListener("online", send);
  }, []);
  return (
    <>
      <h1>Mitt ansvar</h1>
      <p>Det dina roller ansvarar för, det mest brådskande först.</p>
      <p role="status" class="notice">{notice}</p>
      {q.loading && !q.data ? <Loading what="ditt ansvar" /> : null}
      {q.error ? <Failed error={q.error} /> : null}
      {q.data ? (
        q.data.myActions.length === 0 ? <p>Du har inget att följa upp just nu.</p> :
          <ul class="cards">
            {byUrgency(q.data.myActions).map((m) => <Item key={m.action.id} item={m} onDone={(msg) => { setNotice(msg); q.reload(); }} />)}
          </ul>
      ) : null}
    </>
  );
}

export function Item({ item, onDone }: { item: MyAction; onDone: (msg: string) => void }) {
  const { action, followUp } = item;
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const queued = pending().some((p) => p.actionID === action.id);
  const id = `kommentar-${action.id}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    const r = await signOff({ actionID: action.id, comment: comment.trim() || undefined, idempotencyKey: newKey() });
    setBusy(false);
    if (r === "sent") onDone("Avsignerad: " + action.text);
    else if (r === "queued") onDone("Ingen anslutning. Avsigneringen sparas och skickas när nätet är tillbaka.");
    else setError(r.error);
  };
  return (
    <li class="card" data-action={action.id}>
      <p class="action-text">{action.text}</p>
      <dl class="facts">
        <dt>Status</dt><dd><Status status={followUp.status} />{queued ? " (väntar på nätet)" : ""}</dd>
        <dt>Klart när</dt><dd>{deadline(action)}{followUp.due && action.deadlineKind !== "month" ? ` (nästa: ${longDate(followUp.due)})` : ""}</dd>
        <dt>Ansvarig</dt><dd>{action.responsible.name}</dd>
      </dl>
      {followUp.status === "done" ? null : (
        <form class="signoff" onSubmit={submit}>
          <label for={id}>Kommentar (valfritt)</label>
          <textarea id={id} rows={2} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          <button type="submit" disabled={busy || queued}>Signera av</button>
          {error ? <p role="alert" class="error">{error}</p> : null}
        </form>
      )}
    </li>
  );
}
