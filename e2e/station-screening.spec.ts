// A whole screening at a village station, on a 1280×720 screen with the
// keyboard only (a TV remote has arrows, Enter and Space): the sample operator
// opens the station's screen from the stations page, starts the showing, takes
// the roll call (two members found by name and pinyin, the rest of the branch at
// once, a walk-in), shows the preparation, plays the film to the end, types the
// minutes, and three attendees take the test three ways: on the screen, on
// their own phone through the code (a second browser context, no password),
// and on paper. After the close, the hours worker gives a ledger entry to
// exactly those who passed, and the township admin sees the session on the
// station's report card.
import type { Locator, Page } from "@playwright/test";
import { blockCastScript, expect, readLessonFile, signIn, test } from "./helpers.ts";

const lesson = readLessonFile("fazhan-dangyuan", "01-rudang-shenqing.md");

test.use({ viewport: { width: 1280, height: 720 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** Moves the focus with Tab (as a keyboard or a remote's arrow would) until it is on `target`, then presses Enter. */
async function keyTo(page: Page, target: Locator, key: "Enter" | "Space" | "End" | null = "Enter") {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < 120; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      if (key) await page.keyboard.press(key);
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error("the control could not be reached with the keyboard");
}

/** The answers from the lesson file, given with the keyboard (Space checks a choice); a failing sheet leaves the choices blank and gets true or false wrong. */
async function answerPaper(page: Page, form: Locator, correct: boolean) {
  for (const question of lesson.quiz) {
    const block = form.locator(".question", { hasText: question.prompt });
    const choose = async (label: string) => {
      await block.getByLabel(label, { exact: true }).focus();
      await page.keyboard.press("Space");
    };
    if (question.type === "single" && correct) await choose(String(question.answer));
    if (question.type === "multiple" && correct) for (const option of question.answer as string[]) await choose(option);
    if (question.type === "truefalse") await choose((question.answer === true) === correct ? "正确" : "错误");
  }
}

test("the operator runs a whole screening with the keyboard, exactly those who passed earn the hours, and the township sees it on the report card", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await blockCastScript(page);
  await signIn(page, "zhandian");
  await page.goto("/org/stations");
  await keyTo(page, page.getByRole("link", { name: "河西村远程教育站点 开始放映" }));
  await expect(page.getByRole("heading", { name: "河西村远程教育站点 放映", level: 1 })).toBeVisible();
  // TV mode: the whole screen, no site navigation.
  await expect(page.getByRole("navigation", { name: "main" })).toHaveCount(0);

  // Start: the lesson picked with the arrows.
  const lessonPicker = page.getByLabel("放映的课程或影片");
  await keyTo(page, lessonPicker, null);
  const chosen = () => lessonPicker.locator("option:checked").textContent();
  for (let presses = 0; presses < 10 && !(await chosen())?.includes("第一课 入党申请"); presses += 1)
    await page.keyboard.press("ArrowDown");
  await expect(lessonPicker.locator("option:checked")).toContainText("第一课 入党申请与入党积极分子的确定和培养");
  await keyTo(page, page.getByRole("button", { name: "开始放映" }));
  await expect(page.getByRole("link", { name: "点名", exact: true })).toHaveAttribute("aria-current", "step");

  // Roll call: 周丽 by the pinyin initials of her name, the rest of the branch at once, a walk-in.
  await keyTo(page, page.getByLabel("查找：姓名、手机号或拼音首字母"), null);
  await page.keyboard.type("zl");
  await keyTo(page, page.getByRole("button", { name: "周丽 到场" }));
  const present = page.getByTestId("roll-present");
  await expect(present).toContainText("周丽");
  await page.getByLabel("查找：姓名、手机号或拼音首字母").fill("");
  // The remote's down arrow moves on from the search box like Tab.
  await page.getByLabel("查找：姓名、手机号或拼音首字母").focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(":focus")).toHaveRole("button");
  await keyTo(page, page.getByRole("button", { name: "河西村党支部全体" }));
  await expect(present).toContainText("何大山");
  await expect(present).toContainText("钱秀英");
  await keyTo(page, page.getByLabel("姓名", { exact: true }), null);
  await page.keyboard.type("刘大爷");
  await keyTo(page, page.getByLabel("手机号（可不填）"), null);
  await page.keyboard.type("1380000");
  await keyTo(page, page.getByRole("button", { name: "登记并点名" }));
  await expect(page.getByRole("alert")).toContainText("手机号应是 11 位数字");
  await keyTo(page, page.getByLabel("手机号（可不填）"), "End");
  await page.keyboard.type("9999");
  await keyTo(page, page.getByRole("button", { name: "登记并点名" }));
  await expect(present).toContainText("刘大爷");
  await expect(page.getByRole("heading", { name: "到场 5 人" })).toBeVisible();

  // Preparation on the screen.
  await keyTo(page, page.getByRole("button", { name: "下一步：学习准备" }));
  await expect(page.getByRole("heading", { name: "思考题" })).toBeVisible();
  await expect(page.locator("#tv-guide")).toContainText("递交申请");

  // The screening, started and paused with Space, to the end.
  await keyTo(page, page.getByRole("button", { name: "下一步：观看" }));
  await page.waitForFunction(() => {
    const element = document.querySelector("mux-player") as (HTMLMediaElement & { readyState: number }) | null;
    return element !== null && element.readyState >= 1;
  });
  await page.evaluate(() => {
    (document.querySelector("mux-player") as HTMLMediaElement).muted = true;
  });
  await keyTo(page, page.getByTestId("play-pause"));
  await expect(page.getByTestId("play-pause")).toHaveAttribute("aria-pressed", "true");
  await page.waitForFunction(() => (document.querySelector("mux-player") as HTMLMediaElement).ended, undefined, { timeout: 90_000 });
  await expect(page.getByTestId("screening-share")).toContainText(/已放映 (9\d|100)%（需要 90%）/);

  // Minutes: a summary and who spoke, picked from the roll.
  await keyTo(page, page.getByRole("button", { name: "下一步：讨论" }));
  await keyTo(page, page.getByLabel("讨论纪要"), null);
  await page.keyboard.type("大家谈了递交入党申请书的经过，何大山讲了培养联系人怎样帮助积极分子。");
  await keyTo(page, page.getByRole("checkbox", { name: "何大山" }), "Space");
  await keyTo(page, page.getByRole("button", { name: "保存纪要" }));
  await expect(page.getByText("纪要已保存。")).toBeVisible();

  // Tests: 周丽 on the screen, 何大山 on his phone, 钱秀英 on paper (with one answer wrong: she fails).
  await keyTo(page, page.getByRole("button", { name: "下一步：测试" }));
  const code = (await page.getByTestId("test-code").textContent())!.trim();
  expect(code).toMatch(/^\d{6}$/);
  const tests = page.getByTestId("attendee-tests");
  await expect(tests.locator("li", { hasText: "刘大爷" })).toContainText("群众没有学习账号");

  await keyTo(page, page.getByRole("link", { name: "周丽：在屏幕上答" }));
  await expect(page.getByRole("heading", { name: "周丽 的试卷（屏幕答题）" })).toBeVisible();
  await answerPaper(page, page.getByTestId("quiz-form"), true);
  await keyTo(page, page.getByRole("button", { name: "提交答卷" }));
  await expect(tests.locator("li", { hasText: "周丽" })).toContainText(/屏幕答题 · 通过/);

  const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: "zh-CN" });
  const phonePage = await phone.newPage();
  await phonePage.goto(`/t?code=${code}`);
  await phonePage.getByRole("link", { name: "何大山" }).click();
  await answerPaper(phonePage, phonePage.getByTestId("quiz-form"), true);
  await phonePage.getByRole("button", { name: "提交答卷" }).click();
  await expect(phonePage.getByRole("status")).toContainText("已交卷");
  await expect(tests.locator("li", { hasText: "何大山" })).toContainText(/手机答题 · 通过/);

  await keyTo(page, page.getByRole("link", { name: "钱秀英：录入纸质答卷" }));
  await answerPaper(page, page.getByTestId("quiz-form"), false);
  await keyTo(page, page.getByRole("button", { name: "提交答卷" }));
  await expect(tests.locator("li", { hasText: "钱秀英" })).toContainText(/纸质答卷 · 未通过/);

  // The close: the code stops working, and each attendee's outcome is shown.
  await keyTo(page, page.getByRole("button", { name: "下一步：结束放映" }));
  await keyTo(page, page.getByRole("button", { name: "结束放映", exact: true }));
  await expect(page.getByText("确定结束放映吗？")).toBeVisible();
  await expect(page.getByRole("button", { name: "结束放映", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  const result = page.getByTestId("session-result");
  await expect(result.locator("tr", { hasText: "周丽" })).toContainText("计 0.5 学时");
  await expect(result.locator("tr", { hasText: "何大山" })).toContainText("计 0.5 学时");
  await expect(result.locator("tr", { hasText: "刘大爷" })).toContainText("群众没有学习账号");
  await expect(page.getByText("何大山讲了培养联系人")).toBeVisible();
  await phonePage.goto(`/t?code=${code}`);
  await expect(phonePage.getByRole("alert")).toContainText("答题码不对，或者放映已经结束");
  await phone.close();

  await expect(result.locator("tr", { hasText: "钱秀英" })).toContainText("测试未通过");

  // The hours worker gave each one who passed the session's ledger entry, and nobody else.
  for (const [username, earns] of [
    ["shenqing", true],
    ["hedashan", true],
    ["qianxiuying", false],
  ] as const) {
    const learner = await browser.newContext({ locale: "zh-CN" });
    const learnerPage = await learner.newPage();
    await signIn(learnerPage, username);
    await learnerPage.goto("/me");
    const entries = learnerPage.locator("tr", { hasText: "站点集中收看" });
    if (earns) {
      await expect(async () => {
        await learnerPage.reload();
        await expect(entries).toHaveCount(1, { timeout: 1000 });
      }).toPass({ timeout: 30_000 });
    } else await expect(entries).toHaveCount(0);
    await learner.close();
  }

  // 河西乡's township admin sees the session on the station's report card and in its work log.
  const township = await browser.newContext({ locale: "zh-CN" });
  const townshipPage = await township.newPage();
  await signIn(townshipPage, "hexi");
  await townshipPage.goto("/org/stations");
  await townshipPage.getByRole("link", { name: "河西村远程教育站点 学用登记与月报" }).click();
  await expect(townshipPage.getByRole("heading", { name: /月报卡/ })).toBeVisible();
  await expect(townshipPage.getByTestId("report-card").locator("tr", { hasText: "集体学习（场）" })).toContainText("1");
  await expect(townshipPage.getByTestId("report-card").locator("tr", { hasText: "测试通过（人次）" })).toContainText("2");
  const logRow = townshipPage.getByTestId("work-log").locator("tbody tr").last();
  await expect(logRow).toContainText("第一课 入党申请与入党积极分子的确定和培养");
  await expect(logRow).toContainText("何大山讲了培养联系人");
  await expect(townshipPage.getByRole("button", { name: "打印月报卡" })).toBeVisible();
  await township.close();
});
