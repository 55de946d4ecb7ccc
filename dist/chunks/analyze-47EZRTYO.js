import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  CrashDetector,
  checkDecodeInputs,
  decodeFindings,
  hasPrintkTimestamp
} from "./chunk-GS65EVVR.js";
import {
  LineSplitter
} from "./chunk-VGQD5WZU.js";
import {
  pathError,
  safeDirSync,
  writeFresh
} from "./chunk-BOMWI6QC.js";
import {
  SCHEMA_ID,
  TapSuites,
  exitCodeFor,
  finalizeRun
} from "./chunk-ENS4J5SQ.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";

// src/pipeline/analyze.ts
import { createReadStream, existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
function tapAnalyzer() {
  const tap = new TapSuites();
  let suites;
  return {
    onLine: (line) => tap.line(line),
    suites: () => suites ??= tap.end()
  };
}
async function timed(path) {
  let tail = "";
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = tail + chunk.toString("latin1");
    if (hasPrintkTimestamp(text)) return true;
    tail = text.slice(-32);
  }
  return false;
}
async function analyzeFile(path, analyzers = [tapAnalyzer()]) {
  const detector = new CrashDetector({ stopOn: "never", untimed: !await timed(path) });
  const split = new LineSplitter(1 << 20);
  let n = 0;
  const feed = (lines) => {
    for (const l of lines) {
      n++;
      detector.push(l, n);
      for (const a of analyzers) a.onLine(l, n);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    feed(split.push(chunk));
  feed(split.end());
  detector.finish();
  return { findings: detector.findings(), suites: analyzers.flatMap((a) => a.suites()), lines: n };
}
async function analyzeCommand(flags, logPath, host, analyzers = [tapAnalyzer()]) {
  const startedAt = /* @__PURE__ */ new Date();
  const log = resolve(logPath);
  if (!existsSync(log)) throw new UsageError(`analyze: ${log}: no such file`);
  if (!statSync(log).isFile()) throw new UsageError(`analyze: ${log}: not a file`);
  const { vmlinux, source } = flags;
  if (flags.modules !== void 0 && vmlinux === void 0)
    throw new UsageError("analyze: --modules needs --vmlinux and --source");
  if (vmlinux === void 0 !== (source === void 0))
    throw new UsageError("analyze: --vmlinux and --source go together (decoding needs both)");
  const decode = vmlinux !== void 0 && source !== void 0 ? checkDecodeInputs(vmlinux, source, flags.modules) : void 0;
  const outDir = resolve(flags.out);
  try {
    safeDirSync(outDir);
  } catch (err) {
    throw pathError("--out", outDir, err);
  }
  const { findings, suites, lines } = await analyzeFile(log, analyzers);
  host.info(`${log}: ${lines} line(s), ${findings.length} finding(s)`);
  if (decode && findings.length > 0) await decodeFindings(findings, decode, (m) => host.warn(m));
  for (const f of findings)
    host.info(
      `  ${f.fatal ? "FATAL " : ""}${f.title} [${f.kind}, ${f.fingerprint}${f.count > 1 ? `, x${f.count}` : ""}] lines ${f.lines.first}-${f.lines.last}${f.location ? ` at ${f.location.file}:${f.location.line}` : ""}`
    );
  const fatal = findings.find((f) => f.fatal);
  const abort = fatal ? { kind: "crash", message: fatal.title } : void 0;
  const name = basename(log);
  const final = finalizeRun({ name, suites, findings, ...abort ? { abort } : {} });
  if (suites.length === 0 && findings.length === 0) {
    final.verdict = "success";
    final.conclusion = `${name}: Success! \u2705 (no kernel finding)`;
  }
  const results = {
    schema: SCHEMA_ID,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    ...final
  };
  try {
    writeFresh(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}
`);
  } catch (err) {
    throw pathError("--out", outDir, err);
  }
  host.info(`${results.conclusion}
  results: ${join(outDir, "results.json")}`);
  return exitCodeFor(results.verdict);
}
export {
  analyzeCommand,
  analyzeFile,
  tapAnalyzer
};
