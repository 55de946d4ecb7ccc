// npm run bench:parse [-- --mb 200]
// A kselftest-style log made by repeating the real captures in
// __tests__/fixtures/tap/ (each wrapped the way the kselftest runner wraps a
// script: "# "-prefixed output, then the runner's result line), streamed in
// 64 KiB chunks — never held in memory. Each parser runs in its own child
// process on the same generated input, so peak RSS is its own:
//   ours        TapStream (nesting, directives, missing results, noise)
//   tap-parser  tap-parser's Parser alone, counting assert events
//   baseline    the generator alone (the floor both include)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'tap-parser';
import { TapStream, type TapNode } from '../src/core/tap/index.js';

const FIXTURES = join(import.meta.dirname, '../__tests__/fixtures/tap');

function* chunks(totalBytes: number): Generator<Buffer> {
  const files = readdirSync(FIXTURES)
    .filter((f) => /\.(txt|log|tap|ktap)$/.test(f))
    .sort();
  // One kselftest-runner document per round: every fixture as a test.
  const tests = files.map((f, i) => {
    const body = readFileSync(join(FIXTURES, f), 'utf8').replace(/\n$/, '');
    const prefixed = body.replace(/^/gm, '# ');
    return `# selftests: bench: ${f}\n${prefixed}\nok ${i + 1} selftests: bench: ${f}\n`;
  });
  const round = Buffer.from(`TAP version 13\n1..${tests.length}\n${tests.join('')}`);
  const CHUNK = 64 * 1024;
  let sent = 0;
  let off = 0;
  while (sent < totalBytes) {
    const n = Math.min(CHUNK, round.length - off, totalBytes - sent);
    yield round.subarray(off, off + n);
    sent += n;
    off += n;
    if (off === round.length) off = 0;
  }
}

function countAll(n: TapNode): number {
  let c = 1;
  for (const k of n.children) c += countAll(k);
  return c;
}

function child(kind: string, mb: number): void {
  const bytes = mb * 1024 * 1024;
  const t0 = process.hrtime.bigint();
  let results = 0;
  if (kind === 'ours') {
    const s = new TapStream((n) => (results += countAll(n)));
    for (const c of chunks(bytes)) s.write(c);
    s.end();
  } else if (kind === 'tap-parser') {
    const p = new Parser();
    p.on('assert', () => results++);
    for (const c of chunks(bytes)) p.write(c);
    p.end();
  } else {
    for (const c of chunks(bytes)) results += c.length > 0 ? 0 : 1;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ kind, seconds: s, mbps: mb / s, rssMiB, results }));
}

function main(): void {
  const args = process.argv.slice(2);
  const mbAt = args.indexOf('--mb');
  const mb = mbAt >= 0 ? Number(args[mbAt + 1]) : 200;
  const childAt = args.indexOf('--child');
  if (childAt >= 0) return child(args[childAt + 1]!, mb);
  const run = (kind: string) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [...process.execArgv, import.meta.filename, '--child', kind, '--mb', String(mb)],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      ),
    ) as { kind: string; seconds: number; mbps: number; rssMiB: number; results: number };
  console.log(`bench:parse — ${mb} MB kselftest-style log from ${FIXTURES}`);
  const rows = ['baseline', 'ours', 'tap-parser'].map(run);
  for (const r of rows)
    console.log(
      `${r.kind.padEnd(11)} ${r.seconds.toFixed(2).padStart(7)} s ${r.mbps.toFixed(1).padStart(7)} MB/s  peak RSS ${r.rssMiB.toFixed(0).padStart(5)} MiB  results ${r.results}`,
    );
  const [, ours, tp] = rows as [unknown, (typeof rows)[0], (typeof rows)[0]];
  console.log(
    `ratio ours/tap-parser: speed ${(ours.mbps / tp.mbps).toFixed(2)}x, peak RSS ${(ours.rssMiB / tp.rssMiB).toFixed(2)}x, results ${ours.results} vs ${tp.results} (tap-parser sees only the top level of "# "-nested output)`,
  );
}

main();
