// Settings an organization may set for itself and everything below it (annual
// study targets, station goals): each is read from the organizations' settings
// documents, root first, and the nearest organization that sets it wins.
import { z } from "zod";

/**
 * The settings under `key` after every document along the path, root first,
 * starting from `defaults`. A document whose part does not have the expected
 * shape is skipped, not fatal: a page must still open when an admin mistyped.
 */
export function inheritedSettings<T extends Record<string, number>>(
  documentsRootFirst: readonly unknown[],
  key: string,
  schema: z.ZodType<Partial<T>>,
  defaults: T,
): T {
  const settings = { ...defaults };
  const part = z.object({ [key]: schema.optional() });
  for (const document of documentsRootFirst) {
    const parsed = part.safeParse(document);
    const own = parsed.success ? (parsed.data[key] as Partial<T> | undefined) : undefined;
    if (!own) continue;
    for (const [name, value] of Object.entries(own)) if (value !== undefined) (settings as Record<string, number>)[name] = value;
  }
  return settings;
}
