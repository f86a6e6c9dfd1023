// Progressive enhancement: a learner on a phone with JavaScript off (or not yet
// loaded) can still sign in and take the first ring of a lesson.
import { SAMPLE_PASSWORD } from "../prisma/sample-data.ts";
import { expect, test } from "./helpers.ts";

test.use({ javaScriptEnabled: false });

test("sign-in and the preparation ring work without JavaScript", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("手机号或用户名").fill("13800000004");
  await page.getByLabel("密码").fill(SAMPLE_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "课程目录" })).toBeVisible();

  await page.goto("/courses/dangzhang-jichu/minzhu-jizhongzhi");
  await page.getByRole("button", { name: "我已阅读学习指导和思考题" }).click();
  await expect(page.getByRole("heading", { name: /1\. 备课/ })).toContainText("已完成");

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByText("您已退出登录")).toBeVisible();
});
