// Text from tests and the console goes into markdown that GitHub renders as
// HTML, into mermaid source and into terminals. Each context has its own
// escaping; none of that text may become markup, a mention, a link or a
// terminal control sequence.

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** C0/C1 controls except tab and newline; ESC sequences repaint terminals. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Bidi overrides and zero-widths can make a name read as something else. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function stripControls(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(INVISIBLE, '');
}

/** For text inside raw HTML elements such as <pre> and <summary>. */
export function escapeHtml(s: string): string {
  return stripControls(s).replace(/[&<>"]/g, (c) => HTML[c]!);
}

// GitHub links `@user`, `#123`, `org/repo#1` and `GH-1` in text nodes after
// rendering, so entities do not help: an empty HTML comment splits the text
// node and the link filter no longer sees the pattern.
const BREAK = '<!-- -->';

function breakReferences(s: string): string {
  return s
    .replace(/@(?=[A-Za-z0-9])/g, `@${BREAK}`)
    .replace(/#(?=[0-9A-Za-z])/g, `#${BREAK}`)
    .replace(/\b(GH)(\\?)-(?=\d)/gi, `$1$2-${BREAK}`);
}

/**
 * One line of untrusted text as inline markdown (also safe in a table cell):
 * no HTML, no emphasis, no code spans, no autolinks, no mentions, no pipes.
 */
export function escapeMarkdownInline(s: string, maxLength = 0): string {
  let text = stripControls(s).replace(/\s*\n\s*/g, ' ⏎ ');
  if (maxLength > 0 && text.length > maxLength) text = `${text.slice(0, maxLength - 1)}…`;
  const escaped = text
    .replace(/[&<>"]/g, (c) => HTML[c]!)
    // CommonMark lets any ASCII punctuation be backslash-escaped; the
    // entities just produced must keep their '&' and ';'.
    .replace(/(&(?:amp|lt|gt|quot);)|[\\`*_[\]{}()#+\-.!|~:^$=]/g, (m, entity?: string) =>
      entity ? entity : `\\${m}`,
    );
  return breakReferences(escaped);
}

/** Untrusted text for a <pre> block: HTML-escaped, references broken. */
export function escapePre(s: string): string {
  return escapeHtml(s);
}

/** Mermaid labels: keep a plain, quote-free subset so no statement or directive can be formed. */
export function mermaidLabel(s: string, maxLength = 60): string {
  let t = stripControls(s)
    .replace(/[^A-Za-z0-9 _./+-]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1)}…`;
  return t || '_';
}

/** Terminal: no control sequences from the guest, ever. */
export function plainText(s: string): string {
  return stripControls(s);
}

/**
 * Text for a terminal or a `run:` step's log, where the Actions runner takes
 * any line starting with "::" (or the legacy "##[") after blanks as a
 * workflow command: such a line gets a "| " in front and prints as text.
 * Whatever we print from the CLI goes through this; we never mean a command there.
 */
export function neutraliseCommands(text: string): string {
  return text.replace(/^([^\S\n]*)(::|##\[)/gm, '$1| $2');
}

/** Longest run of backticks, to pick a fence that content cannot close. */
export function fenceFor(s: string): string {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}
