import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  findOnPath
} from "./chunk-Q7WCAKSK.js";
import {
  shellQuote
} from "./chunk-ENS4J5SQ.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";

// src/system/debian-kernel.ts
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync
} from "node:fs";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
var exec = promisify(execFile);
function kernelCacheRoot() {
  return process.env.KERNEL_CI_CACHE ?? join(homedir(), ".cache", "kernel-ci");
}
function isDebPath(path) {
  return path.endsWith(".deb");
}
function assertDeb(path) {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    const code = err.code;
    throw new UsageError(
      `--kernel ${path}: ${code === "ENOENT" ? "no such file" : "not readable"}`
    );
  }
  const magic = Buffer.alloc(8);
  readSync(fd, magic, 0, 8, 0);
  closeSync(fd);
  if (magic.toString("latin1") !== "!<arch>\n")
    throw new UsageError(`--kernel ${path}: not a Debian package (no ar header)`);
}
function locate(root, deb) {
  const boot = join(root, "boot");
  const image = existsSync(boot) ? readdirSync(boot).find((f) => f.startsWith("vmlinuz-")) : void 0;
  if (!image)
    throw new UsageError(
      `--kernel ${deb}: no boot/vmlinuz-* in the package (not a linux-image package?)`
    );
  const release = image.slice("vmlinuz-".length);
  const modulesDir = join(root, "lib", "modules", release);
  if (!existsSync(modulesDir))
    throw new UsageError(`--kernel ${deb}: no lib/modules/${release} in the package`);
  return { kernel: join(boot, image), modulesDir, release, root };
}
function findDepmod() {
  return ["/usr/sbin/depmod", "/sbin/depmod"].find((p) => existsSync(p)) ?? "depmod";
}
async function extractDebianKernel(deb, cacheRoot = kernelCacheRoot()) {
  assertDeb(deb);
  const root = join(cacheRoot, "debian", basename(deb, ".deb"));
  if (existsSync(join(root, ".complete"))) return locate(root, deb);
  mkdirSync(join(cacheRoot, "debian"), { recursive: true });
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await exec("dpkg-deb", ["-x", deb, tmp]);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UsageError(
      `--kernel ${deb}: dpkg-deb -x failed: ${err.message.split("\n")[0]}`
    );
  }
  const found = locate(tmp, deb);
  if (!existsSync(join(found.modulesDir, "modules.dep"))) {
    try {
      await exec(findDepmod(), ["-b", tmp, found.release]);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw new UsageError(
        `--kernel ${deb}: depmod failed: ${err.message.split("\n")[0]}`
      );
    }
  }
  mkdirSync(join(tmp, ".complete"));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return {
    ...found,
    kernel: found.kernel.replace(tmp, root),
    modulesDir: found.modulesDir.replace(tmp, root),
    root
  };
}
async function modulesWithDep(dir, release, cacheRoot = kernelCacheRoot()) {
  if (existsSync(join(dir, "modules.dep"))) return dir;
  const key = createHash("sha256").update(`${resolve(dir)}\0${statSync(dir).mtimeMs}\0${release}`).digest("hex").slice(0, 16);
  const root = join(cacheRoot, "depmod", key);
  const target = join(root, "lib", "modules", release);
  if (existsSync(join(root, ".complete"))) return target;
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, "lib", "modules"), { recursive: true });
  const staged = join(tmp, "lib", "modules", release);
  try {
    try {
      await exec("cp", ["-al", dir, staged]);
    } catch {
      rmSync(staged, { recursive: true, force: true });
      await exec("cp", ["-a", dir, staged]);
    }
    await exec(findDepmod(), ["-b", tmp, release]);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UsageError(
      `--modules ${dir}: no modules.dep, and depmod on a copy failed: ${err.message.split("\n")[0]}`
    );
  }
  mkdirSync(join(tmp, ".complete"));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return target;
}

