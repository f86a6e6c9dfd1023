import { describe, expect, it } from "vitest";
import { errorMessage, fieldErrorsFrom, readErrorMessage, type ProblemParams } from "./problems.ts";

describe("error messages that carry their parameters", () => {
  const cases: { key: string; params: ProblemParams | undefined; text: string }[] = [
    { key: "reports.errors.too-short", params: undefined, text: "reports.errors.too-short" },
    { key: "reports.errors.too-short", params: {}, text: "reports.errors.too-short" },
    { key: "development.problems.votes", params: { yes: 13, present: 12 }, text: 'development.problems.votes|{"yes":13,"present":12}' },
    { key: "x.y", params: { name: "第一党支部|河西" }, text: 'x.y|{"name":"第一党支部|河西"}' },
  ];
  for (const { key, params, text } of cases) {
    it(`${text} round-trips`, () => {
      expect(errorMessage(key, params)).toBe(text);
      expect(readErrorMessage(text)).toEqual({ key, params: params ?? {} });
    });
  }

  it("reads a message whose parameters are damaged as a bare key", () => {
    expect(readErrorMessage("a.b|{not json")).toEqual({ key: "a.b|{not json", params: {} });
  });

  it("groups domain problems by field, and puts field-less ones on the form", () => {
    const problems = [
      { field: "yes", code: "more-yes-than-present", params: { yes: 13, present: 12 } },
      { field: "yes", code: "negative" },
      { field: "", code: "stage-skipped" },
    ];
    expect(fieldErrorsFrom(problems, "development.problems")).toEqual({
      yes: ['development.problems.more-yes-than-present|{"yes":13,"present":12}', "development.problems.negative"],
      "": ["development.problems.stage-skipped"],
    });
    expect(Object.keys(fieldErrorsFrom(problems, "p", (field) => `record.${field}`))).toEqual(["record.yes", ""]);
  });
});
