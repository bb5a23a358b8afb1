import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with every skipped test and the reason in its title, so a short run says what it left out. */
export default class SkipSummary implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) skipped.push(`  ${path.relative(process.cwd(), module.moduleId)} > ${test.fullName}`);
    }
    if (skipped.length === 0) return;
    process.stdout.write(`\nSkipped here (${skipped.length}), each with its reason; CI=true runs them all:\n${skipped.join('\n')}\n`);
  }
}
