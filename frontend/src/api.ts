// A tiny GraphQL client: POST /graphql with JSON. Documents and their
// result types are generated from the server's schema (src/gql.ts, made by
// `go generate ./...` from src/operations.graphql).
import type { Operation } from "./gql";

/** A refusal or failure the server answered with; its message is the server's, in Swedish, for the person. */
export class GraphQLError extends Error {
  constructor(message: string, public code?: string, public field?: string) {
    super(message);
  }
}

type Extensions = { code?: string; field?: string; [fact: string]: unknown };

/** Thrown when the request never reached the server (offline, network down). */
export class NetworkError extends Error {}

const answered = (status: number) => new GraphQLError(`Servern svarade ${status}`, status === 401 ? "UNAUTHENTICATED" : undefined);

type Body<R> = { data?: R; errors?: { message: string; extensions?: Extensions }[] };

export async function gql<R, V>(op: Operation<R, V>, variables?: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query: op, variables }),
    });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  let body: Body<R>;
  try {
    body = await res.json();
  } catch {
    throw answered(res.status);
  }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    throw new GraphQLError(e.message, e.extensions?.code ?? (res.status === 401 ? "UNAUTHENTICATED" : undefined), e.extensions?.field);
  }
  if (!res.ok || !body.data) throw answered(res.status);
  return body.data;
}

/** A file uploaded to /evidence, to attach to a sign-off. */
export interface Evidence { id: string; name: string; url: string }

/** Upload evidence for an action (multipart; at most 10 MB, within the person's and the department's quota, checked by the server). */
export async function uploadEvidence(actionID: string, file: File): Promise<Evidence> {
  const form = new FormData();
  form.append("actionID", actionID);
  form.append("file", file);
  let res: Response;
  try {
    res = await fetch("/evidence", { method: "POST", credentials: "same-origin", body: form });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = (body as Body<unknown>).errors?.[0];
    if (!e) throw answered(res.status);
    throw new GraphQLError(e.message, e.extensions?.code, e.extensions?.field);
  }
  return body as Evidence;
}

/** The node type of a Relay connection's result type. */
export type NodeOf<C extends { edges: ({ node: unknown } | null)[] | null }> = NonNullable<NonNullable<NonNullable<C["edges"]>[number]>["node"]>;

/** The nodes of a Relay connection, whose edges and nodes are nullable in the schema. */
export function nodes<T>(conn: { edges: ({ node: T | null } | null)[] | null } | null | undefined): T[] {
  const out: T[] = [];
  for (const e of conn?.edges ?? []) if (e?.node) out.push(e.node);
  return out;
}
