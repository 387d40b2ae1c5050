import { useEffect, useRef, useState } from "preact/hooks";
import { GraphQLError, NetworkError, uploadEvidence } from "./api";
import type { FollowUpStatus } from "./gql";
import { longDate, statusText, today } from "./format";
import { newKey, pending, signOff } from "./queue";

export function Status({ status }: { status: FollowUpStatus }) {
  return <span class={`status status-${status}`}>{statusText[status]}</span>;
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
  INTERNAL: "Något gick fel hos servern. Försök igen om en stund.",
};

/**
 * An error in Swedish, by its code, with the server's own words (English)
 * after it, marked as such for screen readers.
 */
export function ErrorMessage({ error, prefix = "" }: { error?: Error; prefix?: string }) {
  if (!error) return null;
  if (error instanceof NetworkError) return <p role="alert" class="error">{prefix}Ingen anslutning till servern. Försök igen när nätet är tillbaka.</p>;
  const gqlError = error instanceof GraphQLError ? error : undefined;
  if (gqlError?.lang === "sv") return <p role="alert" class="error">{prefix}{error.message}</p>;
  const text = (gqlError?.code && codeText[gqlError.code]) || "Något gick fel.";
  return <p role="alert" class="error">{prefix}{text} <span lang="en">({error.message})</span></p>;
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
 */
export function SignOffForm({ actionID, text, missed = [], onDone }: {
  actionID: string; text: string; onDone: (msg: string, sent: boolean) => void;
  /** Periods of a continuous action that ended without a sign-off: signed late by a day within them. */
  missed?: { label: string; start: string; end: string }[];
}) {
  const [comment, setComment] = useState("");
  const [doneOn, setDoneOn] = useState(today());
  const [link, setLink] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const queued = pending().some((p) => p.actionID === actionID);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = (what: string) => `${what}-${actionID}`;
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
      actionID, idempotencyKey: newKey(), evidenceID, doneOn: doneOn || today(),
      comment: comment.trim() || undefined, evidenceLink: link.trim() || undefined,
    });
    setBusy(false);
    if (r === "sent" || r === "queued") {
      // A when-needed action keeps its form for the next time: start it empty.
      setComment(""); setLink(""); setFile(null); setDoneOn(today());
      if (fileInput.current) fileInput.current.value = "";
      // The form goes away with the action done, and the list may reorder:
      // focus the main region, where the notice says what happened, rather than lose it.
      (e.target as HTMLFormElement).closest<HTMLElement>("main")?.focus();
    }
    if (r === "sent") onDone("Avsignerad: " + text, true);
    else if (r === "queued") onDone("Ingen anslutning. Avsigneringen sparas och skickas när nätet är tillbaka.", false);
    else setError(r.error);
  };
  return (
    <form class="signoff" onSubmit={submit}>
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
      <ErrorMessage error={error} />
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
