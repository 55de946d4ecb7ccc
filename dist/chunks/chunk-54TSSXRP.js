import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);

// src/cli/args.ts
var UsageError = class extends Error {
  name = "UsageError";
};
function parseInt10(flag, raw, min = 0) {
  if (!/^-?\d+$/.test(raw.trim()))
    throw new UsageError(`--${flag}: expected a number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min) throw new UsageError(`--${flag}: must be at least ${min}, got ${n}`);
  return n;
}
function parseFlags(argv, specs, maxPositionals = 0) {
  const flags = {};
  const positionals = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === "list") flags[name] = [];
    else if (spec.default !== void 0) flags[name] = spec.default;
    else if (spec.type === "bool") flags[name] = false;
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("--")) {
      if (a.startsWith("-") && a !== "-")
        throw new UsageError(`unknown option '${a}' (see --help)`);
      positionals.push(a);
      continue;
    }
    let name = a.slice(2);
    let value;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = specs[name];
    if (!spec && name.startsWith("no-") && specs[name.slice(3)]?.type === "bool") {
      flags[name.slice(3)] = false;
      continue;
    }
    if (!spec) throw new UsageError(`unknown option '--${name}' (see --help)`);
    if (spec.type === "bool") {
      if (value === void 0) flags[name] = true;
      else if (/^(1|true|yes)$/i.test(value)) flags[name] = true;
      else if (/^(0|false|no)$/i.test(value)) flags[name] = false;
      else throw new UsageError(`--${name}: expected true or false, got '${value}'`);
      continue;
    }
    if (value === void 0) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (spec.choices && !spec.choices.includes(value))
      throw new UsageError(`--${name}: expected one of ${spec.choices.join(", ")}, got '${value}'`);
    if (spec.type === "int") flags[name] = parseInt10(name, value, spec.min ?? 0);
    else if (spec.type === "list") flags[name].push(value);
    else flags[name] = value;
  }
  if (positionals.length > maxPositionals)
    throw new UsageError(
      maxPositionals === 0 ? `unexpected argument '${positionals[0]}' (see --help)` : `too many arguments: '${positionals[maxPositionals]}' (see --help)`
    );
  return { flags, positionals };
}
function formatHelp(usage, summary, specs) {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  --${name}${s.type === "bool" ? "" : ` ${s.arg ?? "VALUE"}`}`;
    const extra = s.default !== void 0 && s.type !== "bool" ? ` (default: ${s.default})` : "";
    const many = s.type === "list" ? " (repeatable)" : "";
    return [left, `${s.help}${many}${extra}`];
  });
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length), 0) + 2);
  const body = rows.map(
    ([l, r]) => l.length >= width ? `${l}
${" ".repeat(width)}${r}` : l.padEnd(width) + r
  );
  return `usage: ${usage}

${summary}

options:
${body.join("\n")}
  --help${" ".repeat(Math.max(1, width - 8))}show this help
`;
}

