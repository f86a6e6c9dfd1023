// 学时证明 end to end: a learner earns hours the real way (one lesson through
// all four rings, real workers), sees this year's progress against his annual
// target, opens his certificate, and a stranger without an account follows the
// printed verification link and finds it valid.
import { type Page } from "@playwright/test";
import { blockCastScript, expect, playLessonVideo, readLessonFile, signIn, test } from "./helpers.ts";

const COURSE = "fazhan-dangyuan";
const lesson = readLessonFile(COURSE, "01-rudang-shenqing.md");
// Another learner than learner-lesson.spec.ts uses, so the two specs can share one server.
const LEARNER = { username: "yubei", name: "孙强", branch: "城关社区第二党支部", phone: "13800000003" };
// The study year runs on Beijing time.
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

/** Preparation → viewing → discussion → test, answering whatever questions the paper shows from the lesson file. */
async function completeLesson(page: Page) {
  await page.goto(`/courses/${COURSE}/${lesson.slug}`);
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();
  await playLessonVideo(page);
  await expect(page.getByText("观看环节已完成，可以进入讨论。")).toBeVisible({ timeout: 60_000 });
  await page.getByLabel("我的发言").fill("作为预备党员，要继续按照党员标准严格要求自己，认真学习党章，接受党组织的教育和考察。");
  await page.getByRole("button", { name: "发表" }).click();
  await expect(page.locator("#discussion .post")).toContainText(LEARNER.name);

  const form = page.getByTestId("quiz-form");
  await expect(form).toBeVisible();
  for (const question of lesson.quiz) {
    const block = form.locator(".question", { hasText: question.prompt });
    if ((await block.count()) === 0) continue; // not drawn for this paper
    if (question.type === "single") await block.getByLabel(String(question.answer), { exact: true }).check();
    if (question.type === "multiple")
      for (const option of question.answer as string[]) await block.getByLabel(option, { exact: true }).check();
    if (question.type === "truefalse") await block.getByLabel(question.answer ? "正确" : "错误", { exact: true }).check();
    if (question.type === "fill") await block.getByRole("textbox").fill((question.answer as string[])[0] ?? "");
  }
  await form.getByRole("button", { name: "提交答卷" }).click();
  await expect(page.getByTestId("hours-status")).toContainText("本课获得 0.5 学时");
}

test("a learner's yearly progress, his certificate, and its public verification link", async ({ page, browser }) => {
  await blockCastScript(page);
  await signIn(page, LEARNER.username);
  await completeLesson(page);

  // 我的学时: this year against the members' target of 32 class hours.
  await page.getByRole("link", { name: "我的学时" }).click();
  const thisYear = page.getByTestId(`year-${YEAR}`);
  await expect(page.getByText("年度学习目标 32 学时（党员标准）")).toBeVisible();
  await expect(thisYear).toContainText("0.5 / 32 学时");
  await expect(thisYear).toContainText("还差 31.5 学时");
  await expect(thisYear.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0.5");

  // 学时证明 for this year.
  await thisYear.getByRole("link", { name: `${YEAR} 年学时证明` }).click();
  await expect(page).toHaveURL(new RegExp(`/me/certificate\\?year=${YEAR}$`));
  const certificate = page.getByTestId("certificate");
  await expect(certificate.getByRole("heading", { name: "学时证明" })).toBeVisible();
  await expect(certificate).toContainText(`兹证明 ${LEARNER.name}（${LEARNER.branch}）${YEAR} 年度在四环学习平台累计获得 0.5 学时`);
  await expect(certificate.locator("tbody")).toContainText("第一课");
  await expect(page.getByTestId("certificate-total")).toHaveText("0.5");
  const link = await page.getByTestId("verify-link").getAttribute("href");
  expect(link).toMatch(/\/verify\/1\.[A-Za-z0-9_-]+\.\d{4}\.\d{8}\.[0-9a-f]{64}\.[A-Za-z0-9_-]{43}$/);

  // Someone else, on another device, not signed in, follows the link.
  const stranger = await browser.newContext({ locale: "zh-CN" });
  try {
    const other = await stranger.newPage();
    await other.goto(link!);
    await expect(other.getByRole("heading", { name: "学时证明核验" })).toBeVisible();
    await expect(other.getByRole("link", { name: "登录" })).toBeVisible();
    await expect(other.getByTestId("verify-status")).toHaveText("有效：证明所载内容与学时台账一致");
    await expect(other.locator("table")).toContainText(LEARNER.name);
    await expect(other.locator("table")).toContainText(LEARNER.branch);
    await expect(other.locator("table")).toContainText(String(YEAR));
    await expect(other.getByTestId("verify-hours")).toContainText("0.5");
    // Only what the certificate states: no phone number, no stage, no entries.
    await expect(other.locator("body")).not.toContainText(LEARNER.phone);
    await expect(other.locator("body")).not.toContainText("预备党员");
    await expect(other.locator("body")).not.toContainText("第一课");

    // A link altered by one character is not a certificate of this platform.
    await other.goto(`${link!.slice(0, -1)}${link!.endsWith("A") ? "B" : "A"}`);
    await expect(other.getByTestId("verify-status")).toContainText("无效");
  } finally {
    await stranger.close();
  }
});
