// npm run platform-admin -- grant <登录名>
// npm run platform-admin -- withdraw <登录名>
// npm run platform-admin -- list
//
// The platform admin role reaches every organization, so it is given and
// withdrawn only here, by whoever has the server's shell; admins in the browser
// hand out the other roles. Each change is in the audit log, "by command line".
import { pathToFileURL } from "node:url";
import type { PlatformAdminProblem } from "~/models/people.server.ts";

const USAGE = [
  "用法 (usage):",
  "  npm run platform-admin -- grant <登录名>     授予平台管理员 (give the platform admin role)",
  "  npm run platform-admin -- withdraw <登录名>  撤销平台管理员 (withdraw it)",
  "  npm run platform-admin -- list               列出平台管理员 (list who holds it)",
];

const PROBLEM: Record<PlatformAdminProblem, (username: string) => string> = {
  "no-such-account": (username) => `没有登录名为 ${username} 的在用账号 (no active account named ${username})`,
  "already-held": (username) => `${username} 已是平台管理员，未作改动 (${username} already holds the role: nothing changed)`,
  "not-held": (username) => `${username} 不是平台管理员，未作改动 (${username} does not hold the role: nothing changed)`,
  "last-platform-admin": (username) =>
    `${username} 是唯一的平台管理员，不能撤销；请先授予另一人 (${username} is the only platform admin: grant it to someone else first)`,
};

export type PlatformAdminRun = { exitCode: 0 | 1; lines: string[] };

/** The command itself, without printing or exiting, so tests call it on their own database. */
export async function runPlatformAdmin(args: readonly string[]): Promise<PlatformAdminRun> {
  const [command, username] = args;
  const { changePlatformAdmin, platformAdmins } = await import("~/models/people.server.ts");
  if (command === "list" && !username) {
    const admins = await platformAdmins();
    if (admins.length === 0) return { exitCode: 0, lines: ["还没有平台管理员 (nobody holds the platform admin role)"] };
    return { exitCode: 0, lines: admins.map((admin) => `${admin.username}（${admin.name}）`) };
  }
  if ((command !== "grant" && command !== "withdraw") || !username) return { exitCode: 1, lines: USAGE };
  const outcome = await changePlatformAdmin(command, username.trim().toLowerCase());
  if (!outcome.ok) return { exitCode: 1, lines: [PROBLEM[outcome.problem](username)] };
  return {
    exitCode: 0,
    lines: [
      command === "grant"
        ? `已授予 ${username}（${outcome.name}）平台管理员，范围：${outcome.orgName}及以下 (granted)`
        : `已撤销 ${username}（${outcome.name}）的平台管理员 (withdrawn)`,
      "已记入操作日志；对方下次打开页面时生效 (recorded in the audit log; it takes effect on the next page he opens)",
    ],
  };
}

async function main(): Promise<number> {
  const { getPrisma } = await import("~/utils/db.server.ts");
  try {
    const { exitCode, lines } = await runPlatformAdmin(process.argv.slice(2));
    for (const line of lines) (exitCode === 0 ? console.log : console.error)(line);
    return exitCode;
  } finally {
    await (await getPrisma()).$disconnect();
  }
}

// Run only as a command, not when a test imports runPlatformAdmin.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // An operator reads this: the message, no stack trace.
      const message = (error instanceof Error ? error.message : String(error)).replace(/\n\s*\n/g, "\n").trim();
      console.error(`操作失败 (failed): ${message}`);
      process.exitCode = 2;
    },
  );
}
