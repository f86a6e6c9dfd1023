// 远程教育站点 in a real browser: the county admin and the station's operator
// open the stations page from the navigation and see the sample station with
// this month's showings against its goals; the operator registers a villager.
import { expect, signIn, test } from "./helpers.ts";

/** The next 6th, 16th or 26th from now in Beijing whose 19:30 showing has not begun, as YYYY-MM-DD. */
function nextMarketDay(): string {
  const beijing = new Date(Date.now() + 8 * 3600_000);
  for (let ahead = 0; ahead < 40; ahead += 1) {
    const day = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + ahead));
    const started = ahead === 0 && beijing.toISOString().slice(11, 16) > "19:30";
    if (day.getUTCDate() % 10 === 6 && !started) return day.toISOString().slice(0, 10);
  }
  throw new Error("no market day within 40 days");
}

for (const username of ["xianwei", "zhandian"]) {
  test(`${username} sees the sample station and this month's goals`, async ({ page }) => {
    await signIn(page, username);
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "站点", exact: true }).click();
    await expect(page.getByRole("heading", { name: "远程教育站点", level: 1 })).toBeVisible();
    const row = page.getByTestId("station-hexi-station");
    await expect(row).toContainText("河西村远程教育站点");
    await expect(row).toContainText("河西村党支部");
    await expect(row).toContainText("未联网");
    await expect(row.getByRole("progressbar", { name: /本月放映场次，目标 2 场/ })).toHaveAttribute("aria-valuemax", "2");
    await expect(row.getByRole("progressbar", { name: /本月放映时长，目标 20 小时/ })).toHaveAttribute("aria-valuemax", "20");
    // The wide table scrolls from the keyboard too.
    await page.getByRole("region", { name: /月报/ }).focus();
    await expect(page.getByRole("region", { name: /月报/ })).toBeFocused();
  });
}

test("the operator plans a 逢六 showing and sees this month's dates, ready to print", async ({ page }) => {
  await signIn(page, "zhandian");
  await page.goto("/org/stations");
  await page.getByRole("link", { name: "河西村远程教育站点 播放计划" }).click();
  await expect(page.getByRole("heading", { name: "河西村远程教育站点 播放计划", level: 1 })).toBeVisible();
  // A rule that does not read: said on the field, the typed text kept.
  await page.getByLabel("课程 / 影片").selectOption({ label: "发展党员工作程序 · 第二课 发展对象的确定和考察" });
  await page.getByLabel("日期规则").selectOption("digit");
  await page.getByLabel("日期", { exact: true }).fill("16");
  await page.getByRole("button", { name: "添加计划" }).click();
  await expect(page.getByRole("alert")).toContainText("“逢几”只能是 0 到 9");
  await expect(page.getByLabel("日期", { exact: true })).toHaveValue("16");
  // 逢六: the 6th, 16th and 26th.
  await page.getByLabel("日期", { exact: true }).fill("6");
  await page.getByLabel("地点（可不填）").fill("村委会二楼");
  await page.getByRole("button", { name: "添加计划" }).click();
  await expect(page.getByRole("status")).toHaveText("已添加到播放计划。");
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const rows = page.getByTestId("month-schedule").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  for (const [index, day] of ["06", "16", "26"].entries()) await expect(rows.nth(index)).toContainText(`${month}-${day}`);
  await expect(rows.first()).toContainText("集中放映 · 定点");
  await expect(page.getByTestId("plan-lines")).toContainText("逢六 19:30 第二课 发展对象的确定和考察");
  await expect(page.getByRole("button", { name: "打印本月计划" })).toBeVisible();
  // The stations page and the operator's home say when the station shows next.
  await page.goto("/");
  await expect(page).toHaveURL(/\/org\/stations$/);
  await expect(page.getByTestId("station-hexi-station")).toContainText(`${nextMarketDay()} 19:30 第二课 发展对象的确定和考察`);
  await page.getByRole("link", { name: "河西村远程教育站点 播放计划" }).click();
  // Taken off the plan again: the month is empty.
  await page.getByRole("button", { name: "删除：逢六 19:30 第二课 发展对象的确定和考察" }).click();
  await expect(page.getByRole("status")).toHaveText("已从播放计划中删除。");
  await expect(page.getByText("本月没有计划的放映。")).toBeVisible();
});

test("the operator registers a villager on the station's people page, his phone typed with full-width digits", async ({ page }) => {
  await signIn(page, "zhandian");
  await page.goto("/org/stations");
  await page.getByRole("link", { name: "河西村远程教育站点的人员" }).click();
  await expect(page.getByRole("heading", { name: "河西村远程教育站点的人员", level: 1 })).toBeVisible();
  await expect(page.getByTestId("members")).toContainText("周丽");
  await page.getByLabel("姓名").fill("孙桂兰");
  await page.getByLabel("手机号（可不填）").fill("１３７ ００００ ３３３３");
  await page.getByRole("button", { name: "登记", exact: true }).press("Enter");
  await expect(page.getByRole("status")).toHaveText("已登记。下次点名时可以直接找到他。");
  await expect(page.getByTestId("villagers").getByRole("row", { name: /孙桂兰/ })).toContainText("13700003333");
  // The same phone again: refused, and said where.
  await page.getByLabel("姓名").fill("孙桂芝");
  await page.getByLabel("手机号（可不填）").fill("13700003333");
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("这个手机号已经登记过了：孙桂兰");
});
