// For kernels that have 9p/virtio only as modules (distro kernels): a tiny
// initramfs with Debian's busybox-static and just the modules needed to mount
// the host's root over virtio-9p, plus their dependencies from modules.dep.
// Its /init loads them, mounts the root read-only and switch_roots into the
// guest init named by `kci.init=` on the kernel command line.
//
// The archive is written here in the kernel's "newc" cpio format, so device
// nodes (/dev/console) need neither root nor a cpio binary.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../core/errors.js';

/** Enough to mount the root and the results share, and to overlay /etc, /var. */
export const ROOT_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'] as const;

export const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

export interface CpioEntry {
  path: string;
  /** Full st_mode: type bits included (0o100644 file, 0o040755 dir, 0o120777 symlink, 0o020600 chr). */
  mode: number;
  data?: Buffer;
  rdev?: { major: number; minor: number };
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;

export const file = (path: string, data: Buffer | string, perm = 0o644): CpioEntry => ({
  path,
  mode: S_IFREG | perm,
  data: typeof data === 'string' ? Buffer.from(data) : data,
});
export const dir = (path: string): CpioEntry => ({ path, mode: S_IFDIR | 0o755 });
export const chr = (path: string, major: number, minor: number): CpioEntry => ({
  path,
  mode: S_IFCHR | 0o600,
  rdev: { major, minor },
});

/** SVR4 "newc" archive (what the kernel's initramfs unpacker reads). */
export function cpioNewc(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  const pad4 = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  let ino = 1;
  const push = (e: CpioEntry) => {
    const data = e.data ?? Buffer.alloc(0);
    const name = Buffer.from(`${e.path.replace(/^\/+/, '')}\0`);
    const header =
      '070701' +
      [
        ino++,
        e.mode,
        0,
        0,
        (e.mode & S_IFDIR) === S_IFDIR ? 2 : 1,
        0,
        data.length,
        0,
        0,
        e.rdev?.major ?? 0,
        e.rdev?.minor ?? 0,
        name.length,
        0,
      ]
        .map(hex)
        .join('');
    parts.push(
      Buffer.from(header, 'latin1'),
      name,
      pad4(110 + name.length),
      data,
      pad4(data.length),
    );
  };
  for (const e of entries) push(e);
  push({ path: 'TRAILER!!!', mode: 0 });
  return Buffer.concat(parts);
}

/** modules.dep: "kernel/fs/9p/9p.ko: kernel/fs/netfs/netfs.ko ..." → name → {path, deps}. */
export function parseModulesDep(text: string): Map<string, { path: string; deps: string[] }> {
  const map = new Map<string, { path: string; deps: string[] }>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const path = line.slice(0, colon).trim();
    const deps = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    map.set(moduleName(path), { path, deps });
  }
  return map;
}

/** "kernel/net/9p/9pnet-virtio.ko.xz" → "9pnet_virtio" (modprobe treats - and _ alike). */
export function moduleName(path: string): string {
  return basename(path)
    .replace(/\.ko(\.(xz|zst|gz))?$/, '')
    .replace(/-/g, '_');
}

/**
 * Module files to load, dependencies first. Names built into the kernel
 * (modules.builtin) are skipped; a name neither built in nor a module is an error.
 */
export function moduleLoadOrder(
  wanted: readonly string[],
  dep: Map<string, { path: string; deps: string[] }>,
  builtin: ReadonlySet<string>,
): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const entry = dep.get(moduleName(path));
    // modules.dep lists the full closure; modprobe loads it last-to-first.
    for (const d of [...(entry?.deps ?? [])].reverse()) visit(d);
    order.push(path);
  };
  for (const name of wanted) {
    const entry = dep.get(name);
    if (entry) visit(entry.path);
    else if (!builtin.has(name))
      throw new UsageError(`module ${name} is neither built in nor in modules.dep`);
  }
  return order;
}

function readModule(modulesDir: string, rel: string): Buffer {
  const path = join(modulesDir, rel);
  if (rel.endsWith('.gz')) return gunzipSync(readFileSync(path));
  // busybox insmod reads plain ELF only.
  if (rel.endsWith('.xz')) return execFileSync('xz', ['-dc', path], { maxBuffer: 1 << 28 });
  if (rel.endsWith('.zst')) return execFileSync('zstd', ['-dc', path], { maxBuffer: 1 << 28 });
  return readFileSync(path);
}

