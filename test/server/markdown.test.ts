import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/server/markdown.ts';

describe('completion markdown', () => {
  it('is sanitised the first time and every later (remembered) time', () => {
    const text = 'Hi <script>alert(1)</script> **bold**\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n[x](javascript:alert(1))';
    for (let i = 0; i < 3; i++) {
      const html = renderMarkdown(text);
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;');
      expect(html).toContain('<strong>bold</strong>');
      expect(html).toContain('class="align-center"');
      expect(html).not.toContain('style=');
      expect(html).not.toMatch(/href="javascript/i);
    }
    expect(renderMarkdown('*other*')).toBe('<p><em>other</em></p>\n');
  });
});
