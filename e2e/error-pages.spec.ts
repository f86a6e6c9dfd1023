// A page that is not there, or not his to see, answers inside the site's layout:
// the header and its navigation stay, the message is in the reader's language.
// JavaScript off: the server's own HTML must already hold all of it, and a
// refused form says why without any script.
import { expect, test } from "./helpers.ts";
import { SAMPLE_PASSWORD } from "../prisma/sample-data.ts";

test.use({ javaScriptEnabled: false });

async function signInWithoutScript(page: import("@playwright/test").Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("手机号或用户名").fill(username);
  await page.getByLabel("密码").fill(SAMPLE_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "课程目录" })).toBeVisible();
}

test("a lesson that does not exist: 404 inside the layout, with the navigation", async ({ page }) => {
  await signInWithoutScript(page, "xueyuan");
  const response = await page.goto("/courses/dangzhang-jichu/no-such-lesson");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toHaveText("页面不存在");
  const navigation = page.getByRole("navigation", { name: "main" });
  await expect(navigation.getByRole("link", { name: "课程", exact: true })).toBeVisible();
  await expect(navigation.getByRole("button", { name: "退出登录" })).toBeVisible();
});

test("a page for staff, opened by a learner: 403 inside the layout, with the navigation", async ({ page }) => {
  await signInWithoutScript(page, "xueyuan");
  for (const path of ["/org/reviews", "/org/discussions", "/org/learners"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("alert")).toHaveText("您没有权限查看此页面");
    await expect(page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "课程", exact: true })).toBeVisible();
  }
});

test("a certificate for a year that is not a year: 400 inside the layout, with the navigation", async ({ page }) => {
  await signInWithoutScript(page, "xueyuan");
  const response = await page.goto("/me/certificate?year=abc");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText("请求的内容有误，请返回上一页重试。");
  await expect(page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "我的学时", exact: true })).toBeVisible();
});

test("a refused sign-in says why without JavaScript, under the form, with status 400", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("手机号或用户名").fill("13800000004");
  await page.getByLabel("密码").fill("wrong-password");
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === "POST"),
    page.getByRole("button", { name: "登录" }).click(),
  ]);
  expect(response.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText("手机号/用户名或密码不正确");
  await expect(page.getByLabel("手机号或用户名")).toHaveValue("13800000004");
});
