// 发展党员政策: an organization admin sets his organization's own settings; an
// empty field inherits from above. Saving recomputes everyone below it.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrgPicker } from "~/components/org-picker.tsx";
import { ErrorList } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { overrideFromPolicyForm, POLICY_KEYS, policyFormSchema, type Policy } from "~/domain/development/policy.ts";
import { organizationsUnder, organizationUnder, policyView, savePolicy } from "~/models/org-policy.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";
import { enqueuePolicyRecompute, policyRecomputeProgress, queueOrLeaveForSweep } from "~/utils/queues.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const url = new URL(request.url);
  const orgs = await organizationsUnder(manageableRoots(user));
  const requested = url.searchParams.get("org");
  const org = requested ? orgs.find((candidate) => candidate.id === requested) : orgs[0];
  if (!org) throw new Response("Forbidden", { status: 403 });
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
  const submission = parseWithZod(await request.formData(), { schema: policyFormSchema });
  // An organization named outside his subtrees is forbidden whatever else the form says.
  const named = typeof submission.payload.orgId === "string" ? submission.payload.orgId : "";
  const org = named ? await organizationUnder(manageableRoots(user), named) : null;
  if (named && !org) throw new Response("Forbidden", { status: 403 });
  if (submission.status !== "success" || !org) return data(submission.reply(), { status: 400 });
  const saved = await savePolicy({ orgId: org.id, override: overrideFromPolicyForm(submission.value), actorId: user.id });
  if (!saved.ok)
    return data(submission.reply({ fieldErrors: fieldErrorsFrom(saved.problems, "development.policyProblems") }), { status: 400 });
  // Saved either way; each person's page still judges from records with the new policy.
  await queueOrLeaveForSweep(() => enqueuePolicyRecompute(org.id), { what: "the policy recompute", orgId: org.id });
  return redirect(`/org/policy?org=${org.id}&saved=1`);
}

const YES_NO: (keyof Policy)[] = ["pollsRequired", "sixNoDevelop"];

export default function PolicyPage() {
  const data = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const shown = (value: unknown) =>
    Array.isArray(value)
      ? value.length > 0
        ? value.join(", ")
        : t("policy.none")
      : typeof value === "boolean"
        ? t(value ? "policy.yes" : "policy.no")
        : String(value);
  const own = Object.fromEntries(
    POLICY_KEYS.map((key) => {
      const value = (data.own as Partial<Record<keyof Policy, unknown>>)[key];
      return [key, value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value)];
    }),
  );
  const [form, fields] = useForm<Record<string, unknown>>({
    id: `policy-${data.org.id}`,
    lastResult,
    defaultValue: { orgId: data.org.id, ...own },
    constraint: getZodConstraint(policyFormSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: policyFormSchema }),
  });
  const running = data.recompute && data.recompute.state !== "completed" && data.recompute.state !== "failed";
  return (
    <>
      <h1>{t("policy.title")}</h1>
      <OrgPicker id="policy-org" orgs={data.orgs} current={data.org.id} />
      <p>{t("policy.help", { org: data.org.name })}</p>
      <p>
        <Link to={`/org/policy/station-goals?org=${data.org.id}`}>{t("station.goals.link")}</Link>
      </p>
      {data.saved ? (
        <p className="notice ok" role="status">
          {t("policy.saved")}
        </p>
      ) : null}
      {data.recompute ? (
        <div className="card" data-testid="recompute">
          <p>{running ? t("policy.recomputing", data.recompute) : t("policy.recomputed", data.recompute)}</p>
          <div className="progress" aria-hidden="true">
            <span
              style={{ width: `${data.recompute.total === 0 ? 100 : Math.round((data.recompute.done / data.recompute.total) * 100)}%` }}
            />
          </div>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input {...getInputProps(fields.orgId!, { type: "hidden" })} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <table>
          <thead>
            <tr>
              <th>{t("policy.setting")}</th>
              <th>{t("policy.inForce")}</th>
              <th>{t("policy.own")}</th>
            </tr>
          </thead>
          <tbody>
            {POLICY_KEYS.map((key) => {
              const field = fields[key]!;
              return (
                <tr key={key}>
                  <td>
                    <label htmlFor={field.id}>{t(`policy.fields.${key}`)}</label>
                  </td>
                  <td>
                    {shown(data.effective[key])}
                    <div className="muted">{data.source[key] ? t("policy.setBy", { org: data.source[key] }) : t("policy.default")}</div>
                  </td>
                  <td>
                    {YES_NO.includes(key) ? (
                      <select {...getSelectProps(field)}>
                        <option value="">{t("policy.inherit")}</option>
                        <option value="true">{t("policy.yes")}</option>
                        <option value="false">{t("policy.no")}</option>
                      </select>
                    ) : (
                      <input
                        {...getInputProps(field, { type: "text" })}
                        inputMode={key === "requiredCourses" ? "text" : "decimal"}
                        placeholder={t("policy.inherit")}
                      />
                    )}
                    <ErrorList id={field.errorId} errors={field.errors} />
                  </td>
                </tr>
              );
            })}
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
