// Calling a route module's loader or action as Remix would, from a test: the
// request a browser would send, and the answer in one shape whatever the route
// returned or threw (a Response, a `data(value, { status })`, or a plain value).
import { readErrorMessage, type ProblemParams } from "../../app/utils/problems.ts";

export type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, never> };
type RouteFunction = (args: RouteArgs) => Promise<unknown>;

export type RouteAnswer = {
  status: number;
  /** Where a redirect goes, otherwise null. */
  location: string | null;
  /** The returned data (a Conform reply, a loader's object), or null for a Response. */
  body: unknown;
  /** The Response itself, when the route returned or threw one. */
  response: Response | null;
};

/** A GET (with `fields`: a form POST) to a path of this site, signed in with `cookie` when given. */
export function routeRequest(
  path: string,
  options: { cookie?: string | null; fields?: Record<string, string> | [string, string][]; headers?: HeadersInit } = {},
): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  const init: RequestInit = options.fields ? { method: "POST", headers, body: new URLSearchParams(options.fields) } : { headers };
  return new Request(`http://localhost${path}`, init);
}

/** A JSON POST to an endpoint of this site (a station's screen, say), signed in with `cookie` when given; a string body is sent as it is. */
export function jsonRequest(path: string, body: unknown, cookie?: string | null): Request {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Runs a loader or an action and answers what came back, or what it threw. */
export async function callRoute(route: unknown, request: Request, params: Record<string, string> = {}): Promise<RouteAnswer> {
  let result: unknown;
  try {
    result = await (route as RouteFunction)({ request, params, context: {} });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), body: null, response: result };
  if (result && typeof result === "object" && "type" in result && (result as { type: unknown }).type === "DataWithResponseInit") {
    const withInit = result as unknown as { data: unknown; init: { status?: number } | null };
    return { status: withInit.init?.status ?? 200, location: null, body: withInit.data, response: null };
  }
  if (result instanceof Error) throw result;
  return { status: 200, location: null, body: result, response: null };
}

/** The field errors of a Conform reply (`submission.reply()`), keyed by field name; null when the answer is not a refusal. */
export function replyErrors(answer: RouteAnswer): Record<string, string[]> | null {
  const body = answer.body as { status?: string; error?: Record<string, string[] | null> } | null;
  if (!body || body.status !== "error" || !body.error) return null;
  return Object.fromEntries(
    Object.entries(body.error).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0),
  );
}

/** The field errors of a Conform reply as i18n keys with their parameters (see errorMessage), keyed by field name; null when not a refusal. */
export function replyMessages(answer: RouteAnswer): Record<string, { key: string; params: ProblemParams }[]> | null {
  const errors = replyErrors(answer);
  return errors && Object.fromEntries(Object.entries(errors).map(([field, messages]) => [field, messages.map(readErrorMessage)]));
}

/** What the form sent, as a Conform reply hands it back to the form (the typed text survives a refusal). */
export function replyValue(answer: RouteAnswer): Record<string, unknown> | null {
  const body = answer.body as { initialValue?: Record<string, unknown> | null } | null;
  return body?.initialValue ?? null;
}
