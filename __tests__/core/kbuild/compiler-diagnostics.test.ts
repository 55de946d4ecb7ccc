import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DiagnosticCollector,
  describeCounts,
  parseDiagnostic,
  toAnnotations,
} from '../../../src/core/kbuild/compiler-diagnostics.js';

// Real gcc 12 (Debian 12) output, compiled from an O=-style build dir
// (/tmp/diag/obj) against a tree at /tmp/diag/src, with relative and
// absolute paths, a header warning, -Werror promotion and a fatal error.
const log = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'build', 'gcc-12-diagnostics.log'),
  'utf8',
).split('\n');
const ctx = { sourceDir: '/tmp/diag/src', buildDir: '/tmp/diag/obj' };

describe('compiler diagnostics', () => {
  it('parses file:line:col, level, message and flag relative to the source tree', () => {
    expect(
      parseDiagnostic(
        '../src/net/demo/proto.c:6:13: warning: suggest parentheses around assignment used as truth value [-Wparentheses]',
        ctx,
      ),
    ).toEqual({
      level: 'warning',
      file: 'net/demo/proto.c',
      line: 6,
      col: 13,
      message: 'suggest parentheses around assignment used as truth value',
      flag: '-Wparentheses',
    });
    expect(
      parseDiagnostic(
        '/tmp/diag/src/net/demo/missing.c:1:10: fatal error: linux/no_such_header.h: No such file or directory',
        ctx,
      ),
    ).toMatchObject({ level: 'error', file: 'net/demo/missing.c', line: 1, col: 10 });
    expect(parseDiagnostic('  CC      net/demo/proto.o', ctx)).toBeUndefined();
    expect(parseDiagnostic('    6 |         if (len = 3)', ctx)).toBeUndefined();
    expect(
      parseDiagnostic('../src/net/demo/proto.c: In function ‘demo_send’:', ctx),
    ).toBeUndefined();
  });

  it('counts each distinct diagnostic once across a whole log', () => {
    const c = new DiagnosticCollector(ctx);
    for (const l of log) c.add(l);
    // 5 warnings (relative and absolute spellings are the same places),
    // the -Werror one, and the fatal missing header.
    expect(c.counts).toEqual({ errors: 2, warnings: 5 });
    const err = c.diagnostics.find((d) => d.flag === '-Werror=implicit-function-declaration');
    expect(err).toMatchObject({ level: 'error', file: 'net/demo/proto.c', line: 13, col: 9 });
    expect(c.diagnostics.find((d) => d.flag === '-Wunused-variable')?.file).toBe(
      'include/demo/helper.h',
    );
  });

  it('annotates errors first, at most `limit` of each level, and says how many were left out', () => {
    const c = new DiagnosticCollector(ctx);
    for (const l of log) c.add(l);
    const a = c.annotations(2);
    expect(a.map((x) => x.level)).toEqual(['error', 'error', 'warning', 'warning']);
    expect(a[2]).toEqual({
      level: 'warning',
      title: 'compiler warning -Wunused-variable',
      message: 'unused variable ‘unused’',
      file: 'include/demo/helper.h',
      line: 3,
      col: 13,
    });
    expect(describeCounts(c.counts, 2)).toBe(
      '2 compiler errors, 5 warnings (3 not annotated, see build.log)',
    );
    expect(toAnnotations([], 10)).toEqual([]);
  });
});
