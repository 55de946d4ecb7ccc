import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  allFlags,
  analyzeFlags,
  buildFlags,
  reportFlags,
  runFlags
} from "./chunk-OH45OIC5.js";
import {
  UsageError,
  formatHelp,
  parseFlags
} from "./chunk-IVIYWS3O.js";

// src/cli/main.ts
var EXIT = { ok: 0, failures: 1, critical: 2, usage: 64 };
var commands = {
  build: {
    usage: "kernel-ci build [--source DIR] --out DIR [--base defconfig|tinyconfig|FILE] [--preset NAME]... [--fragment FILE]...",
    summary: "Configure and build a kernel (bzImage, vmlinux, modules, selftests) with ccache.",
    specs: buildFlags,
    maxPositionals: 0,
    run: async (f, _p, h) => (await import("./build-ETHI33CP.js")).buildCommand(f, h)
  },
  run: {
    usage: "kernel-ci run --kernel BZIMAGE|DEB [--modules DIR] --out DIR [--kselftest DIR]... [--kunit] [--command NAME=CMD]...",
    summary: "Boot the kernel in QEMU (KVM when it works, TCG otherwise), run the test plan, write results.",
    specs: runFlags,
    maxPositionals: 0,
    // runCommand's default hooks are the integrated ones (run-hooks.ts).
    run: async (f, _p, h) => (await import("./run-MN7I7MH3.js")).runCommand(f, h)
  },
  report: {
    usage: "kernel-ci report RESULTS.json|DIR|GLOB... [--summary FILE] [--junit FILE] [--json FILE] [--expect NAME=N]...",
    summary: "Merge results.json files (directories and globs searched) and print the summary (and write markdown / JUnit / JSON). Missing shards and paths that match nothing are reported by name.",
    specs: reportFlags,
    maxPositionals: Infinity,
    minPositionals: 1,
    run: async (f, p, h) => (await import("./report-CZ2C4KMZ.js")).reportCommand(f, p, h)
  },
  all: {
    usage: "kernel-ci all [--source DIR | --kernel BZIMAGE | --prebuilt] [--out DIR] [run flags]",
    summary: "Build, boot, test and report in one go. With no source: Debian's linux-source-6.12 and its MPTCP selftests.",
    specs: allFlags,
    maxPositionals: 0,
    run: async (f, _p, h) => (await import("./all-ACD42WMV.js")).allCommand(f, h)
  },
  analyze: {
    usage: "kernel-ci analyze CONSOLE.log --out DIR [--vmlinux FILE --source DIR]",
    summary: "Find kernel crashes and TAP results in a saved console log; write DIR/results.json.",
    specs: analyzeFlags,
    maxPositionals: 1,
    minPositionals: 1,
    run: async (f, p, h) => (await import("./analyze-RU5HUN7A.js")).analyzeCommand(f, p[0], h)
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
    "Run 'kernel-ci <command> --help' for its options.",
    "Exit codes: 0 success, 1 test failures, 2 critical (crash, timeout, boot failure), 64 bad usage or input.",
    ""
  ].join("\n");
}
async function main(argv, host, out) {
  const [name, ...rest] = argv;
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
    out(formatHelp(cmd.usage, cmd.summary, cmd.specs));
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