// src/cli/specs.ts
var buildFlags = {
  source: {
    type: "string",
    arg: "DIR",
    help: "kernel tree (default: Debian's linux-source, unpacked into the cache)"
  },
  "default-source": {
    type: "string",
    arg: "VER",
    help: "embedded default source version",
    default: "6.12",
    choices: ["6.12", "6.1"]
  },
  out: { type: "string", arg: "DIR", help: "build output dir", default: "out/build" },
  arch: {
    type: "string",
    arg: "ARCH",
    help: "target architecture (x86_64 only for now)",
    default: "x86_64"
  },
  base: {
    type: "string",
    arg: "defconfig|tinyconfig|FILE",
    help: "base config",
    default: "defconfig"
  },
  preset: { type: "list", arg: "NAME", help: "vm | debug | kunit | lkdtm | kselftest:TARGET" },
  fragment: { type: "list", arg: "FILE", help: "config fragment file" },
  enable: { type: "list", arg: "OPT", help: "force CONFIG_OPT=y" },
  disable: { type: "list", arg: "OPT", help: "force CONFIG_OPT off" },
  "make-arg": { type: "list", arg: "ARG", help: "extra make argument (e.g. LLVM=1)" },
  "strict-config": { type: "bool", help: "a requested option that did not stick is an error" },
  "ccache-dir": {
    type: "string",
    arg: "DIR",
    help: "ccache directory (default: ~/.cache/kernel-ci/ccache)"
  },
  "ccache-max-size": { type: "string", arg: "SIZE", help: "ccache size bound", default: "2G" },
  jobs: { type: "int", arg: "N", help: "make -j (default: host cores)", min: 1 }
};
var runFlags = {
  kernel: {
    type: "string",
    arg: "BZIMAGE|DEB",
    help: "kernel image, or a Debian linux-image-*.deb"
  },
  modules: { type: "string", arg: "DIR", help: "lib/modules/<release> dir of the kernel" },
  out: { type: "string", arg: "DIR", help: "results dir", default: "out/run" },
  plan: { type: "string", arg: "FILE", help: "YAML test plan" },
  kselftest: { type: "list", arg: "DIR", help: "kselftest target dir (installed or in-tree)" },
  kunit: { type: "bool", help: "collect KUnit results (built-in suites and modules)" },
  packetdrill: { type: "string", arg: "DIR", help: "dir of .pkt tests" },
  "packetdrill-bin": { type: "string", arg: "PATH", help: "packetdrill binary" },
  "packetdrill-jobs": {
    type: "int",
    arg: "N",
    help: "packetdrill tests at once",
    default: 2,
    min: 1
  },
  command: { type: "list", arg: "NAME=CMD", help: "plain command run as a test" },
  accel: {
    type: "string",
    arg: "MODE",
    help: "auto | kvm | tcg",
    default: "auto",
    choices: ["auto", "kvm", "tcg"]
  },
  cpus: { type: "int", arg: "N", help: "guest CPUs (default: host cores)", min: 1 },
  memory: { type: "int", arg: "MiB", help: "guest memory (default: 1024 + 512 per CPU)", min: 128 },
  cmdline: { type: "string", arg: "ARGS", help: "extra kernel command line" },
  "qemu-arg": { type: "list", arg: "ARG", help: "extra QEMU argument" },
  timeout: { type: "int", arg: "SECONDS", help: "bound on the whole run", default: 3600, min: 1 },
  "boot-timeout": {
    type: "int",
    arg: "SECONDS",
    help: "bound on boot to the first test",
    default: 120,
    min: 1
  },
  "inactivity-timeout": {
    type: "int",
    arg: "SECONDS",
    help: "bound on console silence",
    default: 600,
    min: 1
  },
  "test-timeout": {
    type: "int",
    arg: "SECONDS",
    help: "per-test default where no settings file says",
    default: 45,
    min: 0
  },
  "boot-retries": {
    type: "int",
    arg: "N",
    help: "boot attempts after a boot failure",
    default: 2,
    min: 0
  },
  only: { type: "list", arg: "GLOB", help: "run only matching tests" },
  except: { type: "list", arg: "GLOB", help: "skip matching tests" },
  "known-issues": { type: "string", arg: "FILE", help: "known issues YAML" },
  retries: { type: "int", arg: "N", help: "reruns of a failed test", default: 0, min: 0 },
  shard: { type: "string", arg: "I/N", help: "run the I-th of N shards of the plan" },
  "shard-durations": {
    type: "string",
    arg: "RESULTS",
    help: "results.json of a previous run to balance shards"
  },
  "stop-on": {
    type: "string",
    arg: "LEVEL",
    help: "fatal | any | never: findings that stop the VM",
    default: "fatal",
    choices: ["fatal", "any", "never"]
  },
  "skip-is-fail": { type: "bool", help: "a skipped test is a failure (EXPECT_ALL_FEATURES)" },
  "kmemleak-scan": { type: "bool", help: "scan for leaks after the tests" },
  vmlinux: { type: "string", arg: "FILE", help: "vmlinux with debug info, to decode traces" },
  source: { type: "string", arg: "DIR", help: "kernel source tree, to decode traces" },
  name: { type: "string", arg: "NAME", help: "run name in reports (default: the first suite)" }
};
var reportFlags = {
  summary: { type: "string", arg: "FILE", help: "write the markdown summary here" },
  junit: { type: "string", arg: "FILE", help: "write merged JUnit XML here" },
  json: { type: "string", arg: "FILE", help: "write merged results.json here" }
};
var analyzeFlags = {
  out: { type: "string", arg: "DIR", help: "where results.json goes", default: "out/analyze" },
  vmlinux: { type: "string", arg: "FILE", help: "vmlinux with debug info, to decode traces" },
  source: { type: "string", arg: "DIR", help: "kernel source tree, to decode traces" }
};
var pick = (specs, omit) => Object.fromEntries(Object.entries(specs).filter(([k]) => !omit.includes(k)));
var allFlags = {
  ...pick(buildFlags, ["out"]),
  ...pick(runFlags, ["out", "kernel", "modules", "source"]),
  out: { type: "string", arg: "DIR", help: "output dir (build/ and run/ inside)", default: "out" },
  kernel: {
    type: "string",
    arg: "BZIMAGE|DEB",
    help: "use this prebuilt kernel instead of building"
  },
  modules: { type: "string", arg: "DIR", help: "lib/modules/<release> dir of --kernel" },
  prebuilt: { type: "bool", help: "use Debian's prebuilt linux-image (6.1) instead of building" },
  selection: {
    type: "string",
    arg: "NAME",
    help: "short | mptcp | none: which MPTCP selftests by default",
    default: "short",
    choices: ["short", "mptcp", "none"]
  }
};

