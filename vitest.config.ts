import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite's warnings about third-party sourcemaps drown the test output.
  logLevel: 'error',
  test: {
    include: ['__tests__/**/*.test.ts'],
    // VM tests boot real kernels under TCG on 2 cores: generous, and serial
    // so two guests never fight for the same CPUs and skew timeouts.
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    fileParallelism: false,
    reporters: ['default'],
    // It imports its schema JSON without an import attribute, which Node 20
    // refuses; let Vite transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
