import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/skip-summary.ts'],
    // The suite's expected values were written against the 2019-03-04 edition: tests answer from it unless they
    // name another edition (tests of the default clear PORTHOLE_EDITION). See docs/editions.md.
    env: { PORTHOLE_EDITION: '2019-03-04' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
