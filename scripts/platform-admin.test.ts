// npm run platform-admin against a real migrated database: the role given at
// the root of the person's tree and withdrawn, each change audited as made from
// the command line; the last platform admin kept; wrong names and commands
// answered in words with exit code 1.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment } from "../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let run: typeof import("./platform-admin.ts").runPlatformAdmin;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  run = (await import("./platform-admin.ts")).runPlatformAdmin;
});

afterAll(async () => app?.cleanup());

const platformRoles = async (username: string) =>
  (
    await prisma.roleAssignment.findMany({
      where: { role: "PLATFORM_ADMIN", user: { username } },
      select: { org: { select: { code: true } } },
    })
  ).map((held) => held.org.code);

describe("npm run platform-admin", () => {
  it("gives the role at the root of his tree, audited as the command line's doing", async () => {
    const answer = await run(["grant", "xianwei"]);
    expect(answer.exitCode).toBe(0);
    expect(answer.lines[0]).toContain("已授予 xianwei");
    expect(await platformRoles("xianwei")).toEqual(["county"]);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: "role.assigned" }, orderBy: { createdAt: "desc" } });
    expect(entry.actorId).toBeNull();
    expect(JSON.parse(entry.detailsJson)).toEqual({ role: "PLATFORM_ADMIN", by: "command-line" });
    expect((await run(["list"])).lines.map((line) => line.split("（")[0])).toEqual(["admin", "xianwei"]);
  });

  it("refuses what would change nothing, or leave nobody holding it", async () => {
    expect(await run(["grant", "xianwei"])).toMatchObject({ exitCode: 1, lines: [expect.stringContaining("已是平台管理员")] });
    expect(await run(["withdraw", "hexi"])).toMatchObject({ exitCode: 1, lines: [expect.stringContaining("不是平台管理员")] });
    expect(await run(["grant", "nobody"])).toMatchObject({ exitCode: 1, lines: [expect.stringContaining("没有登录名为 nobody")] });
    expect((await run(["withdraw", "xianwei"])).exitCode).toBe(0);
    expect(await platformRoles("xianwei")).toEqual([]);
    expect(await run(["withdraw", "admin"])).toMatchObject({ exitCode: 1, lines: [expect.stringContaining("唯一的平台管理员")] });
    expect(await platformRoles("admin")).toHaveLength(1);
  });

  it("as an operator types it: a wrong command gets the usage and exit code 1", () => {
    const result = spawnSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/platform-admin.ts"), "promote", "xianwei"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: app.target.url },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("npm run platform-admin -- grant <登录名>");
  });
});
