// 发展党员政策: an organization admin sets his organization's own settings; an
// empty field inherits from above. Saving recomputes everyone below it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProblemList } from "~/components/problem-list.tsx";
import { can } from "~/domain/access.ts";
import { POLICY_KEYS, policyOverrideFromForm, type Policy } from "~/domain/development/policy.ts";
import { policyView, savePolicy } from "~/models/development.server.ts";
import { heldRoles, type SessionUser } from "~/models/user.server.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { enqueuePolicyRecompute, policyRecomputeProgress, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

/** The organizations whose policy this admin may set: where he holds org:manage, and below. */
async function manageableOrgs(user: SessionUser) {
  const prisma = await getPrisma();
  const orgs = await prisma.organization.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, path: true } });
  return orgs.filter((org) => can(heldRoles(user), "org:manage", [org.path]));
}

async function chosenOrg(user: SessionUser, requested: string | null) {
  const orgs = await manageableOrgs(user);
  const org = requested ? orgs.find((candidate) => candidate.id === requested) : orgs[0];
  if (!org) throw new Response("Forbidden", { status: 403 });
  return { org, orgs };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const url = new URL(request.url);
  const { org, orgs } = await chosenOrg(user, url.searchParams.get("org"));
  const view = await policyView(org.id);
  return {
    orgs: orgs.map((candidate) => ({ id: candidate.id, name: candidate.name, depth: candidate.path.split("/").filter(Boolean).length })),
    ...view,
    saved: url.searchParams.get("saved") === "1",
    recompute: await policyRecomputeProgress(org.id).catch(() => null),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const form = Object.fromEntries(await request.formData());
  const { org } = await chosenOrg(user, String(form.orgId ?? ""));
  const values = Object.fromEntries(POLICY_KEYS.map((key) => [key, String(form[key] ?? "")]));
  const parsed = policyOverrideFromForm(form);
  if (!parsed.ok) return { values, problems: parsed.problems };
  const saved = await savePolicy({ orgId: org.id, override: parsed.value, actorId: user.id });
  if (!saved.ok) return { values, problems: saved.problems };
  // Saved either way; each person's page still judges from records with the new policy.
  await queueOrLeaveForSweep(() => enqueuePolicyRecompute(org.id), { what: "the policy recompute", orgId: org.id });
  return redirect(`/org/policy?org=${org.id}&saved=1`);
}

const YES_NO: (keyof Policy)[] = ["pollsRequired", "sixNoDevelop"];

export default function PolicyPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const shown = (value: unknown) =>
    Array.isArray(value) ? (value.length > 0 ? value.join(", ") : t("policy.none")) : typeof value === "boolean" ? t(value ? "policy.yes" : "policy.no") : String(value);
  const own = (key: keyof Policy) => {
    const value = data.own[key];
    return value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value);
  };
  const running = data.recompute && data.recompute.state !== "completed" && data.recompute.state !== "failed";
  return (
    <>
      <h1>{t("policy.title")}</h1>
      {data.orgs.length > 1 ? (
        <Form method="get" className="no-print">
          <label htmlFor="policy-org">{t("policy.org")}</label>
          <select id="policy-org" name="org" defaultValue={data.org.id}>
            {data.orgs.map((org) => (
              <option key={org.id} value={org.id}>
                {"　".repeat(Math.max(0, org.depth - 1))}
                {org.name}
              </option>
            ))}
          </select>{" "}
          <button type="submit">{t("policy.choose")}</button>
        </Form>
      ) : null}
      <p>{t("policy.help", { org: data.org.name })}</p>
      {data.saved ? (
        <p className="notice ok" role="status">
          {t("policy.saved")}
        </p>
      ) : null}
      {data.recompute ? (
        <div className="card" data-testid="recompute">
          <p>{running ? t("policy.recomputing", data.recompute) : t("policy.recomputed", data.recompute)}</p>
          <div className="progress" aria-hidden="true">
            <span style={{ width: `${data.recompute.total === 0 ? 100 : Math.round((data.recompute.done / data.recompute.total) * 100)}%` }} />
          </div>
        </div>
      ) : null}
      <ProblemList problems={actionData?.problems ?? []} fieldLabel={(field) => t(`policy.fields.${field}`, { defaultValue: field })} />
      <Form method="post">
        <input type="hidden" name="orgId" value={data.org.id} />
        <table>
          <thead>
            <tr>
              <th>{t("policy.setting")}</th>
              <th>{t("policy.inForce")}</th>
              <th>{t("policy.own")}</th>
            </tr>
          </thead>
          <tbody>
            {POLICY_KEYS.map((key) => (
              <tr key={key}>
                <td>
                  <label htmlFor={`policy-${key}`}>{t(`policy.fields.${key}`)}</label>
                </td>
                <td>
                  {shown(data.effective[key])}
                  <div className="muted">{data.source[key] ? t("policy.setBy", { org: data.source[key] }) : t("policy.default")}</div>
                </td>
                <td>
                  {YES_NO.includes(key) ? (
                    <select id={`policy-${key}`} name={key} defaultValue={actionData?.values[key] ?? own(key)}>
                      <option value="">{t("policy.inherit")}</option>
                      <option value="true">{t("policy.yes")}</option>
                      <option value="false">{t("policy.no")}</option>
                    </select>
                  ) : (
                    <input id={`policy-${key}`} name={key} type="text" inputMode={key === "requiredCourses" ? "text" : "decimal"} placeholder={t("policy.inherit")} defaultValue={actionData?.values[key] ?? own(key)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("policy.save")}
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "发展党员政策 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
