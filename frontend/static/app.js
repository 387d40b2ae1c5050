// A first, read-only view of the plans until the SPA lands. No framework:
// fetch the plan tree over GraphQL and render it with DOM calls.
const query = `{
  plans(first: 20) { edges { node {
    id title registryNumber date adoptedBy adoptedAt adoptedParagraph status
    owner { name } approvedBy { name } background completedActivities
    areas { id title purpose note
      actions { id number text deadlineKind dueMonth responsible { name }
        subActions { id text deadlineKind dueMonth responsible { name } } } }
  } } }
}`;

const months = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
  "augusti", "september", "oktober", "november", "december"];

function deadline(a) {
  if (a.deadlineKind === "continuous") return "Fortlöpande";
  if (a.deadlineKind === "when_needed") return "Vid behov";
  const [y, m] = a.dueMonth.split("-");
  const name = months[Number(m) - 1];
  return name[0].toUpperCase() + name.slice(1) + " " + y;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, attrs);
  for (const c of children) if (c != null && c !== "") e.append(c);
  return e;
}

function actionItem(a) {
  return el("li", {},
    el("p", {}, a.text),
    el("p", { className: "meta" }, `Ansvarig: ${a.responsible.name} · Klart när: ${deadline(a)}`),
    a.subActions && a.subActions.length
      ? el("ul", { className: "sub" }, ...a.subActions.map(actionItem)) : null);
}

function planView(p) {
  const header = el("dl", { className: "header" });
  const rows = [["Dnr", p.registryNumber], ["Datum", p.date],
    ["Fastställd", [p.adoptedBy, p.adoptedAt, p.adoptedParagraph].filter(Boolean).join(" ")],
    ["Fastställd av", p.approvedBy && p.approvedBy.name], ["Dokumentansvarig", p.owner.name]];
  for (const [k, v] of rows) if (v) header.append(el("dt", {}, k), el("dd", {}, v));
  const done = el("ul", {}, ...(p.completedActivities || []).map((t) => el("li", {}, t)));
  return el("article", {},
    el("h2", {}, p.title), header,
    el("h3", {}, "Bakgrund"), ...(p.background || "").split("\n").map((t) => el("p", {}, t)),
    el("h3", {}, "Aktiviteter som är genomförda"), done,
    ...p.areas.map((a, i) => el("section", { className: "area" },
      el("h3", {}, `Område ${i + 1}: ${a.title}`),
      a.purpose ? el("p", {}, a.purpose) : null,
      a.note ? el("p", { className: "note" }, a.note) : null,
      el("ol", { className: "actions" }, ...a.actions.map(actionItem)))));
}

async function main() {
  const status = document.getElementById("status");
  try {
    const res = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json" },
      body: JSON.stringify({ query }),
    });
    if (res.status === 401) {
      status.textContent = "Du är inte inloggad. ";
      status.append(el("a", { href: "/auth/login?return=" + encodeURIComponent(location.pathname) }, "Logga in"));
      return;
    }
    document.getElementById("utloggning").hidden = false;
    const body = await res.json();
    if (body.errors) throw new Error(body.errors[0].message);
    const plans = body.data.plans.edges.map((e) => e.node);
    status.textContent = plans.length ? "" : "Inga planer ännu.";
    document.getElementById("planer").append(...plans.map(planView));
  } catch (err) {
    status.textContent = "Kunde inte hämta planerna: " + err.message;
  }
}

main();
