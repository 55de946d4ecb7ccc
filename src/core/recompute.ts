// A results file's verdict is never taken on its word: counts, verdict and
// conclusion are computed again from its tests, findings and abort (a file
// written by an older kernel-ci, or edited, said "failure" over failing
// tests that make it "unstable"). What a merge found missing keeps it at
// least a failure, as when the merge was made (shard.ts mergeReport).
import type { RunResults } from './results.js';
import { missingLabel, worstVerdict } from './shard.js';
import { computeConclusion, computeCounts, computeVerdict } from './verdict.js';

export function recomputeVerdict(r: RunResults): RunResults {
  const counts = computeCounts(r.suites);
  let verdict = computeVerdict(r, counts);
  let conclusion = computeConclusion(r, counts);
  const missing = r.merge?.missing ?? [];
  if (missing.length > 0) {
    const list = missing.map(missingLabel);
    const what = `${missing.length} missing result(s): ${list.length > 10 ? `${list.slice(0, 10).join(', ')}, ...` : list.join(', ')}`;
    conclusion =
      verdict === 'success' ? `${r.name}: Failure: ${what} ❌` : `${conclusion} - Failure: ${what}`;
    verdict = worstVerdict([verdict, 'failure']);
  }
  return { ...r, counts, verdict, conclusion };
}
