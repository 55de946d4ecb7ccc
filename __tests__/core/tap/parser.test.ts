import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseDirective,
  parseTap,
  TapStream,
  type TapNode,
  visibleText,
} from '../../../src/core/tap/index.js';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../../fixtures/tap', name), 'utf8');

// name(status) trees, compact enough to compare whole.
function shape(nodes: TapNode[]): unknown[] {
  return nodes.map((n) => {
    const label = `${n.ok ? 'ok' : 'not ok'} ${n.name}${n.directive?.kind ? ` #${n.directive.kind}` : ''}`;
    return n.children.length ? { [label]: shape(n.children) } : label;
  });
}

describe('KTAP (Documentation/dev-tools/ktap.rst examples)', () => {
  it('nests by indentation, any depth', () => {
    expect(shape(parseTap(fixture('ktap-spec-example.ktap')))).toEqual([
      {
        'not ok main_test': [
          { 'ok example_test_1': ['ok test_1'] },
          { 'ok example_test_2': ['ok test_1 #skip', 'ok test_2'] },
          { 'not ok example_test_3': ['ok test_1', 'not ok test_2', 'ok test_3 #skip'] },
        ],
      },
    ]);
    const multi = parseTap(fixture('ktap-spec-multilevel.ktap'));
    expect(shape(multi)).toEqual([
      {
        'not ok example_test_1': [
          { 'not ok test_3': ['not ok test_1', 'ok test_2'] },
          'ok test_4 #skip',
        ],
      },
      'ok example_test_2',
    ]);
    expect(multi.every((n) => n.ktap)).toBe(true);
  });

  it('accepts KUnit 4-space indentation with printk stamps and "# Subtest:"', () => {
    const log = [
      '[    1.100000] KTAP version 1',
      '[    1.100001] 1..2',
      '[    1.100002]     KTAP version 1',
      '[    1.100003]     # Subtest: mptcp-token',
      '[    1.100004]     # module: mptcp_token_test',
      '[    1.100005]     1..2',
      '[    1.100006]     ok 1 mptcp_token_test_req_basic',
      '[    1.100007] random driver: probing',
      '[    1.100008]     ok 2 mptcp_token_test_msk_basic',
      '[    1.100009] # mptcp-token: pass:2 fail:0 skip:0 total:2',
      '[    1.100010] ok 1 mptcp-token',
      '[    1.100011]     KTAP version 1',
      '[    1.100012]     # Subtest: dies-here',
      '[    1.100013]     1..3',
      '[    1.100014]     ok 1 first',
    ];
    const nodes = parseTap(log);
    expect(shape(nodes)).toEqual([
      { 'ok mptcp-token': ['ok mptcp_token_test_req_basic', 'ok mptcp_token_test_msk_basic'] },
      // The kernel died in the second suite: its case is kept, the rest reported missing.
      { 'not ok dies-here': ['ok first', 'not ok #2', 'not ok #3'] },
    ]);
    expect(nodes[1]!.synthetic).toBe('no-parent');
    expect(nodes[1]!.children[1]!.reason).toBe('planned 1..3 but no result line for #2');
  });
});

