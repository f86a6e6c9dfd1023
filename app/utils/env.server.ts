// Settings read from the environment, validated once. Every variable is listed
// in the README; the defaults make `npm start` work with nothing set.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir } from "./database-url.ts";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET 至少 16 个字符 (must be at least 16 characters)").optional(),
  /** "true" when the site is served over HTTPS, so the session cookie is marked Secure. */
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  CONTENT_DIR: z.string().default("content"),
});

function readEnv() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`环境变量有误 / invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const env = readEnv();

/**
 * The session secret: SESSION_SECRET, or a random one kept in the data folder
 * (made by setup, or here on first use) so sessions survive restarts.
 */
export function sessionSecret(): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(dataDir(), "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}

export const contentDir = () => path.resolve(env.CONTENT_DIR);
