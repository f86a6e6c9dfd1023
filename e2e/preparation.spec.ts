// 备课 accessibility: large type and read-aloud, remembered per learner, and
// the thinking questions kept in sight while the video plays.
import fs from "node:fs";
import path from "node:path";
import { devices, type Page } from "@playwright/test";
import { parse } from "yaml";
import { blockCastScript, expect, signIn, test } from "./helpers.ts";

const COURSE = "fazhan-dangyuan";
const LESSON_FILE = "01-rudang-shenqing.md";

/** The lesson as its author wrote it: the slug, the thinking questions and the guide's first paragraph. */
function lessonFromFile() {
  const text = fs.readFileSync(path.join("content/courses", COURSE, "lessons", LESSON_FILE), "utf8");
  const [, frontMatter = "", guide = ""] = text.split(/^---$/m);
  const meta = parse(frontMatter) as { slug: string; thinkingQuestions: string[] };
  // The first plain paragraph of the guide (not a heading, list or emphasis), as the page shows it.
  const paragraph = guide
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .find((block) => block.length > 10 && !/^[#\-*\d>]/.test(block) && !/[*_`[\]]/.test(block));
  if (!paragraph) throw new Error(`no plain paragraph in the guide of ${LESSON_FILE}`);
  return { path: `/courses/${COURSE}/${meta.slug}`, thinking: meta.thinkingQuestions, guideParagraph: paragraph.replace(/\s+/g, "") };
}
const lesson = lessonFromFile();

async function guideFontSize(page: Page): Promise<number> {
  return page
    .locator("#lesson-guide p")
    .first()
    .evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
}

test("large type: the switch enlarges the guide, and it stays after a reload and a sign-in on another phone", async ({ page, browser }) => {
  await signIn(page, "zhandian");
  await page.goto(lesson.path);
  const normal = await guideFontSize(page);
  const largeText = page.getByTestId("switch-largeText");
  await expect(largeText).toHaveAttribute("aria-pressed", "false");

  await largeText.click();
  await expect(largeText).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("html")).toHaveClass(/large-text/);
  await expect.poll(() => guideFontSize(page)).toBeGreaterThan(normal * 1.2);
  // The thinking questions and the buttons grow too.
  const questionSize = await page
    .locator(".thinking-questions li")
    .first()
    .evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
  expect(questionSize).toBeGreaterThan(normal * 1.2);

  // Saved on the server: a reload keeps it.
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/large-text/);
  expect(await guideFontSize(page)).toBeGreaterThan(normal * 1.2);

  // Another phone: no cookie, no local storage; the account carries the choice.
  const other = await browser.newContext({ ...devices["Pixel 7"], locale: "zh-CN", baseURL: test.info().project.use.baseURL });
  const otherPage = await other.newPage();
  await signIn(otherPage, "zhandian");
  await otherPage.goto(lesson.path);
  await expect(otherPage.locator("html")).toHaveClass(/large-text/);
  expect(await guideFontSize(otherPage)).toBeGreaterThan(normal * 1.2);
  // The same switch on /me shows it on.
  await otherPage.goto("/me");
  await expect(otherPage.getByTestId("switch-largeText")).toHaveAttribute("aria-pressed", "true");
  await other.close();

  // And off again.
  await page.getByTestId("switch-largeText").click();
  await expect(page.locator("html")).not.toHaveClass(/large-text/);
  await expect.poll(() => guideFontSize(page)).toBe(normal);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the large-type switch is a plain form that comes back to the lesson", async ({ page }) => {
    await signIn(page, "xianwei");
    await page.goto(lesson.path);
    await expect(page.locator("html")).not.toHaveClass(/large-text/);
    await page.getByTestId("switch-largeText").click();
    await expect(page).toHaveURL(new RegExp(`${lesson.path}#display-settings$`));
    await expect(page.locator("html")).toHaveClass(/large-text/);
    await page.getByTestId("switch-largeText").click();
    await expect(page.locator("html")).not.toHaveClass(/large-text/);
  });
});

/**
 * Records what the page asks the real speech synthesis to say, and still passes it on.
 * The Chromium these tests run has no speech engine (it fails every utterance with
 * "synthesis-failed"); `hold` pauses the real queue, so the utterances stay
 * pending as on a phone that is still speaking, and stop meets the real cancel().
 */
async function recordSpeech(page: Page, { hold }: { hold: boolean }) {
  await page.addInitScript((holdQueue) => {
    const record = window as unknown as { spoken: { lang: string; text: string; rate: number }[]; cancels: number };
    record.spoken = [];
    record.cancels = 0;
    const synth = window.speechSynthesis;
    const speak = synth.speak.bind(synth);
    const cancel = synth.cancel.bind(synth);
    synth.speak = (utterance: SpeechSynthesisUtterance) => {
      record.spoken.push({ lang: utterance.lang, text: utterance.text, rate: utterance.rate });
      // After the page's own cancel() (which un-pauses), before the first utterance reaches the engine.
      if (holdQueue) synth.pause();
      speak(utterance);
    };
    synth.cancel = () => {
      record.cancels += 1;
      cancel();
    };
  }, hold);
}

