// What an author sees when a content file is wrong: file, line, field and
// what was expected, in Chinese first with the English in parentheses.
import type { z } from "zod";

/** One thing wrong in the content tree. `line` is 1-based in `file`. */
export interface ContentProblem {
  file: string;
  line: number;
  /** Dotted path such as `quiz[2].answer`; empty when the problem is the file as a whole. */
  field: string;
  message: string;
}

export type FieldPath = ReadonlyArray<string | number>;

/** Finds the source line of a field, falling back to its nearest existing parent. */
export type LineLocator = (path: FieldPath) => number;

/** A parsed file, with a way back to its lines for checks made later. */
export type ParsedFile<T> = { ok: true; value: T; lineOf: LineLocator } | { ok: false; problems: ContentProblem[] };

/** `file:line field: message`, the shape editors and terminals turn into links. */
export function formatProblem(problem: ContentProblem): string {
  const where = `${problem.file}:${problem.line}`;
  return problem.field ? `${where} ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
}

export function formatFieldPath(path: FieldPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/** Stable order for reports: by file, then line, then field. */
export function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.field.localeCompare(b.field));
}

/** Both languages in one message: `中文 (English)`. */
export function bilingual(zh: string, en: string): string {
  return `${zh} (${en})`;
}

/** Quotes a value the author wrote, so blanks and look-alike text stay visible. */
export function quote(value: unknown): string {
  return `“${typeof value === "string" ? value : JSON.stringify(value)}”`;
}

const TYPE_NAMES: Record<string, [zh: string, en: string]> = {
  string: ["文本", "text"],
  number: ["数字", "a number"],
  integer: ["整数", "an integer"],
  float: ["小数", "a decimal number"],
  nan: ["非数字", "not a number"],
  boolean: ["true 或 false", "true or false"],
  array: ["列表", "a list"],
  object: ["键值映射", "a mapping of key: value"],
  null: ["空值", "an empty value"],
  undefined: ["空值", "nothing"],
  date: ["日期", "a date"],
};

function typeName(type: string): [string, string] {
  return TYPE_NAMES[type] ?? [type, type];
}

/** The schemas' own messages are bilingual; Zod's defaults are English only. */
function isOwnMessage(message: string): boolean {
  return /[\u4e00-\u9fff]/.test(message);
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * Turns Zod's issues into problems with lines. Constraint messages
 * (ranges, patterns, cross-field rules) are written bilingual in the schemas;
 * the structural ones (wrong type, unknown field, unknown variant) are
 * phrased here because Zod only knows them in English.
 */
export function problemsFromZod(file: string, error: z.ZodError, data: unknown, lineOf: LineLocator): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path;
    const at = (p: FieldPath, message: string) => problems.push({ file, line: lineOf(p), field: formatFieldPath(p), message });

    switch (issue.code) {
      case "invalid_type": {
        if (issue.received !== "undefined" && isOwnMessage(issue.message)) {
          // The schema said what this field expects (a range, a list of answers…).
          at(path, issue.message);
        } else if (issue.received === "undefined") {
          const [zh, en] = typeName(issue.expected);
          at(path, bilingual(`缺少必填字段，应为${zh}`, `required field is missing; expected ${en}`));
        } else {
          const [ezh, een] = typeName(issue.expected);
          const [rzh, ren] = typeName(issue.received);
          at(path, bilingual(`应为${ezh}，实际为${rzh}`, `expected ${een}, got ${ren}`));
        }
        break;
      }
      case "unrecognized_keys": {
        // The schema's strict() message carries the allowed field names.
        for (const key of issue.keys) {
          at([...path, key], bilingual(`未知字段${quote(key)}，允许的字段：${issue.message}`, `unknown field; allowed: ${issue.message}`));
        }
        break;
      }
      case "invalid_union_discriminator": {
        const value = valueAt(data, path);
        const options = issue.options.map(String).join(", ");
        at(
          path,
          value === undefined
            ? bilingual(`缺少题型，应为 ${options} 之一`, `question type is missing; expected one of ${options}`)
            : bilingual(`未知题型${quote(value)}，应为 ${options} 之一`, `unknown question type; expected one of ${options}`),
        );
        break;
      }
      case "invalid_literal":
        at(path, bilingual(`应为 ${quote(issue.expected)}`, `expected ${JSON.stringify(issue.expected)}`));
        break;
      default:
        at(path, issue.message);
    }
  }
  return problems;
}
