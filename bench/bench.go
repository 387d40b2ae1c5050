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

// PlanHeaderQuery asks for the plan's header only. Set against
// PlanTreeQuery it tells the fixed cost of a request (HTTP, parsing,
// validation, one row) from the cost of the tree.
const PlanHeaderQuery = `query PlanHeader($id: ID!) {
  plan(id: $id) {
    id title registryNumber date adoptedBy adoptedAt adoptedParagraph status
    owner { name } approvedBy { name }
  }
}`

// Queries are the documents the load tool can send for one plan, by the
// name its --query flag takes. Each has one variable, $id.
var Queries = map[string]string{
	"plan-tree":   PlanTreeQuery,
	"plan-header": PlanHeaderQuery,
}
