// 站点月目标: an organization admin sets the monthly goals of the stations in his
// organization and below (group sessions, hours of showing); an empty field
// inherits from above, and the local practice applies where nobody set one.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { OrgPicker } from "~/components/org-picker.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { organizationsUnder, organizationUnder, saveStationGoals, stationGoalsView } from "~/models/org-policy.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";

/** An empty field inherits; a typed one must be a whole number of sessions, or hours up to a month's. */
const optionalNumber = (max: number, integer: boolean, message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce
      .number({ invalid_type_error: message })
      .min(0, message)
      .max(max, message)
      .refine((value) => !integer || Number.isInteger(value), message)
      .optional(),
  );

export const StationGoalsSchema = z.object({
  orgId: z.string().min(1),
  sessionsPerMonth: optionalNumber(100, true, "station.goals.problems.sessionsPerMonth"),
  showingHoursPerMonth: optionalNumber(744, false, "station.goals.problems.showingHoursPerMonth"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const url = new URL(request.url);
  const orgs = await organizationsUnder(manageableRoots(user));
  const requested = url.searchParams.get("org");
  const org = requested ? orgs.find((candidate) => candidate.id === requested) : orgs[0];
  if (!org) throw new Response("Forbidden", { status: 403 });
  return {
    orgs: orgs.map((candidate) => ({ id: candidate.id, name: candidate.name, depth: candidate.path.split("/").filter(Boolean).length })),
    ...(await stationGoalsView(org.id)),
    saved: url.searchParams.get("saved") === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const submission = parseWithZod(await request.formData(), { schema: StationGoalsSchema });
  const named = typeof submission.payload.orgId === "string" ? submission.payload.orgId : "";
  const org = named ? await organizationUnder(manageableRoots(user), named) : null;
  // An organization outside his subtrees is forbidden whatever else the form says.
  if (named && !org) throw new Response("Forbidden", { status: 403 });
  if (submission.status !== "success" || !org) return data(submission.reply(), { status: 400 });
  const { sessionsPerMonth, showingHoursPerMonth } = submission.value;
  await saveStationGoals({ orgId: org.id, goals: { sessionsPerMonth, showingHoursPerMonth }, actorId: user.id });
  return redirect(`/org/policy/station-goals?org=${org.id}&saved=1`);
}

const GOALS = ["sessionsPerMonth", "showingHoursPerMonth"] as const;

export default function StationGoalsPage() {
  const view = useLoaderData<typeof loader>();
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(StationGoalsSchema, {
    id: `station-goals-${view.org.id}`,
    lastResult,
    defaultValue: {
      orgId: view.org.id,
      sessionsPerMonth: view.own.sessionsPerMonth?.toString() ?? "",
      showingHoursPerMonth: view.own.showingHoursPerMonth?.toString() ?? "",
    },
  });
  return (
    <>
      <p>
        <Link to={`/org/policy?org=${view.org.id}`}>← {t("station.goals.back")}</Link>
      </p>
      <h1>{t("station.goals.title")}</h1>
      <OrgPicker id="goals-org" orgs={view.orgs} current={view.org.id} />
      <p>{t("station.goals.help", { org: view.org.name })}</p>
      {view.saved ? (
        <p className="notice ok" role="status">
          {t("station.goals.saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input {...getInputProps(fields.orgId, { type: "hidden" })} />
        <table>
          <thead>
            <tr>
              <th scope="col">{t("policy.setting")}</th>
              <th scope="col">{t("policy.inForce")}</th>
              <th scope="col">{t("policy.own")}</th>
            </tr>
          </thead>
          <tbody>
            {GOALS.map((goal) => (
              <tr key={goal}>
                <td>
                  <label htmlFor={fields[goal].id}>{t(`station.goals.fields.${goal}`)}</label>
                </td>
                <td>
                  {view.effective[goal]}
                  <div className="muted">
                    {view.source[goal] ? t("policy.setBy", { org: view.source[goal] }) : t("station.goals.localPractice")}
                  </div>
                </td>
                <td>
                  <input {...getInputProps(fields[goal], { type: "text" })} inputMode="decimal" placeholder={t("policy.inherit")} />
                  <ErrorList id={fields[goal].errorId} errors={fields[goal].errors} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("station.goals.save")}
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "站点月目标 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