// src/system/kernel-bundle.ts
import { execFile as execFile2 } from "node:child_process";
import { createHash as createHash2 } from "node:crypto";
import {
  chmodSync,
  closeSync as closeSync2,
  copyFileSync,
  createReadStream,
  existsSync as existsSync2,
  mkdirSync as mkdirSync2,
  openSync as openSync2,
  readFileSync,
  readdirSync as readdirSync2,
  readSync as readSync2,
  renameSync as renameSync2,
  rmSync as rmSync2,
  statSync as statSync2,
  symlinkSync,
  utimesSync,
  writeFileSync
} from "node:fs";
import { basename as basename2, dirname, isAbsolute, join as join2, normalize, resolve as resolve2 } from "node:path";
import { promisify as promisify2 } from "node:util";
var exec2 = promisify2(execFile2);
var BUNDLE_SCHEMA = "kernel-ci/bundle@1";
var MANIFEST = "kernel-ci-bundle.json";
var BPF_BUILD_ONLY = [
  "tools",
  "feature",
  "FEATURE-DUMP.selftests",
  // Objects of test_progs itself (test_progs.o, cgroup_helpers.o, ...) and
  // of its tests, but not the *.bpf.o it opens at run time.
  "*[!f].o",
  "*.d",
  "*.skel.h",
  "*.lskel.h",
  "*.subskel.h",
  "*.linked[0-9].o",
  "*.llinked[0-9].o"
];
var onPath = (cmd) => findOnPath(cmd) !== void 0;
function bundleCompression(has = onPath) {
  if (has("zstd")) return { name: "zstd", ext: ".tar.zst", tarFlag: "--zstd" };
  if (has("xz")) return { name: "xz", ext: ".tar.xz", tarFlag: "--xz" };
  return { name: "gzip", ext: ".tar.gz", tarFlag: "--gzip" };
}
function decodeWrapper(buildSource) {
  return [
    "#!/usr/bin/env bash",
    "# kernel-ci bundle: the kernel's decode_stacktrace.sh with the build tree as the base to strip.",
    'here=$(dirname "$(readlink -f "$0")")',
    `exec bash "$here/decode_stacktrace.kernel.sh" "$1" ${shellQuote(buildSource.replace(/\/+$/, ""))} "\${@:3}"`,
    ""
  ].join("\n");
}
async function writeKernelBundle(b, file, compression = bundleCompression()) {
  const started = Date.now();
  const script = join2(b.source, "scripts", "decode_stacktrace.sh");
  for (const [what, p] of [
    ["bzImage", b.bzImage],
    ["vmlinux", b.vmlinux],
    ["config", b.config],
    ["decode_stacktrace.sh", script]
  ])
    if (!existsSync2(p)) throw new Error(`kernel bundle: no ${what} at ${p}`);
  const out = resolve2(file);
  const stage = `${out}.stage-${process.pid}`;
  rmSync2(stage, { recursive: true, force: true });
  mkdirSync2(join2(stage, "scripts"), { recursive: true });
  try {
    const modules = b.modulesDir ? `lib/modules/${basename2(b.modulesDir)}` : void 0;
    const manifest = {
      schema: BUNDLE_SCHEMA,
      release: b.release,
      arch: "x86_64",
      ...b.configHash ? { configHash: b.configHash } : {},
      source: resolve2(b.source),
      kselftestTargets: b.kselftestTargets,
      files: {
        kernel: "bzImage",
        vmlinux: "vmlinux",
        config: "config",
        ...modules ? { modules } : {},
        ...b.selftestsDir ? { selftests: "selftests" } : {},
        ...b.bpfDir ? { bpf: "bpf" } : {},
        decodeRoot: "."
      }
    };
    writeFileSync(join2(stage, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
    copyFileSync(script, join2(stage, "scripts", "decode_stacktrace.kernel.sh"));
    writeFileSync(join2(stage, "scripts", "decode_stacktrace.sh"), decodeWrapper(b.source), {
      mode: 493
    });
    chmodSync(join2(stage, "scripts", "decode_stacktrace.kernel.sh"), 493);
    symlinkSync(resolve2(b.bzImage), join2(stage, "bzImage"));
    symlinkSync(resolve2(b.vmlinux), join2(stage, "vmlinux"));
    symlinkSync(resolve2(b.config), join2(stage, "config"));
    const members = [MANIFEST, "scripts", "bzImage", "vmlinux", "config"];
    if (modules) {
      mkdirSync2(join2(stage, "lib", "modules"), { recursive: true });
      symlinkSync(resolve2(b.modulesDir), join2(stage, modules));
      members.push("lib");
    }
    if (b.selftestsDir) {
      symlinkSync(resolve2(b.selftestsDir), join2(stage, "selftests"));
      members.push("selftests");
    }
    if (b.bpfDir) {
      symlinkSync(resolve2(b.bpfDir), join2(stage, "bpf"));
      members.push("bpf");
    }
    mkdirSync2(dirname(out), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    try {
      await exec2(
        "tar",
        [
          "-c",
          compression.tarFlag,
          "-f",
          tmp,
          "--dereference",
          "--exclude=lib/modules/*/build",
          "--exclude=lib/modules/*/source",
          // test_progs' build leftovers: what it runs is the binary, its
          // *.bpf.o, modules and helpers, not the objects and skeletons.
          ...BPF_BUILD_ONLY.map((p) => `--exclude=bpf/${p}`),
          "--owner=0",
          "--group=0",
          "--numeric-owner",
          // The same build gives the same bytes, so the same unpacked dir.
          "--sort=name",
          `--mtime=@${Math.floor(statSync2(b.vmlinux).mtimeMs / 1e3)}`,
          "--clamp-mtime",
          "-C",
          stage,
          ...members
        ],
        // zstd and xz compress on every core when told to.
        {
          env: { ...process.env, ZSTD_NBTHREADS: "0", XZ_DEFAULTS: "-T0" },
          maxBuffer: 16 << 20
        }
      );
      renameSync2(tmp, out);
    } finally {
      rmSync2(tmp, { force: true });
    }
    return {
      file: out,
      bytes: statSync2(out).size,
      seconds: (Date.now() - started) / 1e3,
      compression: compression.name
    };
  } finally {
    rmSync2(stage, { recursive: true, force: true });
  }
}
var NAME = /\.(tar|tar\.zst|tar\.zstd|tzst|tar\.xz|txz|tar\.gz|tgz)$/;
function isKernelBundle(path) {
  if (NAME.test(path)) return true;
  let fd;
  try {
    fd = openSync2(path, "r");
  } catch {
    return false;
  }
  const head = Buffer.alloc(512);
  let n;
  try {
    n = readSync2(fd, head, 0, 512, 0);
  } catch {
    return false;
  } finally {
    closeSync2(fd);
  }
  const starts = (...bytes) => n >= bytes.length && bytes.every((b, i) => head[i] === b);
  return starts(40, 181, 47, 253) || starts(253, 55, 122, 88, 90, 0) || starts(31, 139) || n >= 262 && head.toString("latin1", 257, 262) === "ustar";
}
var touch = (p) => {
  const now = /* @__PURE__ */ new Date();
  utimesSync(p, now, now);
};
var BUNDLE_KEEP_MS = 2 * 24 * 3600 * 1e3;
function pruneBundles(dir, now = Date.now()) {
  if (!existsSync2(dir)) return;
  for (const d of readdirSync2(dir)) {
    const stamp = join2(dir, d, ".complete");
    const used = existsSync2(stamp) ? statSync2(stamp).mtimeMs : 0;
    const age = now - (used || statSync2(join2(dir, d)).mtimeMs);
    if (age > BUNDLE_KEEP_MS) rmSync2(join2(dir, d), { recursive: true, force: true });
  }
}
function sha256File(path) {
  return new Promise((done, fail) => {
    const h = createHash2("sha256");
    createReadStream(path).on("data", (d) => h.update(d)).on("error", fail).on("end", () => done(h.digest("hex")));
  });
}
function inside(root, rel, what, bundle) {
  if (isAbsolute(rel) || normalize(rel).split("/").includes(".."))
    throw new UsageError(`--kernel ${bundle}: manifest ${what} '${rel}' leaves the bundle`);
  return join2(root, rel);
}
function locate2(root, bundle) {
  const mf = join2(root, MANIFEST);
  if (!existsSync2(mf))
    throw new UsageError(`--kernel ${bundle}: no ${MANIFEST} inside (not a kernel-ci bundle)`);
  const m = JSON.parse(readFileSync(mf, "utf8"));
  if (m.schema !== BUNDLE_SCHEMA)
    throw new UsageError(
      `--kernel ${bundle}: bundle schema '${m.schema}', expected ${BUNDLE_SCHEMA}`
    );
  const f = m.files;
  const at = (rel, what) => {
    const p = inside(root, rel, what, bundle);
    if (!existsSync2(p)) throw new UsageError(`--kernel ${bundle}: the bundle has no ${rel}`);
    return p;
  };
  return {
    root,
    manifest: m,
    kernel: at(f.kernel, "kernel"),
    vmlinux: at(f.vmlinux, "vmlinux"),
    config: at(f.config, "config"),
    release: m.release,
    ...f.modules ? { modulesDir: at(f.modules, "modules") } : {},
    ...f.selftests ? { selftestsDir: at(f.selftests, "selftests") } : {},
    ...f.bpf ? { bpfDir: at(f.bpf, "bpf") } : {},
    decodeRoot: at(f.decodeRoot, "decodeRoot")
  };
}
async function unpackKernelBundle(bundle, cacheRoot = kernelCacheRoot()) {
  try {
    if (!statSync2(bundle).isFile()) throw new UsageError(`--kernel ${bundle}: not a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--kernel ${bundle}: no such file`);
  }
  const hash = (await sha256File(bundle)).slice(0, 16);
  const root = join2(cacheRoot, "bundles", hash);
  if (existsSync2(join2(root, ".complete"))) {
    touch(join2(root, ".complete"));
    return { ...locate2(root, bundle), unpacked: false };
  }
  pruneBundles(dirname(root));
  mkdirSync2(dirname(root), { recursive: true });
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync2(tmp, { recursive: true, force: true });
  mkdirSync2(tmp);
  try {
    await exec2("tar", ["-x", "-p", "--no-same-owner", "-f", resolve2(bundle), "-C", tmp], {
      maxBuffer: 16 << 20
    });
  } catch (err) {
    rmSync2(tmp, { recursive: true, force: true });
    const msg = err.stderr?.trim() || err.message;
    const hint = /zstd/.test(msg) ? " (install zstd)" : "";
    throw new UsageError(`--kernel ${bundle}: cannot unpack${hint}: ${msg.split("\n")[0]}`);
  }
  locate2(tmp, bundle);
  mkdirSync2(join2(tmp, ".complete"));
  try {
    renameSync2(tmp, root);
  } catch (err) {
    rmSync2(tmp, { recursive: true, force: true });
    if (!existsSync2(join2(root, ".complete"))) throw err;
    return { ...locate2(root, bundle), unpacked: false };
  }
  return { ...locate2(root, bundle), unpacked: true };
}
function bundleFlagDefaults(flags, b) {
  if (flags.vmlinux === void 0 && flags.source === void 0) {
    flags.vmlinux = b.vmlinux;
    flags.source = b.decodeRoot;
  }
  const selftests = b.selftestsDir;
  if (selftests && flags.kselftest.length > 0)
    flags.kselftest = flags.kselftest.map(
      (d) => !existsSync2(d) && !isAbsolute(d) && existsSync2(join2(selftests, d)) ? join2(selftests, d) : d
    );
  if (b.bpfDir && flags["bpf-dir"] === void 0) flags["bpf-dir"] = b.bpfDir;
  const asked = [flags.kselftest, flags.command, flags["kunit-module"], flags.bpf].some(
    (l) => l.length > 0
  );
  if (!asked && !flags.plan && !flags.packetdrill && !flags.kunit && selftests)
    flags.kselftest = [selftests];
}

export {
  kernelCacheRoot,
  isDebPath,
  extractDebianKernel,
  modulesWithDep,
  bundleCompression,
  writeKernelBundle,
  isKernelBundle,
  unpackKernelBundle,
  bundleFlagDefaults
};
