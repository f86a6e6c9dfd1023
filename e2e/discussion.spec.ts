// The discussion ring in a real browser: a learner's answer carrying a <script>
// and an <img onerror> runs nothing and shows no such element, a classmate of
// the same branch replies under it, and the branch's trainer hides it with a
// reason, after which the classmate no longer sees it and the author sees why.
import { devices, type Browser, type Page } from "@playwright/test";
import { blockCastScript, expect, playLessonVideo, readLessonFile, signIn, test } from "./helpers.ts";

const COURSE = "fazhan-dangyuan";
// A lesson no other spec opens for these learners, so the specs can share one server.
const lesson = readLessonFile(COURSE, "02-fazhan-duixiang.md");
const LESSON_PATH = `/courses/${COURSE}/${lesson.slug}`;

const AUTHOR = { username: "xueyuan", name: "刘小明" };
const CLASSMATE = { username: "fazhan", name: "陈红" };
const TRAINER = "peiyang";

const ANSWER = [
  "**我的体会**：发展对象要经过党组织的严格考察，自己也要主动向党组织汇报思想，把学习落实到行动上。",
  `<script>window.__xss = "script"; alert("script")</script>`,
  `<img src="x" onerror="window.__xss = 'img'; alert('img')">`,
  "[点这里](javascript:alert('link'))",
].join("\n\n");
const REPLY = "说得很对，*主动汇报思想*这一点我也要做到。";
const REASON = "含有网页代码，请重新整理后再发言";

type Person = { page: Page; dialogs: string[]; close: () => Promise<void> };

/** A person on his own phone: his own browser context, every dialog recorded (none should ever open). */
async function personOn(browser: Browser, baseURL: string, username: string): Promise<Person> {
  const { defaultBrowserType: _browserType, ...phone } = devices["Pixel 7"];
  const context = await browser.newContext({ ...phone, baseURL, locale: "zh-CN" });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await blockCastScript(page);
  await signIn(page, username);
  return { page, dialogs, close: () => context.close() };
}

/** Preparation and viewing, the real way, up to the open discussion. */
async function reachDiscussion(page: Page) {
  await page.goto(LESSON_PATH);
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();
  await playLessonVideo(page);
  // This lesson asks every half minute whether he is still there; he answers, as a learner would.
  const done = page.getByText("观看环节已完成，可以进入讨论。");
  const stillThere = page.getByRole("button", { name: "我在学习，继续观看" });
  await expect(async () => {
    if (await stillThere.isVisible()) await stillThere.click();
    await expect(done).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 120_000 });
  await expect(page.getByLabel("我的发言")).toBeVisible();
}

async function postAnswer(page: Page, text: string) {
  await page.getByLabel("我的发言").fill(text);
  // A page made inert (an open dialog) takes no typing, though fill reports none refused.
  await expect(page.getByLabel("我的发言")).toHaveValue(text);
  await page.getByRole("button", { name: "发表" }).click();
  await expect(page.getByLabel("我的发言")).toHaveCount(0);
}

function answerBy(page: Page, name: string) {
  return page.locator("#discussion [data-testid=discussion-post]", { has: page.locator(".post-meta", { hasText: name }) });
}

