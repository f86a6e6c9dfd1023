// 发展党员 end to end: a trainer records one person's way from her application
// to an activist cultivated long enough; she hands in her thought reports
// online; the township admin sees her newly eligible this month and makes her
// a development target. The verdicts come from the real engine and worker.
import { type Page } from "@playwright/test";
import { addDays, addMonths, isoDay } from "../app/domain/calendar.ts";
import { expect, signIn, test } from "./helpers.ts";

const PERSON = { username: "qunzhong", name: "马小芳" };
// Dates relative to today, so the periods hold whenever the test runs.
const TODAY = new Date(`${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00Z`);
const ACTIVIST_SINCE = addMonths(TODAY, -13);
const APPLIED_ON = addMonths(TODAY, -14);

/** Fills and saves one record form; done when the timeline holds one more event. */
async function record(page: Page, kind: string, fill: (form: ReturnType<Page["locator"]>) => Promise<void>) {
  const events = await page.locator("#timeline li").count();
  const form = page.locator(`details[data-kind="${kind}"]`);
  // A form opened before stays open after its save.
  if (!(await form.evaluate((element) => (element as HTMLDetailsElement).open))) await form.locator("summary").click();
  await fill(form);
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#timeline li")).toHaveCount(events + 1);
  await expect(page.getByRole("status")).toContainText("已记录");
}

const on = (date: Date) => async (form: ReturnType<Page["locator"]>) => {
  await form.getByLabel("日期").fill(isoDay(date));
};

test("a trainer records the way to activist, the admin sees her eligible and makes her a development target", async ({ browser }) => {
  const trainer = await (await browser.newContext()).newPage();
  await signIn(trainer, "peiyang");
  await trainer.goto("/org/learners");
  await trainer.getByRole("link", { name: PERSON.name }).click();
  await trainer.getByRole("link", { name: "发展党员 →" }).click();
  await expect(trainer.getByRole("heading", { level: 1 })).toHaveText(`${PERSON.name} 的发展记录`);
  const personPath = new URL(trainer.url()).pathname;

  await record(trainer, "APPLICATION_SUBMITTED", on(APPLIED_ON));
  await record(trainer, "APPLICATION_TALK", on(addDays(APPLIED_ON, 10)));
  await record(trainer, "RECOMMENDATION", async (form) => {
    await on(addDays(APPLIED_ON, 20))(form);
    await form.getByLabel("推荐方式").selectOption({ label: "团组织推优" });
  });
  await expect(trainer.getByTestId("verdict")).toContainText("符合条件");
  await record(trainer, "ACTIVIST_CONFIRMED", async (form) => {
    await on(ACTIVIST_SINCE)(form);
    await form.getByLabel("培养梯次").selectOption({ label: "当年发展" });
  });
  await expect(trainer.getByText("入党积极分子 · 当年发展")).toBeVisible();
  await record(trainer, "CONTACT_ASSIGNED", async (form) => {
    await on(addDays(ACTIVIST_SINCE, 3))(form);
    await form.getByLabel("培养联系人").selectOption({ label: "张书记" });
  });
  for (const months of [6, 12]) {
    await record(trainer, "ASSESSMENT", async (form) => {
      await on(addMonths(ACTIVIST_SINCE, months))(form);
      await form.getByLabel("考察合格").check();
    });
  }
  await record(trainer, "OPINIONS_HEARD", on(addDays(TODAY, -3)));

  // Everything but her thought reports: the reason says how many are missing.
  const verdict = trainer.getByTestId("verdict");
  await expect(verdict).toContainText("下一步：发展对象");
  await expect(verdict).toContainText("暂不符合");
  await expect(verdict).toContainText("应交 4 份，已交 0 份");
  await expect(trainer.locator("#timeline li")).toHaveCount(8);

  // She writes them herself.
  const learner = await (await browser.newContext()).newPage();
  await signIn(learner, PERSON.username);
  for (let quarter = 1; quarter <= 4; quarter += 1) {
    await learner.goto("/me/reports");
    await learner
      .getByLabel("写一份思想汇报")
      .fill(`第${quarter}季度思想汇报：通过学习党章和发展党员工作程序，我对党员的义务和权利有了更深的认识，今后要在工作中起带头作用。`);
    await learner.getByRole("button", { name: "提交思想汇报" }).click();
    await expect(learner.getByText("思想汇报已提交。")).toBeVisible();
  }
  await expect(learner.locator("article.report")).toHaveCount(4);

  // The trainer answers one.
  await trainer.goto(personPath);
  const firstReport = trainer.locator("#reports article.report").first();
  await firstReport.getByLabel("回复这份思想汇报").fill("认识有提高，继续保持。");
  await firstReport.getByRole("button", { name: "发送回复" }).click();
  await expect(trainer.locator("#reports blockquote").first()).toContainText("认识有提高，继续保持。");
  await expect(trainer.getByTestId("verdict")).toContainText("各项条件均已满足。");

  // The township admin: newly eligible this month (the eligibility worker's stored verdict), then the decision.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "chengguan");
  await expect(async () => {
    await admin.goto("/org/development");
    await expect(admin.getByTestId("eligible-this-month")).toContainText(PERSON.name, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await admin.getByTestId("eligible-this-month").getByRole("link", { name: PERSON.name }).click();
  await expect(admin.getByTestId("verdict")).toContainText("各项条件均已满足。");
  await record(admin, "TARGET_CONFIRMED", on(TODAY));
  await expect(admin.getByText(/发展对象 · 当年发展|城关社区第一党支部 · 发展对象/)).toBeVisible();
  await expect(admin.getByTestId("verdict")).toContainText("下一步：预备党员");
  await expect(admin.locator("#timeline")).toContainText("列为发展对象");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused vote comes back with the field named and the figures kept; the reasons cite their sources", async ({ page }) => {
    await signIn(page, "peiyang");
    await page.goto("/org/learners");
    await page.getByRole("link", { name: "陈红" }).click();
    await page.getByRole("link", { name: "发展党员 →" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("陈红 的发展记录");
    // A local practice is cited as one, a national rule by its document and article.
    const verdict = page.getByTestId("verdict");
    await expect(verdict).toContainText("民意调查 80/60（地方做法，非全国规定");
    await expect(verdict).toContainText("《中国共产党发展党员工作细则》第二十一条");
    await expect(verdict).not.toContainText("种子");

    const form = page.locator('details[data-kind="VOTE"]');
    await form.locator("summary").click();
    await form.getByLabel("用途").selectOption({ label: "接收预备党员" });
    await form.getByLabel("应到会有表决权的正式党员").fill("20");
    await form.getByLabel("实到会").fill("12");
    await form.getByLabel("赞成票", { exact: true }).fill("13");
    await form.getByRole("button", { name: "保存" }).click();

    const returned = page.locator('details[data-kind="VOTE"]');
    await expect(returned).toHaveAttribute("open", "");
    await expect(returned.getByRole("alert")).toHaveText("赞成 13 票多于到会 12 人");
    await expect(returned.getByLabel("赞成票", { exact: true })).toHaveValue("13");
    await expect(returned.getByLabel("赞成票", { exact: true })).toHaveAttribute("aria-invalid", "true");
  });
});