export function initScript(modules: string[], rootMount: { tag: string; options: string }): string {
  return `#!/bin/busybox sh
# kernel-ci initramfs: load what mounting the host's root needs, then hand over.
b=/bin/busybox
$b mount -t proc proc /proc
$b mount -t devtmpfs dev /dev 2>/dev/null
for m in ${modules.map((m) => basename(m).replace(/\.(xz|zst|gz)$/, '')).join(' ')}; do
  $b insmod /modules/$m || echo "kci-initramfs: insmod $m failed"
done
init=
for w in $($b cat /proc/cmdline); do
  case "$w" in kci.init=*) init=\${w#kci.init=} ;; esac
done
if ! $b mount -t 9p -o ${rootMount.options} ${rootMount.tag} /newroot; then
  echo "kci-initramfs: cannot mount the root filesystem (9p tag ${rootMount.tag})"
  $b poweroff -f
fi
$b umount /dev 2>/dev/null
$b umount /proc
exec $b switch_root /newroot "\${init:-/sbin/init}"
`;
}

export function findBusybox(): string {
  const bb = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!bb)
    throw new UsageError('busybox not found: install busybox-static (scripts/setup-host.sh)');
  return bb;
}

export interface InitramfsInfo {
  path: string;
  modules: string[];
}

export function buildInitramfs(
  modulesDir: string,
  out: string,
  rootMount: { tag: string; options: string },
  wanted: readonly string[] = ROOT_MODULES,
): InitramfsInfo {
  const { order, script } = prepare(modulesDir, rootMount, wanted);
  write(out, modulesDir, order, script);
  return { path: out, modules: order.map(moduleName) };
}

/**
 * The same, built once into cacheDir: keyed by the init script (it names
 * every module), the modules dir and busybox, so any change rebuilds.
 */
export function cachedInitramfs(
  modulesDir: string,
  cacheDir: string,
  rootMount: { tag: string; options: string },
  wanted: readonly string[] = ROOT_MODULES,
): InitramfsInfo & { cached: boolean } {
  const { order, script } = prepare(modulesDir, rootMount, wanted);
  const bb = findBusybox();
  const st = (p: string) => {
    const s = statSync(p);
    return `${p}:${s.size}:${s.mtimeMs}`;
  };
  const key = createHash('sha256')
    .update([script, st(join(modulesDir, 'modules.dep')), st(bb)].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const path = join(cacheDir, `initramfs-${key}.cpio`);
  const info = { path, modules: order.map(moduleName) };
  if (existsSync(path)) return { ...info, cached: true };
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  write(tmp, modulesDir, order, script);
  renameSync(tmp, path);
  return { ...info, cached: false };
}

function prepare(
  modulesDir: string,
  rootMount: { tag: string; options: string },
  wanted: readonly string[],
) {
  const depFile = join(modulesDir, 'modules.dep');
  if (!existsSync(depFile))
    throw new UsageError(
      `--modules ${modulesDir}: no modules.dep (not a lib/modules/<release> dir?)`,
    );
  const dep = parseModulesDep(readFileSync(depFile, 'utf8'));
  const builtinFile = join(modulesDir, 'modules.builtin');
  const builtin = new Set(
    existsSync(builtinFile)
      ? readFileSync(builtinFile, 'utf8').split('\n').filter(Boolean).map(moduleName)
      : [],
  );
  const order = moduleLoadOrder(wanted, dep, builtin);
  return { order, script: initScript(order, rootMount) };
}

function write(out: string, modulesDir: string, order: string[], script: string): void {
  const entries: CpioEntry[] = [
    dir('/bin'),
    dir('/dev'),
    chr('/dev/console', 5, 1),
    dir('/proc'),
    dir('/newroot'),
    dir('/modules'),
    file('/bin/busybox', readFileSync(findBusybox()), 0o755),
    file('/init', script, 0o755),
    ...order.map((rel) =>
      file(`/modules/${basename(rel).replace(/\.(xz|zst|gz)$/, '')}`, readModule(modulesDir, rel)),
    ),
  ];
  writeFileSync(out, cpioNewc(entries));
}
