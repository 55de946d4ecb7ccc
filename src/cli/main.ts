// kernel-ci: the local twin of the actions. Parses argv strictly, then calls
// the same pipeline functions the actions call.
import { formatHelp, parseFlags, UsageError, type FlagSpecs, type Options } from './args.js';
import {
  allFlags,
  analyzeFlags,
  bisectFlags,
  buildFlags,
  repeatFlags,
  repeatOnlyFlags,
  reportFlags,
  runFlags,
} from './specs.js';
import type { Host } from '../pipeline/host.js';

import { EXIT } from '../core/errors.js';

export { EXIT };

// Set by the bundler from package.json (scripts/build.mjs); 'dev' when run from the sources.
declare const __KCI_VERSION__: string | undefined;
export const VERSION = typeof __KCI_VERSION__ === 'string' ? __KCI_VERSION__ : 'dev';

export interface Command<S extends FlagSpecs = FlagSpecs> {
  usage: string;
  summary: string;
  specs: S;
  maxPositionals: number;
  /** Positional arguments required (report needs at least one results.json). */
  minPositionals?: number;
  /** Command lines a maintainer would type, shown at the end of --help. */
  examples: string[];
  run(flags: Options<S>, positionals: string[], host: Host): Promise<number>;
}

/** Each command is typed by its own spec; the table holds them side by side. */
const command = <S extends FlagSpecs>(c: Command<S>): Command => c as unknown as Command;

