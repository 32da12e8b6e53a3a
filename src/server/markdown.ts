// Completions and study texts are untrusted markdown. markdown-it with `html: false` turns raw HTML
// into text; sanitize-html then whitelists the tags markdown can produce, as defence in depth.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

function alignToClass(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const align = /text-align:\s*(left|right|center)/.exec(attribs.style ?? '')?.[1];
  return { tagName, attribs: align ? { class: `align-${align}` } : {} };
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    ol: ['start'],
    code: ['class'],
    th: ['class'],
    td: ['class'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/], th: ['align-left', 'align-center', 'align-right'], td: ['align-left', 'align-center', 'align-right'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // markdown-it marks table alignment with inline styles, which our CSP forbids: use classes.
    th: alignToClass,
    td: alignToClass,
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

/** Study texts are fixed while a server runs, and the same completion is shown to many raters. */
const MAX_REMEMBERED = 5_000;
const remembered = new Map<string, string>();

/** Safe HTML for an untrusted markdown text (rendered once per distinct text). */
export function renderMarkdown(text: string): string {
  let html = remembered.get(text);
  if (html === undefined) {
    html = sanitizeHtml(markdown.render(text), SANITIZE);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(text, html);
  }
  return html;
}
