import { useEffect } from "preact/hooks";
import { MyActionsDocument, type MyActionsQuery } from "../gql";
import { useNotice, useQuery } from "../hooks";
import { byUrgency, deadline, longDate } from "../format";
import { Failed, Loading, SignOffForm, StatusTally, yourShare } from "../components";
import { pending, SENT_EVENT } from "../queue";
import { actionPath } from "../router";

export type MyAction = MyActionsQuery["myActions"][number];

export function MyActions() {
  const q = useQuery(MyActionsDocument, {});
  const [notice, announce] = useNotice();
  // Sign-offs queued offline are sent by the app (SignOffQueue); show them done.
  useEffect(() => {
    addEventListener(SENT_EVENT, q.reload);
    return () => removeEventListener(SENT_EVENT, q.reload);
  }, []);
  const done = (msg: string, sent: boolean) => { announce(msg); if (sent) q.reload(); };
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
            {byUrgency(q.data.myActions).map((m) => <Item key={m.action.id} item={m} onDone={done} />)}
          </ul>
      ) : null}
    </>
  );
}

export function Item({ item, onDone }: { item: MyAction; onDone: (msg: string, sent: boolean) => void }) {
  const { action, followUp } = item;
  const queued = pending().some((p) => p.actionID === action.id);
  // A shared duty: the viewer's own part of it, and their count when it has several parts.
  const share = yourShare(action.scope, item.units);
  const tally = followUp.shares && followUp.shares.total > 1 ? followUp.shares : null;
  return (
    <li class="card" data-action={action.id}>
      <h2 class="action-text"><a href={actionPath(action.id)} data-route>{action.text}</a></h2>
      <dl class="facts">
        {share ? <><dt>Din del</dt><dd>{share}</dd></> : null}
        <dt>Status</dt><dd><StatusTally status={followUp.status} shares={tally} />{queued ? " (väntar på nätet)" : ""}</dd>
        <dt>Klart när</dt><dd>{deadline(action)}{followUp.due && action.deadlineKind !== "month" ? ` (nästa: ${longDate(followUp.due)})` : ""}</dd>
        <dt>Ansvarig</dt><dd>{action.responsible.name}</dd>
        {followUp.subActionsTotal ? <><dt>Underaktiviteter</dt><dd>{followUp.subActionsDone} av {followUp.subActionsTotal} klara</dd></> : null}
        <dt>Plan</dt><dd>{item.plan.title}</dd>
      </dl>
      {followUp.status === "done" ? null : (
        <SignOffForm actionID={action.id} text={action.text} onDone={onDone} units={action.scope === "each_unit" ? item.units : []}
          missed={followUp.periods.filter((p) => p.status === "missed")} />
      )}
    </li>
  );
}
