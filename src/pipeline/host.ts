// What the pipeline needs from the place it runs in. Two implementations:
// the terminal (src/cli/terminal-host.ts) and GitHub Actions
// (src/github/actions-host.ts). Tests pass a recording one.
import type { Annotation } from '../core/annotations.js';
import type { CheckRunPlan } from '../core/review.js';

export type { Annotation };

/** Where a pull-request comment and a check run go (review.ts builds them). */
export interface ReviewTarget {
  /** "owner/repo". */
  repository: string;
  pullRequest?: number;
  sha?: string;
}

export interface ReviewPost {
  comment?: { marker: string; body: string };
  check?: CheckRunPlan;
}

export interface Host {
  readonly kind: 'terminal' | 'actions';
  /** Progress and status lines written by us (trusted). */
  info(message: string): void;
  warn(message: string): void;
  /** Text from the guest, tests or the compiler: never interpreted by the runner. */
  untrusted(lines: readonly string[]): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  annotate(a: Annotation): void;
  setOutput(name: string, value: string): void;
  /** Markdown job summary (terminal: rendered as text by the caller, ignored here). */
  summary(markdown: string): Promise<void>;
  uploadArtifact(name: string, files: string[], rootDir: string): Promise<void>;
  restoreCache(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<void>;
  /** The PR comment and check run (Actions only; never throws). */
  review?(target: ReviewTarget, post: ReviewPost): Promise<void>;
}
