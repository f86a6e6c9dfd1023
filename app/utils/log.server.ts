// Structured logs: one JSON line per event, in the site and the workers.
import { pino } from "pino";

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: process.env.SIHUAN_SERVICE ?? "site" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
