// The lesson's viewing settings and the cheating attempts that remain after
// watch-cheating.spec.ts: two tabs, a reload, a hidden tab, seeking ahead where
// the lesson forbids it, and the attention check. The machine may be loaded, so
// every check is an inequality against measured time, or a poll.
import { type Page } from "@playwright/test";
import { blockCastScript, expect, playLessonVideo, signIn, test } from "./helpers.ts";

type Reply = { intervals: [number, number][]; watchedSeconds: number; attentionAt: number | null; attentionDue: boolean };

/** The lessons' maximum rate and a new clock's starting credit (docs/decisions/007). */
const MAX_RATE = 1.5;
const INITIAL_CREDIT = 2;

/** Confirms the preparation ring, unless another spec has already done it for this account. */
async function prepare(page: Page) {
  const confirm = page.getByRole("button", { name: "我已阅读学习指导和思考题" });
  if (await confirm.isVisible()) await confirm.click();
  // The player loads when it comes into view (the confirmation's redirect scrolls there by itself).
  await page.locator("#viewing").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("lesson-player")).toBeVisible();
}

async function openLesson(page: Page, username: string, path: string) {
  await blockCastScript(page);
  await signIn(page, username);
  await page.goto(path);
  await prepare(page);
  await playLessonVideo(page);
}

/**
 * What the server holds now: a heartbeat that claims nothing new, as the page's
 * own script could send it. `visible: false` keeps a hidden page's clock stopped.
 */
async function credited(page: Page, visible = true): Promise<Reply> {
  return page.evaluate(async (visible) => {
    const lessonId = document.querySelector("[data-lesson-id]")?.getAttribute("data-lesson-id");
    const media = document.querySelector("mux-player") as HTMLMediaElement;
    const response = await fetch("/api/heartbeat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lessonId, intervals: [], position: media.currentTime, visible }),
    });
    return (await response.json()) as Reply;
  }, visible);
}

const media = {
  time: (page: Page) => page.evaluate(() => (document.querySelector("mux-player") as HTMLMediaElement).currentTime),
  paused: (page: Page) => page.evaluate(() => (document.querySelector("mux-player") as HTMLMediaElement).paused),
  seek: (page: Page, seconds: number) =>
    page.evaluate((seconds) => {
      (document.querySelector("mux-player") as HTMLMediaElement).currentTime = seconds;
    }, seconds),
  pause: (page: Page) => page.evaluate(() => (document.querySelector("mux-player") as HTMLMediaElement).pause()),
  /** A play() that ignores the page's own rules, as a modified client would. */
  forcePlay: (page: Page) =>
    page.evaluate(async () => {
      const element = document.querySelector("mux-player") as HTMLMediaElement;
      element.muted = true;
      await element.play();
    }),
};

/** Makes the page believe it is hidden (or visible again) and tells it, as the browser does when the tab is left. */
async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

const furthestEnd = (reply: Reply) => Math.max(0, ...reply.intervals.map(([, end]) => end));

test("two tabs playing two lessons at once earn together no more than the time allows at the maximum rate", async ({ context, page }) => {
  const lessons = ["/courses/dangzhang-jichu/yiwu-quanli", "/courses/dangzhang-jichu/minzhu-jizhongzhi"];
  await blockCastScript(page);
  await signIn(page, "shenqing");
  const second = await context.newPage();
  await blockCastScript(second);
  const tabs = [page, second];
  for (const [index, tab] of tabs.entries()) {
    await tab.goto(lessons[index]!);
    await prepare(tab);
  }
  // The learner's clock starts with his first heartbeat, after this moment.
  const started = Date.now();
  for (const tab of tabs) {
    await playLessonVideo(tab);
    await tab.evaluate(() => {
      (document.querySelector("mux-player") as HTMLMediaElement).playbackRate = 1.5;
    });
  }
  // Both tabs play at the highest permitted rate: together twice what one playback may earn.
  const claimed = async () => (await media.time(page)) + (await media.time(second));
  await expect.poll(claimed, { timeout: 60_000, intervals: [1000] }).toBeGreaterThan(66);
  for (const tab of tabs) await media.pause(tab);
  const elapsed = (Date.now() - started) / 1000;
  const played = await claimed();
  await page.waitForTimeout(1500);
  const total = (await credited(page)).watchedSeconds + (await credited(second)).watchedSeconds;
  const allowed = (elapsed + INITIAL_CREDIT) * MAX_RATE;
  // The tabs claimed more than the time allows (the test means something)…
  expect(played).toBeGreaterThan(allowed);
  // …and the server credited no more than it allows, and not nothing.
  expect(total).toBeLessThanOrEqual(allowed + 0.01);
  expect(total).toBeGreaterThan(10);
});

