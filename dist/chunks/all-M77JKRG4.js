import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  buildKernel,
  cacheRoot,
  compareDebVersions,
  debianSource,
  openLog,
  optionsFromFlags,
  runLogged
} from "./chunk-DHRGKBNH.js";
import {
  integratedRunHooks,
  reproduceLine,
  runCommand
} from "./chunk-4FJ2EW37.js";
import "./chunk-7E3I45IO.js";
import "./chunk-GS65EVVR.js";
import "./chunk-B2E6PNWA.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import {
  allFlags
} from "./chunk-ZKLSXLYR.js";
import "./chunk-BOMWI6QC.js";
import "./chunk-ENS4J5SQ.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";

// src/pipeline/all.ts
import { existsSync as existsSync3 } from "node:fs";
import { join as join3, resolve } from "node:path";

// src/system/debian-kernel-package.ts
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
var IMAGE = /^linux-image-6\.1\.\d+-\d+-amd64(-unsigned)?_.*_amd64\.deb$/;
function debianKernelPackage(log, root = cacheRoot()) {
  const dir = join(root, "debs");
  mkdirSync(dir, { recursive: true });
  const cached = () => readdirSync(dir).filter((f) => IMAGE.test(f)).sort(compareDebVersions).at(-1);
  let deb = cached();
  if (!deb) {
    const depends = () => execFileSync("apt-cache", ["depends", "linux-image-amd64"], { encoding: "utf8" }).split("\n").map((l) => /Depends: (linux-image-6\.1\S*)/.exec(l)?.[1]).find(Boolean);
    let pkg;
    try {
      pkg = depends();
      if (!pkg) {
        execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
        pkg = depends();
      }
    } catch {
      pkg = void 0;
    }
    if (!pkg || !existsSync("/usr/bin/apt-get"))
      throw new UsageError(
        "--prebuilt needs Debian's apt and its linux-image-amd64 package (use --kernel FILE elsewhere)"
      );
    log(`downloading ${pkg}`);
    execFileSync("apt-get", ["download", pkg], { cwd: dir, stdio: "ignore" });
    deb = cached();
  }
  if (!deb) throw new UsageError(`no Debian 6.1 kernel package in ${dir} after apt-get download`);
  return join(dir, deb);
}

