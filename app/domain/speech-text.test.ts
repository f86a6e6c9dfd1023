import { describe, expect, it } from "vitest";
import {
  chunkText,
  MAX_CHUNK_CHARS,
  normalizeSpeechText,
  pickChineseVoice,
  preparationSpeechParts,
  speechChunks,
  type VoiceInfo,
} from "./speech-text.ts";

describe("normalizeSpeechText", () => {
  it.each([
    ["line breaks and runs of spaces fold", "第一段\n\n  第二段", "第一段第二段"],
    ["spaces beside Chinese are layout", "入党 申请 书", "入党申请书"],
    ["spaces between Latin words stay", "Party  member\ttraining", "Party member training"],
    ["a number beside Chinese joins", "第 1 课", "第1课"],
    ["only whitespace", " \n\t ", ""],
  ])("%s", (_name, input, expected) => {
    expect(normalizeSpeechText(input)).toBe(expected);
  });
});

describe("chunkText", () => {
  const long = "党".repeat(300);
  it.each([
    { name: "empty text: nothing to say", text: "", max: 120, expected: [] },
    { name: "short sentences are read together", text: "第一句。第二句！第三句？", max: 120, expected: ["第一句。第二句！第三句？"] },
    {
      name: "sentences are never cut when they fit",
      text: "甲乙丙丁。戊己庚辛。壬癸。",
      max: 10,
      expected: ["甲乙丙丁。戊己庚辛。", "壬癸。"],
    },
    {
      name: "a closing quote stays with its sentence",
      text: "他说：“我愿意。”然后坐下。",
      max: 9,
      expected: ["他说：“我愿意。”", "然后坐下。"],
    },
    {
      name: "a long sentence is cut at commas",
      text: "一二三四五，六七八九十，甲乙丙丁戊。",
      max: 12,
      expected: ["一二三四五，六七八九十，", "甲乙丙丁戊。"],
    },
    {
      name: "a sentence without any mark is cut by length",
      text: long,
      max: 120,
      expected: ["党".repeat(120), "党".repeat(120), "党".repeat(60)],
    },
    { name: "a Latin full stop before a space ends a sentence", text: "One. Two.", max: 5, expected: ["One.", "Two."] },
    { name: "a decimal point does not", text: "本课1.5学时。", max: 120, expected: ["本课1.5学时。"] },
  ])("$name", ({ text, max, expected }) => {
    expect(chunkText(text, max)).toEqual(expected);
  });

  it("no piece of a real guide is longer than the limit, and nothing is lost", () => {
    const guide = "入党申请人应当向党组织提交入党申请书，说明自己对党的认识、入党动机、本人履历以及今后努力方向。".repeat(12);
    const chunks = chunkText(guide);
    for (const chunk of chunks) expect([...chunk].length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    expect(chunks.join("")).toBe(guide);
  });
});

describe("preparationSpeechParts + speechChunks", () => {
  const labels = { guide: "学习指导", thinking: "思考题", question: (number: number) => `第${number}题：` };

  it.each([
    {
      name: "the guide first, then each thinking question in order, numbered",
      guideText: "本课学习入党的程序。",
      thinking: ["为什么要写入党申请书？", "申请人要做哪些准备？"],
      expected: ["学习指导", "本课学习入党的程序。", "思考题", "第1题：为什么要写入党申请书？", "第2题：申请人要做哪些准备？"],
    },
    {
      name: "no thinking questions: only the guide",
      guideText: "只有指导。",
      thinking: [],
      expected: ["学习指导", "只有指导。"],
    },
    {
      name: "an empty guide is skipped with its heading; blank questions are dropped",
      guideText: "  ",
      thinking: ["", "唯一的问题？"],
      expected: ["思考题", "第1题：唯一的问题？"],
    },
  ])("$name", ({ guideText, thinking, expected }) => {
    expect(speechChunks(preparationSpeechParts({ guideText, thinking, labels }))).toEqual(expected);
  });
});

describe("pickChineseVoice", () => {
  const voice = (lang: string, name: string, extra: Partial<VoiceInfo> = {}): VoiceInfo => ({
    lang,
    name,
    localService: true,
    default: false,
    ...extra,
  });
  it.each([
    { name: "no voices at all: the default voice", voices: [], expected: null },
    { name: "no Chinese voice: the default voice", voices: [voice("en-US", "English"), voice("de-DE", "Deutsch")], expected: null },
    {
      name: "zh-CN over other Chinese",
      voices: [voice("zh-TW", "Taiwan"), voice("zh-CN", "Mainland"), voice("en-US", "English")],
      expected: "Mainland",
    },
    {
      name: "Android's zh_CN counts as zh-CN",
      voices: [voice("zh_HK", "Hong Kong"), voice("zh_CN", "Android Mandarin")],
      expected: "Android Mandarin",
    },
    { name: "cmn-Hans-CN counts as zh-CN", voices: [voice("zh-HK", "Hong Kong"), voice("cmn-Hans-CN", "Mandarin")], expected: "Mandarin" },
    {
      name: "an on-device zh-CN voice over a network one",
      voices: [voice("zh-CN", "Online", { localService: false }), voice("zh-CN", "Local")],
      expected: "Local",
    },
    {
      name: "any Chinese voice when there is no zh-CN",
      voices: [voice("en-GB", "English"), voice("zh-HK", "Hong Kong")],
      expected: "Hong Kong",
    },
    { name: "'zhx' is not Chinese", voices: [voice("zhx", "Not Chinese")], expected: null },
  ])("$name", ({ voices, expected }) => {
    expect(pickChineseVoice(voices)?.name ?? null).toBe(expected);
  });
});
