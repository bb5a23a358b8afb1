import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/skip-summary.ts'],
    // A golden file (toMatchFileSnapshot) missing or changed fails, here as in CI: only the update command
    // (`npm run test:update-goldens`, or vitest's -u) writes one.
    update: 'none',
    // No edition is pinned: a test answers from the shipped default edition unless it names another
    // (docs/editions.md).
    // Generous: the export tests run real tools over hundreds of files, and a loaded 2-core machine is slow.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
