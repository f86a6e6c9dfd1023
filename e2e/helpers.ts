import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Page, type Request } from "@playwright/test";
import { parse } from "yaml";
import { SAMPLE_PASSWORD } from "../prisma/sample-data.ts";

export { expect };

/** What every page must pass: WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Finding = { url: string; rule: string; impact: string; help: string; targets: string[] };

/** A navigation of the page itself (a document load, a form post) or one of Remix's data requests for the next route. */
function leavesThePage(request: Request) {
  if (request.isNavigationRequest()) return true;
  const url = new URL(request.url());
  return url.searchParams.has("_data") || url.pathname.endsWith(".data");
}

/** Whether the page runs scripts: with JavaScript off, timers never fire (nor does axe-core, which needs them). */
async function runsScripts(page: Page) {
  const probe = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0)));
  return Promise.race([probe, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
}

/** Rejects when `work` has not finished in `ms`: no wait of the checks may outlast the test (Playwright waits for a fixture's teardown without end). */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms)),
  );
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Until the page's DOM has been still for a moment (or a few seconds have passed): what the learner sees, not a half-rendered route. */
async function settle(page: Page, scripts: boolean) {
  await page.waitForLoadState("load", { timeout: 15_000 });
  if (!scripts) return;
  const quiet = page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let quiet: ReturnType<typeof setTimeout>;
        const observer = new MutationObserver(() => {
          clearTimeout(quiet);
          quiet = setTimeout(done, 200);
        });
        const cap = setTimeout(done, 3000);
        function done() {
          observer.disconnect();
          clearTimeout(cap);
          resolve();
        }
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        quiet = setTimeout(done, 200);
      }),
  );
  await within(10_000, `waiting for ${page.url()} to settle`, quiet);
}

/**
 * Checks every page a test shows with axe-core: after each navigation of every
 * page of every browser context (links, form posts, Remix's client-side
 * transitions, reloads, second tabs), and once more at the end for the pages
 * still open. While a page is being checked, whatever would take it away (a
 * navigation, a form post, a Remix data request) waits, so no page is left
 * before it has been checked.
 */
class AccessibilityChecks {
  readonly findings: Finding[] = [];
  readonly checked: string[] = [];
  /** Checks that could not run: a failure too, never a silent pass. */
  readonly errors: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly pages = new Set<Page>();
  private readonly scripts = new Map<BrowserContext, Promise<boolean>>();
  private inspector: Promise<BrowserContext> | null = null;
  private finished = false;

  constructor(private readonly browser: Browser) {}

  watchContext(context: BrowserContext, scripts?: boolean) {
    if (scripts !== undefined) this.scripts.set(context, Promise.resolve(scripts));
    for (const page of context.pages()) this.watchPage(page);
    context.on("page", (page) => this.watchPage(page));
  }

