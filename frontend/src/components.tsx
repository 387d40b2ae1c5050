import { useEffect, useRef, useState } from "preact/hooks";
import { GraphQLError, NetworkError, uploadEvidence } from "./api";
import type { ActionScope, FollowUpStatus, TallyFragment } from "./gql";
import { longDate, statusText, today } from "./format";
import { newKey, pending, signOff } from "./queue";

export function Status({ status }: { status: FollowUpStatus }) {
  return <span class={`status status-${status}`}>{statusText[status]}</span>;
}

/**
 * A status in words and, for a shared duty, the server's count after it:
 * "Ej påbörjad, 3 av 12 enheter".
 */
export function StatusTally({ status, shares }: { status: FollowUpStatus; shares?: TallyFragment | null }) {
  return <><Status status={status} />{shares ? <span class="tally">, {shares.label}</span> : null}</>;
}

type UnitRef = { id: string; name: string };

/** The viewer's part of a shared duty, in words: "För enhet: Hemsjukvården", "Din egen del". */
export function yourShare(scope: ActionScope, units: UnitRef[]): string {
  if (scope === "each_person") return "Din egen del";
  if (scope !== "each_unit" || !units.length) return "";
  return units.length === 1 ? `För enhet: ${units[0].name}` : `För enheterna: ${units.map((u) => u.name).join(", ")}`;
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Hämtar {what} …</p>;
}

const codeText: Record<string, string> = {
  UNAUTHENTICATED: "Du är inte inloggad längre. Ladda om sidan och logga in igen.",
  FORBIDDEN: "Du har inte behörighet att göra det här.",
  NOT_FOUND: "Det finns inte, eller hör till en annan förvaltning.",
  CONFLICT: "Det krockar med något som redan finns.",
  BAD_USER_INPUT: "Något av det ifyllda stämmer inte.",
  TOO_MANY_REQUESTS: "Du har många förfrågningar igång just nu. Vänta en stund och försök igen.",
  INTERNAL: "Något gick fel hos servern. Försök igen om en stund.",
};

const megabytes = (n: unknown) => `${(Number(n) / 1048576).toLocaleString("sv-SE", { maximumFractionDigits: 1 })} MB`;

/** A refusal the server gave the facts of (a limit reached), in Swedish; undefined when it gave none. */
export function limitText(e: GraphQLError): string | undefined {
  const x = e.extensions;
  if (typeof x.maxLength === "number") return `Texten är för lång: högst ${x.maxLength.toLocaleString("sv-SE")} tecken.`;
  if (typeof x.maxNameBytes === "number") return "Filnamnet är för långt. Ge filen ett kortare namn och försök igen.";
  if (e.code === "QUOTA_EXCEEDED") {
    const whose = x.scope === "department" ? "Förvaltningens utrymme för underlag räcker inte" : "Ditt utrymme för underlag räcker inte";
    return `${whose}: ${megabytes(x.used)} av ${megabytes(x.limit)} är använda, och filen är ${megabytes(x.size)}. Kontakta en administratör.`;
  }
  if (e.code === "TOO_MANY_REQUESTS" && typeof x.perMinute === "number") return `Du har laddat upp många filer på kort tid (högst ${x.perMinute} i minuten). Vänta en minut och försök igen.`;
  return undefined;
}

/**
 * An error in Swedish, by its code and the facts the server gave, with the
 * server's own words (English) after it, marked as such for screen readers.
 */
