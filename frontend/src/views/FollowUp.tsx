import { PlanStatusDocument } from "../gql";
import { useQuery } from "../hooks";
import { longDate, percent } from "../format";
import { Failed, Loading, StatusTally } from "../components";
import { WithPlan } from "./Plan";
import { actionPath } from "../router";

export function reportLinks(planID: string, asOf: string) {
  return (["xlsx", "pdf", "csv"] as const).map((ext) => ({
    ext, href: `/plans/${encodeURIComponent(planID)}/report/${asOf}.${ext}`,
  }));
}

export function FollowUp() {
  return <WithPlan title="Uppföljning">{(plan) => <Progress planID={plan.id} title={plan.title} />}</WithPlan>;
}

function Progress({ planID, title }: { planID: string; title: string }) {
  const q = useQuery(PlanStatusDocument, { id: planID });
  if (q.error) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="uppföljningen" />;
  const s = q.data.planStatus;
  if (!s) return <p>Planen finns inte.</p>;
  // Shared duties not yet done by everyone, with the server's count.
  const shared = s.actions.filter((m) => m.followUp.shares && m.followUp.status !== "done");
  return (
    <>
      <h2>{title}</h2>
      {/* Försenade: one figure from the server, the length of the list below and the sum of the table's column. */}
      <p data-overdue={s.counts.overdue}>Läget den {longDate(s.asOf)}: {s.counts.done + s.counts.logged} av {s.counts.total} klara ({percent(s.counts.shareDone)}), {s.counts.overdue} försenade.</p>
      <div class="scroll" tabIndex={0} role="region" aria-labelledby="framsteg">
      <table>
        <caption id="framsteg">Framsteg per område</caption>
        <thead><tr><th scope="col">Område</th><th scope="col">Klara</th><th scope="col">Försenade</th><th scope="col">Snart dags</th><th scope="col">Totalt</th><th scope="col">Andel klart</th></tr></thead>
        <tbody>
          {s.areas.map((a) => (
            <tr key={a.area.id}>
              <th scope="row">{a.area.title}</th>
              <td>{a.counts.done + a.counts.logged}</td><td data-overdue={a.counts.overdue}>{a.counts.overdue}</td><td>{a.counts.dueSoon}</td>
              <td>{a.counts.total}</td><td>{percent(a.counts.shareDone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h2>Försenat ({s.overdue.length})</h2>
      {s.overdue.length ? (
        <ul class="cards" data-list="overdue">
          {s.overdue.map((m) => (
            <li class="card" key={m.action.id}>
              <p class="action-text"><a href={actionPath(m.action.id)} data-route>{m.action.text}</a></p>
              <p class="meta">Ansvarig: {m.action.responsible.name} · Klart när: {m.action.deadlineLabel} · <StatusTally status={m.followUp.status} label={m.followUp.statusLabel} shares={m.followUp.shares} /></p>
            </li>
          ))}
        </ul>
      ) : <p>Inget är försenat.</p>}
      <h2>Delade åtgärder</h2>
      <p>Åtgärder som varje enhet eller varje person ska göra. De är klara när alla har gjort sin del.</p>
      {shared.length ? (
        <ul class="cards">
          {shared.map((m) => (
            <li class="card" key={m.action.id} data-action={m.action.id}>
              <p class="action-text"><a href={actionPath(m.action.id)} data-route>{m.action.number ? `${m.action.number}. ` : ""}{m.action.text}</a></p>
              <p class="meta"><StatusTally status={m.followUp.status} label={m.followUp.statusLabel} shares={m.followUp.shares} /></p>
            </li>
          ))}
        </ul>
      ) : <p>Alla delade åtgärder är klara.</p>}
      <h2>Rapport till nämnden</h2>
      <ul class="links">
        {reportLinks(planID, s.asOf).map((l) => (
          <li key={l.ext}><a href={l.href} download>Ladda ner rapporten ({l.ext.toUpperCase()})</a></li>
        ))}
      </ul>
    </>
  );
}
