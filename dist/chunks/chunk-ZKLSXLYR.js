import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  UsageError
} from "./chunk-UF36CKJT.js";

// src/cli/args.ts
var GIVEN = /* @__PURE__ */ Symbol("given");
var wasGiven = (flags, name) => flags[GIVEN]?.has(name) ?? false;
function parseInt10(flag, raw, min = 0) {
  if (!/^-?\d+$/.test(raw.trim()))
    throw new UsageError(`--${flag}: expected a number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min) throw new UsageError(`--${flag}: must be at least ${min}, got ${n}`);
  return n;
}
function parseFlags(argv, specs, maxPositionals = 0) {
  const flags = {};
  const given = /* @__PURE__ */ new Set();
  const positionals = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === "list") flags[name] = [];
    else if (spec.default !== void 0) flags[name] = spec.default;
    else if (spec.type === "bool") flags[name] = false;
  }
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    const alias = /^-[A-Za-z]$/.test(a) ? Object.keys(specs).find((k) => specs[k].short === a.slice(1)) : void 0;
    if (alias) a = `--${alias}`;
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
      given.add(name.slice(3));
      continue;
    }
    if (!spec) throw new UsageError(`unknown option '--${name}' (see --help)`);
    given.add(name);
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
  Object.defineProperty(flags, GIVEN, { value: given, enumerable: true });
  return { flags, positionals };
}
function formatHelp(usage, summary, specs) {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  ${s.short ? `-${s.short}, ` : ""}--${name}${s.type === "bool" ? "" : ` ${s.arg ?? "VALUE"}`}`;
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
  preset: {
    type: "list",
    arg: "NAME",
    help: "vm | debug | kunit | lkdtm | bpf | packetdrill | kselftest:TARGET"
  },
  fragment: { type: "list", arg: "FILE", help: "config fragment file" },
  enable: { type: "list", arg: "OPT", help: "force CONFIG_OPT=y" },
  disable: { type: "list", arg: "OPT", help: "force CONFIG_OPT off" },
  "make-arg": { type: "list", arg: "ARG", help: "extra make argument (e.g. LLVM=1)" },
  "strict-config": { type: "bool", help: "a requested option that did not stick is an error" },
  headers: {
    type: "bool",
    help: "also make headers_install (always done when selftests are built)"
  },
  "ccache-dir": {
    type: "string",
    arg: "DIR",
    help: "ccache directory (default: ~/.cache/kernel-ci/ccache)"
  },
  "ccache-max-size": { type: "string", arg: "SIZE", help: "ccache size bound", default: "2G" },
  jobs: { type: "int", arg: "N", help: "make -j (default: host cores)", min: 1 },
  bundle: {
    type: "bool",
    help: "write OUT/kernel.tar.zst (.tar.xz without zstd): kernel, vmlinux, .config, modules, selftests and decoder in one file for another job (--no-bundle: skip)",
    default: true
  }
};
var runFlags = {
  kernel: {
    type: "string",
    arg: "BZIMAGE|DEB|BUNDLE",
    help: "kernel image, a Debian linux-image-*.deb, or the build's kernel.tar.zst bundle (modules, selftests, vmlinux and decoder come with it)"
  },
  modules: { type: "string", arg: "DIR", help: "lib/modules/<release> dir of the kernel" },
  out: { type: "string", arg: "DIR", help: "results dir", default: "out/run" },
  plan: { type: "string", arg: "FILE", help: "YAML test plan" },
  kselftest: { type: "list", arg: "DIR", help: "kselftest target dir (installed or in-tree)" },
  kunit: { type: "bool", help: "collect KUnit results (built-in suites and modules)" },
  "kunit-module": {
    type: "list",
    arg: "NAME|FILE.ko",
    help: "KUnit test module to load in the guest and report"
  },
  packetdrill: { type: "string", arg: "DIR", help: "dir of .pkt tests" },
  "packetdrill-bin": { type: "string", arg: "PATH", help: "packetdrill binary" },
  "packetdrill-jobs": {
    type: "int",
    arg: "N",
    help: "packetdrill tests at once",
    default: 2,
    min: 1
  },
  "packetdrill-timeout": {
    type: "int",
    arg: "SECONDS",
    help: "per-script packetdrill timeout (0 = none)",
    default: 180,
    min: 0
  },
  "packetdrill-tolerance": {
    type: "string",
    arg: "FACTOR",
    help: "multiply each script's --tolerance_usecs (slow machines)"
  },
  command: { type: "list", arg: "NAME=CMD", help: "plain command run as a test" },
  bpf: {
    type: "list",
    arg: "CMD",
    help: "test_progs command line run as a test, every subtest reported (e.g. 'test_progs -t mptcp')"
  },
  "bpf-dir": {
    type: "string",
    arg: "DIR",
    help: "the built BPF selftests: build --preset bpf puts them in OUT/bpf"
  },
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
  quiet: {
    type: "bool",
    help: "don't stream the guest's serial console anywhere (it is still kept in OUT/console.log)"
  },
  console: {
    type: "bool",
    short: "v",
    help: "stream the guest's serial console to the terminal (always in OUT/console.log; in Actions, in the log unless --quiet; on a terminal, its last lines are shown when the run fails)"
  },
  "first-output-timeout": {
    type: "int",
    arg: "SECONDS",
    help: "under KVM: no kernel output by then means KVM cannot run this guest; boot again under TCG (with --accel auto)",
    default: 8,
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
  "tool-guard": {
    type: "string",
    arg: "LEVEL",
    help: "off | warn | error: known-bad tool versions in the guest (e.g. iproute2 6.7.0)",
    default: "warn",
    choices: ["off", "warn", "error"]
  },
  "kmemleak-scan": { type: "bool", help: "scan for leaks after the tests" },
  vmlinux: { type: "string", arg: "FILE", help: "vmlinux with debug info, to decode traces" },
  source: { type: "string", arg: "DIR", help: "kernel source tree, to decode traces" },
  name: { type: "string", arg: "NAME", help: "run name in reports (default: the first suite)" },
  repeat: {
    type: "int",
    arg: "N",
    help: "run N times (up to the host cores at once) into OUT/run-K and report the failure rate with its confidence interval and the failures grouped by fingerprint, as kernel-ci repeat does; exit 1 when any run failed (default: once)",
    min: 1
  }
};
var reportFlags = {
  summary: { type: "string", arg: "FILE", help: "write the markdown summary here" },
  junit: { type: "string", arg: "FILE", help: "write merged JUnit XML here" },
  json: { type: "string", arg: "FILE", help: "write merged results.json here" },
  expect: {
    type: "list",
    arg: "NAME[=SHARDS]",
    help: "a run (and its number of shards) that must be there: absent, it is named as missing and fails the report"
  },
  history: {
    type: "string",
    arg: "FILE",
    help: "the branch's history of past runs: failures are judged new, known, flaky or fixed against it, then this run is recorded (in Actions the file goes through the cache: default-branch runs save, pull requests restore their base's; use the same path in every workflow)"
  },
  "history-runs": {
    type: "int",
    arg: "N",
    help: "runs remembered per test",
    default: 20,
    min: 1
  },
  "history-max-bytes": {
    type: "int",
    arg: "BYTES",
    help: "bound on the history file (oldest runs dropped first)",
    default: 8388608,
    min: 1024
  },
  "history-save": {
    type: "string",
    arg: "WHEN",
    help: "auto | always | never: record this run (auto: not for pull requests; in Actions only on the default branch)",
    default: "auto",
    choices: ["auto", "always", "never"]
  },
  "history-run": {
    type: "string",
    arg: "ID",
    help: "this run's id in the history (default: GITHUB_RUN_ID, else the start time)"
  },
  "history-branch": {
    type: "string",
    arg: "NAME",
    help: "whose history (default: a pull request's base branch, else the run's branch)"
  },
  "fail-on": {
    type: "string",
    arg: "WHAT",
    help: "auto | new | any: with a history, which test failures fail the report (auto: new for pull requests, any otherwise); crashes and missing results always fail",
    default: "auto",
    choices: ["auto", "new", "any"]
  },
  "github-event": {
    type: "string",
    arg: "FILE",
    help: "the pull request's event payload, when reporting from a workflow_run job (default: GITHUB_EVENT_PATH)"
  },
  "pr-comment": {
    type: "bool",
    help: "in Actions: the report as a pull-request comment, edited in place on every run (GITHUB_TOKEN with pull-requests: write)"
  },
  "check-name": {
    type: "string",
    arg: "NAME",
    help: "in Actions: a check run of this name on the tested commit, annotating every failing subtest (GITHUB_TOKEN with checks: write)"
  },
  "email-to": {
    type: "list",
    arg: "ADDR",
    help: "mail the report (plain text, one line per job) to"
  },
  "email-cc": { type: "list", arg: "ADDR", help: "and copy it to" },
  "email-from": {
    type: "string",
    arg: "ADDR",
    help: "sender of the report mail",
    default: "kernel-ci <kernel-ci@localhost>"
  },
  "email-subject": {
    type: "string",
    arg: "TEXT",
    help: "the patch's subject, answered ('Re: ' added); default: kernel-ci: NAME: VERDICT"
  },
  "email-in-reply-to": {
    type: "string",
    arg: "MESSAGE-ID",
    help: "the patch's Message-ID: the report is threaded under it"
  },
  "email-file": { type: "string", arg: "FILE", help: "write the report mail (RFC 5322) here" },
  "smtp-url": {
    type: "string",
    arg: "URL",
    help: "smtp://[user:pass@]host[:port] (smtps:// for TLS) to send the mail through (or KERNEL_CI_SMTP_URL, better for credentials)"
  }
};
var analyzeFlags = {
  out: { type: "string", arg: "DIR", help: "where results.json goes", default: "out/analyze" },
  vmlinux: { type: "string", arg: "FILE", help: "vmlinux with debug info, to decode traces" },
  source: { type: "string", arg: "DIR", help: "kernel source tree, to decode traces" },
  modules: {
    type: "string",
    arg: "DIR",
    help: "modules (.ko with debug info), to decode their frames"
  }
};
function pick(specs, omit) {
  return Object.fromEntries(
    Object.entries(specs).filter(([k]) => !omit.includes(k))
  );
}
var allFlags = {
  // The whole job boots what it built: no bundle to hand on.
  ...pick(buildFlags, ["out", "bundle"]),
  ...pick(runFlags, ["out", "kernel", "modules", "source", "repeat"]),
  // A small kernel by default: the whole job must stay short on 2 cores.
  base: { ...buildFlags.base, default: "tinyconfig" },
  // The whole job is the "it just works" command: a selftest that fails once
  // under a loaded TCG host (diag.sh's 200-socket timing) is rerun, as the
  // MPTCP CI does, and reported flaky instead of failing the job.
  retries: { ...runFlags.retries, default: 1 },
  preset: {
    ...buildFlags.preset,
    help: `${buildFlags.preset.help} (default: vm, kselftest:net/mptcp)`
  },
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
var repeatOnlyFlags = {
  times: { type: "int", arg: "N", help: "runs (at most, with --until-*)", default: 10, min: 1 },
  jobs: { type: "int", arg: "N", help: "runs at once (default: host cores)", min: 1 },
  confidence: {
    type: "string",
    arg: "P",
    help: "confidence of the failure-rate interval (Wilson score)",
    default: "0.95"
  },
  "until-fingerprint": {
    type: "string",
    arg: "FP",
    help: "stop at the first run with a finding of this fingerprint"
  },
  "until-title": {
    type: "string",
    arg: "REGEX",
    help: "stop at the first run with a finding whose title matches (JavaScript regex)"
  },
  "until-test": {
    type: "string",
    arg: "ID",
    help: "stop at the first run where this test fails ('suite / test', a parent names its subtests)"
  }
};
var repeatFlags = {
  // --repeat is run's way into this command: here --times says it.
  ...pick(runFlags, ["repeat"]),
  out: {
    type: "string",
    arg: "DIR",
    help: "output dir (run-K/ per run, logs/)",
    default: "out/repeat"
  },
  ...repeatOnlyFlags
};
var bisectFlags = {
  ...pick(buildFlags, ["out", "bundle", "jobs", "source", "default-source"]),
  ...pick(runFlags, ["out", "kernel", "modules", "source", "vmlinux", "repeat"]),
  source: {
    type: "string",
    arg: "REPO",
    help: "git repository of the kernel (left as it is: the steps are checked out in a worktree)"
  },
  good: { type: "string", arg: "REV", help: "a revision without the failure" },
  bad: { type: "string", arg: "REV", help: "a revision with it (descendant of --good)" },
  out: {
    type: "string",
    arg: "DIR",
    help: "output dir (bisect.json, build/, steps/, logs/)",
    default: "out/bisect"
  },
  worktree: {
    type: "string",
    arg: "DIR",
    help: "the worktree the steps are checked out in (default: OUT/tree; reused)"
  },
  resume: {
    type: "string",
    arg: "OUT",
    help: "continue the bisection logged in OUT/bisect.json, with its flags (--jobs may change)"
  },
  confidence: {
    type: "string",
    arg: "P",
    help: "confidence of the answer: the runs a step needs to be good are sized so that all good steps together miss the failure with probability \u2264 1-P",
    default: "0.95"
  },
  jobs: {
    type: "int",
    arg: "N",
    help: "runs at once (default: host cores; make -j uses the host cores)",
    min: 1
  },
  fingerprint: {
    type: "string",
    arg: "FP",
    help: "the failure to chase (default: the bad commit's first failure)"
  },
  "bad-runs": {
    type: "int",
    arg: "N",
    help: "runs at least at the bad commit, to measure its failure rate",
    default: 10,
    min: 1
  },
  "bad-failures": {
    type: "int",
    arg: "N",
    // One failure in the first runs is as often luck as rate: a 30 % failure
    // shows once in 10 runs 12 % of the time, and steps sized for that
    // estimate take 111 runs each. Three failures pin the rate down.
    help: "failures to see at the bad commit before its rate is trusted (stops at --max-runs)",
    default: 3,
    min: 1
  },
  "max-runs": {
    type: "int",
    arg: "N",
    help: "runs at most at the bad commit before giving up",
    default: 100,
    min: 1
  }
};

export {
  wasGiven,
  parseFlags,
  formatHelp,
  buildFlags,
  runFlags,
  reportFlags,
  analyzeFlags,
  allFlags,
  repeatOnlyFlags,
  repeatFlags,
  bisectFlags
};
