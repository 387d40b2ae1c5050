import { useState } from "preact/hooks";

/** A delete button that asks once more, in place, before it acts. */
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
