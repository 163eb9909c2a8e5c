// A Vitest reporter: the closing line names each project's count (each browser engine's, and Node's), so that a
// run shows at a glance that WebKit ran as many tests as Chromium. Used beside the default reporter.
/** @implements {import('vitest/node').Reporter} */
export default class EngineCounts {
  onTestRunEnd(testModules) {
    const counts = new Map();
    for (const module of testModules) {
      const count = counts.get(module.project.name) ?? { passed: 0, failed: 0, skipped: 0 };
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      counts.set(module.project.name, count);
    }
    const parts = [...counts].map(
      ([name, { passed, failed, skipped }]) =>
        `${name} ${passed} passed ${failed} failed${skipped ? ` ${skipped} skipped` : ''}`,
    );
    console.log(`\nper project: ${parts.join(' | ')}`);
  }
}
