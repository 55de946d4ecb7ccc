import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  BUSYBOX_CANDIDATES,
  grantKvmAccess,
  kvmAccessible
} from "./chunk-B2E6PNWA.js";
import {
  findOnPath
} from "./chunk-Q7WCAKSK.js";
import {
  error,
  getInput,
  group,
  info,
  notice,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunk-V6VHVVA3.js";
import {
  commands
} from "./chunk-65P6BGBT.js";
import {
  parseFlags
} from "./chunk-ZKLSXLYR.js";
import {
  EXIT,
  UsageError,
  isPathError
} from "./chunk-UF36CKJT.js";

// src/github/actions-host.ts
import { randomBytes } from "node:crypto";
function stopCommandsWrapped(lines, token = randomBytes(16).toString("hex")) {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}
function actionsHost() {
  return {
    kind: "actions",
    info: (m) => info(m),
    warn: (m) => warning(m),
    untrusted: (lines) => {
      if (lines.length > 0)
        for (const l of stopCommandsWrapped(lines)) process.stdout.write(`${l}
`);
    },
    group: (title, fn) => group(title, fn),
    annotate: (a) => {
      const props = {
        title: a.title,
        file: a.file,
        startLine: a.line,
        startColumn: a.col
      };
      if (a.level === "error") error(a.message, props);
      else if (a.level === "warning") warning(a.message, props);
      else notice(a.message, props);
    },
    setOutput: (name, value) => setOutput(name, value),
    summary: async (markdown) => {
      await summary.addRaw(markdown, true).write();
    },
    uploadArtifact: async (name, files, rootDir) => {
      try {
        const { DefaultArtifactClient } = await import("./artifact-BEJSRAY6.js");
        await new DefaultArtifactClient().uploadArtifact(name, files, rootDir, {
          retentionDays: 14
        });
      } catch (err) {
        warning(
          `artifact '${name}' not uploaded: ${err instanceof Error ? err.message : String(err)}`
        );
      }
    },
    restoreCache: async (paths, key, restoreKeys) => {
      try {
        const cache = await import("./cache-XZPYMYY6.js");
        if (!cache.isFeatureAvailable()) return void 0;
        return await cache.restoreCache(paths, key, restoreKeys);
      } catch (err) {
        warning(`cache not restored: ${err instanceof Error ? err.message : String(err)}`);
        return void 0;
      }
    },
    review: async (target, post) => {
      const { postReview } = await import("./review-ODKUFK7Z.js");
      await postReview(target, post);
    },
    saveCache: async (paths, key) => {
      try {
        const cache = await import("./cache-XZPYMYY6.js");
        if (!cache.isFeatureAvailable()) return;
        await cache.saveCache(paths, key);
      } catch (err) {
        warning(`cache not saved: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
}

// src/github/inputs.ts
function inputsToArgv(specs, read = (n) => getInput(n)) {
  const argv = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = read(name);
    if (raw.trim() === "") continue;
    if (spec.type === "list") {
      for (const line of raw.split("\n").map((l) => l.trim()).filter((l) => l !== ""))
        argv.push(`--${name}=${line}`);
    } else if (spec.type === "bool") {
      argv.push(`--${name}=${raw.trim()}`);
    } else {
      argv.push(`--${name}=${raw.trim()}`);
    }
  }
  return argv;
}
function multilineInput(name, read = (n) => getInput(n)) {
  return read(name).split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

// src/system/runner-setup.ts
import { execFile } from "node:child_process";
import { constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
var exec = promisify(execFile);
var cmd = (file, pkg, roles, alternatives) => ({
  file,
  pkg,
  roles,
  alternatives
});
var hdr = (h) => ["/usr/include", "/usr/include/x86_64-linux-gnu"].map((d) => join(d, h));
var RUNNER_NEEDS = [
  // Kernel build (Documentation/process/changes.rst's minimal set for x86).
  cmd("make", "make", ["build"]),
  cmd("gcc", "gcc", ["build"]),
  cmd("flex", "flex", ["build"]),
  cmd("bison", "bison", ["build"]),
  cmd("bc", "bc", ["build"]),
  cmd("perl", "perl", ["build"]),
  cmd("/usr/include/gelf.h", "libelf-dev", ["build"], hdr("libelf.h")),
  cmd("/usr/include/openssl/opensslv.h", "libssl-dev", ["build"], hdr("openssl/opensslv.h")),
  cmd("pahole", "dwarves", ["build"]),
  cmd("xz", "xz-utils", ["build"]),
  cmd("cpio", "cpio", ["build"]),
  cmd("rsync", "rsync", ["build"]),
  cmd("ccache", "ccache", ["build"]),
  cmd("depmod", "kmod", ["build", "run"]),
  // The kernel bundle between jobs.
  cmd("zstd", "zstd", ["build", "run"]),
  // The VM and its init.
  cmd("qemu-system-x86_64", "qemu-system-x86", ["run"]),
  cmd(BUSYBOX_CANDIDATES[0], "busybox-static", ["run"], BUSYBOX_CANDIDATES.slice(1)),
  cmd("insmod", "kmod", ["run"]),
  // What the MPTCP selftests call in the guest (the host's root is the guest's).
  cmd("ip", "iproute2", ["run"]),
  cmd("ss", "iproute2", ["run"]),
  cmd("iptables", "iptables", ["run"]),
  cmd("nft", "nftables", ["run"]),
  cmd("ethtool", "ethtool", ["run"]),
  cmd("socat", "socat", ["run"]),
  cmd("ping", "iputils-ping", ["run"]),
  cmd("sysctl", "procps", ["run"])
];
var found = (file, path) => findOnPath(file, path, constants.R_OK) !== void 0;
function missingPackages(roles, path = process.env.PATH ?? "", needs = RUNNER_NEEDS) {
  const byPkg = /* @__PURE__ */ new Map();
  for (const n of needs) {
    if (!n.roles.some((r) => roles.includes(r))) continue;
    if ([n.file, ...n.alternatives ?? []].some((f) => found(f, path))) continue;
    byPkg.set(n.pkg, [...byPkg.get(n.pkg) ?? [], n.file]);
  }
  return [...byPkg].map(([pkg, files]) => ({ pkg, files }));
}
var isRoot = () => process.getuid?.() === 0;
async function apt(args, log) {
  const argv = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args];
  const [file, ...rest] = isRoot() ? argv : ["sudo", "-n", ...argv];
  log(`$ ${[file, ...rest].join(" ")}`);
  try {
    const r = await exec(file, rest, { maxBuffer: 64 << 20, timeout: 15 * 6e4 });
    for (const l of r.stdout.split("\n").slice(-5)) if (l.trim()) log(l);
  } catch (e) {
    const err = e;
    const why = (err.stderr ?? "").trim().split("\n").slice(-3).join(" | ") || err.message;
    throw new UsageError(
      `preparing the runner: apt-get ${args.find((a) => !a.startsWith("-"))} failed: ${why} (set setup-runner: false and install the packages yourself on self-hosted runners)`
    );
  }
}
async function prepareRunner(roles, log, o = {}) {
  const t0 = Date.now();
  const platform = o.platform ?? process.platform;
  if (platform !== "linux")
    throw new UsageError(
      `this runner is ${platform}: kernel-ci needs a Linux runner (ubuntu-24.04, or a Debian/Ubuntu self-hosted one) to build and boot kernels`
    );
  const missing = missingPackages(roles);
  const installed = [];
  if (missing.length) {
    const pkgs = missing.map((m) => m.pkg);
    log(`missing: ${missing.map((m) => `${m.files.join(", ")} (${m.pkg})`).join("; ")}`);
    const hasApt = (process.env.PATH ?? "").split(delimiter).some((d) => existsSync(join(d, "apt-get")));
    if (!hasApt)
      throw new UsageError(
        `preparing the runner: ${pkgs.join(" ")} missing and no apt-get here (only Debian/Ubuntu runners are set up automatically); install them, or set setup-runner: false`
      );
    if (!isRoot() && !existsSync("/usr/bin/sudo"))
      throw new UsageError(
        `preparing the runner: ${pkgs.join(" ")} missing and neither root nor sudo to install them`
      );
    await apt(["update", "-qq"], log);
    await apt(["install", "-y", "-qq", "--no-install-recommends", ...pkgs], log);
    installed.push(...pkgs);
    const still = missingPackages(roles);
    if (still.length)
      throw new UsageError(
        `preparing the runner: installed ${pkgs.join(" ")} but ${still.flatMap((m) => m.files).join(", ")} still not found (PATH=${process.env.PATH ?? ""})`
      );
  }
  let kvm;
  if (roles.includes("run") && existsSync("/dev/kvm") && !kvmAccessible("/dev/kvm"))
    kvm = await grantKvmAccess();
  return { installed, kvm, ms: Date.now() - t0 };
}

// src/github/run-action.ts
function rolesOf(command, flags) {
  if (command === "build") return ["build"];
  if (command === "run") return ["run"];
  if (command === "all") return flags.kernel || flags.prebuilt ? ["run"] : ["build", "run"];
  return [];
}
async function setupRunner(roles) {
  const raw = getInput("setup-runner").trim().toLowerCase();
  if (roles.length === 0 || raw === "false") return;
  if (raw !== "" && raw !== "true")
    throw new UsageError(`input 'setup-runner': expected true or false, got '${raw}'`);
  await group("Preparing the runner", async () => {
    const r = await prepareRunner(roles, (m) => info(m));
    info(
      `${r.installed.length ? `installed ${r.installed.join(" ")}` : "nothing to install"}${r.kvm ? `; ${r.kvm}` : ""} (${(r.ms / 1e3).toFixed(1)} s)`
    );
  });
}
async function runAction(command, positionalInput) {
  const cmd2 = commands[command];
  try {
    const argv = inputsToArgv(cmd2.specs);
    const positionals = positionalInput ? multilineInput(positionalInput) : [];
    const { flags } = parseFlags(argv, cmd2.specs, 0);
    await setupRunner(rolesOf(command, flags));
    if (positionals.length < (cmd2.minPositionals ?? 0))
      throw new UsageError(`input '${positionalInput}' is required`);
    const code = await cmd2.run(flags, positionals, actionsHost());
    setOutput("exit-code", String(code));
    if (code !== EXIT.ok) process.exitCode = code;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const usage = err instanceof UsageError || isPathError(err);
    setFailed(usage ? `bad input: ${msg}` : msg);
    process.exitCode = usage ? EXIT.usage : EXIT.critical;
  }
}

export {
  runAction
};
