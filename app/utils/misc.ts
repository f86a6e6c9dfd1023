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
