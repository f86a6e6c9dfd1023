// A station with no network (issue: stations with no network). The operator
// downloads a lesson on the station app, then the site's server process is
// really stopped: the screen opens from the service worker's copy and a whole
// screening runs on the device (roll call with a walk-in, the film to its end
// with a seek back, minutes, three attendees' tests on papers drawn before).
// When the server is back the page uploads by itself; the ledger has one entry
// per attendee who passed; a copy of the outbox uploaded again changes
// nothing. Then: a connection that drops in the middle of an upload, and a
// device clock three days ahead.
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { blockCastScript, expect, readLessonFile, signIn, test } from "./helpers.ts";
import { secondSite } from "./second-site.ts";

const lesson = readLessonFile("fazhan-dangyuan", "01-rudang-shenqing.md");
const LESSON_TITLE = "第一课 入党申请与入党积极分子的确定和培养";
const site = secondSite();

test.use({ viewport: { width: 1280, height: 720 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
test.describe.configure({ mode: "serial" });
test.beforeAll(async () => site.start());
test.afterAll(async () => site.stop());

/** The answers from the lesson file; a failing sheet gets true or false wrong and leaves the rest blank. */
async function answerPaper(form: Locator, correct: boolean) {
  for (const question of lesson.quiz) {
    const block = form.locator(".question", { hasText: question.prompt });
    const choose = (label: string) => block.getByLabel(label, { exact: true }).check();
    if (question.type === "single" && correct) await choose(String(question.answer));
    if (question.type === "multiple" && correct) for (const option of question.answer as string[]) await choose(option);
    if (question.type === "truefalse") await choose((question.answer === true) === correct ? "正确" : "错误");
  }
}

/** How many station ledger entries a learner has for the lesson, read from his own hours page. */
async function stationEntries(browser: Browser, username: string): Promise<number> {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, username);
  await page.goto("/me");
  const count = await page.locator("tr", { hasText: "站点集中收看" }).filter({ hasText: LESSON_TITLE }).count();
  await context.close();
  return count;
}

async function entriesOf(browser: Browser, usernames: readonly string[]) {
  const counts: Record<string, number> = {};
  for (const username of usernames) counts[username] = await stationEntries(browser, username);
  return counts;
}

/** What waits in the device's outbox, read straight from its IndexedDB. */
function outboxOf(page: Page): Promise<unknown[]> {
  return page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const opening = indexedDB.open("sihuan-station");
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const read = opening.result.transaction("outbox").objectStore("outbox").getAll();
          read.onsuccess = () => resolve(read.result as unknown[]);
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

/** Signs the operator in, opens the station's screen on the second site and waits until its service worker controls the page. */
async function stationApp(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await blockCastScript(page);
  await signIn(page, "zhandian");
  await page.goto(`${site.url}/station/hexi-station`);
  await expect(page.getByRole("heading", { name: "河西村远程教育站点 放映", level: 1 })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  return page;
}

async function downloadLesson(page: Page) {
  await page.getByRole("link", { name: "下载课程（断网放映用）" }).click();
  await expect(page.getByRole("heading", { name: "河西村远程教育站点：下载课程" })).toBeVisible();
  await expect(page.getByTestId("storage-usage")).toContainText(/本机已用 [\d.]+ MB/);
  const choice = page.getByTestId("download-choices").locator("li", { hasText: LESSON_TITLE });
  await expect(choice).toContainText(/0\.\d MB/);
  await choice.getByRole("checkbox").check();
  await page.getByRole("button", { name: "下载所选课程" }).click();
  await expect(choice).toContainText("已下载，可断网放映", { timeout: 30_000 });
  await page.getByRole("link", { name: "查看和删除已下载的课程" }).click();
  await expect(page.getByTestId("kept-lessons")).toContainText(LESSON_TITLE);
  await page.getByRole("link", { name: "返回放映屏幕" }).click();
  await expect(page.getByRole("button", { name: "开始放映" })).toBeVisible();
}

async function startShowing(page: Page) {
  await page.getByLabel("放映的课程或影片").selectOption({ label: `发展党员工作程序 · ${LESSON_TITLE}` });
  await page.getByRole("button", { name: "开始放映" }).click();
  await expect(page.getByRole("link", { name: "点名", exact: true })).toHaveAttribute("aria-current", "step");
}

/** Plays the film to its end, with a seek back on the way. */
async function playToTheEnd(page: Page) {
  await page.getByRole("button", { name: "下一步：学习准备" }).click();
  await page.getByRole("button", { name: "下一步：观看" }).click();
  await page.waitForFunction(() => {
    const element = document.querySelector("mux-player") as (HTMLMediaElement & { readyState: number }) | null;
    return element !== null && element.readyState >= 1;
  });
  await page.evaluate(() => {
    (document.querySelector("mux-player") as HTMLMediaElement).muted = true;
  });
  await page.getByTestId("play-pause").click();
  await page.waitForFunction(() => (document.querySelector("mux-player") as HTMLMediaElement).currentTime > 8);
  // Seeking back works from the cache: the player asks for a range again.
  await page.evaluate(() => {
    (document.querySelector("mux-player") as HTMLMediaElement).currentTime = 3;
  });
  await page.waitForFunction(() => (document.querySelector("mux-player") as HTMLMediaElement).ended, undefined, { timeout: 90_000 });
  await expect(page.getByTestId("screening-share")).toContainText(/已放映 (9\d|100)%（需要 90%）/);
}

async function closeShowing(page: Page) {
  await page.getByRole("button", { name: "下一步：结束放映" }).click();
  await page.getByRole("button", { name: "结束放映", exact: true }).click();
  await page.getByRole("button", { name: "结束放映", exact: true }).click();
  await expect(page.getByTestId("session-result")).toBeVisible();
}

const ATTENDEES = ["shenqing", "hedashan", "qianxiuying"] as const;

test("a screening with no network: opened from the cache, recorded on the device, uploaded once by itself when the server is back; a copy uploaded again changes nothing", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const before = await entriesOf(browser, ATTENDEES);
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  const page = await stationApp(context);
  await downloadLesson(page);

  // The server is gone: the page opens from the service worker's copy, the data from the device.
  await site.stop();
  await page.reload();
  await expect(page.getByText("现在没有网络：显示的是本机保存的内容")).toBeVisible();
  await startShowing(page);

  // Roll call with a walk-in.
  await page.getByLabel("查找：姓名、手机号或拼音首字母").fill("zl");
  await page.getByRole("button", { name: "周丽 到场" }).click();
  const present = page.getByTestId("roll-present");
  await expect(present).toContainText("周丽");
  await page.getByLabel("查找：姓名、手机号或拼音首字母").fill("");
  await page.getByRole("button", { name: "河西村党支部全体" }).click();
  await expect(present).toContainText("何大山");
  await expect(present).toContainText("钱秀英");
  await page.getByLabel("姓名", { exact: true }).fill("王大娘");
  await page.getByLabel("手机号（可不填）").fill("13800007777");
  await page.getByRole("button", { name: "登记并点名" }).click();
  await expect(present).toContainText("王大娘");

  await playToTheEnd(page);

  await page.getByRole("button", { name: "下一步：讨论" }).click();
  await page.getByLabel("讨论纪要").fill("断网放映：大家谈了递交入党申请书的经过，何大山讲了培养联系人的作用。");
  await page.getByRole("checkbox", { name: "何大山" }).check();
  await page.getByRole("button", { name: "保存纪要" }).click();
  await expect(page.getByText("纪要已保存。")).toBeVisible();

  // Three tests on the papers downloaded before: two pass, one fails; all wait to be uploaded and graded.
  await page.getByRole("button", { name: "下一步：测试" }).click();
  const tests = page.getByTestId("attendee-tests");
  for (const [name, way, correct] of [
    ["周丽", "在屏幕上答", true],
    ["何大山", "录入纸质答卷", true],
    ["钱秀英", "录入纸质答卷", false],
  ] as const) {
    await page.getByRole("link", { name: `${name}：${way}` }).click();
    await answerPaper(page.getByTestId("quiz-form"), correct);
    await page.getByRole("button", { name: "提交答卷" }).click();
    await expect(tests.locator("li", { hasText: name })).toContainText("已作答，联网上传后评分");
  }
  await closeShowing(page);
  await expect(page.getByTestId("sync-state")).toContainText("1 场放映待上传");

  // A copy of the outbox, as another browser could upload it later.
  const copy = await outboxOf(page);
  expect(copy.length).toBeGreaterThan(10);

  // The server is back: the page uploads by itself (no button pressed, no reload).
  await site.start();
  await expect(page.getByTestId("sync-state")).toContainText("全部记录已上传", { timeout: 90_000 });
  expect(await outboxOf(page)).toHaveLength(0);
  await expect(page.getByTestId("sync-refusals")).toHaveCount(0);

  // Exactly one entry for each who passed, none for the one who failed.
  const expected = { shenqing: before.shenqing! + 1, hedashan: before.hedashan! + 1, qianxiuying: before.qianxiuying! };
  await expect.poll(() => entriesOf(browser, ATTENDEES), { timeout: 60_000 }).toEqual(expected);

  // The township admin's work log shows the session with its minutes.
  const township = await browser.newContext({ locale: "zh-CN" });
  const townshipPage = await township.newPage();
  await signIn(townshipPage, "hexi");
  await townshipPage.goto("/org/stations/hexi-station");
  await expect(townshipPage.getByTestId("work-log")).toContainText("断网放映：大家谈了递交入党申请书的经过");
  await township.close();

  // The same outbox uploaded again, from a second browser: every item a duplicate, nothing changes.
  const second = await browser.newContext({ locale: "zh-CN" });
  const secondPage = await second.newPage();
  await signIn(secondPage, "zhandian");
  const again = await secondPage.request.post(`${site.url}/api/station-events`, { data: { stationCode: "hexi-station", events: copy } });
  expect(again.status()).toBe(200);
  const { results } = (await again.json()) as { results: { outcome: string }[] };
  expect(results).toHaveLength(copy.length);
  expect(new Set(results.map((result) => result.outcome))).toEqual(new Set(["duplicate"]));
  await second.close();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(await entriesOf(browser, ATTENDEES)).toEqual(expected);
  await context.close();
});

/** A short showing for one attendee: 周丽 comes, the film plays to its end, she passes the test on the screen, the showing closes. */
async function shortShowing(page: Page) {
  await startShowing(page);
  await page.getByLabel("查找：姓名、手机号或拼音首字母").fill("zl");
  await page.getByRole("button", { name: "周丽 到场" }).click();
  await expect(page.getByTestId("roll-present")).toContainText("周丽");
  await playToTheEnd(page);
  await page.getByRole("button", { name: "下一步：讨论" }).click();
  await page.getByRole("button", { name: "下一步：测试" }).click();
  await page.getByRole("link", { name: "周丽：在屏幕上答" }).click();
  await answerPaper(page.getByTestId("quiz-form"), true);
  await page.getByRole("button", { name: "提交答卷" }).click();
  await expect(page.getByTestId("attendee-tests").locator("li", { hasText: "周丽" })).toContainText("屏幕答题");
  await closeShowing(page);
}

test("the connection drops in the middle of an upload: the server took the batch but the device never heard; it goes up again later and nothing counts twice", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const before = await stationEntries(browser, "shenqing");
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  const page = await stationApp(context);
  await downloadLesson(page);
  await site.stop();
  await page.reload();
  await shortShowing(page);
  const waiting = (await outboxOf(page)).length;
  expect(waiting).toBeGreaterThan(5);

  // The first upload reaches the server, which applies it; the answer is lost on the way back.
  const uploads: { outcomes: string[] }[] = [];
  let cut = false;
  await page.route(`${site.url}/api/station-events`, async (route) => {
    const response = await route.fetch();
    const { results } = (await response.json()) as { results: { outcome: string }[] };
    uploads.push({ outcomes: results.map((result) => result.outcome) });
    if (!cut) {
      cut = true;
      await route.abort("connectionreset");
    } else await route.fulfill({ response });
  });
  await site.start();
  await page.getByTestId("sync-now").click();
  await expect.poll(() => uploads.length).toBe(1);
  await expect(page.getByTestId("sync-now")).toBeEnabled();
  await expect(page.getByTestId("sync-problem")).toContainText("没有连上服务器");
  expect(await outboxOf(page)).toHaveLength(waiting);
  expect(uploads[0]!.outcomes.every((outcome) => outcome === "applied")).toBe(true);

  // Later the same items go up again: each one the server already has is a duplicate, and the device forgets them.
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-state")).toContainText("全部记录已上传");
  expect(await outboxOf(page)).toHaveLength(0);
  expect(uploads[1]!.outcomes).toEqual(uploads[0]!.outcomes.map(() => "duplicate"));
  await expect.poll(() => stationEntries(browser, "shenqing"), { timeout: 60_000 }).toBe(before + 1);
  await context.close();
});

test("a device clock three days ahead: the hours come from the durations the device measured, the session takes the server's date and is flagged for the township", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const before = await stationEntries(browser, "shenqing");
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  // The page's wall clock runs three days ahead; its elapsed time (performance.now) is true.
  await context.addInitScript(() => {
    const ahead = 3 * 24 * 60 * 60 * 1000;
    const RealDate = Date;
    class AheadDate extends RealDate {
      constructor(...args: ConstructorParameters<typeof Date> | []) {
        if (args.length === 0) super(RealDate.now() + ahead);
        else super(...(args as ConstructorParameters<typeof Date>));
      }
      static override now() {
        return RealDate.now() + ahead;
      }
    }
    globalThis.Date = AheadDate as DateConstructor;
  });
  const page = await stationApp(context);
  expect(await page.evaluate(() => new Date().getTime() - performance.timeOrigin - performance.now())).toBeGreaterThan(2.9 * 86_400_000);
  await shortShowing(page);
  await expect(page.getByTestId("sync-state")).toContainText("全部记录已上传");
  await expect.poll(() => stationEntries(browser, "shenqing"), { timeout: 60_000 }).toBe(before + 1);

  const township = await browser.newContext({ locale: "zh-CN" });
  const townshipPage = await township.newPage();
  await signIn(townshipPage, "hexi");
  await townshipPage.goto("/org/stations/hexi-station");
  await expect(townshipPage.getByTestId("work-log")).toContainText("放映设备的时钟不准");
  await township.close();

  // Sending again changes nothing: still one entry.
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-state")).toContainText("全部记录已上传");
  expect(await stationEntries(browser, "shenqing")).toBe(before + 1);
  await context.close();
});

test("storage full: the download stops and says so, and nothing half-made is listed as kept", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  const page = await stationApp(context);
  // Chromium lets a test give the site almost no room (DevTools protocol).
  const devtools = await context.newCDPSession(page);
  await devtools.send("Storage.overrideQuotaForOrigin", { origin: site.url, quotaSize: 50_000 });
  await page.getByRole("link", { name: "下载课程（断网放映用）" }).click();
  const choice = page.getByTestId("download-choices").locator("li", { hasText: "第二课 党的组织制度——民主集中制" });
  await choice.getByRole("checkbox").check();
  await page.getByRole("button", { name: "下载所选课程" }).click();
  await expect(page.getByRole("alert")).toContainText("本机存储空间已满，下载停止");
  await expect(choice).not.toContainText("已下载，可断网放映");
  await page.getByRole("link", { name: "查看和删除已下载的课程" }).click();
  await expect(page.getByText("本机还没有下载课程。")).toBeVisible();
  await context.close();
});

test("a device that downloaded nothing says so when the network is gone, instead of failing", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  const page = await stationApp(context);
  await site.stop();
  await page.reload();
  await expect(page.getByRole("alert")).toContainText("本机没有这个站点的下载内容");
  await site.start();
  await context.close();
});

test("the station's screen installs as an app that opens on that station", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 720 } });
  const page = await stationApp(context);
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/station/hexi-station/manifest.webmanifest");
  const manifest = (await (await page.request.get(`${site.url}${href}`)).json()) as {
    start_url: string;
    scope: string;
    name: string;
    icons: { src: string; sizes: string }[];
  };
  expect(manifest).toMatchObject({ start_url: "/station/hexi-station", scope: "/station/", name: "四环放映站" });
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(["192x192", "512x512"]);
  for (const icon of manifest.icons) {
    const served = await page.request.get(`${site.url}${icon.src}`);
    expect(served.headers()["content-type"]).toBe("image/png");
  }
  // The service worker controls the page from its scope, and its script is looked at again on each visit.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(`${site.url}/station/`);
  expect((await page.request.get(`${site.url}/station-sw.js`)).headers()["cache-control"]).toBe("no-cache");
  await context.close();
});
