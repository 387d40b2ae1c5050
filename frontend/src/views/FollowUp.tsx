import { useState } from "preact/hooks";
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
      {/* On a phone each area is a block of its own (app.css, table.stacked); the roles keep it a table for screen readers. */}
      <div class="scroll" tabIndex={0} role="region" aria-labelledby="framsteg">
      <table class="stacked" role="table">
        <caption id="framsteg">Framsteg per område</caption>
        <thead role="rowgroup"><tr role="row">{areaColumns.map((c) => <th scope="col" role="columnheader">{c}</th>)}</tr></thead>
        <tbody role="rowgroup">
          {s.areas.map((a) => (
            <tr key={a.area.id} role="row">
              <th scope="row" role="rowheader">{a.area.title}</th>
              {[a.counts.done + a.counts.logged, a.counts.overdue, a.counts.dueSoon, a.counts.total, percent(a.counts.shareDone)].map((v, i) =>
                <td role="cell" data-label={areaColumns[i + 1]} data-overdue={i === 1 ? a.counts.overdue : undefined}>{v}</td>)}
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
      <BoardReport planID={planID} today={s.asOf} />
    </>
  );
}

const areaColumns = ["Område", "Klara", "Försenade", "Snart dags", "Totalt", "Andel klart"];

/** The board's report as of a day chosen here, today (in Sweden) unless another is chosen. */
function BoardReport({ planID, today }: { planID: string; today: string }) {
  const [day, setDay] = useState(today);
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : today;
  return (
    <section class="report" aria-labelledby="rapport">
      <h2 id="rapport">Rapport till nämnden</h2>
      <p>Rapporten följer planens tabell, med planens uppgifter (fastställd, dokumentansvarig, reviderad), kommentarer och underlag till det som är gjort, och periodens nämndbesök, studiebesök och workshops.</p>
      <p class="report-day">
        <label for="lage-per">Läge per</label>
        <input id="lage-per" type="date" value={day} required aria-describedby="lage-per-hint"
          onInput={(e) => setDay((e.target as HTMLInputElement).value)} />
        <span id="lage-per-hint" class="hint muted">Rapporten visar läget vid slutet av dagen.</span>
      </p>
      <ul class="links">
        {reportLinks(planID, asOf).map((l) => (
          <li key={l.ext}><a href={l.href} download>Ladda ner rapporten ({l.ext.toUpperCase()})</a></li>
        ))}
      </ul>
    </section>
  );
}
