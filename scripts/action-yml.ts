// Generates each action.yml from the CLI's flag specs, so inputs and flags
// can never drift apart. `npm run gen:actions` writes them; a test compares.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { FlagSpecs } from '../src/cli/args.js';
import { allFlags, buildFlags, reportFlags, runFlags } from '../src/cli/specs.js';

interface ActionDef {
  path: string;
  name: string;
  description: string;
  main: string;
  specs: FlagSpecs;
  extraInputs?: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, string>;
}

const runOutputs = {
  verdict: 'success | unstable | failure | critical',
  conclusion: 'one-line conclusion, MPTCP CI style',
  counts: 'JSON object of counts per status',
  results: 'path of results.json',
  junit: 'path of junit.xml',
  console: 'path of console.log',
  'exit-code': '0 success, 1 test failures, 2 critical, 64 bad input',
};

const SETUP_RUNNER = {
  description:
    'install the missing apt packages this step needs (QEMU, busybox-static, the build tools, what the selftests call) and open /dev/kvm, on Debian/Ubuntu runners; false on self-hosted runners set up by hand',
  default: 'true',
};

export const actions: ActionDef[] = [
  {
    path: 'action.yml',
    name: 'kernel-ci',
    description: 'Build a Linux kernel, boot it in QEMU, run its selftests, report every subtest',
    main: 'dist/all.js',
    specs: allFlags,
    extraInputs: { 'setup-runner': SETUP_RUNNER },
    outputs: { ...runOutputs, bzimage: 'path of the built bzImage', vmlinux: 'path of vmlinux' },
  },
  {
    path: 'actions/build/action.yml',
    name: 'kernel-ci build',
    description: 'Configure (fragments that provably stick) and build a kernel with ccache',
    main: '../../dist/build.js',
    specs: buildFlags,
    extraInputs: { 'setup-runner': SETUP_RUNNER },
    outputs: {
      bundle:
        'path of the kernel bundle (kernel.tar.zst: bzImage, vmlinux, .config, modules, selftests, decoder; modes kept) to hand to the run action as its kernel input',
      bzimage: 'path of bzImage',
      vmlinux: 'path of vmlinux',
      config: 'path of .config',
      modules: 'path of the installed lib/modules/<release> dir (empty when none)',
      selftests: 'path of the installed selftests dir (empty when none)',
      headers: 'path of the installed UAPI headers (O=/usr/include; empty when not made)',
      'build-seconds': 'wall time of the build',
      'ccache-hit-rate': 'ccache hit rate of this build, 0..1',
      'exit-code': '0 success, 64 bad input, 2 build failure',
    },
  },
  {
    path: 'actions/run/action.yml',
    name: 'kernel-ci run',
    description: 'Boot a kernel in QEMU (KVM when it works, TCG otherwise) and run a test plan',
    main: '../../dist/run.js',
    specs: runFlags,
    extraInputs: { 'setup-runner': SETUP_RUNNER },
    outputs: {
      ...runOutputs,
      // Set only with the repeat input (src/pipeline/repeat.ts).
      failures: 'with repeat: runs that failed (or matched the until-* input)',
      runs: 'with repeat: runs made',
      'failure-rate': 'with repeat: failures / runs, 0..1',
      'first-failure-console':
        'with repeat: console.log of the first failing run (empty when none)',
    },
  },
  {
    path: 'actions/report/action.yml',
    name: 'kernel-ci report',
    description: 'Merge results (shards, matrix jobs) into one job summary, annotations and JUnit',
    main: '../../dist/report.js',
    specs: reportFlags,
    extraInputs: {
      results: {
        description:
          'results.json files, directories (searched at any depth for results.json) or glob patterns (* ? [..] {a,b}, ** for any depth; no shell needed), one a line. A path that matches nothing, an unreadable file and a shard missing from its run are named in the report and make it a failure, not a crash.',
        required: true,
      },
    },
    outputs: {
      verdict: runOutputs.verdict,
      conclusion: runOutputs.conclusion,
      counts: runOutputs.counts,
      junit: 'path of the merged junit.xml (when the junit input is set)',
      results: 'path of the merged results.json (when the json input is set)',
      summary: 'path of the markdown summary (when the summary input is set)',
      'history-new': 'failing subtests the history never saw failing (with the history input)',
      'history-flaky': 'failing subtests that failed in some remembered runs and passed in others',
      'history-known': 'failing subtests already failing on the branch',
      'history-fixed': 'subtests passing again after failing in the last remembered run',
      email: 'path of the report mail (when the email-file input is set)',
      'exit-code':
        '0 success (or only known/flaky failures with fail-on new), 1 test failures or missing results, 2 critical, 64 bad input (no results input)',
    },
  },
];

export function actionYaml(a: ActionDef): string {
  const inputs: Record<string, Record<string, unknown>> = { ...a.extraInputs };
  for (const [name, s] of Object.entries(a.specs)) {
    // No `default:` in action.yml: the runner would pass it as if the user
    // had set the input, and a set input wins over a plan file. The CLI's
    // spec supplies the default when the input is empty.
    const dflt = s.default !== undefined && s.type !== 'bool' ? ` (default: ${s.default})` : '';
    const input: Record<string, unknown> = {
      description: `${s.type === 'list' ? `${s.help} (one a line)` : s.help}${dflt}`,
      required: false,
    };
    inputs[name] = input;
  }
  const doc = {
    name: a.name,
    description: a.description,
    author: 'kernel-ci-actions',
    inputs,
    outputs: Object.fromEntries(Object.entries(a.outputs).map(([k, d]) => [k, { description: d }])),
    runs: { using: 'node24', main: a.main },
  };
  return `# Generated by scripts/action-yml.ts from src/cli/specs.ts: edit those, then npm run gen:actions\n${stringify(doc, { lineWidth: 0 })}`;
}

if (process.argv[1]?.endsWith('action-yml.ts')) {
  for (const a of actions) writeFileSync(a.path, actionYaml(a));
}
