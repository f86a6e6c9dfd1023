// The station screen's address: which session, which ring, whose paper and
// how he answers it. Read the same way by the server's loader and by the
// device when the server cannot be reached.
import { z } from "zod";

export const RINGS = ["ROLL", "PREPARATION", "VIEWING", "DISCUSSION", "TESTING", "CLOSE"] as const;
export type Ring = (typeof RINGS)[number];
/** The ways the screen takes an answer sheet (the phone's is its own page). */
export const SCREEN_WAYS = ["SCREEN", "PAPER", "ORAL"] as const;

export const ScreenQuery = z.object({
  session: z.string().min(1).max(64).optional(),
  ring: z.enum(RINGS).optional(),
  person: z.string().min(1).max(64).optional(),
  way: z.enum(SCREEN_WAYS).optional(),
});
