// SQLite and PostgreSQL migrations come in twins: the same name after the
// timestamp (`<yyyymmddhhmmss>_<name>`), in the same order. The timestamps
// differ by the seconds between making the two.

const nameOf = (folder: string) => folder.replace(/^\d+_/, "");

/** Bilingual lines naming every migration without its twin; empty when all are paired. */
export function migrationTwins(sqlite: readonly string[], postgresql: readonly string[]): { unmatched: string[] } {
  const unmatched: string[] = [];
  for (let index = 0; index < Math.max(sqlite.length, postgresql.length); index += 1) {
    const left = sqlite[index];
    const right = postgresql[index];
    if (left !== undefined && right === undefined) unmatched.push(`SQLite ${left} 没有 PostgreSQL 的同名迁移 / has no PostgreSQL twin`);
    else if (left === undefined && right !== undefined) unmatched.push(`PostgreSQL ${right} 没有 SQLite 的同名迁移 / has no SQLite twin`);
    else if (left !== undefined && right !== undefined && nameOf(left) !== nameOf(right)) {
      unmatched.push(`第 ${index + 1} 个迁移不同名 / migration ${index + 1} differs: SQLite ${left}, PostgreSQL ${right}`);
    }
  }
  return { unmatched };
}
