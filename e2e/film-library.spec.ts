// 站点管理与中心片库 in a real browser: 河西乡's admin adds a station for 杨庄村
// with its people in charge and finds it on the stations page; a learner
// searches the catalog by language and finds the lesson with Uyghur subtitles.
import { expect, signIn, test } from "./helpers.ts";

test("the township admin adds a station with the keyboard and sees it listed", async ({ page }) => {
  await signIn(page, "hexi");
  await page.goto("/org/stations");
  await page.getByRole("link", { name: "添加站点" }).click();
  await expect(page.getByRole("heading", { name: "添加远程教育站点", level: 1 })).toBeVisible();
  await page.getByLabel("站点所属党组织").selectOption({ label: "杨庄村党支部" });
  await page.getByRole("button", { name: "选定" }).press("Enter");
  await expect(page.getByText("所属党组织：杨庄村党支部")).toBeVisible();
  await page.getByLabel("站点编号").fill("yangzhuang-station");
  await page.getByLabel("站点名称").fill("杨庄村远程教育站点");
  await page.getByLabel("所在行政村").fill("杨庄村");
  await page.getByLabel("设备").fill("电视机");
  await page.getByRole("button", { name: "添加站点" }).press("Enter");
  await expect(page.getByRole("status")).toContainText("站点已添加。");
  await page.goto("/org/stations");
  await expect(page.getByTestId("station-yangzhuang-station")).toContainText("杨庄村党支部");

  // The same number again is refused on its field.
  await page.goto("/org/stations/new");
  await page.getByLabel("站点编号").fill("yangzhuang-station");
  await page.getByLabel("站点名称").fill("另一个站点");
  await page.getByRole("button", { name: "添加站点" }).click();
  await expect(page.getByRole("alert")).toContainText("站点编号“yangzhuang-station”已经有站点在用了");
});

test("a learner finds the lesson with Uyghur subtitles in the catalog, and the printed catalog lists it", async ({ page }) => {
  await signIn(page, "xueyuan");
  await page.goto("/courses");
  await page.getByLabel("语言").selectOption({ label: "维吾尔语" });
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/language=ug/);
  await expect(page.getByRole("link", { name: "第一课 入党申请与入党积极分子的确定和培养" })).toBeVisible();
  await expect(page.getByRole("link", { name: /第二课/ })).toHaveCount(0);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("printed-catalog")).toContainText("第一课 入党申请与入党积极分子的确定和培养");
  await expect(page.getByTestId("printed-catalog").locator("tbody tr")).toHaveCount(1);
});
