import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { commitLoginSession, getSessionUser, login, PASSWORD_PAGE, safeRedirect } from "~/utils/auth.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { errorMessage } from "~/utils/problems.ts";

// Messages are i18n keys: the same schema checks on the server and in the browser.
const LoginSchema = z.object({
  identifier: z.string({ required_error: "login.identifierRequired" }).trim().min(1, "login.identifierRequired").max(64),
  password: z.string({ required_error: "login.passwordRequired" }).min(1, "login.passwordRequired").max(200),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getSessionUser(request);
  if (user) return redirect("/courses");
  const reason = new URL(request.url).searchParams.get("reason");
  return { reason: reason === "expired" || reason === "signedOut" ? reason : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: LoginSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { identifier, password, redirectTo } = submission.value;
  const signedIn = await login(identifier, password, context.clientAddress ?? "unknown");
  if (!signedIn.session) {
    const message = signedIn.stop ? errorMessage(`login.${signedIn.stop.reason}`, { minutes: signedIn.stop.minutes }) : "login.invalid";
    // 429 when stopped: the browser and any proxy see a limit, not a wrong password.
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), { status: signedIn.stop ? 429 : 400 });
  }
  return redirect(signedIn.mustChangePassword ? PASSWORD_PAGE : safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await commitLoginSession(request, signedIn.session) },
  });
}

export default function Login() {
  const { reason } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(LoginSchema, {
    lastResult,
  });
  return (
    <div className="card" style={{ maxWidth: "26rem", margin: "1.5rem auto" }}>
      <h1>{t("login.title")}</h1>
      {reason ? <p className="notice">{t(`login.${reason}`)}</p> : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <label htmlFor={fields.identifier.id}>{t("login.identifier")}</label>
        <input {...getInputProps(fields.identifier, { type: "text" })} autoComplete="username" />
        <ErrorList id={fields.identifier.errorId} errors={fields.identifier.errors} />
        <label htmlFor={fields.password.id}>{t("login.password")}</label>
        <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        <ErrorList id={fields.password.errorId} errors={fields.password.errors} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("login.submit")}
          </button>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "登录 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
