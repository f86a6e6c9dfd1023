// 语言: the header's language button. Without JavaScript it posts and comes back
// to the page it was on; the choice is a cookie (decision 006).
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/utils/auth.server.ts";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "~/utils/i18n.ts";
import { localeCookie } from "~/utils/i18next.server.ts";

// An unknown language falls back to the default (an old link, a hand-made request):
// the reader gets a page he can read rather than an error.
const LocaleSchema = z.object({
  locale: z
    .string()
    .optional()
    .transform((value) => ((SUPPORTED_LOCALES as readonly string[]).includes(value ?? "") ? (value as string) : DEFAULT_LOCALE)),
  redirectTo: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: LocaleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { locale, redirectTo } = submission.value;
  return redirect(safeRedirect(redirectTo, "/"), { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export async function loader() {
  return redirect("/");
}
