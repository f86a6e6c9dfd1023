// 新增人员: an admin adds a person to an organization of his subtree. He has no
// account until he is to sign in (his record page gives him one).
import { getFormProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { PersonFields } from "~/components/person-fields.tsx";
import { NewPersonSchema } from "~/domain/people.ts";
import { openOrganizationsUnder } from "~/models/organizations.server.ts";
import { createPerson } from "~/models/people.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const orgs = await openOrganizationsUnder(manageableRoots(user));
  const requested = new URL(request.url).searchParams.get("org");
  return { orgs, orgId: orgs.find((org) => org.id === requested)?.id ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const submission = parseWithZod(await request.formData(), { schema: NewPersonSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { orgId, ...fields } = submission.value;
  const outcome = await createPerson({ fields, orgId, roots: manageableRoots(user), actorId: user.id });
  if (!outcome.ok) return data(submission.reply({ fieldErrors: fieldErrorsFrom(outcome.problems, "people.problems") }), { status: 400 });
  return redirect(`/org/people/${outcome.personId}?done=created`);
}

export default function NewPerson() {
  const { orgs, orgId } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(NewPersonSchema, { lastResult, defaultValue: { orgId, stage: "NONE" } });
  return (
    <div className="card" style={{ maxWidth: "40rem" }}>
      <p className="no-print">
        <Link to="/org/people">← {t("people.title")}</Link>
      </p>
      <h1>{t("people.add")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <label htmlFor={fields.orgId.id}>{t("people.org")}</label>
        <select {...getSelectProps(fields.orgId)}>
          <option value="">{t("people.chooseOrg")}</option>
          {orgs.map((org) => (
            <option key={org.id} value={org.id}>
              {"　".repeat(Math.max(0, org.depth - 1))}
              {org.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.orgId.errorId} errors={fields.orgId.errors} />
        <PersonFields fields={fields} />
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("people.create")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "新增人员 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
