// 修改密码: a person sets his own password. Someone signed in with a one-time
// password is sent here from every page until he has (auth.server.ts), and the
// page says why. The new one must pass the password policy, judged on the
// server (app/utils/password-policy.server.ts); the change is audited.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/passwords.ts";
import { recordAudit } from "~/models/audit.server.ts";
import { passwordMatches, passwordOfUser, setPassword } from "~/models/user.server.ts";
import { PASSWORD_PAGE, requireUser } from "~/utils/auth.server.ts";
import { passwordProblem } from "~/utils/password-policy.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";

// Messages are i18n keys; the length is checked in the browser too, how guessable it is only here.
const PasswordSchema = z
  .object({
    current: z
      .string({ required_error: "password.errors.currentRequired" })
      .min(1, "password.errors.currentRequired")
      .max(MAX_PASSWORD_LENGTH),
    next: z
      .string({ required_error: "password.errors.too-short" })
      .refine((value) => [...value].length >= MIN_PASSWORD_LENGTH, "password.errors.too-short")
      .refine((value) => value.length <= MAX_PASSWORD_LENGTH, "password.errors.too-long"),
    repeat: z.string({ required_error: "password.errors.mismatch" }),
  })
  .refine((value) => value.next === value.repeat, { path: ["repeat"], message: "password.errors.mismatch" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { oneTime: user.password?.mustChange ?? false, changed: new URL(request.url).searchParams.get("changed") === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: PasswordSchema });
  const hidden = { hideFields: ["current", "next", "repeat"] };
  if (submission.status !== "success") return data(submission.reply(hidden), { status: 400 });
  const { current, next } = submission.value;
  if (!(await passwordMatches(await passwordOfUser(user.id), current))) {
    return data(submission.reply({ ...hidden, fieldErrors: { current: ["password.errors.currentWrong"] } }), { status: 400 });
  }
  if (next === current) return data(submission.reply({ ...hidden, fieldErrors: { next: ["password.errors.same"] } }), { status: 400 });
  const problem = passwordProblem(next, [user.name, user.username ?? ""]);
  if (problem) return data(submission.reply({ ...hidden, fieldErrors: { next: [`password.errors.${problem}`] } }), { status: 400 });
  await setPassword(user.id, next, { mustChange: false });
  await recordAudit({ actorId: user.id, action: "account.password-changed", entityType: "User", entityId: user.id });
  return redirect(`${PASSWORD_PAGE}?changed=1`);
}

export default function ChangePassword() {
  const { oneTime, changed } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(PasswordSchema, { lastResult });
  return (
    <div className="card" style={{ maxWidth: "30rem", margin: "1.5rem auto" }}>
      <h1>{t("password.title")}</h1>
      {changed ? (
        <p className="notice" role="status">
          {t("password.changed")} <Link to="/courses">{t("password.toCourses")}</Link>
        </p>
      ) : null}
      {oneTime ? <p className="notice">{t("password.oneTime")}</p> : null}
      <p className="muted" id="password-rules">
        {t("password.rules", { min: MIN_PASSWORD_LENGTH })}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <label htmlFor={fields.current.id}>{t(oneTime ? "password.currentOneTime" : "password.current")}</label>
        <input {...getInputProps(fields.current, { type: "password" })} autoComplete="current-password" />
        <ErrorList id={fields.current.errorId} errors={fields.current.errors} />
        <label htmlFor={fields.next.id}>{t("password.next")}</label>
        <input {...getInputProps(fields.next, { type: "password", ariaDescribedBy: "password-rules" })} autoComplete="new-password" />
        <ErrorList id={fields.next.errorId} errors={fields.next.errors} />
        <label htmlFor={fields.repeat.id}>{t("password.repeat")}</label>
        <input {...getInputProps(fields.repeat, { type: "password" })} autoComplete="new-password" />
        <ErrorList id={fields.repeat.errorId} errors={fields.repeat.errors} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("password.submit")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "修改密码 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