export const commands: Record<string, Command> = {
  build: command({
    usage:
      'kernel-ci build [--source DIR] --out DIR [--base defconfig|tinyconfig|FILE] [--preset NAME]... [--fragment FILE]...',
    summary: 'Configure and build a kernel (bzImage, vmlinux, modules, selftests) with ccache.',
    specs: buildFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci build --source ~/linux --out out/build --base defconfig --preset vm --preset kselftest:net/mptcp',
      'kernel-ci build --source . --out out/debug --preset vm --preset debug --fragment my.config',
    ],
    run: async (f, _p, h) => (await import('../pipeline/build.js')).buildCommand(f, h),
  }),
  run: command({
    usage:
      'kernel-ci run --kernel BZIMAGE|DEB|BUNDLE [--modules DIR] --out DIR [--kselftest DIR]... [--kunit] [--command NAME=CMD]...',
    summary:
      'Boot the kernel in QEMU (KVM when it works, TCG otherwise), run the test plan, write results.',
    specs: runFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci run --kernel out/build/kernel.tar.zst --out out/run --kselftest net/mptcp --only "net/mptcp/diag.sh"',
      'kernel-ci run --kernel arch/x86/boot/bzImage --out out/run --command "uname=uname -a" --accel tcg',
    ],
    // runCommand's default hooks are the integrated ones (run-hooks.ts);
    // --repeat N (the run action's `repeat` input) is kernel-ci repeat --times N.
    run: async (f, _p, h) =>
      (f.repeat ?? 1) > 1
        ? (await import('../pipeline/repeat.js')).repeatCommand(
            // repeat's own options at their defaults, --times from --repeat.
            { ...parseFlags([], repeatOnlyFlags).flags, ...f, times: f.repeat ?? 1 },
            h,
          )
        : (await import('../pipeline/run.js')).runCommand(f, h),
  }),
  report: command({
    usage:
      'kernel-ci report RESULTS.json|DIR|GLOB... [--summary FILE] [--junit FILE] [--json FILE] [--expect NAME=N]...',
    summary:
      'Merge results.json files (directories and globs searched) and print the summary (and write markdown / JUnit / JSON). Missing shards and paths that match nothing are reported by name.',
    specs: reportFlags,
    maxPositionals: Infinity,
    examples: [
      "kernel-ci report 'results/*/results.json' --summary summary.md --junit junit.xml",
      'kernel-ci report out/run --history ~/.cache/kernel-ci/history-main.json --fail-on new',
    ],
    minPositionals: 1,
    run: async (f, p, h) => (await import('../pipeline/report.js')).reportCommand(f, p, h),
  }),
  all: command({
    usage: 'kernel-ci all [--source DIR | --kernel BZIMAGE | --prebuilt] [--out DIR] [run flags]',
    summary:
      "Build, boot, test and report in one go. With no source: Debian's linux-source-6.12 and its MPTCP selftests.",
    specs: allFlags,
    maxPositionals: 0,
    examples: ['kernel-ci all', 'kernel-ci all --source ~/linux --selection mptcp --out out'],
    run: async (f, _p, h) => (await import('../pipeline/all.js')).allCommand(f, h),
  }),
  repeat: command({
    usage:
      'kernel-ci repeat --kernel BZIMAGE|DEB|BUNDLE [run flags] [--times N] [--jobs N] [--until-fingerprint FP | --until-title REGEX | --until-test ID]',
    summary:
      'Run the same kernel and tests N times (or until a failure shows): the failure rate with its confidence interval, failures grouped by fingerprint.',
    specs: repeatFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci repeat --kernel out/build/kernel.tar.zst --kselftest net/mptcp --only net/mptcp/diag.sh --times 20',
      'kernel-ci repeat --kernel bzImage --command ping=./ping.sh --times 50 --until-title "general protection fault"',
    ],
    run: async (f, _p, h) => (await import('../pipeline/repeat.js')).repeatCommand(f, h),
  }),
  bisect: command({
    usage:
      'kernel-ci bisect --source REPO --good REV --bad REV [build flags] [run flags] [--confidence P] [--jobs N] | --resume OUT',
    summary:
      'Find the commit that brought an intermittent failure: each step built (incremental, ccache) and run as often as the failure rate requires.',
    specs: bisectFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci bisect --source ~/linux --good v6.12 --bad HEAD --base tinyconfig --preset vm --command "t=true" --out out/bisect',
      'kernel-ci bisect --resume out/bisect',
    ],
    run: async (f, _p, h) => (await import('../pipeline/bisect.js')).bisectCommand(f, h),
  }),
  analyze: command({
    usage: 'kernel-ci analyze CONSOLE.log --out DIR [--vmlinux FILE --source DIR]',
    summary: 'Find kernel crashes and TAP results in a saved console log; write DIR/results.json.',
    specs: analyzeFlags,
    maxPositionals: 1,
    examples: [
      'kernel-ci analyze lkft-console.log --out out/analyze --vmlinux vmlinux --source ~/linux',
    ],
    minPositionals: 1,
    run: async (f, p, h) => (await import('../pipeline/analyze.js')).analyzeCommand(f, p[0]!, h),
  }),
};

export function mainHelp(): string {
  const names = Object.keys(commands);
  const w = Math.max(...names.map((n) => n.length)) + 4;
  return [
    'usage: kernel-ci <command> [options]',
    '',
    'Build a Linux kernel, boot it in QEMU, run kselftests / KUnit / packetdrill, report every subtest.',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(w)}${commands[n]!.summary}`),
    '',
    "Run 'kernel-ci <command> --help' for its options and examples; 'kernel-ci --version' for the version.",
    'Exit codes: 0 success, 1 test failures, 2 critical (crash, timeout, boot failure), 64 bad usage or input.',
    '',
  ].join('\n');
}

export async function main(argv: string[], host: Host, out: (s: string) => void): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    out(`kernel-ci ${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const cmd = commands[name];
  if (!cmd)
    throw new UsageError(
      `unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})`,
    );
  if (rest.includes('--help') || rest.includes('-h')) {
    out(
      `${formatHelp(cmd.usage, cmd.summary, cmd.specs)}\nexamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}\n`,
    );
    return EXIT.ok;
  }
  const { flags, positionals } = parseFlags(rest, cmd.specs, cmd.maxPositionals);
  if (positionals.length < (cmd.minPositionals ?? 0))
    throw new UsageError(`${name}: missing argument (usage: ${cmd.usage})`);
  return cmd.run(flags, positionals, host);
}