export function ErrorMessage({ error, prefix = "", id }: { error?: Error; prefix?: string; id?: string }) {
  if (!error) return null;
  if (error instanceof NetworkError) return <p role="alert" class="error" id={id}>{prefix}Ingen anslutning till servern. Försök igen när nätet är tillbaka.</p>;
  const gqlError = error instanceof GraphQLError ? error : undefined;
  if (gqlError?.lang === "sv") return <p role="alert" class="error" id={id}>{prefix}{error.message}</p>;
  const text = (gqlError && limitText(gqlError)) || (gqlError?.code && codeText[gqlError.code]) || "Något gick fel.";
  return <p role="alert" class="error" id={id}>{prefix}{text} <span lang="en">({error.message})</span></p>;
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

/**
 * Sign an action off in one tap, with an optional comment and, folded away,
 * evidence: a file (uploaded first, so it needs the network) or a link.
 * Without a file, a sign-off made offline is queued and sent later.
 * A duty shared by unit is signed for one unit: the only one given, or the
 * one chosen from several (none is chosen first; the server says so if
 * none is sent and one is needed).
 */
export function SignOffForm({ actionID, text, missed = [], units = [], onDone }: {
  actionID: string; text: string; onDone: (msg: string, sent: boolean) => void;
  /** Periods of a continuous action that ended without a sign-off: signed late by a day within them. */
  missed?: { label: string; start: string; end: string }[];
  /** Each-unit duties: the units the sign-off may be for. */
  units?: UnitRef[];
}) {
  const [unit, setUnit] = useState("");
  const unitID = units.length === 1 ? units[0].id : unit;
  const [comment, setComment] = useState("");
  const [doneOn, setDoneOn] = useState(today());
  const [link, setLink] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const queued = pending().some((p) => p.actionID === actionID && (units.length < 2 || p.unitID === unitID));
  const fileInput = useRef<HTMLInputElement>(null);
  const id = (what: string) => `${what}-${actionID}`;
  const unitError = error instanceof GraphQLError && error.field === "unitID";
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    let evidenceID: string | undefined;
    if (file) {
      try {
        evidenceID = (await uploadEvidence(actionID, file)).id;
      } catch (err) {
        setBusy(false);
        setError(err instanceof NetworkError
          ? new GraphQLError("Ingen anslutning. Filer kan bara skickas med nät: försök igen senare eller signera utan fil.", undefined, "file", "sv")
          : err as Error);
        return;
      }
    }
    // The day it was done goes with it: sent later, it still counts for that day's period.
    const r = await signOff({
      actionID, idempotencyKey: newKey(), evidenceID, doneOn: doneOn || today(), unitID: unitID || undefined,
      comment: comment.trim() || undefined, evidenceLink: link.trim() || undefined,
    });
    setBusy(false);
    if (r === "sent" || r === "queued") {
      // A when-needed action keeps its form for the next time: start it empty.
      setComment(""); setLink(""); setFile(null); setDoneOn(today()); setUnit("");
      if (fileInput.current) fileInput.current.value = "";
      // The form goes away with the action done, and the list may reorder:
      // focus the main region, where the notice says what happened, rather than lose it.
      (e.target as HTMLFormElement).closest<HTMLElement>("main")?.focus();
    }
    const forUnit = units.find((u) => u.id === unitID);
    if (r === "sent") onDone("Avsignerad: " + text + (forUnit ? ` (${forUnit.name})` : ""), true);
    else if (r === "queued") onDone("Ingen anslutning. Avsigneringen sparas och skickas när nätet är tillbaka.", false);
    else setError(r.error);
  };
  return (
    <form class="signoff" onSubmit={submit}>
      {units.length > 1 ? (
        <>
          <label for={id("enhet")}>Enhet du signerar för</label>
          <select id={id("enhet")} value={unit} onChange={(e) => setUnit(value(e))}
            aria-invalid={unitError ? "true" : undefined} aria-describedby={unitError ? id("fel") : undefined}>
            <option value="">Välj enhet</option>
            {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </>
      ) : null}
      <label for={id("kommentar")}>Kommentar (valfritt)</label>
      <textarea id={id("kommentar")} rows={2} value={comment} onInput={(e) => setComment(value(e))} />
      {missed.length ? (
        <p class="muted" id={id("missad")}>
          Missad period: {missed.map((p) => `${p.label} (${longDate(p.start)}–${longDate(p.end)})`).join(", ")}.
          Signera av den i efterhand med dagen det gjordes, under Datum och underlag.
        </p>
      ) : null}
      <details open={missed.length > 0}>
        <summary>Datum och underlag (valfritt)</summary>
        <label for={id("datum")}>Utfört den</label>
        <input id={id("datum")} type="date" max={today()} required value={doneOn} onInput={(e) => setDoneOn(value(e))}
          aria-describedby={missed.length ? id("missad") : undefined} />
        <label for={id("fil")}>Fil, högst 10 MB (PDF, bild eller Office-dokument)</label>
        <input id={id("fil")} ref={fileInput} type="file" accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.xls,.ppt,.docx,.xlsx,.pptx"
          onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        <label for={id("lank")}>Eller en länk, till exempel till protokollet</label>
        <input id={id("lank")} type="url" inputMode="url" placeholder="https://" value={link} onInput={(e) => setLink(value(e))} />
      </details>
      <button type="submit" disabled={busy || queued}>{busy ? "Signerar …" : "Signera av"}</button>
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
