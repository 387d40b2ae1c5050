import { useEffect, useRef, useState } from "preact/hooks";
import { GraphQLError, NetworkError, uploadEvidence } from "./api";
import type { ActionScope, FollowUpStatus, TallyFragment } from "./gql";
import { listText, longDate, today } from "./format";
import { newKey, pending, signOff } from "./queue";
import { A11Y, GUIDE } from "./router";

/** A status in the server's words; the class only colours it. */
export function Status({ status, label }: { status: FollowUpStatus; label: string }) {
  return <span class={`status status-${status}`}>{label}</span>;
}

/**
 * A status in words and, for a shared duty, the server's count after it:
 * "Ej påbörjad, 3 av 12 enheter".
 */
export function StatusTally({ status, label, shares }: { status: FollowUpStatus; label: string; shares?: TallyFragment | null }) {
  return <><Status status={status} label={label} />{shares ? <span class="tally">, {shares.label}</span> : null}</>;
}

type UnitRef = { id: string; name: string };

/** The viewer's part of a shared duty, in words: "För enhet: Hemsjukvården", "Din egen del". */
export function yourShare(scope: ActionScope, units: UnitRef[]): string {
  if (scope === "each_person") return "Din egen del";
  if (scope !== "each_unit" || !units.length) return "";
  return units.length === 1 ? `För enhet: ${units[0].name}` : `För enheterna: ${units.map((u) => u.name).join(", ")}`;
}

/** The links at the foot of every page. The guide is the server's page, so its link loads it rather than routing. */
export function Footer() {
  return (
    <footer>
      <ul class="footer-links">
        <li><a href={GUIDE}>Kom igång</a></li>
        <li><a href={A11Y} data-route>Tillgänglighetsredogörelse</a></li>
      </ul>
    </footer>
  );
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Hämtar {what} …</p>;
}

/**
 * An error in Swedish: the server's message (it speaks Swedish to people,
 * and keeps its English for extensions.detail), or the app's own words
 * when the server was never reached. A program's own error never shows.
 */
export function ErrorMessage({ error, prefix = "", id }: { error?: Error; prefix?: string; id?: string }) {
  if (!error) return null;
  const text = error instanceof NetworkError ? "Ingen anslutning till servern. Försök igen när nätet är tillbaka."
    : error instanceof GraphQLError && error.message ? error.message
    : "Något gick fel.";
  return <p role="alert" class="error" id={id}>{prefix}{text}</p>;
}

export function Failed({ error }: { error: Error }) {
  return <ErrorMessage error={error} />;
}

export function loginHref(path: string): string {
  return "/auth/login?return=" + encodeURIComponent(path);
}

/** The value of an input, select or textarea event. */
export function value(e: Event): string {
  return (e.target as HTMLInputElement).value;
}

type PeriodRef = { key: string; label: string; start: string; end: string };

/**
 * Mark an action as done in one tap ("Markera som utförd"). Folded away
 * under "Mer": a comment, the day it was done (today unless changed),
 * evidence (a file, uploaded first, so it needs the network, or a link),
 * and, for a continuous action, a missed period to mark late with a day
 * within it. Without a file, a mark made offline is queued and sent later.
 * A duty shared by unit is marked for one unit: the only one given, or the
 * one chosen from several (none is chosen first; the server says so if
 * none is sent and one is needed). When nothing is due now (the current
 * period is done) only the missed periods can be marked.
 */
