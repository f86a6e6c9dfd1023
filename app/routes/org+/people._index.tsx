// 人员管理: the people of the admin's subtree, found by name, phone or sign-in
// name; each opens his record. Deactivated people are listed only when asked.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { peopleIn } from "~/models/people.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const url = new URL(request.url);
  const search = (url.searchParams.get("q") ?? "").slice(0, 50);
  const includeDeactivated = url.searchParams.get("all") === "1";
  const { people, total } = await peopleIn(manageableRoots(user), { search, includeDeactivated });
  return { people, total, search, includeDeactivated };
}

export default function People() {
  const { people, total, search, includeDeactivated } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("people.title")}</h1>
      <p className="no-print">
        <Link to="/org/people/new">{t("people.add")}</Link> · <Link to="/org/people/import">{t("people.import.link")}</Link> ·{" "}
        {t("people.import.exportLink")}：<a href="/org/people/export?format=xlsx">Excel</a> ·{" "}
        <a href="/org/people/export?format=csv">CSV</a>
      </p>
      <Form method="get" className="no-print search-form" role="search">
        <label htmlFor="people-search">{t("people.search")}</label>
        <input id="people-search" type="search" name="q" defaultValue={search} />
        <label className="option" htmlFor="people-all">
          <input id="people-all" type="checkbox" name="all" value="1" defaultChecked={includeDeactivated} />
          <span>{t("people.includeDeactivated")}</span>
        </label>
        <button type="submit">{t("people.find")}</button>
      </Form>
      <p role="status">{total > people.length ? t("people.countFirst", { total, shown: people.length }) : t("people.count", { total })}</p>
      {people.length === 0 ? null : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("people.fields.name")}</th>
              <th scope="col">{t("people.fields.gender")}</th>
              <th scope="col">{t("people.org")}</th>
              <th scope="col">{t("people.fields.stage")}</th>
              <th scope="col">{t("people.fields.phone")}</th>
              <th scope="col">{t("people.accountColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id}>
                <td>
                  <Link to={`/org/people/${person.id}`}>{person.name}</Link>
                  {person.deactivated ? <span className="muted"> {t("people.deactivatedMark")}</span> : null}
                </td>
                <td>{person.gender ? t(`notice.gender.${person.gender}`) : ""}</td>
                <td>{person.orgName}</td>
                <td>{t(`me.stageNames.${person.stage}`)}</td>
                <td>{person.phone ?? ""}</td>
                <td>{person.hasAccount ? person.roles.map((role) => t(`people.roles.${role}`)).join("、") : t("people.noAccount")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "人员管理 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
