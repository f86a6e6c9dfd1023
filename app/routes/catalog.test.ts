// The catalog (中心片库) on a real database, from the sample content: search by
// words, filters by category, language and length; a value the address gets
// wrong is ignored, not an error page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let cookie: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  await loadSampleData();
  cookie = await sessionCookieFor("xueyuan");
});

afterAll(async () => app?.cleanup());

type Catalog = {
  courses: { title: string; lessons: { title: string; category: string; languages: string[]; department: string }[] }[];
  choices: { categories: string[]; languages: string[] };
  languageNames: Record<string, string>;
};

async function catalog(search = ""): Promise<Catalog> {
  const route = await import("./courses+/_index.tsx");
  const answer = await callRoute(route.loader, routeRequest(`/courses${search}`, { cookie }));
  expect(answer.status).toBe(200);
  return answer.body as Catalog;
}

const titles = (found: Catalog) => found.courses.flatMap((course) => course.lessons.map((lesson) => lesson.title));

describe("the catalog", () => {
  it("lists every sample lesson with its facets, and offers the languages present by name", async () => {
    const all = await catalog();
    expect(titles(all)).toHaveLength(6);
    const first = all.courses.flatMap((course) => course.lessons).find((lesson) => lesson.title.startsWith("第一课 入党申请"))!;
    expect(first).toMatchObject({ category: "THEORY", department: "县委组织部" });
    expect(first.languages).toEqual(expect.arrayContaining(["zh-CN", "ug"]));
    expect(all.choices.languages).toEqual(expect.arrayContaining(["zh-CN", "ug"]));
    expect(all.languageNames.ug).toBe("维吾尔语");
  });

  it.each([
    { search: "?language=ug", expected: ["第一课 入党申请与入党积极分子的确定和培养"] },
    { search: "?text=民主集中制", expected: ["第二课 党的组织制度——民主集中制"] },
    { search: "?text=没有这个词", expected: [] },
    {
      search: "?audience=党员",
      expected: ["第一课 党员的义务和权利", "第二课 党的组织制度——民主集中制", "放映片 党员的义务和权利（观片讨论，不设测试）"],
    },
    { search: "?category=LAW", expected: [] },
    { search: "?duration=LONG", expected: [] },
  ])("$search", async ({ search, expected }) => {
    expect(titles(await catalog(search))).toEqual(expected);
  });

  it("ignores a category or length it does not know, and shows everything", async () => {
    expect(titles(await catalog("?category=NOPE&duration=FOREVER"))).toHaveLength(6);
  });
});
