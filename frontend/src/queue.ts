// Sign-offs queued in localStorage until the server has them. Each keeps
// its idempotency key and the day it was made, so a retry after a lost
// answer never signs twice and a late delivery counts for the right period.
import { gql, NetworkError, GraphQLError } from "./api";
import { SignOffDocument, type SignOffInput } from "./gql";

const KEY = "handlingsplan.signoffs";

/** Fired on window when queued sign-offs reached the server. */
export const SENT_EVENT = "handlingsplan:signoffs-sent";

export function pending(storage: Storage = localStorage): SignOffInput[] {
  try {
    return JSON.parse(storage.getItem(KEY) ?? "[]");
  } catch {
    return [];
  }
}

function save(items: SignOffInput[], storage: Storage) {
  if (items.length) storage.setItem(KEY, JSON.stringify(items));
  else storage.removeItem(KEY);
}

export function enqueue(input: SignOffInput, storage: Storage = localStorage) {
  save([...pending(storage).filter((p) => p.idempotencyKey !== input.idempotencyKey), input], storage);
}

function remove(key: string, storage: Storage) {
  save(pending(storage).filter((p) => p.idempotencyKey !== key), storage);
}

export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export type SendResult = "sent" | "queued" | { error: Error };

type Send = (input: SignOffInput) => Promise<unknown>;
const sendOne: Send = (input) => gql(SignOffDocument, { input });

/**
 * Refusals that will be the same on every retry. Anything else (no
 * network, an expired session, a server or proxy error) keeps the
 * sign-off queued for the next try.
 */
const final = new Set(["BAD_USER_INPUT", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]);

/** Queue a sign-off, then try to send it now. */
export async function signOff(input: SignOffInput, send: Send = sendOne, storage: Storage = localStorage): Promise<SendResult> {
  enqueue(input, storage);
  return deliver(input, send, storage);
}

async function deliver(input: SignOffInput, send: Send, storage: Storage): Promise<SendResult> {
  try {
    await send(input);
  } catch (err) {
    if (err instanceof GraphQLError && err.code === "CONFLICT") {
      remove(input.idempotencyKey, storage); // signed off already: what the user wanted
      return "sent";
    }
    if (err instanceof GraphQLError && err.code && final.has(err.code)) {
      remove(input.idempotencyKey, storage);
      return { error: err };
    }
    return err instanceof NetworkError ? "queued" : { error: err instanceof Error ? err : new Error(String(err)) };
  }
  remove(input.idempotencyKey, storage);
  return "sent";
}

export type FlushResult = { sent: number; refused: Error[] };

/**
 * Send everything queued, oldest first, and stop at the first that cannot
 * get through. Refused ones are dropped and returned, to be shown.
 */
export async function flush(send: Send = sendOne, storage: Storage = localStorage): Promise<FlushResult> {
  const out: FlushResult = { sent: 0, refused: [] };
  for (const input of pending(storage)) {
    const r = await deliver(input, send, storage);
    if (r === "sent") out.sent++;
    else if (r === "queued" || pending(storage).some((p) => p.idempotencyKey === input.idempotencyKey)) break;
    else out.refused.push(r.error);
  }
  if (out.sent) dispatchEvent(new Event(SENT_EVENT));
  return out;
}
