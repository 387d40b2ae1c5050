// The GraphQL-over-HTTP audit: graphql-http's auditServer checks /graphql
// against the spec (https://graphql.github.io/graphql-over-http/). /graphql
// needs a session, so every request of the audit carries the session cookie
// of a logged-in user. Any audit that does not pass, a warning as much as
// an error, fails.
import { auditServer } from "graphql-http";

/**
 * Runs the audit against url with the given Cookie header value and returns
 * the number of audits that passed; throws, listing them, when any warns or
 * fails.
 */
export async function auditGraphQLOverHTTP(url, cookie) {
  const fetchFn = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", cookie);
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url, fetchFn });
  const problems = [];
  for (const r of results) {
    if (r.status === "ok") continue;
    let body = "";
    try { body = r.response ? ` (${r.response.status}: ${(await r.response.text()).slice(0, 200)})` : ""; } catch {}
    problems.push(`${r.status} ${r.id}: ${r.name}: ${r.reason}${body}`);
  }
  if (problems.length) {
    throw new Error(`GraphQL over HTTP audit: ${problems.length} of ${results.length} audits did not pass:\n  ${problems.join("\n  ")}`);
  }
  return results.length;
}
