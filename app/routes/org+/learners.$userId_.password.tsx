// 重设密码: an admin of the person's own organization gives someone who forgot
// his password a one-time one, after checking who he is. It is shown once, to
// be handed over or read out; his open sessions end, and his next sign-in must
// set his own (me_.password.tsx). Audited.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { recordAudit } from "~/models/audit.server.ts";
import { accountSummary, issueOneTimePassword } from "~/models/user.server.ts";
import { requireHomeOrgPermission } from "~/utils/permissions.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";

const IssueSchema = z.object({
  // The admin says he has checked who is asking: a reset on a stranger's word hands the account to him.
  identityChecked: z
    .boolean({ required_error: "oneTimePassword.errors.identityChecked" })
    .refine((checked) => checked, "oneTimePassword.errors.identityChecked"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const personId = params.userId ?? "";
  await requireHomeOrgPermission(request, "org:manage", personId);
  const person = await accountSummary(personId);
  if (!person) throw new Response("Not Found", { status: 404 });
  return { person: { id: person.id, name: person.name, username: person.username, org: person.homeOrg?.name ?? "" } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const personId = params.userId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const submission = parseWithZod(await request.formData(), { schema: IssueSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const oneTimePassword = await issueOneTimePassword(personId);
  await recordAudit({ actorId: admin.id, action: "account.one-time-password", entityType: "User", entityId: personId });
  return { oneTimePassword };
}

export default function IssueOneTimePassword() {
  const { person } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const answer = useActionData() as SubmissionResult<string[]> | { oneTimePassword: string } | undefined;
  const oneTimePassword = answer && "oneTimePassword" in answer ? answer.oneTimePassword : null;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(IssueSchema, { lastResult: answer && !("oneTimePassword" in answer) ? answer : undefined });
  return (
    <div className="card" style={{ maxWidth: "34rem" }}>
      <p className="no-print">
        <Link to={`/org/learners/${person.id}`}>{t("oneTimePassword.back", { name: person.name })}</Link>
      </p>
      <h1>{t("oneTimePassword.title", { name: person.name })}</h1>
      <p>{t("oneTimePassword.who", { name: person.name, username: person.username, org: person.org })}</p>
      {oneTimePassword ? (
        <section className="notice" role="status" aria-labelledby="one-time-title">
          <h2 id="one-time-title">{t("oneTimePassword.issued")}</h2>
          <p className="one-time-password" data-testid="one-time-password" lang="en">
            {oneTimePassword}
          </p>
          <p>{t("oneTimePassword.handOver", { username: person.username })}</p>
        </section>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <p className="muted">{t("oneTimePassword.explain")}</p>
          <label className="option" htmlFor={fields.identityChecked.id}>
            <input {...getInputProps(fields.identityChecked, { type: "checkbox" })} />
            <span>{t("oneTimePassword.identityChecked")}</span>
          </label>
          <ErrorList id={fields.identityChecked.errorId} errors={fields.identityChecked.errors} />
          <p>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("oneTimePassword.submit")}
            </button>
          </p>
        </Form>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "重设密码 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
