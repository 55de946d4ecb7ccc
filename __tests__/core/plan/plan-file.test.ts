import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { parsePlanFile } from '../../../src/core/plan/plan-file.js';

// The documented example must stay valid: take it from docs/plan.md.
const docs = readFileSync(new URL('../../../docs/plan.md', import.meta.url), 'utf8');
const example = /```yaml\n([\s\S]*?)```/.exec(docs)![1]!;

const errorOf = (text: string): string => {
  try {
    parsePlanFile(text, '/repo/plan.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('plan file', () => {
  it('reads the documented example', () => {
    const s = parsePlanFile(example, '/repo/.github/kernel-ci-plan.yml');
    expect(s.kselftest).toEqual([
      {
        dir: '/repo/tools/testing/selftests/net/mptcp',
        include: ['diag.sh', 'pm_netlink.sh', 'mptcp_sockopt.sh'],
        exclude: ['mptcp_join*'],
      },
      { dir: '/opt/kselftests/net/packetdrill', include: [], exclude: [], timeout: 300 },
    ]);
    expect(s.kunit).toEqual({
      builtin: true,
      modules: ['mptcp_crypto_test', '/repo/.github/out/my_kunit_test.ko'],
    });
    expect(s.packetdrill).toEqual([
      {
        dir: '/opt/packetdrill/gtests/net/mptcp',
        bin: '/opt/packetdrill/gtests/net/packetdrill/packetdrill',
        jobs: 2,
        timeout: 180,
        tolerance: 2,
        include: [],
        exclude: ['mp_join/*'],
      },
    ]);
    expect(s.bpf).toEqual([
      {
        dir: '/repo/.github/out/build/bpf',
        runner: 'test_progs',
        args: ['-t', 'mptcp'],
        timeout: 900,
      },
    ]);
    expect(s.commands).toEqual([{ name: 'uname', run: 'uname -a' }]);
    expect(s.env).toEqual({ SELFTESTS_MPTCP_LIB_COLOR_FORCE: '1' });
    expect(s.before).toEqual(['sysctl -w net.mptcp.enabled=1']);
    expect(s).toMatchObject({
      only: ['*'],
      except: ['userspace_pm.sh'],
      testTimeout: 45,
      skipIsFail: true,
      retries: 1,
      toolGuard: 'error',
    });
  });

  it('accepts short forms and an empty file', () => {
    const s = parsePlanFile('kselftest: sel/net/mptcp\nkunit: true\nbefore: echo hi\n', '/r/p.yml');
    expect(s.kselftest[0]!.dir).toBe('/r/sel/net/mptcp');
    expect(s.kunit.builtin).toBe(true);
    expect(s.before).toEqual(['echo hi']);
    expect(parsePlanFile('', '/r/p.yml').kselftest).toEqual([]);
  });

  it('names the line of every mistake', () => {
    expect(errorOf('kselftest:\n  - dir: a\n    inclde: [x]\n')).toBe(
      "/repo/plan.yml:3: unknown key 'inclde' in kselftest[1] (known: dir, include, exclude, timeout)",
    );
    expect(errorOf('retries: 1\ntest-timeout: soon\n')).toBe(
      '/repo/plan.yml:2: test-timeout must be a whole number',
    );
    expect(errorOf('packetdrill:\n  dir: x\n')).toBe(
      '/repo/plan.yml:2: packetdrill[1] needs a bin (the packetdrill binary)',
    );
    expect(errorOf('commands:\n  - name: a b\n    run: true\n')).toBe(
      "/repo/plan.yml:2: commands[1].name must not contain spaces or '/'",
    );
    expect(errorOf('only: ["[z-a]"]\n')).toMatch(/^\/repo\/plan.yml:1: bad glob/);
    expect(errorOf('env:\n  1X: y\n')).toMatch(/^\/repo\/plan.yml:2: env: '1X'/);
    expect(errorOf('tool-guard: loud\n')).toBe(
      '/repo/plan.yml:1: tool-guard must be off, warn or error',
    );
    expect(errorOf('kselftest: [a\nretries: 1\n')).toMatch(/^\/repo\/plan.yml:\d+: /);
    expect(errorOf('retries: 1\nretries: 2\n')).toMatch(
      /^\/repo\/plan.yml:2: .*[Mm]ap keys must be unique/,
    );
    expect(errorOf('- a\n- b\n')).toBe('/repo/plan.yml:1: the plan must be a mapping');
  });
});
