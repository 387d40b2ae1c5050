import { YearWheelDocument, type MeQuery, type YearWheelQuery } from "../gql";
import { useQuery } from "../hooks";
import { Failed, Loading, value } from "../components";
import { longDate, plural, today } from "../format";
import { navigate, useParam } from "../router";
import "./yearwheel.css";

type Me = MeQuery["me"];
export type Wheel = YearWheelQuery["yearWheel"];
type Event = Wheel["events"][number];

/**
 * Årshjul: a department's year as a wheel, months clockwise from the top,
 * a ring per kind of mark, and the same marks as a list below it, month by
 * month, for screen readers, keyboards and small screens. What is in it,
 * its words and its links are the server's (yearWheel); this draws them.
 */
export function YearWheel({ me }: { me: Me }) {
  const [deptParam, setDept] = useParam("forvaltning");
  const [yearParam, setYear] = useParam("ar");
  const [plan, setPlan] = useParam("plan");
  const [role, setRole] = useParam("roll");
  const dept = me.departments.some((d) => d.id === deptParam) ? deptParam : me.departments[0]?.id ?? "";
  const now = today();
  const thisYear = Number(now.slice(0, 4));
  const year = /^\d{4}$/.test(yearParam) ? Number(yearParam) : thisYear;
  const q = useQuery(YearWheelDocument, { department: dept, year, plan: plan || null, role: role || null }, !dept);
  if (!dept) return <><h1>Årshjul</h1><p>Du hör inte till någon förvaltning.</p></>;
  const w = q.data?.yearWheel;
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  if (!years.includes(year)) years.push(year);
  years.sort();
  return (
    <>
      <h1>Årshjul {year}</h1>
      <p>Förvaltningens år: när åtgärder ska vara klara, när uppföljningsperioder slutar, nämndens sammanträden, studiebesök, workshops och APT. Välj en markering för att öppna det den står för. Samma innehåll finns som lista under hjulet.</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {me.departments.length > 1 ? (
          <p>
            <label for="hjul-forvaltning">Förvaltning</label>
            <select id="hjul-forvaltning" value={dept} onChange={(e) => { setPlan(""); setRole(""); setDept(value(e)); }}>
              {me.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </p>
        ) : null}
        <p>
          <label for="hjul-ar">År</label>
          <select id="hjul-ar" value={String(year)} onChange={(e) => setYear(value(e) === String(thisYear) ? "" : value(e))}>
            {years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </p>
        <p>
          <label for="hjul-plan">Plan</label>
          <select id="hjul-plan" value={plan} onChange={(e) => setPlan(value(e))}>
            <option value="">Alla fastställda planer</option>
            {(w?.plans ?? []).map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
          </select>
        </p>
        <p>
          <label for="hjul-roll">Ansvarig roll</label>
          <select id="hjul-roll" value={role} onChange={(e) => setRole(value(e))} aria-describedby="hjul-roll-hjalp">
            <option value="">Alla roller</option>
            {(w?.roles ?? []).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </p>
        <p id="hjul-roll-hjalp" class="muted">Plan och roll väljer bland åtgärdernas sista dagar och uppföljningsperioderna. Möten, besök, workshops och APT visas alltid.</p>
      </form>
      {q.error ? <Failed error={q.error} /> : null}
      {!w && !q.error ? <Loading what="årshjulet" /> : null}
      {w ? <>
        <Legend wheel={w} />
        <WheelPicture wheel={w} today={now} />
        <WheelList wheel={w} today={now} />
      </> : null}
    </>
  );
}

/** Marks of one kind on one day: one mark in the wheel. */
type Cluster = { kind: string; date: string; events: Event[] };

function clusters(events: Event[]): Cluster[] {
  const out: Cluster[] = [];
  const at = new Map<string, Cluster>();
  for (const e of events) {
    const k = `${e.kind} ${e.date}`;
    let c = at.get(k);
    if (!c) { c = { kind: e.kind, date: e.date, events: [] }; at.set(k, c); out.push(c); }
    c.events.push(e);
  }
  return out;
}

/** The id of the first of a cluster's items in the list, which a mark of several opens. */
const itemID = (c: { kind: string; date: string }) => `hjul-${c.date}-${c.kind}`;

function daysIn(year: number) { return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 864e5; }

/** Degrees clockwise from the top for the middle of a day of the year. */
function angleOf(date: string, year: number): number {
  const [y, m, d] = date.split("-").map(Number);
  const day = (Date.UTC(y, m - 1, d) - Date.UTC(year, 0, 1)) / 864e5;
  return (360 * (day + 0.5)) / daysIn(year);
}

function polar(r: number, a: number): [number, number] {
  const rad = (a * Math.PI) / 180;
  return [Math.round(r * Math.sin(rad) * 100) / 100, Math.round(-r * Math.cos(rad) * 100) / 100];
}

/** The ring between r0 and r1 from angle a0 to a1, as a path. */
function sector(r0: number, r1: number, a0: number, a1: number): string {
  const large = a1 - a0 > 180 ? 1 : 0;
  const [x0, y0] = polar(r1, a0), [x1, y1] = polar(r1, a1), [x2, y2] = polar(r0, a1), [x3, y3] = polar(r0, a0);
  return `M${x0} ${y0}A${r1} ${r1} 0 ${large} 1 ${x1} ${y1}L${x2} ${y2}A${r0} ${r0} 0 ${large} 0 ${x3} ${y3}Z`;
}

const INNER = 64, OUTER = 176, LABELS = 193;

/** The wheel, drawn by hand: month sectors, a ring per kind, a mark per kind and day, today as a line. */
export function WheelPicture({ wheel, today: now }: { wheel: Wheel; today: string }) {
  const { year, months, kinds } = wheel;
  const ring = (OUTER - INNER) / Math.max(kinds.length, 1);
  const monthStart = (m: number) => angleOf(`${year}-${String(m + 1).padStart(2, "0")}-01`, year) - 180 / daysIn(year);
  const todayIn = now.startsWith(`${year}-`);
  const marks = clusters(wheel.events);
  const open = (e: MouseEvent, link: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || !link.startsWith("/")) return;
    e.preventDefault();
    navigate(link);
  };
  return (
    <figure class="wheel">
      <svg viewBox="-215 -215 430 430" role="group" aria-labelledby="hjul-bild">
        <title id="hjul-bild">{`Årshjul ${year}, ${plural(wheel.events.length, "händelse", "händelser")}`}</title>
        <g aria-hidden="true">
          {months.map((name, m) => {
            const a0 = monthStart(m), a1 = m === 11 ? 360 : monthStart(m + 1);
            const [lx, ly] = polar(LABELS, (a0 + a1) / 2);
            return (
              <g key={name}>
                <path d={sector(INNER, OUTER, a0, a1)} class={m % 2 ? "month odd" : "month"} />
                <text x={lx} y={ly} class="month-name" text-anchor="middle" dominant-baseline="middle">{name.slice(0, 3)}</text>
              </g>
            );
          })}
          {kinds.map((_, i) => <circle key={i} r={OUTER - i * ring} class="ring" />)}
          <circle r={INNER} class="ring" />
          <text class="year" text-anchor="middle" dominant-baseline="middle">{year}</text>
          {todayIn ? (() => {
            const a = angleOf(now, year);
            const [x0, y0] = polar(INNER - 8, a), [x1, y1] = polar(OUTER + 6, a);
            return <line x1={x0} y1={y0} x2={x1} y2={y1} class="today" />;
          })() : null}
        </g>
        {marks.map((c) => {
          const k = kinds.findIndex((x) => x.kind === c.kind);
          const [x, y] = polar(OUTER - (k + 0.5) * ring, angleOf(c.date, year));
          const one = c.events.length === 1 ? c.events[0] : null;
          const name = one ? `${longDate(c.date)}: ${one.label}`
            : `${longDate(c.date)}: ${c.events[0].kindLabel}, ${c.events.length} stycken. Visa dem i listan`;
          const href = one ? one.link : `#${itemID(c)}`;
          return (
            <a key={itemID(c)} href={href} aria-label={name} class={`mark k-${c.kind}`} onClick={one ? (e: MouseEvent) => open(e, one.link) : undefined}>
              <title>{name}</title>
              <circle cx={x} cy={y} r={Math.min(ring * 0.36, 7)} />
              {one ? null : <text x={x} y={y} text-anchor="middle" dominant-baseline="central" class="count">{c.events.length > 9 ? "9+" : c.events.length}</text>}
            </a>
          );
        })}
      </svg>
      <figcaption class="muted">Januari överst, månaderna medsols. Ringarna utifrån: {kinds.map((k) => k.label === k.label.toUpperCase() ? k.label : k.label[0].toLowerCase() + k.label.slice(1)).join(", ")}.{todayIn ? " Den svarta linjen är i dag." : ""} En siffra betyder flera samma dag.</figcaption>
    </figure>
  );
}

/** The kinds with their colour and how many of each the year holds. */
function Legend({ wheel }: { wheel: Wheel }) {
  return (
    <ul class="legend" aria-label="Förklaring">
      {wheel.kinds.map((k) => (
        <li key={k.kind}>
          <svg viewBox="-8 -8 16 16" width="16" height="16" aria-hidden="true" class={`mark k-${k.kind}`}><circle r="7" /></svg>
          {" "}{k.label}: {wheel.events.filter((e) => e.kind === k.kind).length}
        </li>
      ))}
    </ul>
  );
}

/** The wheel's content as a list, month by month, with today in its place. */
export function WheelList({ wheel, today: now }: { wheel: Wheel; today: string }) {
  const firsts = new Set(clusters(wheel.events).map((c) => c.events[0].key));
  const todayIn = now.startsWith(`${wheel.year}-`);
  return (
    <section aria-labelledby="hjul-lista" class="wheel-list">
      <h2 id="hjul-lista">Månad för månad</h2>
      {wheel.events.length === 0 ? <p>Inget under {wheel.year} med de val du gjort.</p> : null}
      {wheel.months.map((name, m) => {
        const prefix = `${wheel.year}-${String(m + 1).padStart(2, "0")}-`;
        const events = wheel.events.filter((e) => e.date.startsWith(prefix));
        const todayHere = todayIn && now.startsWith(prefix);
        if (!events.length && !todayHere) return null;
        const items = events.map((e) => (
          <li key={e.key} id={firsts.has(e.key) ? itemID(e) : undefined} tabIndex={firsts.has(e.key) ? -1 : undefined} class={`k-${e.kind}`}>
            <a href={e.link} data-route>{e.label}</a>
            <br /><span class="muted">{longDate(e.date)} · {e.kindLabel}</span>
          </li>
        ));
        if (todayHere) {
          const at = events.findIndex((e) => e.date > now);
          items.splice(at < 0 ? items.length : at, 0, <li key="i-dag" class="today-item"><strong>I dag, {longDate(now)}</strong></li>);
        }
        return (
          <section key={name} aria-labelledby={`hjul-manad-${m}`}>
            <h3 id={`hjul-manad-${m}`}>{name[0].toUpperCase() + name.slice(1)} <small class="muted">{plural(events.length, "händelse", "händelser")}</small></h3>
            <ul class="plain events">{items}</ul>
          </section>
        );
      })}
    </section>
  );
}
