import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { parse } from "yaml";
import { SAMPLE_PASSWORD } from "../prisma/sample-data.ts";

/** mux-player asks Google for its Cast script; offline, answer with an empty one. */
export async function blockCastScript(page: Page) {
  await page.route("https://www.gstatic.com/**", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
}

export async function submitLogin(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("手机号或用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/** Signs in and waits until the site has taken him past the login page. */
export async function signIn(page: Page, username: string) {
  await submitLogin(page, username, SAMPLE_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

type QuizQuestion = { id: string; type: string; prompt: string; answer: unknown };

/** The lesson file as an author wrote it: the test answers from it, as a diligent learner would. */
export function readLessonFile(course: string, file: string): { slug: string; quiz: QuizQuestion[]; discussion: { minLength?: number } } {
  const text = fs.readFileSync(path.join("content/courses", course, "lessons", file), "utf8");
  const frontMatter = text.split(/^---$/m)[1] ?? "";
  return parse(frontMatter) as { slug: string; quiz: QuizQuestion[]; discussion: { minLength?: number } };
}

/** Starts playback the way a person would tap play, once the media is ready. */
export async function playLessonVideo(page: Page) {
  const player = page.getByTestId("lesson-player");
  await expect(player).toBeVisible();
  await page.waitForFunction(() => {
    const element = document.querySelector("mux-player") as (HTMLMediaElement & { readyState: number }) | null;
    return element !== null && element.readyState >= 1;
  });
  await page.evaluate(async () => {
    const element = document.querySelector("mux-player") as HTMLMediaElement;
    element.muted = true;
    await element.play();
  });
}
