// gcc/clang diagnostics in a build log → annotations on the source line.
// Everything is counted; only the first few of each level become
// annotations (GitHub shows 10 errors + 10 warnings per step anyway), and
// the same diagnostic from a header included a hundred times counts once.
import { isAbsolute, posix } from 'node:path';
import type { Annotation } from '../annotations.js';

export interface Diagnostic {
  level: 'error' | 'warning';
  /** Relative to the source tree when it is in it, else as the compiler printed it. */
  file: string;
  line: number;
  col?: number;
  message: string;
  /** -Wfoo, when the compiler names the flag. */
  flag?: string;
}

// file:line[:col]: [fatal ]error|warning: message [-Wflag]
const DIAG =
  /^((?:[A-Za-z]:)?[^\s:][^:]*):(\d+):(?:(\d+):)?\s+(fatal error|error|warning):\s+(.*?)(?:\s+\[(-W[^\]]+)\])?\s*$/;

export interface PathContext {
  /** Absolute source tree path. */
  sourceDir: string;
  /** Absolute dir the compiler ran in (Kbuild: the O= dir). */
  buildDir: string;
}

export function parseDiagnostic(line: string, ctx: PathContext): Diagnostic | undefined {
  const m = DIAG.exec(line);
  if (!m) return undefined;
  const [, path, ln, col, level, message, flag] = m;
  const abs = isAbsolute(path!) ? posix.normalize(path!) : posix.join(ctx.buildDir, path!);
  const rel = posix.relative(ctx.sourceDir, abs);
  const file = rel.startsWith('..') || isAbsolute(rel) ? path! : rel;
  return {
    level: level === 'warning' ? 'warning' : 'error',
    file,
    line: Number(ln),
    ...(col ? { col: Number(col) } : {}),
    message: message!,
    ...(flag ? { flag } : {}),
  };
}

export interface DiagnosticCounts {
  errors: number;
  warnings: number;
}

export class DiagnosticCollector {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly ctx: PathContext) {}

  /** Feeds one log line; returns the diagnostic when it is a new one. */
  add(line: string): Diagnostic | undefined {
    const d = parseDiagnostic(line, this.ctx);
    if (!d) return undefined;
    const key = `${d.level}\0${d.file}\0${d.line}\0${d.col ?? ''}\0${d.message}`;
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    this.diagnostics.push(d);
    return d;
  }

  get counts(): DiagnosticCounts {
    let errors = 0;
    for (const d of this.diagnostics) if (d.level === 'error') errors++;
    return { errors, warnings: this.diagnostics.length - errors };
  }

  /** Up to `limit` annotations per level, errors first. */
  annotations(limit = 10): Annotation[] {
    return toAnnotations(this.diagnostics, limit);
  }
}

export function toAnnotations(diags: readonly Diagnostic[], limit = 10): Annotation[] {
  const pick = (level: Diagnostic['level']) =>
    diags
      .filter((d) => d.level === level)
      .slice(0, limit)
      .map((d): Annotation => ({
        level: d.level,
        title: d.flag ? `compiler ${d.level} ${d.flag}` : `compiler ${d.level}`,
        message: d.message,
        file: d.file,
        line: d.line,
        ...(d.col ? { col: d.col } : {}),
      }));
  return [...pick('error'), ...pick('warning')];
}

/** One line for the log/summary: how many, and how many were not annotated. */
export function describeCounts(c: DiagnosticCounts, limit = 10): string {
  const hidden = Math.max(0, c.errors - limit) + Math.max(0, c.warnings - limit);
  return `${c.errors} compiler error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}${hidden ? ` (${hidden} not annotated, see build.log)` : ''}`;
}
