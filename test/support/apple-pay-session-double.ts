// The tests' ApplePaySession is the demo's simulator: one strict implementation, proven by the tests,
// serves both (demo/simulator/apple-pay-session.ts).
export * from '../../demo/simulator/apple-pay-session.js';
