import type { FollowUpStatus } from "./api";
import { statusText } from "./format";

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
