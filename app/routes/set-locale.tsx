import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirect } from "~/utils/auth.server.ts";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "~/utils/i18n.ts";
import { localeCookie } from "~/utils/i18next.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const requested = String(form.get("locale"));
  const locale = (SUPPORTED_LOCALES as readonly string[]).includes(requested) ? requested : DEFAULT_LOCALE;
  return redirect(safeRedirect(form.get("redirectTo"), "/"), { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export async function loader() {
  return redirect("/");
}
