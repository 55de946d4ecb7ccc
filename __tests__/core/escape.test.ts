import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import {
  escapeHtml,
  escapeMarkdownInline,
  fenceFor,
  mermaidLabel,
  plainText,
} from '../../src/core/escape.js';

const hostile = [
  '<img src=x onerror=alert(1)>',
  '| pipes | in | a | name |',
  '`code` and ``more``',
  '@octocat and #123 and GH-7',
  '**bold** _em_ [link](http://evil.example) ![i](x.png)',
  'https://evil.example/path www.evil.example',
  '<script>alert(1)</script> &amp; &lt;',
  '# heading\n- item\n> quote',
  '\x1b[31mred\x1b[0m \u202etxt.exe',
];

const cell = (s: string) => {
  // One row of a two-column table: the cell must stay one cell.
  const html = marked.parse(`| a | b |\n|---|---|\n| ${escapeMarkdownInline(s)} | end |\n`, {
    async: false,
  });
  return html;
};

describe('escapeMarkdownInline', () => {
  it.each(hostile)('%j renders as its own text, no markup', (s) => {
    const html = cell(s);
    expect(html).not.toMatch(/<(img|script|a|em|strong|code|h1|ul|blockquote)\b/);
    // Still exactly two cells in the body row.
    const body = html.slice(html.indexOf('<tbody>'));
    expect(body.match(/<td>/g)).toHaveLength(2);
    expect(body).toContain('<td>end</td>');
  });

  it('keeps the visible text (entities decode back to it)', () => {
    const html = cell('<img src=x onerror=alert(1)> | a');
    const text = html
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(text).toContain('<img src=x onerror=alert(1)> | a');
  });

  it('splits @mentions and #refs so GitHub cannot link them', () => {
    const s = escapeMarkdownInline('@octocat fixed #123');
    expect(s).not.toMatch(/@octocat/);
    expect(s).not.toMatch(/#123/);
    expect(s.replace(/<!-- -->/g, '').replace(/\\/g, '')).toBe('@octocat fixed #123');
  });

  it('makes multi-line text one line and cuts long text', () => {
    expect(escapeMarkdownInline('a\nb')).not.toContain('\n');
    expect(escapeMarkdownInline('x'.repeat(500), 100).length).toBeLessThan(110);
  });
});

describe('other contexts', () => {
  it('escapeHtml leaves no tag and no terminal escape', () => {
    expect(escapeHtml('<b>"x"</b>\x1b[2J')).toBe('&lt;b&gt;&quot;x&quot;&lt;/b&gt;[2J');
  });
  it('plainText drops control sequences but keeps tabs and newlines', () => {
    expect(plainText('a\tb\n\x1b]0;title\x07c\r\n')).toBe('a\tb\n]0;titlec\n');
  });
  it('mermaidLabel cannot close a statement or open a directive', () => {
    const l = mermaidLabel('x" : 1\n%%{init: {"theme":"dark"}}%%\nclick a call alert()');
    expect(l).not.toMatch(/["%:\n{}();]/);
  });
  it('fenceFor picks a fence longer than any backtick run', () => {
    expect(fenceFor('a ``` b')).toBe('````');
    expect(fenceFor('plain')).toBe('```');
  });
});
