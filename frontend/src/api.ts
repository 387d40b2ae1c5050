// A tiny GraphQL client: POST /graphql with JSON. The types below are
// written by hand for the queries this app sends (see docs/frontend.md;
// generating them from graph/*.graphql is to come).

export type FollowUpStatus = "not_started" | "due_soon" | "done" | "overdue" | "missed" | "logged";
export type DeadlineKind = "month" | "continuous" | "when_needed" | "date";

export class GraphQLError extends Error {
  constructor(message: string, public code?: string) {
    super(message);
  }
}

/** Thrown when the request never reached the server (offline, network down). */
export class NetworkError extends Error {}

export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new GraphQLError(`Servern svarade ${res.status}`, res.status === 401 ? "UNAUTHENTICATED" : undefined);
  }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    throw new GraphQLError(e.message, e.extensions?.code ?? (res.status === 401 ? "UNAUTHENTICATED" : undefined));
  }
  if (!res.ok || !body.data) throw new GraphQLError(`Servern svarade ${res.status}`);
  return body.data;
}

export interface Named { id: string; name: string }

export interface ActionNode {
  id: string;
  number: number | null;
  text: string;
  deadlineKind: DeadlineKind;
  dueMonth: string | null;
  dueDate: string | null;
  responsible: Named;
  subActions?: ActionNode[] | null;
}

export interface FollowUp { status: FollowUpStatus; due: string | null }

export interface MyAction {
  action: ActionNode;
  plan: { id: string; title: string };
  followUp: FollowUp;
}

export interface Me {
  me: {
    user: { id: string; name: string };
    departments: { id: string; name: string; operationAreas: { id: string; code: string; name: string }[] | null }[];
  };
}

export const ME = `{ me { user { id name } departments { id name operationAreas { id code name } } } }`;

const ACTION_FIELDS = `id number text deadlineKind dueMonth dueDate responsible { id name }`;

export const MY_ACTIONS = `{ myActions(first: 200) { action { ${ACTION_FIELDS} } plan { id title } followUp { status due } } }`;

export interface Area { id: string; title: string; purpose: string | null; actions: ActionNode[] | null }
export interface Plan { id: string; title: string; registryNumber: string; areas: Area[] | null }
export interface Plans { plans: { edges: { node: Plan }[] } }

// Area.actions holds sub-actions too; the tree is rebuilt from subActions.
export const PLANS = `{ plans(first: 20) { edges { node { id title registryNumber
  areas { id title purpose actions { ${ACTION_FIELDS} parentID subActions { ${ACTION_FIELDS} } } } } } } }`;

export interface Counts { total: number; done: number; overdue: number; dueSoon: number; notStarted: number; missed: number; logged: number; shareDone: number }
export interface PlanStatus {
  planStatus: {
    asOf: string;
    counts: Counts;
    areas: { area: { id: string; title: string }; counts: Counts }[];
    overdue: MyAction[];
    actions: { action: { id: string }; followUp: FollowUp }[];
  } | null;
}

const COUNTS = `total done overdue dueSoon notStarted missed logged shareDone`;
export const PLAN_STATUS = `query($id: ID!) { planStatus(planID: $id) { asOf counts { ${COUNTS} }
  areas { area { id title } counts { ${COUNTS} } }
  overdue { action { ${ACTION_FIELDS} } plan { id title } followUp { status due } }
  actions { action { id } followUp { status due } } } }`;

export interface Registration {
  id: string;
  state: "registered" | "seated" | "waitlisted" | "cancelled";
  waitlistPosition: number | null;
  user: { id: string };
  operationArea: { code: string };
}
export interface Workshop {
  id: string; topic: string; date: string; place: string | null; capacity: number;
  registrationOpensAt: string; registrationClosesAt: string; allocatedAt: string | null;
  registrations: Registration[] | null;
}
export interface Workshops { workshops: { edges: { node: Workshop }[] } }
export const WORKSHOPS = `query($from: Date!) { workshops(first: 50, where: { dateGTE: $from }, orderBy: { field: DATE, direction: ASC }) {
  edges { node { id topic date place capacity registrationOpensAt registrationClosesAt allocatedAt
    registrations { id state waitlistPosition user { id } operationArea { code } } } } } }`;

export const REGISTER = `mutation($w: ID!, $a: ID!) { registerForWorkshop(workshopID: $w, operationAreaID: $a) { id state waitlistPosition } }`;

export const SIGN_OFF = `mutation($input: SignOffInput!) { signOff(input: $input) { id doneOn } }`;
export interface SignOffInput { actionID: string; comment?: string; idempotencyKey: string }
