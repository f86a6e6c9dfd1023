import { describe, expect, it } from "vitest";
import {
  catalogChoices,
  durationBand,
  effectiveFacets,
  searchCatalog,
  visibleTo,
  type CatalogLesson,
  type CatalogQuery,
} from "./catalog.ts";

describe("durationBand", () => {
  it.each([
    [60, "SHORT"],
    [15 * 60, "SHORT"],
    [15 * 60 + 1, "MEDIUM"],
    [45 * 60, "MEDIUM"],
    [45 * 60 + 1, "LONG"],
  ] as const)("%i s → %s", (seconds, band) => {
    expect(durationBand(seconds)).toBe(band);
  });
});

describe("effectiveFacets: the lesson's own, else its course's", () => {
  const course = { category: "THEORY" as const, audience: ["党员"] };
  it.each([
    { lesson: { category: null, audience: null }, expected: { category: "THEORY", audience: ["党员"] } },
    { lesson: { category: "AGRICULTURE" as const, audience: null }, expected: { category: "AGRICULTURE", audience: ["党员"] } },
    { lesson: { category: null, audience: ["农民"] }, expected: { category: "THEORY", audience: ["农民"] } },
    // An empty list is the lesson's own answer ("for everyone"), not "ask the course".
    { lesson: { category: null, audience: [] }, expected: { category: "THEORY", audience: [] } },
  ])("$lesson", ({ lesson, expected }) => {
    expect(effectiveFacets(course, lesson)).toEqual(expected);
  });
});

const lesson = (title: string, overrides: Partial<CatalogLesson> = {}): CatalogLesson => ({
  title,
  text: "",
  category: "THEORY",
  audience: ["入党积极分子"],
  languages: ["zh-CN"],
  durationSeconds: 600,
  ...overrides,
});

const courses = [
  {
    title: "党章基础知识",
    summary: "党员的义务和权利",
    lessons: [
      lesson("第一课 党员的义务", { text: "党员必须履行八项义务" }),
      lesson("第二课 民主集中制", { languages: ["zh-CN", "ug"], durationSeconds: 1800 }),
    ],
  },
  {
    title: "科学种田",
    summary: "农业技术",
    lessons: [lesson("玉米密植", { category: "AGRICULTURE", audience: ["农村党员", "群众"], durationSeconds: 3600 })],
  },
];

describe("searchCatalog: courses with their matching lessons only", () => {
  it.each<{ name: string; query: CatalogQuery; expected: string[][] }>([
    { name: "no filter: everything", query: {}, expected: [["第一课 党员的义务", "第二课 民主集中制"], ["玉米密植"]] },
    { name: "a word of a lesson's title", query: { text: "民主" }, expected: [["第二课 民主集中制"]] },
    { name: "a word of a lesson's text", query: { text: "八项" }, expected: [["第一课 党员的义务"]] },
    { name: "a word of the course's summary finds its lessons", query: { text: "农业" }, expected: [["玉米密植"]] },
    { name: "every word must be found", query: { text: "党章 八项" }, expected: [["第一课 党员的义务"]] },
    { name: "a word nowhere", query: { text: "党章 玉米" }, expected: [] },
    { name: "category", query: { category: "AGRICULTURE" }, expected: [["玉米密植"]] },
    { name: "audience", query: { audience: "群众" }, expected: [["玉米密植"]] },
    { name: "a subtitle language", query: { language: "ug" }, expected: [["第二课 民主集中制"]] },
    {
      name: "a language without region finds its regional tags",
      query: { language: "zh" },
      expected: [["第一课 党员的义务", "第二课 民主集中制"], ["玉米密植"]],
    },
    { name: "a region finds only itself", query: { language: "zh-TW" }, expected: [] },
    { name: "duration", query: { duration: "MEDIUM" }, expected: [["第二课 民主集中制"]] },
    { name: "filters together", query: { category: "THEORY", duration: "LONG" }, expected: [] },
  ])("$name", ({ query, expected }) => {
    expect(searchCatalog(courses, query).map((course) => course.lessons.map((found) => found.title))).toEqual(expected);
  });
});

describe("catalogChoices: what the filters offer", () => {
  it("lists the categories in the library's order and the audiences and languages present", () => {
    expect(catalogChoices(courses)).toEqual({
      categories: ["THEORY", "AGRICULTURE"],
      audiences: ["农村党员", "群众", "入党积极分子"].sort((a, b) => a.localeCompare(b, "zh-CN")),
      languages: ["ug", "zh-CN"],
    });
  });
});

describe("visibleTo: sharing by the owner organization's place in the tree", () => {
  // 县 /c/ → 河西乡 /c/h/ → 河西村 /c/h/v/; 城关镇 /c/g/.
  const county = "/c/";
  const township = "/c/h/";
  const village = "/c/h/v/";
  const otherTownship = "/c/g/";
  it.each<{ name: string; ownerPath: string | null; sharing: string; viewer: string[]; expected: boolean }>([
    { name: "the central library: everyone", ownerPath: null, sharing: "OWN", viewer: [otherTownship], expected: true },
    { name: "the central library: even a viewer of no organization", ownerPath: null, sharing: "ALL", viewer: [], expected: true },
    { name: "ALL: another township", ownerPath: township, sharing: "ALL", viewer: [otherTownship], expected: true },
    { name: "ALL: a viewer of no organization", ownerPath: township, sharing: "ALL", viewer: [], expected: true },
    { name: "SUBTREE: the owner itself", ownerPath: township, sharing: "SUBTREE", viewer: [township], expected: true },
    { name: "SUBTREE: a village below", ownerPath: township, sharing: "SUBTREE", viewer: [village], expected: true },
    { name: "SUBTREE: not the county above", ownerPath: township, sharing: "SUBTREE", viewer: [county], expected: false },
    { name: "SUBTREE: not a sibling township", ownerPath: township, sharing: "SUBTREE", viewer: [otherTownship], expected: false },
    // "/c/h/" must not match "/c/hx/": paths end with a slash.
    { name: "SUBTREE: not a township whose id begins alike", ownerPath: township, sharing: "SUBTREE", viewer: ["/c/hx/"], expected: false },
    { name: "OWN: the owner's member", ownerPath: township, sharing: "OWN", viewer: [township], expected: true },
    { name: "OWN: not a village below", ownerPath: township, sharing: "OWN", viewer: [village], expected: false },
    { name: "OWN: not the county above", ownerPath: township, sharing: "OWN", viewer: [county], expected: false },
    {
      name: "OWN: staff there besides a home elsewhere",
      ownerPath: township,
      sharing: "OWN",
      viewer: [otherTownship, township],
      expected: true,
    },
    { name: "an unknown setting counts as OWN", ownerPath: township, sharing: "NOPE", viewer: [village], expected: false },
  ])("$name", ({ ownerPath, sharing, viewer, expected }) => {
    expect(visibleTo({ ownerPath, sharing }, viewer)).toBe(expected);
  });
});
