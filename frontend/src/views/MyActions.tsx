import { useEffect, useState } from "preact/hooks";
import { MyActionsDocument, type MyActionsQuery } from "../gql";
import { useNotice, useQuery } from "../hooks";
import { Failed, Loading, SignOffForm, StatusTally, yourShare } from "../components";
import { pending, SENT_EVENT } from "../queue";
import { plural } from "../format";
import { actionPath } from "../router";
import { CalendarFeeds } from "./CalendarFeed";

export type MyAction = MyActionsQuery["myActions"][number];

export function MyActions() {
  const q = useQuery(MyActionsDocument, {});
  const [notice, announce] = useNotice();
  // Sign-offs queued offline are sent by the app (SignOffQueue); show them
  // done, and the notice that they were waiting is no longer true.
  useEffect(() => {
    const sent = () => { announce(""); q.reload(); };
    addEventListener(SENT_EVENT, sent);
    return () => removeEventListener(SENT_EVENT, sent);
  }, []);
  const done = (msg: string, sent: boolean) => { announce(msg); if (sent) q.reload(); };
  const items = q.data?.myActions ?? [];
  // The plan is named only when the list holds more than one.
  const plans = new Set(items.map((m) => m.plan.id)).size > 1;
  return (
    <>
      <h1>Mitt ansvar</h1>
      <p>Det dina roller ansvarar för, det mest brådskande först.</p>
      <p role="status" class="notice">{notice}</p>
      {q.loading && !q.data ? <Loading what="ditt ansvar" /> : null}
      {q.error ? <Failed error={q.error} /> : null}
      {q.data ? (
        items.length === 0 ? <p>Du har inget att följa upp just nu.</p> :
          // In the server's order: most urgent first.
          <ul class="cards items">
            {items.map((m) => <Item key={m.action.id} item={m} onDone={done} showPlan={plans} />)}
          </ul>
      ) : null}
      <Subscribe />
    </>
  );
}

/** "Prenumerera i Outlook/kalendern", folded; its addresses load when it is opened. */
function Subscribe() {
  const [open, setOpen] = useState(false);
  return (
    <details class="subscribe" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary><h2>Prenumerera i Outlook/kalendern</h2></summary>
      {open ? <CalendarFeeds /> : null}
    </details>
  );
}

/**
 * One thing to do, in two lines: what, and where it stands (status, what
 * is due next, whose part), then "Markera som utförd" in one tap; comment,
 * day, evidence and missed periods open on demand.
 */
export function Item({ item, onDone, showPlan = false }: { item: MyAction; onDone: (msg: string, sent: boolean) => void; showPlan?: boolean }) {
  const { action, followUp } = item;
  const queued = pending().some((p) => p.actionID === action.id);
  // A shared duty: the viewer's own part of it, and their count when it has several parts.
  const share = yourShare(action.scope, item.units);
  const tally = followUp.shares && followUp.shares.total > 1 ? followUp.shares : null;
  const periods = followUp.periods;
  const missed = periods.filter((p) => p.status === "missed");
  return (
    <li class="card item" data-action={action.id}>
      <h2 class="action-text"><a href={actionPath(action.id)} data-route>{action.text}</a></h2>
      <p class="meta">
        <StatusTally status={followUp.status} label={followUp.statusLabel} shares={tally} />
        {" · "}{followUp.dueLabel}
        {share ? <> · <span class="share">{share}</span></> : null}
        {followUp.subActionsTotal ? ` · ${followUp.subActionsDone} av ${plural(followUp.subActionsTotal, "underaktivitet klar", "underaktiviteter klara")}` : ""}
        {showPlan ? ` · ${item.plan.title}` : ""}
        {queued ? " · väntar på nätet" : ""}
      </p>
      <SignOffForm actionID={action.id} text={action.text} onDone={onDone} units={action.scope === "each_unit" ? item.units : []}
        open={followUp.status !== "done"} missed={missed} current={periods[periods.length - 1]} />
    </li>
  );
}
