// 讨论发言: a post is stored as its author typed it (Markdown; plain text is
// valid Markdown) and rendered here, on the server, into a small safe subset of
// HTML. Two layers: Markdown never passes raw HTML through (it is shown as the
// text the learner typed), and the result is then filtered by an allowlist, so
// a gap in the first layer still cannot bring a script, a style, an event
// handler, an image or a javascript:/data: link onto a classmate's page.
import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

const LINK_REL = "nofollow noopener noreferrer";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const markdown = new Marked({
  async: false,
  gfm: true,
  // A learner writing plain text expects a line break to stay a line break.
  breaks: true,
  renderer: {
    // Raw HTML in the source is not markup here: show it as the text it is.
    html(token: Tokens.HTML | Tokens.Tag) {
      return "block" in token && token.block ? `<p>${escapeHtml(token.text.trim())}</p>\n` : escapeHtml(token.text);
    },
    // No images in posts (tracking pixels, huge files on a village connection): keep the description.
    image({ text }: Tokens.Image) {
      return escapeHtml(text);
    },
    // A heading inside a post is only emphasis.
    heading({ tokens }: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
  },
});

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr"],
  allowedAttributes: { a: ["href", "rel"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Anything else is dropped, and the content of these with it (not shown as text).
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "svg", "math", "template", "object", "embed"],
  transformTags: {
    // Whatever rel the source had, links always carry ours.
    a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: LINK_REL } }),
  },
};

/** The allowlist alone: whatever HTML comes in, only the tags and links above come out. */
export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, ALLOWED).trim();
}

/** The safe HTML of a post's Markdown source. */
export function renderPostMarkdown(source: string): string {
  return sanitizePostHtml(markdown.parse(source, { async: false }));
}
