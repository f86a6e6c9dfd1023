// npm run ledger:verify
//
// Re-computes every learner's hash chain (学时台账) and names the first broken
// entry of each broken chain: learner (username and name), sequence, entry id
// and what is wrong. Exit code 0 when every chain holds, 1 when one does not,
// so a cron job or a monitoring check can act on it.
import { pathToFileURL } from "node:url";
import type { ChainBreakKind } from "~/domain/hours-ledger.ts";

const PROBLEM: Record<ChainBreakKind, string> = {
  sequence: "序号不连续，记录被删除、插入或调换",
  prevHash: "与上一条记录的链接不符，前面的记录被改写或删除",
  hash: "记录内容与其哈希不符，这条记录被改动过",
};

export type LedgerVerification = { exitCode: 0 | 1; lines: string[] };

/** The check itself, without printing or exiting, so tests call it on their own database. */
export async function verifyLedger(): Promise<LedgerVerification> {
  const { verifyAllChains } = await import("~/models/ledger.server.ts");
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { checkedUsers, breaks } = await verifyAllChains();
  if (breaks.length === 0) {
    return {
      exitCode: 0,
      lines: [`学时台账校验通过：${checkedUsers} 名学员的记录链完整 (ledger verified: all ${checkedUsers} learners' chains are intact)`],
    };
  }
  const prisma = await getPrisma();
  const people = await prisma.user.findMany({
    where: { id: { in: breaks.map((broken) => broken.userId) } },
    select: { id: true, username: true, name: true },
  });
  const byId = new Map(people.map((person) => [person.id, person]));
  const lines = breaks.map((broken) => {
    const person = byId.get(broken.userId);
    const who = person ? `${person.username}（${person.name}）` : `${broken.userId}（用户不存在 / no such user）`;
    return (
      `记录链断裂：学员 ${who}，第 ${broken.sequence} 条，记录 ${broken.entryId}：${PROBLEM[broken.kind]}` +
      ` (broken chain: learner ${person?.username ?? broken.userId}, sequence ${broken.sequence}, entry ${broken.entryId}: ${broken.problem})`
    );
  });
  lines.push(
    `校验 ${checkedUsers} 名学员，${breaks.length} 条记录链断裂；请勿修改台账，用更正记录处理，并查明改动来源` +
      ` (checked ${checkedUsers} learners, ${breaks.length} chain(s) broken; do not edit the ledger: correct with new entries and find out who changed it)`,
  );
  return { exitCode: 1, lines };
}

async function main(): Promise<number> {
  const { getPrisma } = await import("~/utils/db.server.ts");
  try {
    const { exitCode, lines } = await verifyLedger();
    for (const line of lines) (exitCode === 0 ? console.log : console.error)(line);
    return exitCode;
  } finally {
    await (await getPrisma()).$disconnect();
  }
}

// Run only as a command, not when a test imports verifyLedger.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // An operator reads this: the message, no stack trace.
      const message = (error instanceof Error ? error.message : String(error)).replace(/\n\s*\n/g, "\n").trim();
      console.error(`校验失败 (verification failed): ${message}`);
      if (/no such table|does not exist/i.test(message)) {
        console.error("数据库尚未迁移，请先运行 npm run db:migrate (the database is not migrated yet: run npm run db:migrate first)");
      }
      process.exitCode = 2;
    },
  );
}
