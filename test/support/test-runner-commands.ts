// @open-wc/testing imports @web/test-runner-commands, which only works inside Web Test Runner.
// Under Vitest we alias it here: fixtures, shadowDom assertions and axe work; snapshots do not.
function unsupported(): never {
  throw new Error('@web/test-runner-commands is not available under Vitest');
}
export const getSnapshotConfig = unsupported;
export const getSnapshot = unsupported;
export const getSnapshots = unsupported;
export const saveSnapshot = unsupported;
export const removeSnapshot = unsupported;
export const compareSnapshot = unsupported;