  private watchPage(page: Page) {
    if (this.pages.has(page)) return;
    this.pages.add(page);
    let hold: Promise<void> | null = null;
    let again = false;
    let loop: Promise<void> | null = null;
    void page.route("**/*", async (route) => {
      // Capped, so that a check that cannot finish while a navigation waits never stalls the test for long.
      if (hold && leavesThePage(route.request())) await Promise.race([hold, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await route.fallback().catch(() => undefined);
    });
    // The test's own navigations wait for the check of the page they leave (Playwright's evaluate would wait for them).
    for (const name of ["goto", "reload", "goBack", "goForward"] as const) {
      const original = page[name].bind(page) as (...args: unknown[]) => Promise<unknown>;
      (page as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        while (loop) await loop.catch(() => undefined);
        return original(...args);
      };
    }
    const schedule = () => {
      // A closed page is never checked again. Without this, a round that ends because its page closed
      // would schedule the next at once, for ever, in microtasks only: no timer (not even the test's
      // timeout) would fire again, and the run would hang.
      if (this.finished || page.isClosed()) return;
      again = true;
      if (loop) return;
      const round = (async () => {
        while (again && !page.isClosed()) {
          again = false;
          let release = () => {};
          hold = new Promise<void>((resolve) => (release = resolve));
          try {
            await settle(page, await this.runsScripts(page));
            if (again) continue;
            await this.check(page);
          } catch (error) {
            // A page closed by the test, or a navigation the test started before the page had settled: the next round checks where it went.
            if (!page.isClosed() && !again && !/closed|destroyed|navigat/i.test(String(error))) throw error;
          } finally {
            hold = null;
            release();
          }
        }
      })();
      loop = round;
      this.running.add(round);
      void round
        .finally(() => {
          loop = null;
          this.running.delete(round);
          if (again) schedule();
        })
        .catch(() => undefined);
    };
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith("http")) schedule();
    });
  }

  private runsScripts(page: Page) {
    const context = page.context();
    if (!this.scripts.has(context)) this.scripts.set(context, runsScripts(page));
    return this.scripts.get(context)!;
  }

  /**
   * axe-core needs scripts. A page shown with JavaScript off is checked as a
   * copy: its DOM as it stands (scripts removed, so nothing hydrates), served
   * at the same address to a page that runs scripts, with the same viewport.
   */
  private async inspect(page: Page) {
    this.inspector ??= this.browser
      .newContext({ locale: "zh-CN", javaScriptEnabled: true })
      .then((context) => (this.inspectorContext = context));
    const inspector = await (await this.inspector).newPage();
    try {
      const url = page.url();
      const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/<link[^>]*rel="modulepreload"[^>]*>/gi, "");
      await inspector.setViewportSize(page.viewportSize() ?? { width: 412, height: 839 });
      await inspector.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
      await inspector.goto(url);
      return await new AxeBuilder({ page: inspector }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
    } finally {
      await inspector.close();
    }
  }

  private async check(page: Page) {
    const url = page.url();
    const analysis = (await this.runsScripts(page))
      ? new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze()
      : this.inspect(page);
    const results = await within(30_000, `the accessibility check of ${url}`, analysis);
    this.checked.push(url);
    for (const violation of results.violations) {
      this.findings.push({
        url: new URL(url).pathname + new URL(url).search,
        rule: violation.id,
        impact: violation.impact ?? "",
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(" >>> ")),
      });
    }
  }

  /** Waits for the checks under way, checks the pages still open as they are now, and returns the findings. */
  async finish() {
    this.finished = true;
    const underWay = (async () => {
      while (this.running.size > 0) await Promise.all([...this.running]).catch((error: unknown) => this.errors.push(String(error)));
    })();
    await within(60_000, "the accessibility checks under way", underWay).catch((error: unknown) => this.errors.push(String(error)));
    for (const page of this.pages) {
      if (page.isClosed() || !page.url().startsWith("http")) continue;
      await settle(page, await this.runsScripts(page)).catch(() => undefined);
      await this.check(page).catch((error: unknown) => {
        if (!page.isClosed()) throw error;
      });
    }
    if (this.inspector)
      await within(
        15_000,
        "closing the inspector's browser context",
        this.inspector.then((context) => context.close()),
      );
    return this.findings;
  }

  isInspector(context: BrowserContext) {
    return this.inspector !== null && (this.inspectorContext === null || this.inspectorContext === context);
  }

  inspectorContext: BrowserContext | null = null;
}

/** One line per rule and page, with the elements concerned. */
export function describeFindings(findings: Finding[]) {
  const seen = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.url} ${finding.rule}`;
    const earlier = seen.get(key);
    if (earlier) earlier.targets = [...new Set([...earlier.targets, ...finding.targets])];
    else seen.set(key, { ...finding, targets: [...finding.targets] });
  }
  return [...seen.values()]
    .map(
      (finding) =>
        `${finding.url}: ${finding.rule} (${finding.impact}) ${finding.help}\n${finding.targets.map((target) => `    ${target}`).join("\n")}`,
    )
    .join("\n");
}

/**
 * The end-to-end tests' `test`: every page a test visits, in any browser
 * context it opens, must pass axe-core's WCAG 2 A/AA rules.
 */
export const test = base.extend<{ accessibilityChecks: void }>({
  accessibilityChecks: [
    async ({ browser, context, javaScriptEnabled }, use, testInfo) => {
      const checks = new AccessibilityChecks(browser);
      checks.watchContext(context, javaScriptEnabled !== false);
      const onContext = (created: BrowserContext) => {
        if (!checks.isInspector(created)) checks.watchContext(created);
      };
      browser.on("context", onContext);
      await use();
      browser.off("context", onContext);
      const findings = await checks.finish();
      await testInfo.attach("accessibility-checked-pages", { body: checks.checked.join("\n"), contentType: "text/plain" });
      expect(checks.errors, "accessibility checks that could not run").toEqual([]);
      expect(findings.length, `accessibility (axe-core, WCAG 2 A/AA) violations:\n${describeFindings(findings)}`).toBe(0);
    },
    { auto: true },
  ],
});

/** Every spec takes `test` from here, or its pages would go unchecked. */
for (const file of fs.readdirSync("e2e").filter((name) => name.endsWith(".spec.ts"))) {
  const source = fs.readFileSync(path.join("e2e", file), "utf8");
  if (/import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*"@playwright\/test"/.test(source)) {
    throw new Error(
      `e2e/${file} imports test from @playwright/test: import it from ./helpers.ts, so that every page it visits is checked for accessibility`,
    );
  }
}

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
