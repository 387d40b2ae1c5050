// Package bench measures how the server performs on a large department:
// the SQL statements and time one plan-tree request costs (the benchmarks in
// this package), and the throughput and latency of the whole binary under
// load (cmd/gen, cmd/load and run.sh). See README.md.
//
// This file holds the GraphQL documents the benchmarks and the load tool
// send, so both measure the same thing.
package bench

// PlanIDsQuery lists the ids of up to 100 plans.
const PlanIDsQuery = `{ plans(first: 100) { edges { node { id } } } }`

// PlanTreeQuery is what the plan page asks for: the plan's header and its
// whole tree, areas → actions → sub-actions, each with its responsible role.
const PlanTreeQuery = `query PlanTree($id: ID!) {
  plan(id: $id) {
    id title registryNumber date adoptedBy adoptedAt adoptedParagraph status
    owner { name } approvedBy { name }
    revisions { date note }
    background completedActivities
    department { name municipality slug }
    areas {
      id position title purpose note
      actions {
        id number position text deadlineKind dueMonth responsible { name kind }
        subActions { id number position text deadlineKind dueMonth responsible { name kind } }
      }
    }
  }
}`

// PostGraphilePlanTreeQuery is PlanTreeQuery as PostGraphile v4 answers it
// over the same PostgreSQL database (bench/postgraphile/run.sh: `postgraphile
// --simple-collections only`): the same fields of the same rows, in the
// same order, under the same names (aliases), so both answers have the
// same shape. Sub-actions and report-backs are left out of an area's
// actions by the condition, as the plan page's resolver leaves them out.
// Enums come back as PostgreSQL stores them (lower case) and revisions as
// the JSON column.
const PostGraphilePlanTreeQuery = `query PlanTree($id: BigInt!) {
  plan: planById(id: $id) {
    id title registryNumber date adoptedBy adoptedAt adoptedParagraph status
    owner: roleByOwnerId { name } approvedBy: roleByApprovedById { name }
    revisions
    background completedActivities
    department: departmentByDepartmentId { name municipality slug }
    areas: areasByPlanIdList(orderBy: POSITION_ASC) {
      id position title purpose note
      actions: actionsByAreaIdList(orderBy: POSITION_ASC, condition: {parentId: null, reportBackOfId: null}) {
        id number position text deadlineKind dueMonth responsible: roleByResponsibleId { name kind }
        subActions: actionsByParentIdList(orderBy: POSITION_ASC) {
          id number position text deadlineKind dueMonth responsible: roleByResponsibleId { name kind }
        }
      }
    }
  }
}`

// PostGraphilePlanIDsQuery is PlanIDsQuery for PostGraphile.
const PostGraphilePlanIDsQuery = `{ plans: allPlansList(first: 100, orderBy: ID_ASC) { id } }`

// PlanHeaderQuery asks for the plan's header only. Set against
// PlanTreeQuery it tells the fixed cost of a request (HTTP, parsing,
// validation, one row) from the cost of the tree.
const PlanHeaderQuery = `query PlanHeader($id: ID!) {
  plan(id: $id) {
    id title registryNumber date adoptedBy adoptedAt adoptedParagraph status
    owner { name } approvedBy { name }
  }
}`

// The web app's fragments (frontend/src/operations.graphql) that
// MyActionsQuery and PlanStatusQuery use.
const (
	actionFields = `fragment ActionFields on Action {
  id number text deadlineKind dueMonth dueDate
  responsible { id name }
}`
	followUpFields = `fragment FollowUpFields on FollowUp { status due subActionsDone subActionsTotal }`
	counts         = `fragment Counts on StatusCounts { total done overdue dueSoon notStarted missed logged shareDone }`
)

// MyActionsQuery is the web app's Mitt ansvar query, as
// frontend/src/operations.graphql has it (unchanged since before shared
// duties, so it runs on older servers too): what the viewer answers for,
// as of today.
const MyActionsQuery = `query MyActions {
  myActions(first: 200) {
    action { ...ActionFields }
    plan { id title }
    followUp { ...FollowUpFields periods { key label start end status } }
  }
}
` + actionFields + "\n" + followUpFields

// PlanStatusQuery is the web app's Uppföljning query of one plan, as
// frontend/src/operations.graphql has it: the plan's roll-up as of today,
// counting a shared duty done when every unit or person it covers is.
const PlanStatusQuery = `query PlanStatus($id: ID!) {
  planStatus(planID: $id) {
    asOf
    counts { ...Counts }
    areas { area { id title } counts { ...Counts } }
    overdue {
      action { ...ActionFields }
      plan { id title }
      followUp { ...FollowUpFields }
    }
    actions { action { id } followUp { status due } }
  }
}
` + actionFields + "\n" + followUpFields + "\n" + counts

// MeQuery is the cheapest request a logged-in person can make: the session
// lookup, GraphQL parsing and one user row. Other queries are measured
// against it (their share of its throughput).
const MeQuery = `{ me { user { name } } }`

// PlanByRegistryNumberQuery finds a plan by its registry number (dnr),
// e.g. the Bollebygd plan, SN2024/10, among the synthetic ones
// (bench/cmd/gen --bollebygd), whose titles may read alike.
const PlanByRegistryNumberQuery = `query PlanByRegistryNumber($dnr: String!) {
  plans(first: 1, where: { registryNumber: $dnr }) { edges { node { id } } }
}`

// Queries are the documents the load tool can send, by the name its
// --query flag takes. Each has one variable, $id, a plan, except those in
// ViewerQueries.
var Queries = map[string]string{
	"plan-tree":   PlanTreeQuery,
	"plan-header": PlanHeaderQuery,
	"my-actions":  MyActionsQuery,
	"plan-status": PlanStatusQuery,
	"me":          MeQuery,
	// The plan tree from PostGraphile v4 instead of this server.
	"postgraphile-plan-tree": PostGraphilePlanTreeQuery,
}

// PostGraphileQueries are sent to PostGraphile, not to this server: the
// plan ids come from PostGraphilePlanIDsQuery.
var PostGraphileQueries = map[string]bool{"postgraphile-plan-tree": true}

// ViewerQueries ask about the viewer, not a plan: they are sent without
// variables.
var ViewerQueries = map[string]bool{"my-actions": true, "me": true}
