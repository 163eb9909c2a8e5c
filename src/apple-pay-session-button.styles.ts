import { css } from './button-look.js';

// Apple's minimums: 100×30 px for the plain button, 140×30 px with words. Apple's CSS names, our prefix.
// Not reformatted: the minifier keeps custom properties' values as written, and each var() here is written as
// the minified ones above it, so that gzip finds the repeat.
// prettier-ignore
export const styles = css`
  :host {
    display: inline-block;
    inline-size: var(--apple-pay-session-button-width, 240px);
    block-size: var(--apple-pay-session-button-height, 44px);
    min-inline-size: 140px;
    min-block-size: 30px;
    vertical-align: middle;
  }
  :host([button-type='plain']) {
    min-inline-size: 100px;
  }
  /* !important: a page's own display rule for the tag must not show a button that cannot work. */
  :host(:not([available])),
  :host([hidden]) {
    display: none !important;
  }
  button {
    box-sizing: var(--apple-pay-session-button-box-sizing, border-box);
    inline-size: 100%;
    block-size: 100%;
    margin: 0;
    padding: var(--apple-pay-session-button-padding, 0 12px);
    border-radius: var(--apple-pay-session-button-border-radius, 6px);
    cursor: pointer;
  }
  apple-pay-button {
    display: block;
    --apple-pay-button-width: 100%;
    --apple-pay-button-height: 100%;
    --apple-pay-button-border-radius: var(--apple-pay-session-button-border-radius,6px);
    --apple-pay-button-padding: var(--apple-pay-session-button-padding,0 12px);
    --apple-pay-button-box-sizing: var(--apple-pay-session-button-box-sizing,border-box);
  }
  /* Only where Apple Pay exists without Apple's artwork (simulators, tests): Apple's colours and type, no logo. */
  .lookalike {
    border: 1px solid #000;
    background: #000;
    color: #fff;
    font:
      500 17px system-ui,
      sans-serif;
    white-space: nowrap;
    overflow: hidden;
  }
  .lookalike[data-style^='white'] {
    background: #fff;
    color: #000;
    border-color: #fff;
  }
  .lookalike[data-style='white-outline'] {
    border-color: #000;
  }
  button:focus-visible {
    outline: 2px solid Highlight;
    outline-offset: 2px;
  }
  /* Apple's element has no disabled state of its own: it gets aria-disabled, this look, and a click that does nothing. */
  button:disabled,
  apple-pay-button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.5;
  }
  :host([active]) button {
    cursor: progress;
  }
`;
