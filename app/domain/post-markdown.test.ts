import { describe, expect, it } from "vitest";
import sanitizeHtml from "sanitize-html";
import { renderPostMarkdown, sanitizePostHtml } from "./post-markdown.ts";

/** Every element of an HTML fragment with its attributes, as a browser's parser would see them. */
function elementsOf(html: string): { tag: string; attribs: Record<string, string> }[] {
  const found: { tag: string; attribs: Record<string, string> }[] = [];
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: {
      "*": (tagName, attribs) => {
        found.push({ tag: tagName.toLowerCase(), attribs: { ...attribs } });
        return { tagName, attribs };
      },
    },
  });
  return found;
}

const SAFE_TAGS = new Set(["p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr"]);

/** Nothing in the output that could run, load or restyle anything. */
function assertInert(html: string) {
  for (const { tag, attribs } of elementsOf(html)) {
    expect(SAFE_TAGS.has(tag), `element <${tag}> in ${html}`).toBe(true);
    for (const name of Object.keys(attribs)) expect(["href", "rel", "start"], `attribute ${name} in ${html}`).toContain(name);
    if (tag === "a") {
      if (attribs.href !== undefined) expect(attribs.href).toMatch(/^(https?:\/\/|mailto:)/);
      expect(attribs.rel).toBe("nofollow noopener noreferrer");
    }
  }
}

describe("Markdown becomes a small set of safe HTML", () => {
  const cases: { name: string; source: string; html: string }[] = [
    { name: "plain text is a paragraph", source: "我认为要多学习。", html: "<p>我认为要多学习。</p>" },
    { name: "a line break stays a line break", source: "第一行\n第二行", html: "<p>第一行<br />第二行</p>" },
    { name: "emphasis", source: "**重点** 和 *强调* ~~删去~~", html: "<p><strong>重点</strong> 和 <em>强调</em> <del>删去</del></p>" },
    { name: "lists", source: "- 甲\n- 乙", html: "<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>" },
    { name: "numbered lists", source: "1. 一\n2. 二", html: "<ol>\n<li>一</li>\n<li>二</li>\n</ol>" },
    { name: "quotes", source: "> 党章原文", html: "<blockquote>\n<p>党章原文</p>\n</blockquote>" },
    { name: "inline code", source: "`代码`", html: "<p><code>代码</code></p>" },
    { name: "a heading is only emphasis", source: "# 标题", html: "<p><strong>标题</strong></p>" },
    {
      name: "an https link gets rel",
      source: "[党章](https://example.org/a)",
      html: '<p><a href="https://example.org/a" rel="nofollow noopener noreferrer">党章</a></p>',
    },
    {
      name: "a mailto link",
      source: "[写信](mailto:a@example.org)",
      html: '<p><a href="mailto:a@example.org" rel="nofollow noopener noreferrer">写信</a></p>',
    },
    { name: "an image keeps only its description", source: "![照片](https://example.org/a.png)", html: "<p>照片</p>" },
  ];
  it.each(cases)("$name", ({ source, html }) => {
    expect(renderPostMarkdown(source)).toBe(html);
  });
});

