// The tests' ApplePaySession is the demo's simulator: one strict implementation, proven by the tests,
// serves both (src/testing/apple-pay-session.ts).
export * from '../../src/testing/apple-pay-session.js';
