// The only place that talks to GitHub: @actions/core for logs, outputs,
// annotations and the summary; @actions/cache and @actions/artifact.
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { Annotation, Host } from '../pipeline/host.js';

/** Workflow commands are switched off around text we did not write. */
export function stopCommandsWrapped(
  lines: readonly string[],
  token = randomBytes(16).toString('hex'),
): string[] {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}

export function actionsHost(): Host {
  return {
    kind: 'actions',
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
    untrusted: (lines) => {
      if (lines.length > 0)
        for (const l of stopCommandsWrapped(lines)) process.stdout.write(`${l}\n`);
    },
    group: (title, fn) => core.group(title, fn),
    annotate: (a: Annotation) => {
      const props: core.AnnotationProperties = {
        title: a.title,
        file: a.file,
        startLine: a.line,
        startColumn: a.col,
      };
      if (a.level === 'error') core.error(a.message, props);
      else if (a.level === 'warning') core.warning(a.message, props);
      else core.notice(a.message, props);
    },
    setOutput: (name, value) => core.setOutput(name, value),
    summary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    uploadArtifact: async (name, files, rootDir) => {
      try {
        const { DefaultArtifactClient } = await import('@actions/artifact');
        await new DefaultArtifactClient().uploadArtifact(name, files, rootDir, {
          retentionDays: 14,
        });
      } catch (err) {
        // Reports matter more than their attachments: never fail the job here.
        core.warning(
          `artifact '${name}' not uploaded: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    },
    restoreCache: async (paths, key, restoreKeys) => {
      try {
        const cache = await import('@actions/cache');
        if (!cache.isFeatureAvailable()) return undefined;
        return await cache.restoreCache(paths, key, restoreKeys);
      } catch (err) {
        core.warning(`cache not restored: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    },
    review: async (target, post) => {
      const { postReview } = await import('./review.js');
      await postReview(target, post);
    },
    saveCache: async (paths, key) => {
      try {
        const cache = await import('@actions/cache');
        if (!cache.isFeatureAvailable()) return;
        await cache.saveCache(paths, key);
      } catch (err) {
        core.warning(`cache not saved: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}
