// Recognising database errors that a caller handles on purpose.
import { Prisma } from "~/generated/prisma/client.ts";

/** A unique constraint was violated (P2002): the row already exists. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
