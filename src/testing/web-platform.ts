// The web platform of an older Safari where the test browser has more: what a page's own code meets on the
// shopper's device. Only what the element meets (devices.ts, GAPS): AbortSignal's `reason` (Safari 15.4) and
// constructable stylesheets (Safari 16.4). Taken away from the page's window, and given back unchanged; the
// simulator's own drawing keeps using the originals, captured when this module loads.
import type { PlatformGap } from './devices.js';

type Descriptors = Record<string, PropertyDescriptor | undefined>;

const own = (target: object, name: string) => Object.getOwnPropertyDescriptor(target, name);

const abortOriginals: Descriptors = {
  reason: own(AbortSignal.prototype, 'reason'),
  throwIfAborted: own(AbortSignal.prototype, 'throwIfAborted'),
  abort: own(AbortController.prototype, 'abort'),
  staticAbort: own(AbortSignal, 'abort'),
};

const hasSheets = typeof CSSStyleSheet === 'function' && typeof ShadowRoot === 'function';
const OriginalSheet = hasSheets ? CSSStyleSheet : undefined;
const sheetOriginals: Descriptors = hasSheets
  ? {
      global: own(globalThis, 'CSSStyleSheet'),
      replace: own(CSSStyleSheet.prototype, 'replace'),
      replaceSync: own(CSSStyleSheet.prototype, 'replaceSync'),
      document: own(Document.prototype, 'adoptedStyleSheets'),
      shadowRoot: own(ShadowRoot.prototype, 'adoptedStyleSheets'),
    }
  : {};

/** A constructed stylesheet, on every device: for the simulator's own drawing. */
export function constructedStyleSheet(cssText: string): CSSStyleSheet {
  const sheet = new OriginalSheet!();
  (sheetOriginals.replaceSync!.value as (text: string) => void).call(sheet, cssText);
  return sheet;
}

/** `root.adoptedStyleSheets = sheets`, on every device: for the simulator's own drawing. */
export function adoptStyleSheets(root: ShadowRoot, sheets: CSSStyleSheet[]): void {
  sheetOriginals.shadowRoot!.set!.call(root, sheets);
}

const restore = (target: object, originals: Descriptors, names: Record<string, string>) => {
  for (const [key, name] of Object.entries(names)) {
    const original = originals[key];
    if (original) Object.defineProperty(target, name, original);
  }
};

function takeAbortReason(): void {
  const abort = abortOriginals.abort!.value as (this: AbortController) => void;
  const staticAbort = abortOriginals.staticAbort!.value as () => AbortSignal;
  const signal = AbortSignal.prototype as { reason?: unknown; throwIfAborted?: unknown };
  delete signal.reason;
  delete signal.throwIfAborted;
  // The reason argument is ignored: the signal aborts with the default AbortError, as fetch then rejects.
  Object.defineProperty(AbortController.prototype, 'abort', {
    ...abortOriginals.abort,
    value: function abortWithoutReason(this: AbortController) {
      abort.call(this);
    },
  });
  Object.defineProperty(AbortSignal, 'abort', {
    ...abortOriginals.staticAbort,
    value: () => staticAbort.call(AbortSignal),
  });
}

function giveAbortReason(): void {
  restore(AbortSignal.prototype, abortOriginals, {
    reason: 'reason',
    throwIfAborted: 'throwIfAborted',
  });
  restore(AbortController.prototype, abortOriginals, { abort: 'abort' });
  restore(AbortSignal, abortOriginals, { staticAbort: 'abort' });
}

function takeStyleSheets(): void {
  // Not constructable; sheets from <style> and <link> are still CSSStyleSheet instances.
  const IllegalSheet = function CSSStyleSheet() {
    throw new TypeError('Illegal constructor');
  } as unknown as typeof CSSStyleSheet;
  IllegalSheet.prototype = OriginalSheet!.prototype;
  Object.defineProperty(globalThis, 'CSSStyleSheet', {
    ...sheetOriginals.global,
    value: IllegalSheet,
  });
  delete (OriginalSheet!.prototype as Partial<CSSStyleSheet>).replace;
  delete (OriginalSheet!.prototype as Partial<CSSStyleSheet>).replaceSync;
  delete (Document.prototype as Partial<Document>).adoptedStyleSheets;
  delete (ShadowRoot.prototype as Partial<ShadowRoot>).adoptedStyleSheets;
}

function giveStyleSheets(): void {
  restore(globalThis, sheetOriginals, { global: 'CSSStyleSheet' });
  restore(OriginalSheet!.prototype, sheetOriginals, {
    replace: 'replace',
    replaceSync: 'replaceSync',
  });
  restore(Document.prototype, sheetOriginals, { document: 'adoptedStyleSheets' });
  restore(ShadowRoot.prototype, sheetOriginals, { shadowRoot: 'adoptedStyleSheets' });
}

type Gap = PlatformGap;

const GAPS: Record<Gap, { take(): void; give(): void; available: boolean }> = {
  'abort-reason': {
    take: takeAbortReason,
    give: giveAbortReason,
    available: Boolean(abortOriginals.reason && abortOriginals.abort),
  },
  'constructable-stylesheets': {
    take: takeStyleSheets,
    give: giveStyleSheets,
    available: Boolean(sheetOriginals.shadowRoot && sheetOriginals.replaceSync),
  },
};

const taken = new Set<Gap>();

/** Makes the window lack exactly `gaps` (of those it can take away), giving back any other taken before. */
export function setGaps(gaps: Iterable<Gap>): void {
  const wanted = new Set([...gaps].filter((gap) => GAPS[gap].available));
  for (const gap of [...taken])
    if (!wanted.has(gap)) {
      GAPS[gap].give();
      taken.delete(gap);
    }
  for (const gap of wanted)
    if (!taken.has(gap)) {
      GAPS[gap].take();
      taken.add(gap);
    }
}

/** The gaps the window has now. */
export const currentGaps = (): ReadonlySet<Gap> => taken;
