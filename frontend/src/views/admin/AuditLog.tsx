import { useState } from "preact/hooks";
import { gql, nodes, type NodeOf } from "../../api";
import { AuditLogDocument, type AuditLogQuery, type AuditRecordWhereInput } from "../../gql";
import { useMutation, useQuery } from "../../hooks";
import { dateTime, plural } from "../../format";
import { ErrorMessage, Failed, Loading, value } from "../../components";

type Record_ = NodeOf<AuditLogQuery["auditLog"]>;

const PAGE = 50;
/** The entity types the log can be filtered by, in Swedish. */
const typeText: Record<string, string> = {
  Department: "förvaltning", Plan: "plan", Area: "område", Action: "åtgärd", Role: "roll", RoleAssignment: "rolltilldelning",
  SignOff: "markering som utförd", BoardMeeting: "sammanträde", BoardVisit: "nämndbesök", StudyVisitSlot: "studiebesökstid",
  StudyVisitBooking: "studiebesöksbokning", Workshop: "workshop", WorkshopRegistration: "workshopanmälan", Evidence: "underlag",
};

/** The audit trail, newest first, filterable by entity and actor; also as CSV. */
export function AuditLog() {
  const [entity, setEntity] = useState("");
  const [actor, setActor] = useState("");
  const where: AuditRecordWhereInput = {};
  if (entity) where.entityType = entity;
  if (actor.trim()) where.actorContainsFold = actor.trim();
  const csv = "/audit.csv" + (entity ? `?entityType=${encodeURIComponent(entity)}` : "");
  return (
    <>
      <h2>Granskningslogg</h2>
      <p>Varje ändring sparas med vem, när och vad som ändrades. Loggen kan inte ändras. Tiderna är svensk tid.</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <p>
          <label for="logg-typ">Typ</label>
          <select id="logg-typ" value={entity} onChange={(e) => setEntity(value(e))}>
            <option value="">Alla</option>
            {Object.entries(typeText).map(([t, text]) => <option value={t}>{text[0].toUpperCase() + text.slice(1)}</option>)}
          </select>
        </p>
        <p>
          <label for="logg-vem">Vem</label>
          <input id="logg-vem" type="search" value={actor} onInput={(e) => setActor(value(e))} />
        </p>
      </form>
      <p><a href={csv} download>Ladda ner {entity ? "den typens händelser" : "hela loggen"} som CSV</a>, med varje ändrat fält före och efter.</p>
      {/* A new list for each filter: pages already fetched belong to the filter they were fetched for. */}
      <Records key={JSON.stringify(where)} where={where} />
    </>
  );
}

function Records({ where }: { where: AuditRecordWhereInput }) {
  const q = useQuery(AuditLogDocument, { first: PAGE, where });
  const [more, setMore] = useState<{ records: Record_[]; cursor: string | null; next: boolean } | null>(null);
  const m = useMutation();
  if (q.error) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="loggen" />;
  const first = q.data.auditLog;
  const records = [...nodes(first), ...(more?.records ?? [])];
  const hasNext = more ? more.next : first.pageInfo.hasNextPage;
  const loadMore = async () => {
    const r = await m.run(() => gql(AuditLogDocument, { first: PAGE, where, after: more ? more.cursor : first.pageInfo.endCursor }));
    if (r) setMore({ records: [...(more?.records ?? []), ...nodes(r.auditLog)], cursor: r.auditLog.pageInfo.endCursor, next: r.auditLog.pageInfo.hasNextPage });
  };
  return (
    <>
      <p>{plural(first.totalCount, "händelse", "händelser")}.</p>
      <ol class="history">
        {records.map((r) => (
          <li key={r.id}>
            <p><strong>{dateTime(r.at)}</strong>: {r.summary}</p>
          </li>
        ))}
      </ol>
      <ErrorMessage error={m.error} />
      {hasNext ? <button type="button" class="secondary" disabled={m.busy} onClick={loadMore}>Visa fler</button> : null}
    </>
  );
}
