import { useEffect, useState } from "preact/hooks";
import { MyActionsDocument, type MyActionsQuery } from "../gql";
import { useQuery } from "../hooks";
import { byUrgency, deadline, longDate } from "../format";
import { Failed, Loading, SignOffForm, Status } from "../components";
import { flush, pending } from "../queue";
import { actionPath } from "../router";

export type MyAction = MyActionsQuery["myActions"][number];

export function MyActions() {
  const q = useQuery(MyActionsDocument, {});
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
  const queued = pending().some((p) => p.actionID === action.id);
  return (
    <li class="card" data-action={action.id}>
      <p class="action-text"><a href={actionPath(action.id)} data-route>{action.text}</a></p>
      <dl class="facts">
        <dt>Status</dt><dd><Status status={followUp.status} />{queued ? " (väntar på nätet)" : ""}</dd>
        <dt>Klart när</dt><dd>{deadline(action)}{followUp.due && action.deadlineKind !== "month" ? ` (nästa: ${longDate(followUp.due)})` : ""}</dd>
        <dt>Ansvarig</dt><dd>{action.responsible.name}</dd>
        {followUp.subActionsTotal ? <><dt>Underaktiviteter</dt><dd>{followUp.subActionsDone} av {followUp.subActionsTotal} klara</dd></> : null}
        <dt>Plan</dt><dd>{item.plan.title}</dd>
      </dl>
      {followUp.status === "done" ? null : <SignOffForm actionID={action.id} text={action.text} onDone={onDone} />}
    </li>
  );
}
