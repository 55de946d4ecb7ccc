import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  allFlags,
  analyzeFlags,
  bisectFlags,
  buildFlags,
  formatHelp,
  parseFlags,
  repeatFlags,
  repeatOnlyFlags,
  reportFlags,
  runFlags
} from "./chunk-ZKLSXLYR.js";
import {
  EXIT,
  UsageError
} from "./chunk-UF36CKJT.js";

// src/cli/main.ts
var VERSION = true ? "0.1.0" : "dev";
var command = (c) => c;
var commands = {
  build: command({
    usage: "kernel-ci build [--source DIR] --out DIR [--base defconfig|tinyconfig|FILE] [--preset NAME]... [--fragment FILE]...",
    summary: "Configure and build a kernel (bzImage, vmlinux, modules, selftests) with ccache.",
    specs: buildFlags,
    maxPositionals: 0,
    examples: [
      "kernel-ci build --source ~/linux --out out/build --base defconfig --preset vm --preset kselftest:net/mptcp",
      "kernel-ci build --source . --out out/debug --preset vm --preset debug --fragment my.config"
    ],
    run: async (f, _p, h) => (await import("./build-3FM72Q6N.js")).buildCommand(f, h)
  }),
  run: command({
    usage: "kernel-ci run --kernel BZIMAGE|DEB|BUNDLE [--modules DIR] --out DIR [--kselftest DIR]... [--kunit] [--command NAME=CMD]...",
    summary: "Boot the kernel in QEMU (KVM when it works, TCG otherwise), run the test plan, write results.",
    specs: runFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci run --kernel out/build/kernel.tar.zst --out out/run --kselftest net/mptcp --only "net/mptcp/diag.sh"',
      'kernel-ci run --kernel arch/x86/boot/bzImage --out out/run --command "uname=uname -a" --accel tcg'
    ],
    // runCommand's default hooks are the integrated ones (run-hooks.ts);
    // --repeat N (the run action's `repeat` input) is kernel-ci repeat --times N.
    run: async (f, _p, h) => (f.repeat ?? 1) > 1 ? (await import("./repeat-WZPLYAWX.js")).repeatCommand(
      // repeat's own options at their defaults, --times from --repeat.
      { ...parseFlags([], repeatOnlyFlags).flags, ...f, times: f.repeat ?? 1 },
      h
    ) : (await import("./run-N6QVUKIA.js")).runCommand(f, h)
  }),
  report: command({
    usage: "kernel-ci report RESULTS.json|DIR|GLOB... [--summary FILE] [--junit FILE] [--json FILE] [--expect NAME=N]...",
    summary: "Merge results.json files (directories and globs searched) and print the summary (and write markdown / JUnit / JSON). Missing shards and paths that match nothing are reported by name.",
    specs: reportFlags,
    maxPositionals: Infinity,
    examples: [
      "kernel-ci report 'results/*/results.json' --summary summary.md --junit junit.xml",
      "kernel-ci report out/run --history ~/.cache/kernel-ci/history-main.json --fail-on new"
    ],
    minPositionals: 1,
    run: async (f, p, h) => (await import("./report-C3RRBZ4L.js")).reportCommand(f, p, h)
  }),
  all: command({
    usage: "kernel-ci all [--source DIR | --kernel BZIMAGE | --prebuilt] [--out DIR] [run flags]",
    summary: "Build, boot, test and report in one go. With no source: Debian's linux-source-6.12 and its MPTCP selftests.",
    specs: allFlags,
    maxPositionals: 0,
    examples: ["kernel-ci all", "kernel-ci all --source ~/linux --selection mptcp --out out"],
    run: async (f, _p, h) => (await import("./all-M77JKRG4.js")).allCommand(f, h)
  }),
  repeat: command({
    usage: "kernel-ci repeat --kernel BZIMAGE|DEB|BUNDLE [run flags] [--times N] [--jobs N] [--until-fingerprint FP | --until-title REGEX | --until-test ID]",
    summary: "Run the same kernel and tests N times (or until a failure shows): the failure rate with its confidence interval, failures grouped by fingerprint.",
    specs: repeatFlags,
    maxPositionals: 0,
    examples: [
      "kernel-ci repeat --kernel out/build/kernel.tar.zst --kselftest net/mptcp --only net/mptcp/diag.sh --times 20",
      'kernel-ci repeat --kernel bzImage --command ping=./ping.sh --times 50 --until-title "general protection fault"'
    ],
    run: async (f, _p, h) => (await import("./repeat-WZPLYAWX.js")).repeatCommand(f, h)
  }),
  bisect: command({
    usage: "kernel-ci bisect --source REPO --good REV --bad REV [build flags] [run flags] [--confidence P] [--jobs N] | --resume OUT",
    summary: "Find the commit that brought an intermittent failure: each step built (incremental, ccache) and run as often as the failure rate requires.",
    specs: bisectFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci bisect --source ~/linux --good v6.12 --bad HEAD --base tinyconfig --preset vm --command "t=true" --out out/bisect',
      "kernel-ci bisect --resume out/bisect"
    ],
    run: async (f, _p, h) => (await import("./bisect-OMPKNKPH.js")).bisectCommand(f, h)
  }),
  analyze: command({
    usage: "kernel-ci analyze CONSOLE.log --out DIR [--vmlinux FILE --source DIR]",
    summary: "Find kernel crashes and TAP results in a saved console log; write DIR/results.json.",
    specs: analyzeFlags,
    maxPositionals: 1,
    examples: [
      "kernel-ci analyze lkft-console.log --out out/analyze --vmlinux vmlinux --source ~/linux"
    ],
    minPositionals: 1,
    run: async (f, p, h) => (await import("./analyze-47EZRTYO.js")).analyzeCommand(f, p[0], h)
  })
};
function mainHelp() {
  const names = Object.keys(commands);
  const w = Math.max(...names.map((n) => n.length)) + 4;
  return [
    "usage: kernel-ci <command> [options]",
    "",
    "Build a Linux kernel, boot it in QEMU, run kselftests / KUnit / packetdrill, report every subtest.",
    "",
    "commands:",
    ...names.map((n) => `  ${n.padEnd(w)}${commands[n].summary}`),
    "",
    "Run 'kernel-ci <command> --help' for its options and examples; 'kernel-ci --version' for the version.",
    "Exit codes: 0 success, 1 test failures, 2 critical (crash, timeout, boot failure), 64 bad usage or input.",
    ""
  ].join("\n");
}
async function main(argv, host, out) {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V") {
    out(`kernel-ci ${VERSION}
`);
    return EXIT.ok;
  }
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    out(mainHelp());
    return name === void 0 ? EXIT.usage : EXIT.ok;
  }
  const cmd = commands[name];
  if (!cmd)
    throw new UsageError(
      `unknown command '${name}' (commands: ${Object.keys(commands).join(", ")})`
    );
  if (rest.includes("--help") || rest.includes("-h")) {
    out(
      `${formatHelp(cmd.usage, cmd.summary, cmd.specs)}
examples:
${cmd.examples.map((e) => `  ${e}`).join("\n")}
`
    );
    return EXIT.ok;
  }
  const { flags, positionals } = parseFlags(rest, cmd.specs, cmd.maxPositionals);
  if (positionals.length < (cmd.minPositionals ?? 0))
    throw new UsageError(`${name}: missing argument (usage: ${cmd.usage})`);
  return cmd.run(flags, positionals, host);
}

export {
  commands,
  main
};
