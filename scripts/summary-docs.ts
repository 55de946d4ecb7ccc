// The job summaries shown in docs/screenshots, rendered from real captured
// runs (__tests__/fixtures/results, origins in its README): a crash on the CI
// kernel, the six shards of pr-checks.yml merged, and the older success and
// unstable runs. `npm run screenshots` writes them with their pictures; a test
// renders them again and fails when the committed markdown differs, so the
// pictures cannot drift from the code.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chooseAnnotations } from '../src/core/annotations.js';
import type { RunResults } from '../src/core/results.js';
import { mergeReport, parseExpect } from '../src/core/shard.js';
import { renderSummary } from '../src/core/summary/index.js';
import { loadResults } from '../src/pipeline/report.js';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, '__tests__/fixtures/results');

export interface SummaryDoc {
  name: string;
  markdown: string;
}

async function single(name: string, dir: string): Promise<SummaryDoc> {
  const results = await loadResults(join(fixtures, dir, 'results.json'));
  const { leftOut } = chooseAnnotations(results);
  return { name, markdown: renderSummary(results, { annotationsLeftOut: leftOut }) };
}

/** What `kernel-ci report results --expect ...` makes of a workflow's shards. */
async function merged(name: string, dir: string, expect: string[]): Promise<SummaryDoc> {
  const base = join(fixtures, dir);
  const shards = readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const inputs: { results: RunResults; source: string }[] = [];
  for (const s of shards)
    inputs.push({
      results: await loadResults(join(base, s, 'results.json')),
      source: relative(root, join(base, s, 'results.json')),
    });
  const report = mergeReport(inputs, [], new Date(0), expect.map(parseExpect));
  const { leftOut } = chooseAnnotations(report);
  return {
    name,
    markdown: renderSummary(report, {
      annotationsLeftOut: leftOut,
      parts: inputs.map((i) => i.results),
    }),
  };
}

export async function summaryDocs(): Promise<SummaryDoc[]> {
  return [
    await single('crash', 'crash-lkdtm'),
    await merged('pr-checks', 'pr-checks', ['mptcp-normal=3', 'mptcp-6.1=3']),
    await single('unstable', 'unstable'),
    await single('success', 'success'),
  ];
}
