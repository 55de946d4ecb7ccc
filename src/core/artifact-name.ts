// Artifact names must be unique within a workflow run, and every matrix job
// and shard uploads its own. The job id alone repeats across a matrix, so the
// name also carries what differs between matrix jobs: the run name, the
// kernel release and the shard.
import type { RunResults } from './results.js';

// Characters the artifact service refuses in names, plus whitespace.
const slug = (s: string) =>
  s
    .replace(/["':<>|*?\\/\r\n\s]+/g, '-')
    .replace(/[^\w.+=@,-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');

export function artifactName(
  results: Pick<RunResults, 'name' | 'shard' | 'vm'>,
  env: Record<string, string | undefined>,
  prefix = 'kernel-ci',
): string {
  const parts = [
    prefix,
    env.GITHUB_JOB,
    results.name,
    results.vm?.kernelRelease,
    results.shard ? `shard-${results.shard.index}-of-${results.shard.total}` : undefined,
    // Re-runs of a job keep their earlier attempt's artifacts apart.
    env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1'
      ? `attempt-${env.GITHUB_RUN_ATTEMPT}`
      : undefined,
  ]
    .filter((p): p is string => !!p)
    .map(slug)
    .filter(Boolean);
  return parts.join('-').slice(0, 200);
}
