// WebKit's PaymentSession.cpp, canCreateSession: whether this document may use Apple Pay at all. The constructor
// and every static ask it first. The double knows where it runs as Safari does, from its own window: the
// origins of the frames it is nested in (`location.ancestorOrigins`, or reaching up the frames where the
// browser has no such list) and the frame's permissions policy (`document.featurePolicy`, where the browser
// has it; elsewhere a cross-origin frame counts as allowed, as with allow="payment").

/** Where this window is: in a frame with another origin above it, and whether payment is allowed in it. */
export interface FrameContext {
  crossOrigin: boolean;
  paymentAllowed: boolean;
}

/** The origins of the frames above this one, nearest first, as far as they can be known. */
function ancestorOrigins(): string[] {
  const listed = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (listed) return [...listed];
  const origins: string[] = [];
  for (let frame: Window = window; frame !== frame.parent; frame = frame.parent) {
    try {
      origins.push(frame.parent.location.origin);
    } catch {
      origins.push('(cross-origin)'); // a frame whose origin this one may not read is another origin
    }
  }
  return origins;
}

export function frameContext(): FrameContext {
  const above = window === window.top ? [] : ancestorOrigins();
  const top = above.at(-1) ?? location.origin;
  const crossOrigin = [location.origin, ...above].some((origin) => origin !== top);
  const policy = (
    document as Document & { featurePolicy?: { allowsFeature(name: string): boolean } }
  ).featurePolicy;
  return { crossOrigin, paymentAllowed: policy ? policy.allowsFeature('payment') : true };
}

/**
 * Throws as canCreateSession refuses: without the payment permission a SecurityError; an insecure document;
 * before Safari 17 (`crossOriginFrames` false), any frame with another origin above it.
 */
export function canCreateSession(crossOriginFrames: boolean): void {
  const frame = frameContext();
  if (!frame.paymentAllowed)
    throw new DOMException(
      'Third-party iframes are not allowed to request payments unless explicitly allowed via Feature-Policy (payment)',
      'SecurityError',
    );
  if (!isSecureContext)
    throw new DOMException(
      'Trying to start an Apple Pay session from an insecure document.',
      'InvalidAccessError',
    );
  if (frame.crossOrigin && !crossOriginFrames)
    throw new DOMException(
      'Trying to start an Apple Pay session from a document with an different security origin than its top-level frame.',
      'InvalidAccessError',
    );
}
