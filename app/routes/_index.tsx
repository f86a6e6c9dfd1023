import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/utils/auth.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getSessionUser(request);
  return redirect(user ? "/courses" : "/login");
}
