// Safari hands us the URL our server-side call will make Apple's servers trust. Only Apple's own gateways
// are accepted, so a page script that fires a forged `validatemerchant` cannot point Connect anywhere else.
const APPLE_GATEWAY =
  /^(apple-pay-gateway(-cert|-(nc|pr)-pod[1-5])?|cn-apple-pay-gateway(-cert|-(sh|tj)-pod[1-3])?)\.apple\.com$/;

/** True when `validationURL` is `https:` on one of Apple's Apple Pay gateway hosts (default port). */
export function isAppleValidationUrl(validationURL: unknown): boolean {
  if (typeof validationURL !== 'string') return false;
  try {
    const url = new URL(validationURL);
    return (
      url.protocol === 'https:' && !url.port && !url.username && APPLE_GATEWAY.test(url.hostname)
    );
  } catch {
    return false;
  }
}