// src/cli/main.ts
var EXIT = { ok: 0, failures: 1, critical: 2, usage: 64 };
var commands = {
  build: {
    usage: "kernel-ci build [--source DIR] --out DIR [--base defconfig|tinyconfig|FILE] [--preset NAME]... [--fragment FILE]...",
    summary: "Configure and build a kernel (bzImage, vmlinux, modules, selftests) with ccache.",
    specs: buildFlags,
    maxPositionals: 0,
    run: async (f, _p, h) => (await import("./build-26U5MION.js")).buildCommand(f, h)
  },
  run: {
    usage: "kernel-ci run --kernel BZIMAGE|DEB [--modules DIR] --out DIR [--kselftest DIR]... [--kunit] [--command NAME=CMD]...",
    summary: "Boot the kernel in QEMU (KVM when it works, TCG otherwise), run the test plan, write results.",
    specs: runFlags,
    maxPositionals: 0,
    run: async (f, _p, h) => (await import("./run-C6RHTPOC.js")).runCommand(f, h)
  },
  report: {
    usage: "kernel-ci report RESULTS.json... [--summary FILE] [--junit FILE]",
    summary: "Merge one or more results.json and print the summary (and write markdown / JUnit).",
    specs: reportFlags,
    maxPositionals: Infinity,
    minPositionals: 1,
    run: async (f, p, h) => (await import("./report-BKZH3ZFO.js")).reportCommand(f, p, h)
  },
  all: {
    usage: "kernel-ci all [--source DIR | --kernel BZIMAGE | --prebuilt] [--out DIR] [run flags]",
    summary: "Build, boot, test and report in one go. With no source: Debian's linux-source-6.12 and its MPTCP selftests.",
    specs: allFlags,
    maxPositionals: 0,
    run: async (f, _p, h) => (await import("./all-DHWXXXZG.js")).allCommand(f, h)
  },
  analyze: {
    usage: "kernel-ci analyze CONSOLE.log --out DIR [--vmlinux FILE --source DIR]",
    summary: "Find kernel crashes and TAP results in a saved console log; write DIR/results.json.",
    specs: analyzeFlags,
    maxPositionals: 1,
    minPositionals: 1,
    run: async (f, p, h) => (await import("./analyze-TWMKHMMY.js")).analyzeCommand(f, p[0], h)
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
  UsageError,
  parseFlags,
  EXIT,
  commands,
  main
};
