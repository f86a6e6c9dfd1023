// Sign-in while Redis is unreachable: the wrong passwords are counted in the
// site's memory instead, so an account still locks; no answer waits for
// Redis's timeouts (seconds each, which the test's time limit would not allow).
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
beforeAll(async () => {
  app = await setUpAppEnvironment();
  // A port nothing listens on.
  process.env.REDIS_URL = "redis://127.0.0.1:1";
  const { seed } = await import("../../prisma/seed.ts");
  await seed();
});
afterAll(async () => app?.cleanup());

it("five wrong passwords still lock the account, and the right one then waits too", async () => {
  const auth = await import("./auth.server.ts");
  const { SAMPLE_PASSWORD } = await import("../../prisma/sample-data.ts");
  const stops = [];
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const answer = await auth.login("xueyuan", `wrong-${attempt}`, "10.9.0.1");
    stops.push("stop" in answer ? (answer.stop?.reason ?? null) : "signed in");
  }
  expect(stops).toEqual([null, null, null, null, "account-locked", "account-locked"]);
  expect((await auth.login("xueyuan", SAMPLE_PASSWORD, "10.9.0.2")).session).toBeNull();
  expect((await auth.login("fazhan", SAMPLE_PASSWORD, "10.9.0.2")).session).not.toBeNull();
});
