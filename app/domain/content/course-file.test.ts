import { describe, expect, it } from "vitest";
import { parseCourseFile } from "./course-file.ts";
import { formatProblem } from "./problems.ts";

const FILE = "content/courses/fazhan-dangyuan/course.yaml";

const VALID = `slug: fazhan-dangyuan
title: 发展党员工作程序
summary: 课程简介
audience: [入党积极分子, 发展对象]
order: 1
`;

describe("parseCourseFile", () => {
  it("parses a valid course", () => {
    const result = parseCourseFile(FILE, VALID);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value).toEqual({
      slug: "fazhan-dangyuan",
      title: "发展党员工作程序",
      summary: "课程简介",
      audience: ["入党积极分子", "发展对象"],
      category: "THEORY",
      department: "",
      sharing: "ALL",
      order: 1,
    });
  });

  it("applies the defaults for audience, category, department and order", () => {
    const result = parseCourseFile(FILE, "slug: fazhan-dangyuan\ntitle: 标题\nsummary: 简介\n");
    expect(result.ok && result.value).toMatchObject({ audience: [], category: "THEORY", department: "", order: 0 });
  });

  it("reads the film library's category and the department it came from", () => {
    const result = parseCourseFile(FILE, `${VALID}category: LAW\ndepartment: 县司法局\n`);
    expect(result.ok && result.value).toMatchObject({ category: "LAW", department: "县司法局" });
  });

  it("refuses a category outside the library's list, naming the allowed ones", () => {
    const result = parseCourseFile(FILE, `${VALID}category: 法律\n`);
    expect(result.ok).toBe(false);
    const problem = !result.ok ? result.problems[0] : undefined;
    expect(problem).toMatchObject({ field: "category", line: 6 });
    expect(problem?.message).toContain("THEORY、PARTY_HISTORY、LAW、DISCIPLINE、AGRICULTURE、CULTURE、OTHER");
  });

  it("reads the owner organization's code and its sharing", () => {
    const result = parseCourseFile(FILE, `${VALID}owner: hexi\nsharing: SUBTREE\n`);
    expect(result.ok && result.value).toMatchObject({ owner: "hexi", sharing: "SUBTREE" });
  });

  it.each([
    { name: "a sharing outside OWN, SUBTREE, ALL", text: `${VALID}sharing: 全县\n`, field: "sharing", says: "SUBTREE" },
    { name: "an owner that is no organization code", text: `${VALID}owner: 河西乡\n`, field: "owner", says: "hexi-cun" },
  ])("refuses $name, naming the field and line", ({ text, field, says }) => {
    const result = parseCourseFile(FILE, text);
    const problem = !result.ok ? result.problems[0] : undefined;
    expect(problem).toMatchObject({ file: FILE, field, line: 6 });
    expect(problem?.message).toContain(says);
  });

  it("reads a class-hours rule, longest step first", () => {
    const result = parseCourseFile(FILE, `${VALID}classHoursRule: "0=0.5, 45=1；20=0.75"\n`);
    expect(result.ok && result.value.classHoursRule).toEqual([
      { fromMinutes: 45, classHours: 1 },
      { fromMinutes: 20, classHours: 0.75 },
      { fromMinutes: 0, classHours: 0.5 },
    ]);
  });

  it.each([
    {
      name: "class-hours rule without a 0-minute step",
      text: `${VALID}classHoursRule: "30=1"\n`,
      expected: { line: 6, field: "classHoursRule" },
      message: "需要一条 0=学时",
    },
    {
      name: "class-hours rule with a malformed step, named by its position",
      text: `${VALID}classHoursRule: "30=1, 15分钟=0.5, 0=0.25"\n`,
      expected: { line: 6, field: "classHoursRule" },
      message: "第 2 条 (step 2): “15分钟=0.5” 应写成 分钟=学时",
    },
    {
      name: "class-hours rule where a longer video earns less",
      text: `${VALID}classHoursRule: "30=0.5, 0=1"\n`,
      expected: { line: 6, field: "classHoursRule" },
      message: "30 分钟的学时少于 0 分钟的",
    },
    {
      name: "class-hours rule that is not text",
      text: `${VALID}classHoursRule: 30\n`,
      expected: { line: 6, field: "classHoursRule" },
      message: "应为文本，实际为数字 (expected text, got a number)",
    },
    {
      name: "slug different from the folder name",
      text: VALID.replace("slug: fazhan-dangyuan", "slug: dangyuan-fazhan"),
      expected: { line: 1, field: "slug" },
      message: "“dangyuan-fazhan”与课程文件夹名“fazhan-dangyuan”不一致 (slug must equal the course folder name",
    },
    {
      name: "slug with capitals",
      text: VALID.replace("slug: fazhan-dangyuan", "slug: Fazhan"),
      expected: { line: 1, field: "slug" },
      message: "expected lowercase letters",
    },
    {
      name: "missing title",
      text: VALID.replace("title: 发展党员工作程序\n", ""),
      expected: { line: 1, field: "title" },
      message: "缺少必填字段，应为文本 (required field is missing; expected text)",
    },
    {
      name: "empty summary",
      text: VALID.replace("summary: 课程简介", 'summary: "  "'),
      expected: { line: 3, field: "summary" },
      message: "不能为空 (must not be empty)",
    },
    {
      name: "audience that is not a list",
      text: VALID.replace("audience: [入党积极分子, 发展对象]", "audience: 入党积极分子"),
      expected: { line: 4, field: "audience" },
      message: "应为列表，实际为文本 (expected a list, got text)",
    },
    {
      name: "order that is not an integer",
      text: VALID.replace("order: 1", "order: 1.5"),
      expected: { line: 5, field: "order" },
      message: "expected an integer from 0 to 9999",
    },
    {
      name: "unknown field",
      text: `${VALID}summery: 错拼\n`,
      expected: { line: 6, field: "summery" },
      message: "allowed: slug, title, summary, audience, category, department, owner, sharing, order, classHoursRule",
    },
    {
      name: "malformed YAML",
      text: VALID.replace("audience: [入党积极分子, 发展对象]", "audience: [入党积极分子, 发展对象"),
      expected: { field: "" },
      message: "YAML 格式错误",
    },
    {
      name: "empty file",
      text: "",
      expected: { line: 1, field: "" },
      message: "expected a mapping of key: value",
    },
  ])("$name", ({ text, expected, message }) => {
    const result = parseCourseFile(FILE, text);
    const problems = result.ok ? [] : result.problems;
    const match = problems.find((p) => p.field === expected.field && p.message.includes(message));
    expect(match, `got:\n${problems.map(formatProblem).join("\n")}`).toBeDefined();
    expect(match).toMatchObject({ file: FILE, ...expected });
  });
});