async function noScriptRan(person: Person) {
  expect(person.dialogs).toEqual([]);
  expect(await person.page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  await expect(person.page.locator("#discussion script, #discussion img, #discussion iframe, #discussion svg")).toHaveCount(0);
}

test("an answer with script runs nothing, a classmate replies, the trainer hides it with a reason", async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  expect(ANSWER.length).toBeGreaterThan(lesson.discussion.minLength ?? 0);
  const baseURL = String(testInfo.project.use.baseURL);
  const author = await personOn(browser, baseURL, AUTHOR.username);
  const classmate = await personOn(browser, baseURL, CLASSMATE.username);
  try {
    // Both watch at the same time, each on his own phone.
    await Promise.all([reachDiscussion(author.page), reachDiscussion(classmate.page)]);

    // The author's answer: Markdown rendered, the HTML he typed shown as text, nothing run.
    await postAnswer(author.page, ANSWER);
    const own = answerBy(author.page, AUTHOR.name);
    await expect(own).toHaveCount(1);
    await expect(own.locator("strong", { hasText: "我的体会" })).toBeVisible();
    await expect(own).toContainText(`<img src="x" onerror=`);
    await expect(own.locator("script, img")).toHaveCount(0);
    await expect(own.locator("a", { hasText: "点这里" })).not.toHaveAttribute("href", /.+/);
    await noScriptRan(author);

    // The classmate answers, then reads the answer (nothing runs on his page either) and replies under it.
    await postAnswer(classmate.page, "作为发展对象，要在支部的培养下，认真学习党的理论，在工作中发挥积极作用，接受群众监督。");
    const seen = answerBy(classmate.page, AUTHOR.name);
    await expect(seen.locator(".post-body strong")).toHaveText("我的体会");
    await expect(seen.locator("script, img")).toHaveCount(0);
    await noScriptRan(classmate);
    await seen.getByText("回复", { exact: true }).click();
    await seen.getByLabel(`回复 ${AUTHOR.name}`).fill(REPLY);
    await seen.getByRole("button", { name: "发送回复" }).click();
    const reply = answerBy(classmate.page, AUTHOR.name).getByTestId("discussion-reply");
    await expect(reply).toContainText(CLASSMATE.name);
    await expect(reply.locator("em")).toHaveText("主动汇报思想");

    // The author sees the reply under his answer.
    await author.page.reload();
    await expect(answerBy(author.page, AUTHOR.name).getByTestId("discussion-reply")).toContainText("我也要做到");
  } finally {
    await author.close();
    await classmate.close();
  }

  // The branch's trainer hides the answer with a reason.
  const trainer = await personOn(browser, baseURL, TRAINER);
  try {
    await trainer.page.getByRole("link", { name: "讨论管理" }).click();
    await expect(trainer.page.getByRole("heading", { name: "讨论管理" })).toBeVisible();
    const card = trainer.page.getByTestId("moderated-post").filter({ hasText: "我的体会" });
    await expect(card).toHaveCount(1);
    await expect(card.locator("script, img")).toHaveCount(0);
    await card.getByLabel(/隐藏原因/).fill(REASON);
    await card.getByRole("button", { name: "隐藏" }).click();
    await expect(trainer.page.getByTestId("moderated-post").filter({ hasText: "我的体会" }).getByTestId("hidden-notice")).toContainText(
      REASON,
    );
    await noScriptRan(trainer);
  } finally {
    await trainer.close();
  }

  // The classmate no longer sees it (nor the reply under it); his own answer is still there.
  const classmateAgain = await personOn(browser, baseURL, CLASSMATE.username);
  try {
    await classmateAgain.page.goto(`${LESSON_PATH}#discussion`);
    await expect(answerBy(classmateAgain.page, CLASSMATE.name)).toHaveCount(1);
    await expect(answerBy(classmateAgain.page, AUTHOR.name)).toHaveCount(0);
    await expect(classmateAgain.page.locator("#discussion")).not.toContainText("我的体会");
  } finally {
    await classmateAgain.close();
  }

  // Without JavaScript the reply form still works: the server's refusal keeps the text, a good reply lands under the answer.
  const { defaultBrowserType: _browserType, ...phone } = devices["Pixel 7"];
  const plain = await browser.newContext({ ...phone, baseURL, locale: "zh-CN", javaScriptEnabled: false });
  try {
    const page = await plain.newPage();
    await signIn(page, CLASSMATE.username);
    await page.goto(LESSON_PATH);
    const mine = answerBy(page, CLASSMATE.name);
    await mine.getByText("回复", { exact: true }).click();
    // Two characters for the browser, one after trimming for the server.
    await mine.getByLabel(`回复 ${CLASSMATE.name}`).fill(" 好 ");
    await mine.getByRole("button", { name: "发送回复" }).click();
    await expect(answerBy(page, CLASSMATE.name).getByRole("alert")).toHaveText("回复至少需要 2 个字，现在只有 1 个字。");
    await expect(answerBy(page, CLASSMATE.name).getByLabel(`回复 ${CLASSMATE.name}`)).toHaveValue(" 好 ");
    await answerBy(page, CLASSMATE.name).getByLabel(`回复 ${CLASSMATE.name}`).fill("补充：还要按时参加集中培训。");
    await answerBy(page, CLASSMATE.name).getByRole("button", { name: "发送回复" }).click();
    await expect(page).toHaveURL(new RegExp(`${LESSON_PATH}#discussion$`));
    await expect(answerBy(page, CLASSMATE.name).getByTestId("discussion-reply")).toContainText("还要按时参加集中培训");
  } finally {
    await plain.close();
  }

  // The author sees his answer marked hidden, with the reason.
  const authorAgain = await personOn(browser, baseURL, AUTHOR.username);
  try {
    await authorAgain.page.goto(`${LESSON_PATH}#discussion`);
    await expect(answerBy(authorAgain.page, AUTHOR.name).getByTestId("hidden-notice")).toContainText(REASON);
  } finally {
    await authorAgain.close();
  }
});