// src/pipeline/prebuilt-selftests.ts
import { existsSync as existsSync2, mkdirSync as mkdirSync2, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join as join2 } from "node:path";
async function prebuiltSelftests(source, targets, out, host) {
  const dir = join2(out, "selftests");
  const stamp = join2(out, `selftests.${targets.join("+").replace(/\//g, "_")}.done`);
  if (existsSync2(stamp) && existsSync2(dir)) return dir;
  const obj = join2(out, "obj");
  mkdirSync2(obj, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  const logPath = join2(out, "selftests.log");
  const log = openLog(logPath);
  const jobs = `-j${availableParallelism()}`;
  try {
    await host.group(`selftests: ${targets.join(" ")} (${source})`, async () => {
      for (const args of [
        ["-C", source, `O=${obj}`, jobs, "headers_install"],
        [
          "-C",
          join2(source, "tools/testing/selftests"),
          `O=${obj}`,
          jobs,
          `TARGETS=${targets.join(" ")}`,
          `INSTALL_PATH=${dir}`,
          "install"
        ]
      ]) {
        const r = await runLogged("make", { args, env: process.env, log });
        if (r.code !== 0)
          throw new Error(`make ${args.at(-1)} failed (exit ${r.code}); see ${logPath}`);
      }
    });
  } finally {
    await new Promise((r) => log.end(r));
  }
  writeFileSync(stamp, "");
  return dir;
}

// src/pipeline/all.ts
var SELECTIONS = {
  // ~2 minutes under TCG: the netlink path manager and the diag interface.
  short: ["net/mptcp/diag.sh", "net/mptcp/pm_netlink.sh"],
  mptcp: [],
  none: null
};
var EMBEDDED_BUILD = {
  defaultSource: "6.12",
  base: "tinyconfig",
  presets: ["vm", "kselftest:net/mptcp", "kunit", "lkdtm"],
  enable: [
    "NET_SCHED",
    "IP_NF_IPTABLES",
    "IP6_NF_IPTABLES",
    "NF_TABLES_IPV4",
    "NF_TABLES_IPV6",
    "DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT",
    "DEBUG_INFO_REDUCED"
  ]
};
async function kernelFor(flags, out, wantSelftests, host) {
  if (flags.kernel) return { kernel: flags.kernel, modules: flags.modules, vmlinux: flags.vmlinux };
  if (flags.prebuilt) {
    host.info("kernel: Debian's prebuilt linux-image (6.1) \u2014 no build");
    const kernel = debianKernelPackage((m) => host.info(m));
    if (!wantSelftests) return { kernel };
    const src = await debianSource("6.1", (m) => host.info(m));
    const dir = join3(out, "selftests-6.1");
    return { kernel, selftests: await prebuiltSelftests(src.dir, ["net/mptcp"], dir, host) };
  }
  const opts = optionsFromFlags({ ...flags, out: join3(out, "build") });
  if ((opts.presets ?? []).length === 0 && (opts.fragments ?? []).length === 0) {
    opts.presets = EMBEDDED_BUILD.presets;
    if (opts.base === EMBEDDED_BUILD.base)
      opts.enable = [...EMBEDDED_BUILD.enable, ...opts.enable ?? []];
  }
  const build = await buildKernel(opts, host);
  if (build.exitCode !== 0) return { exitCode: build.exitCode };
  return {
    kernel: build.bzImage,
    modules: build.modulesDir,
    vmlinux: build.vmlinux,
    decodeSource: build.source,
    build,
    selftests: wantSelftests ? build.selftestsDir : void 0
  };
}
async function allCommand(flags, host) {
  const out = resolve(flags.out);
  const kernelFlag = flags.kernel;
  const prebuilt = flags.prebuilt;
  if (kernelFlag && prebuilt) throw new UsageError("--kernel and --prebuilt: choose one");
  if ((kernelFlag || prebuilt) && flags.source)
    throw new UsageError("--source builds a kernel: drop --kernel/--prebuilt, or --source");
  const selection = SELECTIONS[flags.selection];
  if (selection === void 0) throw new UsageError(`--selection: unknown '${flags.selection}'`);
  const kselftest = flags.kselftest.map((d) => resolve(d));
  const k = await kernelFor(flags, out, selection !== null && kselftest.length === 0, host);
  if ("exitCode" in k) return k.exitCode;
  const { kernel, modules, vmlinux, decodeSource, build } = k;
  if (k.selftests) kselftest.push(k.selftests);
  if (!existsSync3(kernel)) throw new UsageError(`--kernel ${kernel}: no such file`);
  const only = flags.only;
  const run = {
    ...flags,
    kernel,
    modules,
    out: join3(out, "run"),
    // The whole job runs its kernel once; kernel-ci repeat is for chasing a flake.
    repeat: void 0,
    kselftest,
    // The selection picks MPTCP selftests; test_progs runs asked for stay.
    only: only.length > 0 || selection === null ? only : [...selection, ...flags.bpf.length > 0 ? ["bpf/*"] : []],
    "bpf-dir": flags["bpf-dir"] ?? build?.bpfDir,
    vmlinux,
    source: decodeSource
  };
  const hooks = integratedRunHooks(run, {
    reproduce: reproduceLine("all", flags, allFlags),
    config: build?.config
  });
  return runCommand(run, host, hooks, {
    build: build && {
      seconds: build.seconds,
      ccacheHitRate: build.ccache?.hitRate ?? null,
      configHash: build.configHash,
      warnings: build.diagnostics.warnings,
      configMismatches: build.mismatches.map((m) => ({
        option: `CONFIG_${m.name}`,
        wanted: m.value,
        got: m.actual,
        ...m.reason ? { reason: m.reason } : {}
      }))
    },
    config: build?.config
  });
}
export {
  EMBEDDED_BUILD,
  SELECTIONS,
  allCommand
};
