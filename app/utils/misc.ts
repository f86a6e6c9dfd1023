// Small helpers shared by routes.

/** Throws a Response with `status` when the condition is false (404 by default). */
export function invariantResponse(condition: unknown, message: string, status = 404): asserts condition {
  if (!condition) throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.floor(totalSeconds);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function formatHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/**
 * A path on this site, safe to redirect to: starts with one "/", no backslash,
 * whitespace or control character (browsers drop tabs and newlines from URLs,
 * so "/\t/evil.example" would become "//evil.example"), and it resolves to
 * this origin.
 */
export function isSameSitePath(value: string): boolean {
  if (!value.startsWith("/") || value.startsWith("//")) return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return false;
  const base = "http://same-site.invalid";
  try {
    return new URL(value, base).origin === base;
  } catch {
    return false;
  }
}
