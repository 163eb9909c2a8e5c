import { css } from 'lit';

// Apple's minimum is 100×30 px for the plain button, 140×30 px with text; we default above both.
export const styles = css`
  :host {
    display: inline-block;
    inline-size: var(--apple-pay-session-button-width, 240px);
    block-size: var(--apple-pay-session-button-height, 44px);
    min-inline-size: 140px;
    min-block-size: 30px;
    vertical-align: middle;
  }
  :host([hidden]) {
    display: none;
  }
  button {
    box-sizing: var(--apple-pay-session-button-box-sizing, border-box);
    inline-size: 100%;
    block-size: 100%;
    padding: var(--apple-pay-session-button-padding, 0 12px);
    border: 1px solid #000;
    border-radius: var(--apple-pay-session-button-border-radius, 6px);
    background: #000;
    color: #fff;
    font:
      500 17px/1 -apple-system,
      BlinkMacSystemFont,
      'Helvetica Neue',
      Helvetica,
      Arial,
      sans-serif;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid Highlight;
    outline-offset: 2px;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
`;
