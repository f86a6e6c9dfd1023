// One real lesson end to end, as a new learner does it: sign in, catalog,
// preparation → viewing → discussion → test; the grading and hours workers
// run for real, and the result and hours appear on the learner's pages.
import { blockCastScript, expect, playLessonVideo, readLessonFile, signIn, submitLogin, test } from "./helpers.ts";

const COURSE = "fazhan-dangyuan";
const lesson = readLessonFile(COURSE, "01-rudang-shenqing.md");

test("a learner completes a lesson through all four rings and earns its hours", async ({ page }) => {
  await blockCastScript(page);
  await signIn(page, "xueyuan");
  await expect(page.getByRole("heading", { name: "课程目录" })).toBeVisible();

  await page.locator(`a[href="/courses/${COURSE}/${lesson.slug}"]`).click();
  await expect(page.locator("#testing")).toContainText("请先完成前面的环节");

  // 1. Preparation
  await expect(page.getByRole("heading", { name: "思考题（带着问题观片）" })).toBeVisible();
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();

  // 2. Viewing: the whole short video, in real time; the server decides when it counts.
  await playLessonVideo(page);
  await expect(page.getByText("观看环节已完成，可以进入讨论。")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("watched-share")).toContainText(/已观看 (9\d|100)%/);

  // 3. Discussion
  await page.getByLabel("我的发言").fill("入党申请人要主动向党组织汇报思想，积极分子要在培养联系人的帮助下不断进步。");
  await page.getByRole("button", { name: "发表" }).click();
  await expect(page.locator("#discussion .post")).toContainText("刘小明");

  // 4. Test: answered from the lesson file.
  const form = page.getByTestId("quiz-form");
  for (const question of lesson.quiz) {
    const block = form.locator(".question", { hasText: question.prompt });
    if (question.type === "single") await block.getByLabel(String(question.answer), { exact: true }).check();
    if (question.type === "multiple")
      for (const option of question.answer as string[]) await block.getByLabel(option, { exact: true }).check();
    if (question.type === "truefalse") await block.getByLabel(question.answer ? "正确" : "错误", { exact: true }).check();
    if (question.type === "fill") await block.getByRole("textbox").fill((question.answer as string[])[0] ?? "");
  }
  await form.getByRole("button", { name: "提交答卷" }).click();

  const result = page.getByTestId("quiz-result");
  await expect(result).toContainText("得分：100");
  await expect(result).toContainText("测试通过，本课完成！");
  await expect(page.getByTestId("hours-status")).toContainText("本课获得 0.5 学时，累计 0.5 学时");

  await page.getByRole("link", { name: "我的学时" }).click();
  await expect(page.getByTestId("total-hours")).toHaveText("0.5");
  await expect(page.locator("table")).toContainText("第一课");

  await page.getByRole("link", { name: "课程" }).first().click();
  await expect(page.locator(`a[href="/courses/${COURSE}/${lesson.slug}"] + .badge`)).toHaveText("已完成");
});

test("a wrong password gets a clear message and no session", async ({ page }) => {
  await submitLogin(page, "xueyuan", "wrong-password");
  await expect(page.getByRole("alert")).toHaveText("手机号/用户名或密码不正确");
  await page.goto("/courses");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fcourses/);
});

test("the discussion stays locked until the video is watched", async ({ page }) => {
  await blockCastScript(page);
  await signIn(page, "fazhan");
  await page.goto(`/courses/${COURSE}/${lesson.slug}`);
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();
  // Viewing is not done, so the discussion stays locked for this learner.
  await expect(page.locator("#discussion")).toContainText("请先完成前面的环节");
  await expect(page.getByLabel("我的发言")).toHaveCount(0);
});
