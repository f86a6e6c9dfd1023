// YAML with its line numbers kept, so every problem can point at the line the
// author has to fix, even when the YAML is only part of a file (front matter).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { bilingual, type ContentProblem, type FieldPath, type LineLocator } from "./problems.ts";

export type YamlSource = { ok: true; data: unknown; lineOf: LineLocator } | { ok: false; problems: ContentProblem[] };

interface Ranged {
  range?: readonly [number, number, number] | null;
}

/**
 * @param firstLine the line of `file` on which `text` starts (2 for front
 *   matter that follows an opening `---`).
 */
export function readYaml(file: string, text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors would append a code frame to the message; the line is reported separately.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toFileLine = (offset: number) => Math.max(lineCounter.linePos(offset).line, 1) + firstLine - 1;

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file,
        line: toFileLine(error.pos[0]),
        field: "",
        message: bilingual(
          `YAML 格式错误：${YAML_HINTS[error.code] ?? DEFAULT_YAML_HINT}`,
          `malformed YAML: ${firstSentence(error.message)}`,
        ),
      })),
    };
  }

  const lineOfNode = (node: unknown): number | undefined => {
    const range = (node as Ranged | null | undefined)?.range;
    return range ? toFileLine(range[0]) : undefined;
  };

  const lineOf: LineLocator = (path: FieldPath) => {
    let current: unknown = doc.contents;
    let line = lineOfNode(current) ?? firstLine;
    for (const segment of path) {
      if (isMap(current)) {
        const pair = current.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        // A key's line reads best for block values that start on the next line.
        line = lineOfNode(pair.key) ?? lineOfNode(pair.value) ?? line;
        current = pair.value;
      } else if (isSeq(current) && typeof segment === "number") {
        const item: unknown = current.items[segment];
        if (item === undefined) break;
        line = lineOfNode(item) ?? line;
        current = item;
      } else {
        break;
      }
    }
    return line;
  };

  return { ok: true, data: doc.toJS({ maxAliasCount: 100 }), lineOf };
}

// Chinese hints for the mistakes authors make most; yaml's own text follows in English.
const YAML_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: "缩进不能用制表符，请用空格",
  DUPLICATE_KEY: "同一字段写了两次",
  MISSING_CHAR: "缺少配对的引号或括号",
  MULTIPLE_DOCS: "只能有一个 YAML 文档",
};
const DEFAULT_YAML_HINT = "请检查这一行及上一行的缩进、冒号和引号";

function firstSentence(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
