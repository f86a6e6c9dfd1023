// A county builds its tree and roster in the browser (issue #12): the county
// admin sets up 东风镇党委 and under it 东风村党支部, uploads a 50-row workbook
// for the new branch with three bad rows and imports the good ones, downloads
// the refused rows, mends them in the file and uploads it again; then opens an
// account for one of the imported people, who signs in with his one-time
// password and sets his own. (Five wrong passwords locking an account is
// accounts.spec.ts.) The new township keeps every other spec's people and
// counts untouched.
import ExcelJS from "exceljs";
import { HEADINGS, rosterPerson, rosterXlsx } from "../tests/helpers/roster-rows.ts";
import { expect, submitLogin, signIn, test } from "./helpers.ts";

const TOWNSHIP = "东风镇党委";
const BRANCH = "东风村党支部";
const BAD_ROWS: Record<number, Record<string, string>> = {
  12: { 出生日期: "2025-02-30" },
  20: { 性别: "男的" },
  33: { 手机号: "1370000" },
};
const column = (heading: (typeof HEADINGS)[number]) => HEADINGS.indexOf(heading);
const HIS_OWN = "东风村 春耕 2027";

test("the county admin builds a township and a branch, imports its roster, and a person from it signs in", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "xianwei");

  await admin.goto("/org/organizations");
  await admin.getByRole("link", { name: "新建党组织", exact: true }).click();
  await admin.getByLabel("名称").fill(TOWNSHIP);
  await admin.getByLabel("类别").selectOption({ label: "乡镇党委" });
  await admin.getByRole("button", { name: "建立" }).click();
  await expect(admin.getByText("党组织已建立。")).toBeVisible();
  await expect(admin.getByRole("heading", { name: TOWNSHIP })).toBeVisible();
  await admin.getByRole("link", { name: "新建下级党组织" }).click();
  await expect(admin.getByText(`上级党组织：${TOWNSHIP}`)).toBeVisible();
  await admin.getByLabel("名称").fill(BRANCH);
  await admin.getByLabel("类别").selectOption({ label: "党支部" });
  await admin.getByRole("button", { name: "建立" }).click();
  await expect(admin.getByRole("heading", { name: BRANCH })).toBeVisible();

  // Rows 2…51: people 1…50 of the new branch, three of them wrong.
  const rows = Array.from({ length: 50 }, (_, index) =>
    rosterPerson(index + 1, { 所在党组织: `${TOWNSHIP}/${BRANCH}`, ...BAD_ROWS[index + 2] }),
  );
  await admin.goto("/org/people/import");
  await admin.getByLabel("选择文件").setInputFiles({ name: "东风村名册.xlsx", mimeType: XLSX, buffer: await rosterXlsx(rows) });
  await admin.getByLabel("导入没有错误的行").check();
  await admin.getByRole("button", { name: "上传并导入" }).click();
  await expect(admin.getByRole("heading", { name: "导入结果" })).toBeVisible();
  await expect(admin.getByText("共 50 行：新增 47 人，更新 0 人，0 人无变化，3 行有错误未导入。")).toBeVisible();
  await expect(admin.getByText(/第 12 行 出生日期：“2025-02-30”不是一个存在的日期/)).toBeVisible();
  await expect(admin.getByText(/第 20 行 性别：“男的”不对/)).toBeVisible();
  await expect(admin.getByText(/第 33 行 手机号：/)).toBeVisible();

  const downloading = admin.waitForEvent("download");
  await admin.getByRole("link", { name: /下载有错误的行/ }).click();
  const download = await downloading;
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(1).getCell(HEADINGS.length + 1).text).toBe("问题");
  expect([2, 3, 4].map((row) => sheet.getRow(row).getCell(1).text)).toEqual(["导入11号", "导入19号", "导入32号"]);
  // The secretary mends the three cells, leaves the 问题 column as it is, and uploads the same file.
  sheet.getRow(2).getCell(column("出生日期") + 1).value = rosterPerson(11)[column("出生日期")];
  sheet.getRow(3).getCell(column("性别") + 1).value = "男";
  sheet.getRow(4).getCell(column("手机号") + 1).value = rosterPerson(32)[column("手机号")];
  const mended = Buffer.from(await book.xlsx.writeBuffer());

  await admin.goto("/org/people/import");
  await admin.getByLabel("选择文件").setInputFiles({ name: "改好的.xlsx", mimeType: XLSX, buffer: mended });
  await admin.getByLabel("只要有一行有错误").check();
  await admin.getByRole("button", { name: "上传并导入" }).click();
  await expect(admin.getByText("共 3 行：新增 3 人，更新 0 人，0 人无变化，0 行有错误未导入。")).toBeVisible();

  // One of them is to sign in: his account, and its one-time password shown once.
  await admin.goto(`/org/people?q=${encodeURIComponent("导入19号")}`);
  await admin.getByRole("link", { name: "导入19号" }).click();
  await expect(admin.getByText(BRANCH).first()).toBeVisible();
  await admin.getByRole("link", { name: "开通账号" }).click();
  const username = await admin.getByLabel("登录名").inputValue();
  await admin.getByRole("button", { name: "开通账号" }).click();
  const oneTime = (await admin.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(oneTime).toMatch(/^[a-z2-9]{10}$/);
  await adminContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await submitLogin(page, username, oneTime);
  await page.waitForURL("**/me/password");
  await page.getByLabel("一次性密码").fill(oneTime);
  await page.getByLabel("新密码", { exact: true }).fill(HIS_OWN);
  await page.getByLabel("再输入一遍新密码").fill(HIS_OWN);
  await page.getByRole("button", { name: "保存新密码" }).click();
  await expect(page.getByText("新密码已保存")).toBeVisible();
  await page.getByRole("button", { name: "退出登录" }).click();
  await submitLogin(page, username, HIS_OWN);
  await expect(page.getByRole("heading", { name: "课程目录" })).toBeVisible();
  await context.close();
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
