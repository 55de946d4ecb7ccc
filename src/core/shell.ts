// Quoting for a POSIX shell, in one place: the guest's init and test
// runners, the reproduce command a maintainer pastes, and the summary's
// command lines all go through here.

/** Always single-quoted: safe inside any generated script. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Quoted only when the shell would otherwise change it: for lines people read and paste. */
export const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : shellQuote(s));

export const shellLine = (words: readonly string[]): string => words.map(shellWord).join(' ');
