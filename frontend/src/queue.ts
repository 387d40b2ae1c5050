// Sign-offs queued in localStorage until the server has them. Each keeps
// its idempotency key, so a retry after a lost answer never signs twice.
import { gql, NetworkError, GraphQLError } from "./api";
import { SignOffDocument, type SignOffInput } from "./gql";

const KEY = "handlingsplan.signoffs";

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

export type SendResult = "sent" | "queued" | { error: string };

type Send = (input: SignOffInput) => Promise<unknown>;
const sendOne: Send = (input) => gql(SignOffDocument, { input });

/** Queue a sign-off, then try to send it now. */
export async function signOff(input: SignOffInput, send: Send = sendOne, storage: Storage = localStorage): Promise<SendResult> {
  enqueue(input, storage);
  return deliver(input, send, storage);
}

async function deliver(input: SignOffInput, send: Send, storage: Storage): Promise<SendResult> {
  try {
    await send(input);
    remove(input.idempotencyKey, storage);
    return "sent";
  } catch (err) {
    if (err instanceof NetworkError) return "queued";
    // The server answered: a conflict means it is signed off already; any
    // other refusal will not change on retry either.
    remove(input.idempotencyKey, storage);
    if (err instanceof GraphQLError && err.code === "CONFLICT") return "sent";
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Send everything queued, oldest first; returns how many were sent. */
export async function flush(send: Send = sendOne, storage: Storage = localStorage): Promise<number> {
  let sent = 0;
  for (const input of pending(storage)) {
    const r = await deliver(input, send, storage);
    if (r === "queued") break;
    if (r === "sent") sent++;
  }
  return sent;
}
