// 转接组织关系: a person moves to another organization of the admin's subtree
// from a given date; his history stays his and the move is listed on his record.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { requiredDate } from "~/domain/people.ts";
import { openOrganizationsUnder } from "~/models/organizations.server.ts";
import { personRecord, transferPerson } from "~/models/people.server.ts";
import { manageableRoots, requireHomeOrgPermission } from "~/utils/permissions.server.ts";
import { errorMessage } from "~/utils/problems.ts";

const T = "people.transfer.problems";

const TransferSchema = z.object({
  toOrgId: z.string({ required_error: `${T}.org-outside` }).min(1, `${T}.org-outside`),
  transferredOn: requiredDate(`${T}.date-format`),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const person = await personRecord(personId);
  if (!person) throw new Response("Not Found", { status: 404 });
  const orgs = await openOrganizationsUnder(manageableRoots(admin));
  return { person: { id: person.id, name: person.name, orgId: person.homeOrg?.id ?? "", org: person.homeOrg?.name ?? "" }, orgs };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const submission = parseWithZod(await request.formData(), { schema: TransferSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await transferPerson({ personId, ...submission.value, roots: manageableRoots(admin), actorId: admin.id });
  if (!outcome.ok) {
    const field = outcome.problem.startsWith("date") ? "transferredOn" : "toOrgId";
    return data(submission.reply({ fieldErrors: { [field]: [errorMessage(`${T}.${outcome.problem}`, outcome.params)] } }), { status: 400 });
  }
  return redirect(`/org/people/${personId}?done=transferred`);
}

export default function TransferPerson() {
  const { person, orgs } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(TransferSchema, { lastResult });
  return (
    <div className="card" style={{ maxWidth: "34rem" }}>
      <p className="no-print">
        <Link to={`/org/people/${person.id}`}>← {person.name}</Link>
      </p>
      <h1>{t("people.transfer.title", { name: person.name })}</h1>
      <p>{t("people.belongsTo", { org: person.org })}</p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <label htmlFor={fields.toOrgId.id}>{t("people.transfer.to")}</label>
        <select {...getSelectProps(fields.toOrgId)}>
          <option value="">{t("people.chooseOrg")}</option>
          {orgs
            .filter((org) => org.id !== person.orgId)
            .map((org) => (
              <option key={org.id} value={org.id}>
                {"　".repeat(Math.max(0, org.depth - 1))}
                {org.name}
              </option>
            ))}
        </select>
        <ErrorList id={fields.toOrgId.errorId} errors={fields.toOrgId.errors} />
        <label htmlFor={fields.transferredOn.id}>{t("people.transfer.date")}</label>
        <input {...getInputProps(fields.transferredOn, { type: "date" })} />
        <ErrorList id={fields.transferredOn.errorId} errors={fields.transferredOn.errors} />
        <p className="muted">{t("people.transfer.help")}</p>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("people.transfer.submit")}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "转接组织关系 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
