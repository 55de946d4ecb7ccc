import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);

// src/core/escape.ts
var HTML = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;"
};
var CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
var INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
function stripControls(s) {
  return s.replace(/\r\n?/g, "\n").replace(CONTROLS, "").replace(INVISIBLE, "");
}
function escapeHtml(s) {
  return stripControls(s).replace(/[&<>"]/g, (c) => HTML[c]);
}
var BREAK = "<!-- -->";
function breakReferences(s) {
  return s.replace(/@(?=[A-Za-z0-9])/g, `@${BREAK}`).replace(/#(?=[0-9A-Za-z])/g, `#${BREAK}`).replace(/\b(GH)(\\?)-(?=\d)/gi, `$1$2-${BREAK}`);
}
function escapeMarkdownInline(s, maxLength = 0) {
  let text = stripControls(s).replace(/\s*\n\s*/g, " \u23CE ");
  if (maxLength > 0 && text.length > maxLength) text = `${text.slice(0, maxLength - 1)}\u2026`;
  const escaped = text.replace(/[&<>"]/g, (c) => HTML[c]).replace(
    /(&(?:amp|lt|gt|quot);)|[\\`*_[\]{}()#+\-.!|~:^$=]/g,
    (m, entity) => entity ? entity : `\\${m}`
  );
  return breakReferences(escaped);
}
function escapePre(s) {
  return escapeHtml(s);
}
function mermaidLabel(s, maxLength = 60) {
  let t = stripControls(s).replace(/[^A-Za-z0-9 _./+-]/g, "_").replace(/\s+/g, " ").trim();
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1)}\u2026`;
  return t || "_";
}
function plainText(s) {
  return stripControls(s);
}
function neutraliseCommands(text) {
  return text.replace(/^([^\S\n]*)(::|##\[)/gm, "$1| $2");
}
function fenceFor(s) {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

export {
  escapeHtml,
  escapeMarkdownInline,
  escapePre,
  mermaidLabel,
  plainText,
  neutraliseCommands,
  fenceFor
};
