import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/skip-summary.ts'],
    // Generous: the export tests run real tools over hundreds of files, and a loaded 2-core machine is slow.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
