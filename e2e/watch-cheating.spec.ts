// Cheating attempts a browser can make, each of which must earn no extra credit:
// the server judges time by its own clock, whatever the player reports.
import { type Page } from "@playwright/test";
import { blockCastScript, expect, playLessonVideo, signIn, test } from "./helpers.ts";

const LESSON = "/courses/dangzhang-jichu/yiwu-quanli";

async function openViewing(page: Page, username: string) {
  await blockCastScript(page);
  await signIn(page, username);
  await page.goto(LESSON);
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();
  await playLessonVideo(page);
}

async function watchedPercent(page: Page): Promise<number> {
  const text = (await page.getByTestId("watched-share").textContent()) ?? "";
  return Number(/已观看 (\d+)%/.exec(text)?.[1] ?? Number.NaN);
}

test("dragging to the end and forging a heartbeat earn only the seconds really played", async ({ page }) => {
  await openViewing(page, "liudong");
  await page.waitForTimeout(3000);
  // Seek to the last second and let the video end: the player reports what it saw.
  await page.evaluate(() => {
    const media = document.querySelector("mux-player") as HTMLMediaElement;
    media.currentTime = media.duration - 0.5;
  });
  await page.waitForTimeout(2500);
  // A hand-made heartbeat claiming the whole video.
  const lessonId = await page.locator("[data-lesson-id]").getAttribute("data-lesson-id");
  expect(lessonId).toBeTruthy();
  const forged = await page.evaluate(async (lessonId) => {
    const response = await fetch("/api/heartbeat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lessonId, intervals: [[0, 51]], position: 51 }),
    });
    return (await response.json()) as { watchedSeconds?: number; viewingComplete?: boolean };
  }, lessonId);
  expect(forged.viewingComplete).toBe(false);
  expect(forged.watchedSeconds ?? 0).toBeLessThan(15);

  await page.reload();
  await expect(page.locator("#discussion")).toContainText("请先完成前面的环节");
  expect(await watchedPercent(page)).toBeLessThan(30);
});

test("playing at 4× is credited at no more than the lesson's 1.5×", async ({ page }) => {
  await openViewing(page, "peiyang");
  await page.evaluate(() => {
    (document.querySelector("mux-player") as HTMLMediaElement).playbackRate = 4;
  });
  await page.waitForTimeout(8000);
  await page.evaluate(() => (document.querySelector("mux-player") as HTMLMediaElement).pause());
  // The media ran ~32 s in 8 s; the server credits at most 8 s × 1.5 plus the 2 s starting credit × 1.5.
  await expect.poll(() => watchedPercent(page)).toBeGreaterThan(0);
  const percent = await watchedPercent(page);
  expect(percent).toBeLessThanOrEqual(Math.ceil(((8 + 2) * 1.5 * 100) / 51) + 3);
  await page.reload();
  await expect(page.locator("#discussion")).toContainText("请先完成前面的环节");
});
