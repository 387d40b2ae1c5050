import type { MeQuery } from "../../gql";
import { PlanEditor } from "./PlanEditor";
import { Roles } from "./Roles";
import { Users } from "./Users";
import { AuditLog } from "./AuditLog";
import { Departments } from "./Departments";
import { GroupMappings } from "./GroupMappings";
import { Mail } from "./Mail";
import { lazyView } from "../../lazy";

// Organisation is for plan editors and administrators now and then: loaded on first use.
const Organisation = lazyView(() => import("./Organisation").then((m) => m.Organisation));

type Me = MeQuery["me"];

const pages = [
  { path: "/administration", title: "Planer", needs: "editsPlans" },
  { path: "/administration/organisation", title: "Organisation", needs: "organisation" },
  { path: "/administration/roller", title: "Roller", needs: "administers" },
  { path: "/administration/anvandare", title: "Användare och roller", needs: "administers" },
  { path: "/administration/gruppmappning", title: "Gruppmappning", needs: "administers" },
  { path: "/administration/forvaltningar", title: "Förvaltningar", needs: "municipality" },
  { path: "/administration/utskick", title: "Utskick", needs: "administers" },
  { path: "/administration/logg", title: "Granskningslogg", needs: "administers" },
] as const;

/**
 * Administration: plans for plan editors; the organisation (operations, units,
 * APT dates, operation areas) for plan editors and administrators; roles,
 * people, group mappings and the audit log for administrators; departments
 * for municipality administrators.
 */
export function Admin({ path, me }: { path: string; me: Me }) {
  const may = (needs: "editsPlans" | "administers" | "organisation" | "municipality") =>
    needs === "municipality" ? me.municipalityAdministrator
    : needs === "organisation" ? me.assignments.some((a) => a.role.editsPlans || a.role.administers)
    : me.assignments.some((a) => a.role[needs]);
  const shown = pages.filter((p) => may(p.needs));
  // /administration opens the first page the viewer may use (an administrator who edits no plans gets Roller).
  const page = shown.find((p) => p.path === path) ?? (path === "/administration" ? shown[0] : undefined);
  return (
    <>
      <h1>Administration</h1>
      <nav aria-label="Administration">
        <ul class="subnav">
          {shown.map((p) => <li key={p.path}><a href={p.path} data-route aria-current={p === page ? "page" : undefined}>{p.title}</a></li>)}
        </ul>
      </nav>
      {!page ? <p>Du har inte behörighet till den här sidan, eller så finns den inte.</p>
        : page.path === "/administration" ? <PlanEditor me={me} />
        : page.path === "/administration/organisation" ? <Organisation me={me} />
        : page.path === "/administration/roller" ? <Roles me={me} />
        : page.path === "/administration/anvandare" ? <Users me={me} />
        : page.path === "/administration/gruppmappning" ? <GroupMappings me={me} />
        : page.path === "/administration/forvaltningar" ? <Departments me={me} />
        : page.path === "/administration/utskick" ? <Mail me={me} />
        : <AuditLog />}
    </>
  );
}

/** The departments where the viewer holds a role with the right. */
export function departmentsWhere(me: Me, right: "editsPlans" | "administers") {
  const ids = new Set(me.assignments.filter((a) => a.role[right]).map((a) => a.department.id));
  return me.departments.filter((d) => ids.has(d.id));
}