test("a reload resumes where the learner was, keeps the earlier ranges and credits a replay only once", async ({ page }) => {
  await openLesson(page, "yubei", "/courses/dangzhang-jichu/minzhu-jizhongzhi");
  await page.waitForTimeout(8000);
  await media.pause(page);
  await expect.poll(async () => (await credited(page)).watchedSeconds, { timeout: 20_000 }).toBeGreaterThan(5);
  const before = await credited(page);
  const stoppedAt = await media.time(page);

  await page.reload();
  // Before it plays: the player has put the video at the last position, not at the start.
  await page.waitForFunction(() => ((document.querySelector("mux-player") as HTMLMediaElement | null)?.readyState ?? 0) >= 1);
  await expect.poll(() => media.time(page), { timeout: 5000 }).toBeGreaterThan(stoppedAt - 2);
  expect(await media.paused(page)).toBe(true);
  await playLessonVideo(page);
  await page.waitForTimeout(5000);
  await media.pause(page);
  await expect.poll(async () => (await credited(page)).watchedSeconds, { timeout: 20_000 }).toBeGreaterThan(before.watchedSeconds + 2);
  // The pause's own heartbeat may still be on its way, and a few seconds the clock could not yet pay for are
  // paid when the page resends its ranges (every 5 s): read once both have surely happened.
  await page.waitForTimeout(6000);
  const resumed = await credited(page);
  // The earlier ranges are still there.
  expect(resumed.intervals[0]?.[0]).toBeLessThan(1);
  expect(furthestEnd(resumed)).toBeGreaterThan(furthestEnd(before));

  // Again, and this time replay the start: it was credited already.
  await page.reload();
  await page.waitForFunction(() => ((document.querySelector("mux-player") as HTMLMediaElement | null)?.readyState ?? 0) >= 1);
  await media.seek(page, 0);
  await media.forcePlay(page);
  await page.waitForTimeout(5000);
  await media.pause(page);
  const replayEnd = await media.time(page);
  await page.waitForTimeout(2000);
  const replayed = await credited(page);
  // Only the gaps of the earlier ranges inside the replayed part may be added (a busy machine can leave small ones).
  const coveredBefore = resumed.intervals.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, replayEnd) - start), 0);
  const gaps = replayEnd - coveredBefore;
  expect(replayEnd).toBeGreaterThan(2);
  expect(replayed.watchedSeconds).toBeLessThanOrEqual(resumed.watchedSeconds + gaps + 1);
  expect(replayed.watchedSeconds - resumed.watchedSeconds).toBeLessThan(replayEnd / 2);
  expect(replayed.intervals[0]?.[0]).toBeLessThan(1);
});

test("a hidden page pauses the video, and playing on while hidden earns no more than the clock held", async ({ page }) => {
  // An account no other spec plays with: its credit clock starts fresh, so "what the clock held at hiding" is a few seconds.
  // (A clock keeps up to 30 s of unused time; a learner who watched shortly before could spend that much while hidden.)
  await openLesson(page, "qunzhong", "/courses/dangzhang-jichu/yiwu-quanli");
  await page.waitForTimeout(3000);
  await setHidden(page, true);
  await expect.poll(() => media.paused(page)).toBe(true);
  await expect(page.getByTestId("viewing-notice")).toContainText("视频已暂停");
  await page.waitForTimeout(1000);
  const atHiding = await credited(page, false);
  expect(atHiding.watchedSeconds).toBeGreaterThan(0);

  // A modified client plays on in the hidden tab; the page reports what it is.
  const hiddenFrom = await media.time(page);
  await media.forcePlay(page);
  await page.waitForTimeout(20_000);
  await media.pause(page);
  const playedHidden = (await media.time(page)) - hiddenFrom;
  await page.waitForTimeout(1500);
  const afterHidden = await credited(page, false);
  expect(playedHidden).toBeGreaterThan(12);
  // Only what the clock held at hiding (a few seconds at most) could be spent.
  expect(afterHidden.watchedSeconds - atHiding.watchedSeconds).toBeLessThan(10);

  // Back in view, playing earns credit again.
  await setHidden(page, false);
  await media.forcePlay(page);
  await expect(page.getByTestId("viewing-notice")).toBeHidden();
  await page.waitForTimeout(7000);
  await media.pause(page);
  await expect.poll(async () => (await credited(page)).watchedSeconds, { timeout: 20_000 }).toBeGreaterThan(afterHidden.watchedSeconds + 3);
});

