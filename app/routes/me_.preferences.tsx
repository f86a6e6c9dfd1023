// 显示与朗读: saves the signed-in person's large-type and read-aloud choices.
// Posted from the lesson page and from /me. Without JavaScript the form sends
// `redirectTo` and comes back to the page it was on (a path on this site
// only); with JavaScript a fetcher posts without it and gets Conform's reply
// (the root loader then brings the saved values). `me_` keeps it out of /me's layout.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { updateDisplayPreferences } from "~/models/user.server.ts";
import { isSameSitePath } from "~/utils/misc.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList } from "~/components/forms.tsx";

/** "true" (开) or "false" (关): what the switches send. */
const flag = (field: "largeText" | "readAloud") =>
  z
    .enum(["true", "false"], { errorMap: () => ({ message: `preferences.errors.${field}` }) })
    .transform((value) => value === "true")
    .optional();

const PreferencesSchema = z
  .object({
    largeText: flag("largeText"),
    readAloud: flag("readAloud"),
    redirectTo: z.string().refine(isSameSitePath, "preferences.errors.redirectTo").optional(),
  })
  .refine((value) => value.largeText !== undefined || value.readAloud !== undefined, { message: "preferences.errors.nothing" });

/** What the action answers a fetcher (or, for errors, a form without JavaScript): Conform's reply, as every form action. */
export type PreferencesResult = SubmissionResult<string[]>;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "study");
  // Nothing to show here: the switches live on /me and on the lesson page.
  return redirect("/me");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "study");
  // No automatic coercion: an empty value or redirectTo is a wrong value here, not a missing one.
  const submission = parseWithZod(await request.formData(), { schema: PreferencesSchema, disableAutoCoercion: true });
  // Nothing is saved when any part is wrong (an off-site redirectTo included).
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { redirectTo, ...changes } = submission.value;
  await updateDisplayPreferences(user.id, changes);
  if (redirectTo) return redirect(redirectTo);
  return submission.reply();
}

/** Only reached without JavaScript, by a form that sent something unusable: say what, and offer the way back. */
export default function PreferencesProblem() {
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const result = useActionData() as PreferencesResult | undefined;
  const { t } = useTranslation();
  return (
    <div className="card">
      <h1>{t("preferences.errors.title")}</h1>
      {result?.status === "error" ? (
        <ErrorList id="preferences-errors" errors={Object.values(result.error ?? {}).flatMap((errors) => errors ?? [])} />
      ) : null}
      <p>
        <Link to="/me">{t("preferences.back")}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "显示与朗读 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
