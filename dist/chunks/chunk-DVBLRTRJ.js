import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  allFlags,
  analyzeFlags,
  buildFlags,
  reportFlags,
  runFlags
} from "./chunk-JFKLSIPS.js";
import {
  UsageError,
  formatHelp,
  parseFlags
} from "./chunk-IVIYWS3O.js";

// src/cli/main.ts
var EXIT = { ok: 0, failures: 1, critical: 2, usage: 64 };
var VERSION = true ? "0.1.0" : "dev";
var commands = {
  build: {
    usage: "kernel-ci build [--source DIR] --out DIR [--base defconfig|tinyconfig|FILE] [--preset NAME]... [--fragment FILE]...",
    summary: "Configure and build a kernel (bzImage, vmlinux, modules, selftests) with ccache.",
    specs: buildFlags,
    maxPositionals: 0,
    examples: [
      "kernel-ci build --source ~/linux --out out/build --base defconfig --preset vm --preset kselftest:net/mptcp",
      "kernel-ci build --source . --out out/debug --preset vm --preset debug --fragment my.config"
    ],
    run: async (f, _p, h) => (await import("./build-UMPTBG3H.js")).buildCommand(f, h)
  },
  run: {
    usage: "kernel-ci run --kernel BZIMAGE|DEB|BUNDLE [--modules DIR] --out DIR [--kselftest DIR]... [--kunit] [--command NAME=CMD]...",
    summary: "Boot the kernel in QEMU (KVM when it works, TCG otherwise), run the test plan, write results.",
    specs: runFlags,
    maxPositionals: 0,
    examples: [
      'kernel-ci run --kernel out/build/kernel.tar.zst --out out/run --kselftest net/mptcp --only "net/mptcp/diag.sh"',
      'kernel-ci run --kernel arch/x86/boot/bzImage --out out/run --command "uname=uname -a" --accel tcg'
    ],
    // runCommand's default hooks are the integrated ones (run-hooks.ts).
    run: async (f, _p, h) => (await import("./run-DJLTB6BR.js")).runCommand(f, h)
  },
  report: {
    usage: "kernel-ci report RESULTS.json|DIR|GLOB... [--summary FILE] [--junit FILE] [--json FILE] [--expect NAME=N]...",
    summary: "Merge results.json files (directories and globs searched) and print the summary (and write markdown / JUnit / JSON). Missing shards and paths that match nothing are reported by name.",
    specs: reportFlags,
    maxPositionals: Infinity,
    examples: [
      "kernel-ci report 'results/*/results.json' --summary summary.md --junit junit.xml",
      "kernel-ci report out/run --history ~/.cache/kernel-ci/history-main.json --fail-on new"
    ],
    minPositionals: 1,
    run: async (f, p, h) => (await import("./report-6DWBO7FQ.js")).reportCommand(f, p, h)
  },
  all: {
    usage: "kernel-ci all [--source DIR | --kernel BZIMAGE | --prebuilt] [--out DIR] [run flags]",
    summary: "Build, boot, test and report in one go. With no source: Debian's linux-source-6.12 and its MPTCP selftests.",
    specs: allFlags,
    maxPositionals: 0,
    examples: ["kernel-ci all", "kernel-ci all --source ~/linux --selection mptcp --out out"],
    run: async (f, _p, h) => (await import("./all-TYM6ZO77.js")).allCommand(f, h)
  },
  analyze: {
    usage: "kernel-ci analyze CONSOLE.log --out DIR [--vmlinux FILE --source DIR]",
    summary: "Find kernel crashes and TAP results in a saved console log; write DIR/results.json.",
    specs: analyzeFlags,
    maxPositionals: 1,
    examples: [
      "kernel-ci analyze lkft-console.log --out out/analyze --vmlinux vmlinux --source ~/linux"
    ],
    minPositionals: 1,
    run: async (f, p, h) => (await import("./analyze-XA7FPN66.js")).analyzeCommand(f, p[0], h)
  }
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
  EXIT,
  commands,
  main
};
