import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/utils/auth.server.ts";

/** Home: the catalog; for a station operator, his station with what it shows next. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getSessionUser(request);
  if (!user) return redirect("/login");
  const operatesOnly = user.roles.length > 0 && user.roles.every((held) => held.role === "STATION_OPERATOR");
  return redirect(operatesOnly ? "/org/stations" : "/courses");
}
