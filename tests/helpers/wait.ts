// Waiting for the real workers: poll until the database shows their result.

/** Resolves with the first truthy value `read` gives, polling every 100 ms. */
export async function until<T>(read: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the workers");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
