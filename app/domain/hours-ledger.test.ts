import { describe, expect, it } from "vitest";
import {
  chainNext,
  entryHash,
  GENESIS_HASH,
  summarizeHours,
  verifyChain,
  type ChainBreakKind,
  type ChainedEntry,
  type LedgerFacts,
} from "./hours-ledger.ts";

function facts(n: number, overrides: Partial<LedgerFacts> = {}): Omit<LedgerFacts, "sequence"> {
  return {
    userId: "u1",
    category: "ONLINE_STUDY",
    classHours: 0.5,
    source: `lesson:c/l${n}`,
    idempotencyKey: `lesson-complete:u1:l${n}`,
    correctsEntryId: null,
    occurredAt: new Date(Date.UTC(2026, 10, n)),
    ...overrides,
  };
}

function buildChain(length: number): ChainedEntry[] {
  const chain: ChainedEntry[] = [];
  for (let n = 1; n <= length; n += 1) {
    chain.push({ id: `e${n}`, ...chainNext(chain[chain.length - 1], facts(n)) });
  }
  return chain;
}

describe("hash chain", () => {
  it("starts from the genesis hash at sequence 1", () => {
    const [first] = buildChain(1);
    expect(first?.sequence).toBe(1);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it("links each entry to the previous one", () => {
    const chain = buildChain(3);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    expect(chain[2]?.prevHash).toBe(chain[1]?.hash);
    expect(verifyChain(chain)).toBeNull();
  });
  it("the hash covers the hours: 0.5 and 0.50 are the same, 0.5 and 5 are not", () => {
    const base = { ...facts(1), sequence: 1 };
    expect(entryHash(GENESIS_HASH, base)).toBe(entryHash(GENESIS_HASH, { ...base, classHours: 0.5 }));
    expect(entryHash(GENESIS_HASH, base)).not.toBe(entryHash(GENESIS_HASH, { ...base, classHours: 5 }));
  });

  const tamperings: { name: string; tamper: (chain: ChainedEntry[]) => ChainedEntry[]; brokenAt: string; kind: ChainBreakKind }[] = [
    { name: "hours changed", tamper: (c) => c.map((e) => (e.id === "e2" ? { ...e, classHours: 8 } : e)), brokenAt: "e2", kind: "hash" },
    {
      name: "date changed",
      tamper: (c) => c.map((e) => (e.id === "e3" ? { ...e, occurredAt: new Date(0) } : e)),
      brokenAt: "e3",
      kind: "hash",
    },
    {
      name: "category changed",
      tamper: (c) => c.map((e) => (e.id === "e1" ? { ...e, category: "CONCENTRATED_TRAINING" as const } : e)),
      brokenAt: "e1",
      kind: "hash",
    },
    { name: "entry removed", tamper: (c) => c.filter((e) => e.id !== "e2"), brokenAt: "e3", kind: "sequence" },
    { name: "entries swapped", tamper: (c) => [c[0]!, c[2]!, c[1]!, c[3]!], brokenAt: "e3", kind: "sequence" },
    {
      name: "entry rewritten with a fresh hash",
      tamper: (c) =>
        c.map((e) => {
          if (e.id !== "e2") return e;
          const changed = { ...e, classHours: 8 };
          return { ...changed, hash: entryHash(changed.prevHash, changed) };
        }),
      brokenAt: "e3",
      kind: "prevHash",
    },
  ];
  it.each(tamperings)("detects: $name (first broken: $brokenAt, $kind)", ({ tamper, brokenAt, kind }) => {
    expect(verifyChain(tamper(buildChain(4)))).toMatchObject({ entryId: brokenAt, kind });
  });
});

describe("summarizeHours", () => {
  it("adds by category, corrections may be negative", () => {
    const summary = summarizeHours([
      { category: "ONLINE_STUDY", classHours: 0.5 },
      { category: "ONLINE_STUDY", classHours: 1 },
      { category: "STATION_SESSION", classHours: 2 },
      { category: "CORRECTION", classHours: -0.5 },
    ]);
    expect(summary.byCategory.ONLINE_STUDY).toBe(1.5);
    expect(summary.total).toBe(3);
  });
});
