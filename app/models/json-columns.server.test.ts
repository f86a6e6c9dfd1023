// The lesson's JSON columns are read through their schemas: what the importer
// writes comes back typed, and a row that holds something else fails loudly,
// naming the table, the row, the column and what was expected.
import { describe, expect, it } from "vitest";
import {
  decodeDrawnItems,
  decodeIntervals,
  decodeOptions,
  decodeResponse,
  decodeSubtitles,
  decodeThinking,
} from "./json-columns.server.ts";

describe("decoding the JSON columns of a lesson", () => {
  it("reads what the importer writes", () => {
    expect(decodeThinking("l1", JSON.stringify(["为什么？", "怎么做？"]))).toEqual(["为什么？", "怎么做？"]);
    expect(decodeSubtitles("l1", JSON.stringify([{ lang: "zh-CN", label: "中文", file: "a/b.vtt" }]))).toEqual([
      { lang: "zh-CN", label: "中文", file: "a/b.vtt" },
    ]);
    expect(decodeSubtitles("l1", "[]")).toEqual([]);
    expect(decodeOptions("q1", JSON.stringify(["甲", "乙"]))).toEqual(["甲", "乙"]);
    expect(decodeDrawnItems("d1", JSON.stringify([{ questionId: "q1", options: ["乙", "甲"] }]))).toEqual([
      { questionId: "q1", options: ["乙", "甲"] },
    ]);
    expect(decodeResponse("a1", "null")).toBeNull();
    expect(decodeResponse("a1", JSON.stringify(["甲"]))).toEqual(["甲"]);
    expect(decodeIntervals("w1", "[[0,12.5],[20,30]]")).toEqual([
      [0, 12.5],
      [20, 30],
    ]);
  });

  it.each([
    {
      name: "not JSON",
      run: () => decodeThinking("lesson-7", "[oops"),
      message: "Lesson lesson-7: thinkingJson is not JSON (expected a list of texts)",
    },
    {
      name: "not a list",
      run: () => decodeThinking("lesson-7", '{"a":1}'),
      message: "Lesson lesson-7: thinkingJson should be a list of texts",
    },
    {
      name: "a subtitle without its file",
      run: () => decodeSubtitles("lesson-7", '[{"lang":"ug","label":"ئۇيغۇرچە"}]'),
      message: "Lesson lesson-7: subtitlesJson should be a list of { lang, label, file } (at 0.file",
    },
    {
      name: "an option that is not a text",
      run: () => decodeOptions("question-3", "[1, 2]"),
      message: "Question question-3: optionsJson should be a list of texts (at 0:",
    },
    {
      name: "a drawn item without its question",
      run: () => decodeDrawnItems("draw-9", '[{"options":[]}]'),
      message: "QuizDraw draw-9: itemsJson should be a list of { questionId, options } (at 0.questionId",
    },
    {
      name: "a response that is a number",
      run: () => decodeResponse("answer-2", "42"),
      message: "QuizAnswer answer-2: responseJson should be a text, a list of texts or null",
    },
    {
      name: "an interval without its end",
      run: () => decodeIntervals("watch-4", "[[0]]"),
      message: "WatchProgress watch-4: intervalsJson should be a list of [start, end] pairs of seconds (at 0",
    },
  ])("$name fails with a clear message", ({ run, message }) => {
    expect(run).toThrow(message);
  });
});