describe("no script runs: XSS vectors in the Markdown source", () => {
  const vectors: { name: string; source: string; keepsText?: string }[] = [
    { name: "a script tag", source: "<script>alert(1)</script>", keepsText: "alert(1)" },
    { name: "a script tag inside a paragraph", source: "你好 <script>alert(1)</script> 再见" },
    { name: "img onerror", source: '<img src="x" onerror="alert(1)">' },
    { name: "img onerror without quotes", source: "<img src=x onerror=alert(1)//>" },
    { name: "a javascript: link", source: "[点我](javascript:alert(1))", keepsText: "点我" },
    { name: "a JavaScript: link in capitals with spaces", source: "[点我]( JaVaScRiPt:alert(1))" },
    { name: "a data: link", source: "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)" },
    { name: "a vbscript: link", source: "[点我](vbscript:msgbox(1))" },
    { name: "a javascript: autolink", source: "<javascript:alert(1)>" },
    { name: "javascript: written with a decimal entity", source: "[x](&#106;avascript:alert(1))" },
    { name: "javascript: written with a hex entity", source: "[x](&#x6A;avascript:alert(1))" },
    { name: "javascript: broken by an encoded tab", source: "[x](jav&#x09;ascript:alert(1))" },
    { name: "javascript: broken by a newline entity", source: "[x](java&#10;script:alert(1))" },
    { name: "a protocol-relative link", source: "[x](//evil.example/a)" },
    { name: "a reference-style javascript: link", source: "[x][1]\n\n[1]: javascript:alert(1)" },
    { name: "HTML inside a link's text", source: "[<img src=x onerror=alert(1)>](https://example.org)" },
    { name: "a link title breaking out of the attribute", source: '[x](https://example.org "a\\" onmouseover=\\"alert(1)")' },
    { name: "an image with a javascript: source", source: "![x](javascript:alert(1))" },
    { name: "an image with an onerror in its title", source: '![x](https://example.org/a.png "x\\" onerror=\\"alert(1)")' },
    { name: "svg onload", source: "<svg onload=alert(1)><circle r=5 /></svg>" },
    { name: "svg with a script inside", source: "<svg><script>alert(1)</script></svg>" },
    { name: "an iframe", source: '<iframe src="javascript:alert(1)"></iframe>' },
    { name: "an iframe with srcdoc", source: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
    { name: "a style tag", source: "<style>body{display:none}</style>" },
    { name: "a style attribute", source: '<p style="position:fixed;top:0">x</p>' },
    { name: "an event handler on an allowed tag", source: "<strong onmouseover=alert(1)>x</strong>" },
    { name: "a raw anchor with javascript:", source: '<a href="javascript:alert(1)">x</a>' },
    { name: "an object", source: '<object data="javascript:alert(1)"></object>' },
    { name: "a form with formaction", source: '<form><button formaction="javascript:alert(1)">x</button></form>' },
    { name: "a meta refresh", source: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
    { name: "entity-encoded tags stay text", source: "&lt;script&gt;alert(1)&lt;/script&gt;", keepsText: "&lt;script&gt;" },
    { name: "a tag split by a comment", source: "<scr<!-- -->ipt>alert(1)</script>" },
    { name: "a code block with HTML", source: "```\n<script>alert(1)</script>\n```", keepsText: "&lt;script&gt;" },
    { name: "a nested quote with HTML", source: "> > <img src=x onerror=alert(1)>" },
    { name: "a list item with a handler", source: "- <a href=x onclick=alert(1)>x</a>" },
  ];
  it.each(vectors)("$name", ({ source, keepsText }) => {
    const html = renderPostMarkdown(source);
    assertInert(html);
    if (keepsText) expect(html).toContain(keepsText);
  });

  it("the learner's raw HTML is shown as the text he typed", () => {
    expect(renderPostMarkdown("<b>加粗</b>")).toBe("<p>&lt;b&gt;加粗&lt;/b&gt;</p>");
  });
});

describe("the allowlist alone, should Markdown ever pass HTML through", () => {
  const cases: { name: string; html: string; expected: string }[] = [
    { name: "script removed with its content", html: "<p>a<script>alert(1)</script>b</p>", expected: "<p>ab</p>" },
    { name: "img removed", html: '<p><img src="x" onerror="alert(1)">a</p>', expected: "<p>a</p>" },
    { name: "svg removed with its content", html: "<svg><script>alert(1)</script><text>t</text></svg>ok", expected: "ok" },
    { name: "iframe removed", html: '<iframe src="https://example.org"></iframe>ok', expected: "ok" },
    { name: "style removed with its content", html: "<style>*{color:red}</style>ok", expected: "ok" },
    { name: "handlers and styles stripped", html: '<p onclick="alert(1)" style="color:red">x</p>', expected: "<p>x</p>" },
    {
      name: "javascript: href dropped, rel forced",
      html: '<a href="javascript:alert(1)" rel="opener">x</a>',
      expected: '<a rel="nofollow noopener noreferrer">x</a>',
    },
    {
      name: "entity-encoded javascript: dropped",
      html: '<a href="&#106;avascript:alert(1)">x</a>',
      expected: '<a rel="nofollow noopener noreferrer">x</a>',
    },
    {
      name: "data: href dropped",
      html: '<a href="data:text/html,<script>alert(1)</script>">x</a>',
      expected: '<a rel="nofollow noopener noreferrer">x</a>',
    },
    {
      name: "target dropped",
      html: '<a href="https://example.org" target="_blank">x</a>',
      expected: '<a href="https://example.org" rel="nofollow noopener noreferrer">x</a>',
    },
    { name: "unknown tags unwrapped", html: "<div><span>x</span></div>", expected: "x" },
  ];
  it.each(cases)("$name", ({ html, expected }) => {
    expect(sanitizePostHtml(html)).toBe(expected);
    assertInert(sanitizePostHtml(html));
  });
});

describe("the inertness check itself", () => {
  it.each([
    '<img src="x" onerror="alert(1)">',
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)" rel="nofollow noopener noreferrer">x</a>',
    '<p onclick="x">y</p>',
  ])("catches %s", (html) => {
    expect(() => assertInert(html)).toThrow();
  });
});
