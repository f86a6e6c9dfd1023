// 党组织: the tree of the organizations an admin manages, indented, each with
// its kind, code, how many people it has and whether it is closed, linked to
// its page. Nested lists, so that the tree is a tree to a screen reader too;
// one line per organization and no forms, so that a county's hundreds of
// branches stay a light page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { organizationTree } from "~/models/organizations.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  return { tree: await organizationTree(manageableRoots(user)) };
}

type Row = Awaited<ReturnType<typeof organizationTree>>[number];
type Branch = { row: Row; children: Branch[] };

/** The flat tree-ordered rows as nested branches, by depth: each row belongs under the last row above it one level up. */
function nest(rows: readonly Row[]): Branch[] {
  const tops: Branch[] = [];
  const open: Branch[] = [];
  for (const row of rows) {
    const branch = { row, children: [] };
    open.length = row.depth;
    (open[row.depth - 1]?.children ?? tops).push(branch);
    open[row.depth] = branch;
  }
  return tops;
}

function OrgItem({ branch }: { branch: Branch }) {
  const { t } = useTranslation();
  const { row } = branch;
  return (
    <li data-testid={`org-${row.code}`}>
      <Link to={`/org/organizations/${row.id}`}>{row.name}</Link>{" "}
      <span className="muted">
        {t(`organizations.kinds.${row.kind}`, { defaultValue: row.kind })}
        {row.isMobile ? ` · ${t("organizations.tree.mobile")}` : ""} · {t("organizations.tree.code", { code: row.code })} ·{" "}
        {t("organizations.tree.people", { count: row.people })}
      </span>
      {row.closed ? (
        <>
          {" "}
          <span className="badge warn">{t("organizations.tree.closed")}</span>
        </>
      ) : null}
      {branch.children.length > 0 ? (
        <ul className="org-tree">
          {branch.children.map((child) => (
            <OrgItem key={child.row.id} branch={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export default function Organizations() {
  const { tree } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("organizations.tree.title")}</h1>
      <p className="muted">{t("organizations.tree.help")}</p>
      <p>
        <Link className="button" to="/org/organizations/new">
          {t("organizations.tree.add")}
        </Link>
      </p>
      {tree.length === 0 ? (
        <p>{t("organizations.tree.none")}</p>
      ) : (
        <ul className="org-tree" data-testid="org-tree">
          {nest(tree).map((branch) => (
            <OrgItem key={branch.row.id} branch={branch} />
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "党组织 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