type Spoken = { lang: string; text: string; rate: number }[];
const spokenSoFar = (page: Page) => page.evaluate(() => (window as unknown as { spoken: Spoken }).spoken);
const cancelsSoFar = (page: Page) => page.evaluate(() => (window as unknown as { cancels: number }).cancels);

/** Read-aloud on for this account (it may be on already from an earlier test). */
async function switchReadAloudOn(page: Page) {
  const readAloudSwitch = page.getByTestId("switch-readAloud");
  if ((await readAloudSwitch.getAttribute("aria-pressed")) === "false") await readAloudSwitch.click();
  await expect(readAloudSwitch).toHaveAttribute("aria-pressed", "true");
}

test("read aloud: guide then thinking questions in zh-CN, and stop cancels", async ({ page }) => {
  await recordSpeech(page, { hold: true });
  await signIn(page, "chengguan");
  await page.goto(lesson.path);
  const readAloud = page.getByTestId("read-aloud-preparation");
  // Off by default: no read-aloud button until the learner asks for it.
  await expect(page.getByTestId("switch-readAloud")).toHaveAttribute("aria-pressed", "false");
  await expect(readAloud).toHaveCount(0);

  await switchReadAloudOn(page);
  await expect(readAloud).toHaveText(/朗读学习指导和思考题/);
  await readAloud.click();
  await expect(readAloud).toHaveText(/停止朗读/);

  const spoken = await spokenSoFar(page);
  expect(spoken.length).toBeGreaterThan(lesson.thinking.length);
  for (const utterance of spoken) {
    expect(utterance.lang).toBe("zh-CN");
    expect(utterance.rate).toBeLessThan(1);
    expect([...utterance.text].length).toBeLessThanOrEqual(120);
  }
  const all = spoken.map((utterance) => utterance.text).join("");
  const guideAt = all.indexOf(lesson.guideParagraph.slice(0, 20));
  expect(guideAt, "the guide is read").toBeGreaterThanOrEqual(0);
  let previous = guideAt;
  for (const question of lesson.thinking) {
    const at = all.indexOf(question);
    expect(at, `"${question}" is read after what comes before it`).toBeGreaterThan(previous);
    previous = at;
  }

  const cancelsBefore = await cancelsSoFar(page);
  await readAloud.click();
  await expect(readAloud).toHaveText(/朗读学习指导和思考题/);
  expect(await cancelsSoFar(page)).toBe(cancelsBefore + 1);
  // Nothing is still queued in the real speech synthesis.
  expect(await page.evaluate(() => window.speechSynthesis.pending || window.speechSynthesis.speaking)).toBe(false);

  // Remembered: the button is there after a reload.
  await page.reload();
  await expect(page.getByTestId("read-aloud-preparation")).toBeVisible();
});

test("read aloud: when the browser cannot speak, the learner is told", async ({ page }) => {
  // The real engine here fails every utterance (see recordSpeech).
  await recordSpeech(page, { hold: false });
  await signIn(page, "chengguan");
  await page.goto(lesson.path);
  await switchReadAloudOn(page);
  await page.getByTestId("read-aloud-preparation").click();
  await expect(page.getByRole("alert").filter({ hasText: "朗读中断了" })).toBeVisible();
  await expect(page.getByTestId("read-aloud-preparation")).toHaveText(/朗读学习指导和思考题/);
  expect((await spokenSoFar(page)).length).toBeGreaterThan(0);
});

test("read aloud: a browser without speech synthesis gets a clear message", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
  });
  await signIn(page, "chengguan");
  await page.goto(lesson.path);
  await switchReadAloudOn(page);
  await expect(page.getByRole("status").filter({ hasText: "这个浏览器不能朗读" })).toBeVisible();
  await expect(page.getByTestId("read-aloud-preparation")).toHaveCount(0);
});

test("the thinking questions stay in sight beside the player once viewing is open", async ({ page }) => {
  await blockCastScript(page);
  await signIn(page, "admin");
  await page.goto(lesson.path);
  await expect(page.getByTestId("viewing-questions")).toHaveCount(0);
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();

  // The phone (the project's Pixel 7): right under the player, open, foldable.
  const questions = page.getByTestId("viewing-questions");
  const player = page.locator("#viewing .player-wrap");
  await expect(questions).toBeVisible();
  for (const question of lesson.thinking) await expect(questions.getByText(question)).toBeVisible();
  const playerBox = (await player.boundingBox())!;
  const questionsBox = (await questions.boundingBox())!;
  expect(questionsBox.y).toBeGreaterThanOrEqual(playerBox.y + playerBox.height - 1);
  await questions.locator("summary").click();
  await expect(questions.getByText(lesson.thinking[0]!)).toBeHidden();
  await questions.locator("summary").click();
  await expect(questions.getByText(lesson.thinking[0]!)).toBeVisible();

  // A wide screen: beside the player, and sticky while the page scrolls.
  await page.setViewportSize({ width: 1200, height: 800 });
  await expect
    .poll(async () => (await questions.boundingBox())!.x)
    .toBeGreaterThan((await player.boundingBox())!.x + (await player.boundingBox())!.width - 1);
  expect(await questions.evaluate((element) => getComputedStyle(element).position)).toBe("sticky");
});