describe('kselftest nesting and mptcp_lib.sh TAP', () => {
  it('puts "# "-prefixed TAP under the runner result line that follows it', () => {
    const out = [
      'TAP version 13',
      '1..2',
      '# timeout set to 1800',
      '# selftests: net/mptcp: diag.sh',
      '# no msk on netns creation                          [  ok  ]',
      '# ',
      '# TAP version 13',
      '# 1..3',
      '# ok 1 - diag: no msk on netns creation # time=12ms',
      '# ok 2 - diag: after MPC handshake # SKIP time=0ms',
      '# ok 3 - diag: fastclose # IGNORE Flaky time=1503ms',
      'ok 1 selftests: net/mptcp: diag.sh',
      '# selftests: net/mptcp: simult_flows.sh',
      '#',
      'not ok 2 selftests: net/mptcp: simult_flows.sh # TIMEOUT 15 seconds',
    ];
    const nodes = parseTap(out);
    expect(shape(nodes)).toEqual([
      {
        'ok selftests: net/mptcp: diag.sh': [
          'ok diag: no msk on netns creation',
          'ok diag: after MPC handshake #skip',
          'ok diag: fastclose #ignore',
        ],
      },
      'not ok selftests: net/mptcp: simult_flows.sh #timeout',
    ]);
    const [a, b, c] = nodes[0]!.children;
    expect(a!.directive).toMatchObject({ kind: null, timeMs: 12 });
    expect(b!.directive).toMatchObject({ kind: 'skip', timeMs: 0 });
    expect(c!.directive).toMatchObject({ kind: 'ignore', reason: 'Flaky', timeMs: 1503 });
    expect(nodes[1]!.directive).toMatchObject({ kind: 'timeout', reason: '15 seconds' });
    expect(nodes.map((n) => n.line)).toEqual([12, 15]);
  });

  it('reads several documents in one stream, and packetdrill ids out of order', () => {
    const nodes = parseTap(
      [
        'TAP version 13',
        '1..3',
        'ok 2 - tcp/close/close-local.pkt',
        'not ok 3 - tcp/fastopen/client.pkt # exit=1',
        'ok 1 - tcp/ts/ts-disabled.pkt',
        'TAP version 13',
        '1..2',
        'ok 1 - mptcp_sockopt: getsockopt',
      ].join('\n'),
    );
    expect(nodes.map((n) => [n.id, n.name, n.ok])).toEqual([
      [2, 'tcp/close/close-local.pkt', true],
      [3, 'tcp/fastopen/client.pkt', false],
      [1, 'tcp/ts/ts-disabled.pkt', true],
      [1, 'mptcp_sockopt: getsockopt', true],
      // The second document promised 2 and printed 1: the gap is a result too.
      [null, '#2', false],
    ]);
    expect(nodes[1]!.directive?.exit).toBe(1);
  });

  it('reports the rest of a plan after "Bail out!"', () => {
    const nodes = parseTap(
      ['TAP version 13', '1..3', 'ok 1 a', 'Bail out! no netns support'].join('\n'),
    );
    expect(nodes.map((n) => n.name)).toEqual(['a', '#2', '#3']);
    expect(nodes[2]!.reason).toBe(
      'planned 1..3 but no result line for #3 (Bail out! no netns support)',
    );
  });
});

describe('directives', () => {
  it.each([
    ['SKIP no ss', { kind: 'skip', reason: 'no ss' }],
    ['skipped: not supported', { kind: 'skip', reason: 'not supported' }],
    ['TODO later', { kind: 'todo', reason: 'later' }],
    ['XFAIL known bug', { kind: 'xfail', reason: 'known bug' }],
    ['XPASS', { kind: 'xpass', reason: '' }],
    ['TIMEOUT 1800 seconds', { kind: 'timeout', reason: '1800 seconds' }],
    ['ERROR setup', { kind: 'error', reason: 'setup' }],
    ['IGNORE Flaky time=7ms', { kind: 'ignore', reason: 'Flaky', timeMs: 7 }],
    ['exit=124', { kind: null, exit: 124 }],
    ['time=1.5s', { kind: null, timeMs: 1500 }],
    ['duration_ms 42', { kind: null, timeMs: 42 }],
    ['Create NS failed', { kind: null, reason: 'Create NS failed' }],
  ])('%s', (text, want) => {
    expect(parseDirective(text)).toMatchObject(want);
  });

  it('keeps a "#" that is part of the name', () => {
    const [n] = parseTap('ok 7 - mptcp_join: signal address id #1 # time=5ms');
    expect(n!.name).toBe('mptcp_join: signal address id #1');
    expect(n!.directive?.timeMs).toBe(5);
  });
});

describe('console noise', () => {
  it('strips colours, carriage-return redraws, printk stamps and control bytes', () => {
    expect(visibleText('\x1b[32mok 1 - x\x1b[0m')).toBe('ok 1 - x');
    expect(visibleText('10%\r55%\rok 2 - y\r')).toBe('ok 2 - y');
    expect(visibleText('[   12.345678] ok 3 - z')).toBe('ok 3 - z');
    expect(visibleText('[   12.345678][    T1] KTAP version 1')).toBe('KTAP version 1');
    expect(visibleText('<6>[    1.000000]     ok 1 c')).toBe('    ok 1 c');
    expect(visibleText('ok\x00 4\x07 - w')).toBe('ok 4 - w');
  });

  it('does not take "okay", "ok." or "1..2..3" for TAP', () => {
    expect(parseTap(['okay 1 done', 'ok.', 'nothing ok 1', '1..2..3', 'not okay'])).toEqual([]);
  });

  it('streams byte chunks split anywhere', () => {
    const text = fixture('ktap-spec-example.ktap');
    const whole = shape(parseTap(text));
    for (const size of [1, 3, 17]) {
      const got: TapNode[] = [];
      const s = new TapStream((n) => got.push(n));
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += size) s.write(bytes.subarray(i, i + size));
      s.end();
      expect(shape(got)).toEqual(whole);
    }
  });
});
