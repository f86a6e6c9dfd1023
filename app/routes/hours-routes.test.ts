// The hours pages as the browser reaches them: the correction form on a
// learner's page (errors name the field, success redirects), the certificate
// page and its public verification link.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  type AppEnvironment,
  userIdsByUsername,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const ids = new Map<string, string>();
const cookies = new Map<string, string>();

function request(caller: string | null, path: string, fields?: Record<string, string>) {
  return routeRequest(path, { cookie: caller ? cookies.get(caller) : null, fields });
}

async function postCorrection(caller: string, learner: string, fields: Record<string, string>) {
  const detail = await import("./org+/learners.$userId.tsx");
  const id = ids.get(learner)!;
  return callRoute(detail.action, request(caller, `/org/learners/${id}`, { idempotencyKey: randomUUID(), ...fields }), { userId: id });
}

async function stationEntry(username: string, key: string, classHours: number) {
  const { appendLedgerEntry } = await import("~/models/ledger.server.ts");
  return (
    await appendLedgerEntry({
      userId: ids.get(username)!,
      category: "STATION_SESSION",
      classHours,
      source: `station-session:${key}`,
      idempotencyKey: key,
      occurredAt: new Date(),
    })
  ).id;
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  for (const username of ["chengguan", "peiyang", "xueyuan"]) cookies.set(username, await sessionCookieFor(username));
});

afterAll(async () => app?.cleanup());

describe("the correction form on a learner's page", () => {
  it("is offered to the township admin, not to the branch's trainer", async () => {
    const detail = await import("./org+/learners.$userId.tsx");
    const id = ids.get("xueyuan")!;
    const asAdmin = (await callRoute(detail.loader, request("chengguan", `/org/learners/${id}`), { userId: id })).body as {
      canCorrect: boolean;
      correctionKey: string;
    };
    const asTrainer = (await callRoute(detail.loader, request("peiyang", `/org/learners/${id}`), { userId: id })).body as {
      canCorrect: boolean;
    };
    expect(asAdmin.canCorrect).toBe(true);
    expect(asAdmin.correctionKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(asTrainer.canCorrect).toBe(false);
  });

  it("a valid correction is appended and the page comes back with a message", async () => {
    const original = await stationEntry("xueyuan", "route-1", 2);
    const response = await postCorrection("chengguan", "xueyuan", {
      entryId: original,
      classHours: "-0.5",
      reason: "签到表显示只参加了半场",
    });
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/org/learners/${ids.get("xueyuan")}?corrected=1#corrections`);
    const correction = await prisma.hoursLedgerEntry.findFirstOrThrow({ where: { correctsEntryId: original } });
    expect(correction).toMatchObject({ classHours: -0.5, category: "CORRECTION", recordedById: ids.get("chengguan") });
  });

  const invalid: {
    name: string;
    fields: (entryId: string, otherEntryId: string) => Record<string, string>;
    errors: Record<string, string[]>;
  }[] = [
    {
      name: "empty form",
      fields: () => ({}),
      errors: {
        entryId: ["corrections.errors.entryRequired"],
        classHours: ["corrections.errors.hoursRequired"],
        reason: ["corrections.errors.reasonTooShort"],
      },
    },
    {
      name: "hours not a number",
      fields: (entryId) => ({ entryId, classHours: "abc", reason: "签到表有误" }),
      errors: { classHours: ["corrections.errors.hoursRequired"] },
    },
    {
      name: "hours out of range",
      fields: (entryId) => ({ entryId, classHours: "12", reason: "签到表有误" }),
      errors: { classHours: ["corrections.errors.hoursOutOfRange"] },
    },
    {
      name: "zero hours",
      fields: (entryId) => ({ entryId, classHours: "0", reason: "签到表有误" }),
      errors: { classHours: ["corrections.errors.hoursZero"] },
    },
    {
      name: "net below zero",
      fields: (entryId) => ({ entryId, classHours: "-3", reason: "签到表有误" }),
      errors: { classHours: ["corrections.errors.netNegative"] },
    },
    {
      name: "another learner's entry",
      fields: (_, other) => ({ entryId: other, classHours: "-1", reason: "签到表有误" }),
      errors: { entryId: ["corrections.errors.otherLearner"] },
    },
  ];
  it.each(invalid)("refused, naming the field: $name", async ({ fields, errors }) => {
    const entryId = await stationEntry("xueyuan", `route-${randomUUID()}`, 2);
    const otherEntryId = await stationEntry("fazhan", `route-${randomUUID()}`, 2);
    const before = await prisma.hoursLedgerEntry.count();
    const result = await postCorrection("chengguan", "xueyuan", fields(entryId, otherEntryId));
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual(errors);
    expect(await prisma.hoursLedgerEntry.count()).toBe(before);
  });

  it("the trainer may not post a correction", async () => {
    const original = await stationEntry("xueyuan", "route-trainer", 1);
    const response = await postCorrection("peiyang", "xueyuan", { entryId: original, classHours: "-1", reason: "签到表有误" });
    expect(response.status).toBe(403);
  });
});

describe("the certificate and its verification link", () => {
  it("the learner's certificate page links to a verification page that anyone can open", async () => {
    const certificatePage = await import("./me_.certificate.tsx");
    const verifyPage = await import("./verify.$token.tsx");
    const data = (await callRoute(certificatePage.loader, request("xueyuan", "/me/certificate"))).body as {
      certificate: { ok: boolean; name: string };
      verifyUrl: string;
    };
    expect(data.certificate).toMatchObject({ ok: true, name: "刘小明" });
    expect(data.verifyUrl).toMatch(/^http:\/\/localhost\/verify\/1\./);
    const token = data.verifyUrl.split("/verify/")[1]!;
    const anonymous = (await callRoute(verifyPage.loader, request(null, `/verify/${token}`), { token })).body as {
      check: { status: string; name: string };
    };
    expect(anonymous.check).toMatchObject({ status: "VALID", name: "刘小明" });
    const forged = (await callRoute(verifyPage.loader, request(null, "/verify/x"), { token: `${token.slice(0, -2)}xx` })).body as {
      check: unknown;
    };
    expect(forged.check).toEqual({ status: "INVALID" });
  });

  it("a year that is not a year is a 400, not an error page about something else", async () => {
    const certificatePage = await import("./me_.certificate.tsx");
    const response = await callRoute(certificatePage.loader, request("xueyuan", "/me/certificate?year=abc"));
    expect(response.status).toBe(400);
    for (const year of ["1999", "2101", "2026.5"])
      expect((await callRoute(certificatePage.loader, request("xueyuan", `/me/certificate?year=${year}`))).status, year).toBe(400);
    expect(
      ((await callRoute(certificatePage.loader, request("xueyuan", "/me/certificate?year=2025"))).body as { certificate: { year: number } })
        .certificate.year,
    ).toBe(2025);
    const empty = (await callRoute(certificatePage.loader, request("xueyuan", "/me/certificate?year="))).body as {
      certificate: { ok: boolean };
    };
    expect(empty.certificate.ok).toBe(true);
  });
});