export function SignOffForm({ actionID, text, open = true, missed = [], current, units = [], onDone }: {
  actionID: string; text: string; onDone: (msg: string, sent: boolean) => void;
  /** Whether what is due now is left to do. */
  open?: boolean;
  /** Periods of a continuous action that ended without being marked, oldest first. */
  missed?: PeriodRef[];
  /** The current period of a continuous action, to name beside the missed ones. */
  current?: PeriodRef;
  /** Each-unit duties: the units the mark may be for. */
  units?: UnitRef[];
}) {
  const [unit, setUnit] = useState("");
  const unitID = units.length === 1 ? units[0].id : unit;
  const [period, setPeriod] = useState("");
  // The chosen missed period; with nothing due now, the latest one left (after one is marked, the next).
  const late = missed.find((p) => p.key === period) ?? (open ? undefined : missed[missed.length - 1]);
  const [comment, setComment] = useState("");
  const [doneOn, setDoneOn] = useState(open ? today() : "");
  const [link, setLink] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const queued = pending().some((p) => p.actionID === actionID && (units.length < 2 || p.unitID === unitID));
  const fileInput = useRef<HTMLInputElement>(null);
  // Once what is due now is done, only a missed period is left: its day is to be given.
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current === open) return;
    wasOpen.current = open;
    setPeriod(""); setDoneOn(open ? today() : "");
  }, [open]);
  if (!open && !missed.length) return null;
  const id = (what: string) => `${what}-${actionID}`;
  const unitError = error instanceof GraphQLError && error.field === "unitID";
  const choose = (key: string) => {
    setPeriod(key);
    // A late mark needs the day it was done, within its period: never a day made up.
    setDoneOn(missed.some((p) => p.key === key) ? "" : today());
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (late && !doneOn) {
      setError(new GraphQLError(`Ange dagen det gjordes, inom ${late.label}.`, undefined, "doneOn"));
      return;
    }
    setBusy(true);
    setError(undefined);
    let evidenceID: string | undefined;
    if (file) {
      try {
        evidenceID = (await uploadEvidence(actionID, file)).id;
      } catch (err) {
        setBusy(false);
        setError(err instanceof NetworkError
          ? new GraphQLError("Ingen anslutning. Filer kan bara skickas med nät: försök igen senare eller markera utan fil.", undefined, "file")
          : err as Error);
        return;
      }
    }
    // The day it was done goes with it: sent later, it still counts for that day's period.
    const r = await signOff({
      actionID, idempotencyKey: newKey(), evidenceID, doneOn: doneOn || today(), unitID: unitID || undefined,
      period: late?.key, comment: comment.trim() || undefined, evidenceLink: link.trim() || undefined,
    });
    setBusy(false);
    if (r === "sent" || r === "queued") {
      // A when-needed action keeps its form for the next time: start it empty.
      // Ready for the next time: what is due now, or the next missed period, with its day to give.
      setComment(""); setLink(""); setFile(null); setUnit(""); setPeriod(""); setDoneOn(open ? today() : "");
      if (fileInput.current) fileInput.current.value = "";
      // The form goes away with the action done, and the list may reorder:
      // focus the main region, where the notice says what happened, rather than lose it.
      (e.target as HTMLFormElement).closest<HTMLElement>("main")?.focus();
    }
    const forUnit = units.find((u) => u.id === unitID);
    const what = (late ? ` för ${late.label}` : "") + ": " + text + (forUnit ? ` (${forUnit.name})` : "");
    if (r === "sent") onDone("Markerad som utförd" + what, true);
    else if (r === "queued") onDone("Ingen anslutning. Markeringen sparas och skickas när nätet är tillbaka.", false);
    else setError(r.error);
  };
  const button = (
    <button type="submit" disabled={busy || queued}>
      {busy ? "Markerar …" : late ? `Markera ${late.label} som utförd` : "Markera som utförd"}
    </button>
  );
  return (
    <form class="signoff" onSubmit={submit}>
      {units.length > 1 ? (
        <p class="field">
          <label for={id("enhet")}>Enhet du markerar för</label>
          <select id={id("enhet")} value={unit} onChange={(e) => setUnit(value(e))}
            aria-invalid={unitError ? "true" : undefined} aria-describedby={unitError ? id("fel") : undefined}>
            <option value="">Välj enhet</option>
            {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </p>
      ) : null}
      <div class="quick">
        {open ? button : null}
        <details onToggle={(e) => { if (open && !(e.target as HTMLDetailsElement).open) choose(""); }}>
          <summary>{open ? <>Mer<span class="offscreen"> om {text.replace(/[.\s]+$/, "")}: kommentar, datum, underlag{missed.length ? " och missade perioder" : ""}</span></>
            : "Markera en missad period"}</summary>
          <div class="more">
            {missed.length ? (
              <>
                <p class="muted" id={id("missad")}>
                  {listText(missed.map((p) => p.label))} {missed.length === 1 ? "är inte markerad som utförd" : "är inte markerade som utförda"}.
                  Har det gjorts, välj perioden och dagen det gjordes.
                </p>
                <label for={id("period")}>Period</label>
                <select id={id("period")} value={late?.key ?? ""} onChange={(e) => choose(value(e))} aria-describedby={id("missad")}>
                  {open ? <option value="">{current ? `${current.label} (pågår)` : "Nu"}</option> : null}
                  {missed.map((p) => <option key={p.key} value={p.key}>{p.label} ({longDate(p.start)}–{longDate(p.end)})</option>)}
                </select>
              </>
            ) : null}
            <label for={id("datum")}>Utfört den</label>
            <input id={id("datum")} type="date" required value={doneOn} onInput={(e) => setDoneOn(value(e))}
              min={late?.start} max={late && late.end < today() ? late.end : today()} />
            <label for={id("kommentar")}>Kommentar (valfritt)</label>
            <textarea id={id("kommentar")} rows={2} value={comment} onInput={(e) => setComment(value(e))} />
            <label for={id("fil")}>Fil, högst 10 MB (PDF, bild eller Office-dokument)</label>
            <input id={id("fil")} ref={fileInput} type="file" accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.xls,.ppt,.docx,.xlsx,.pptx"
              onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
            <label for={id("lank")}>Eller en länk, till exempel till protokollet</label>
            <input id={id("lank")} type="url" inputMode="url" placeholder="https://" value={link} onInput={(e) => setLink(value(e))} />
            {open ? null : button}
          </div>
        </details>
      </div>
      <ErrorMessage error={error} id={id("fel")} />
    </form>
  );
}

/** A button for something that cannot be undone: it asks once more, in place, before it acts. */
export function ConfirmButton({ label, confirm, disabled, onConfirm }: { label: string; confirm: string; disabled?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const second = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  // Keep focus on the button that replaces the one pressed.
  useEffect(() => {
    if (!moved.current) return;
    (asking ? second : first).current?.focus();
  }, [asking]);
  const ask = (on: boolean) => { moved.current = true; setAsking(on); };
  if (!asking) return <button ref={first} type="button" class="secondary" disabled={disabled} onClick={() => ask(true)}>{label}</button>;
  return (
    <span class="confirm" role="group" aria-label={confirm}>
      <button ref={second} type="button" class="danger" disabled={disabled} onClick={() => { ask(false); onConfirm(); }}>{confirm}</button>
      <button type="button" class="secondary" onClick={() => ask(false)}>Avbryt</button>
    </span>
  );
}