test("where the lesson forbids it, a seek past the furthest point watched is pulled back", async ({ page }) => {
  await openLesson(page, "xueyuan", "/courses/fazhan-dangyuan/yubei-dangyuan");
  await expect(page.getByText("不能跳过没看过的内容")).toBeVisible();
  await page.waitForTimeout(4000);
  await media.seek(page, 35);
  await expect(page.getByTestId("viewing-notice")).toContainText("本课不能跳过没看过的内容");
  await expect.poll(() => media.time(page)).toBeLessThan(15);
  // Stepping back is always allowed.
  await media.seek(page, 1);
  await page.waitForTimeout(500);
  const time = await media.time(page);
  expect(time).toBeLessThan(4);
});

test("the attention prompt pauses the video, nothing past it counts until it is answered, then credit resumes", async ({ page }) => {
  await openLesson(page, "liudong", "/courses/fazhan-dangyuan/fazhan-duixiang");
  // The first heartbeat reply tells the player where the check is (15–45 s into this 46 s video).
  const player = page.locator("[data-attention-at]");
  await expect(player).toHaveAttribute("data-attention-at", /\d/, { timeout: 20_000 });
  const at = Number(await player.getAttribute("data-attention-at"));
  expect(at).toBeGreaterThanOrEqual(15);
  expect(at).toBeLessThanOrEqual(45);

  await media.seek(page, Math.max(0, at - 3));
  const prompt = page.getByTestId("attention-check");
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await expect(prompt).toContainText("您还在学习吗？");
  await expect.poll(() => media.paused(page)).toBe(true);

  // Playing on without answering: the player refuses, and a forged claim past the check earns nothing past it.
  await media.forcePlay(page).catch(() => undefined);
  await page.waitForTimeout(3000);
  expect(await media.paused(page)).toBe(true);
  const forged = await page.evaluate(async () => {
    const lessonId = document.querySelector("[data-lesson-id]")?.getAttribute("data-lesson-id");
    const response = await fetch("/api/heartbeat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lessonId, intervals: [[0, 46]], position: 46 }),
    });
    return (await response.json()) as Reply;
  });
  expect(furthestEnd(forged)).toBeLessThanOrEqual(at + 1e-6);
  expect(forged.attentionDue).toBe(true);

  // One tap on the big button, and the video plays on with credit.
  await page.getByRole("button", { name: "我在学习，继续观看" }).click();
  await expect(prompt).toBeHidden();
  await media.seek(page, at);
  await media.forcePlay(page);
  await page.waitForTimeout(6000);
  await media.pause(page);
  await expect.poll(async () => furthestEnd(await credited(page)), { timeout: 20_000 }).toBeGreaterThan(at + 2);
});

test("should the server refuse a heartbeat for want of the preparation, the player pauses and says what to do", async ({ page }) => {
  // The server's side (409 until preparation is confirmed) is tested against the real endpoint in Vitest;
  // a page with the player has always been confirmed, so here the refusal is played back to the page.
  await page.route("**/api/heartbeat", (route) =>
    route.fulfill({
      status: 409,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({
        error: "请先阅读学习指导和思考题，并确认完成备课；确认之后的观看才计入 (confirm the preparation first)",
        reason: "not-prepared",
      }),
    }),
  );
  await openLesson(page, "chengguan", "/courses/dangzhang-jichu/minzhu-jizhongzhi");
  await expect(page.getByTestId("viewing-notice")).toContainText("还没有确认备课", { timeout: 20_000 });
  await expect.poll(() => media.paused(page)).toBe(true);
  // Not mistaken for a lost connection.
  await expect(page.getByText("网络中断")).toBeHidden();
});
