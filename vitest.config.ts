import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // VM tests boot real kernels under TCG on 2 cores: generous, and serial
    // so two guests never fight for the same CPUs and skew timeouts.
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
