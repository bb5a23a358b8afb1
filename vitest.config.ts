import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/skip-summary.ts'],
    // A golden file (toMatchFileSnapshot) missing or changed fails, here as in CI: only the update command
    // (`npm run test:update-goldens`, or vitest's -u) writes one.
    update: 'none',
    // The suite's expected values were written against the 2019-03-04 edition: tests answer from it unless they
    // name another edition (tests of the default clear PORTHOLE_EDITION). See docs/editions.md.
    env: { PORTHOLE_EDITION: '2019-03-04' },
    // Generous: the export tests run real tools over hundreds of files, and a loaded 2-core machine is slow.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
