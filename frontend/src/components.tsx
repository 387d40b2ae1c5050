import { useState } from "preact/hooks";
import { NetworkError, uploadEvidence } from "./api";
import type { FollowUpStatus } from "./gql";
import { statusText } from "./format";
import { newKey, pending, signOff } from "./queue";

export function Status({ status }: { status: FollowUpStatus }) {
  return <span class={`status status-${status}`}>{statusText[status]}</span>;
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Hämtar {what} …</p>;
}

export function Failed({ error }: { error: Error }) {
  return <p role="alert" class="error">Något gick fel: {error.message}</p>;
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
export function SignOffForm({ actionID, text, onDone }: { actionID: string; text: string; onDone: (msg: string) => void }) {
  const [comment, setComment] = useState("");
  const [link, setLink] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const queued = pending().some((p) => p.actionID === actionID);
  const id = (what: string) => `${what}-${actionID}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    let evidenceID: string | undefined;
    if (file) {
      try {
        evidenceID = (await uploadEvidence(actionID, file)).id;
      } catch (err) {
        setBusy(false);
        setError(err instanceof NetworkError
          ? "Ingen anslutning. Filer kan bara skickas med nät: försök igen senare eller signera utan fil."
          : `Filen kunde inte sparas: ${(err as Error).message}`);
        return;
      }
    }
    const r = await signOff({
      actionID, idempotencyKey: newKey(), evidenceID,
      comment: comment.trim() || undefined, evidenceLink: link.trim() || undefined,
    });
    setBusy(false);
    if (r === "sent") onDone("Avsignerad: " + text);
    else if (r === "queued") onDone("Ingen anslutning. Avsigneringen sparas och skickas när nätet är tillbaka.");
    else setError(r.error);
  };
  return (
    <form class="signoff" onSubmit={submit}>
      <label for={id("kommentar")}>Kommentar (valfritt)</label>
      <textarea id={id("kommentar")} rows={2} value={comment} onInput={(e) => setComment(value(e))} />
      <details>
        <summary>Bifoga underlag (valfritt)</summary>
        <label for={id("fil")}>Fil, högst 10 MB (PDF, bild eller Office-dokument)</label>
        <input id={id("fil")} type="file" accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.xls,.ppt,.docx,.xlsx,.pptx"
          onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        <label for={id("lank")}>Eller en länk, till exempel till protokollet</label>
        <input id={id("lank")} type="url" inputMode="url" placeholder="https://" value={link} onInput={(e) => setLink(value(e))} />
      </details>
      <button type="submit" disabled={busy || queued}>{busy ? "Signerar …" : "Signera av"}</button>
      {error ? <p role="alert" class="error">{error}</p> : null}
    </form>
  );
}

/** A button for something that cannot be undone: it asks once more, in place, before it acts. */
export function ConfirmButton({ label, confirm, disabled, onConfirm }: { label: string; confirm: string; disabled?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button type="button" class="secondary" disabled={disabled} onClick={() => setAsking(true)}>{label}</button>;
  return (
    <span class="confirm" role="group" aria-label={confirm}>
      <button type="button" class="danger" disabled={disabled} onClick={() => { setAsking(false); onConfirm(); }}>{confirm}</button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>Avbryt</button>
    </span>
  );
}
