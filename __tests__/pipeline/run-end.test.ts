import { describe, expect, it } from 'vitest';
import { classifyEnd } from '../../src/pipeline/run-end.js';

const vm = (end: Parameters<typeof classifyEnd>[0]['end'], message = `vm ${end}`) => ({
  end,
  message,
});

describe("how the VM's end colours the run", () => {
  it('a kernel that never got going is a boot failure, with the crash that stopped it', () => {
    expect(
      classifyEnd(vm('boot-failure'), undefined, 'Kernel panic - not syncing: VFS', false),
    ).toEqual({
      abort: { kind: 'boot-failure', message: 'vm boot-failure; Kernel panic - not syncing: VFS' },
      cut: { running: 'crashed', reason: 'the kernel did not boot' },
    });
    expect(classifyEnd(vm('no-output'), undefined, undefined, false).abort?.kind).toBe(
      'boot-failure',
    );
  });

  it('a stop we asked for keeps its own kind and words', () => {
    const crash = { kind: 'crash' as const, message: 'BUG: kernel NULL pointer dereference' };
    expect(classifyEnd(vm('stopped'), crash, undefined, false)).toEqual({
      abort: crash,
      cut: { running: 'crashed', reason: crash.message },
    });
    const cancel = { kind: 'cancelled' as const, message: 'cancelled by SIGINT' };
    expect(classifyEnd(vm('stopped'), cancel, undefined, false).abort).toEqual(cancel);
  });

  it('timeouts mark the running test timed out, not crashed', () => {
    for (const end of ['timeout', 'inactivity'] as const)
      expect(classifyEnd(vm(end), undefined, undefined, false)).toEqual({
        abort: { kind: end, message: `vm ${end}` },
        cut: { running: 'timeout', reason: `vm ${end}` },
      });
  });

  it('a guest that went away mid-plan is a crash; one that finished is nothing', () => {
    expect(classifyEnd(vm('exited', 'exit 0'), undefined, undefined, false).abort).toEqual({
      kind: 'crash',
      message: 'the guest stopped before the plan ended (exit 0)',
    });
    expect(classifyEnd(vm('exited', 'exit 0'), undefined, undefined, true)).toEqual({});
  });
});
