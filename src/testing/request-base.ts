// The checks of WebKit's ApplePayRequestBase.cpp, with ApplePayMerchantCapability.cpp, ApplePayContactField.cpp
// and PaymentCoordinator::validatedPaymentNetwork: the members every Apple Pay request shares.
import { invalidAccess, typeError } from './webidl.js';

type Converted = Record<string, unknown>;

export interface Platform {
  supportsVersion(version: number): boolean;
  /** PassKit's `PKPaymentRequest.availableNetworks`, matched case-insensitively. */
  availableNetworks: readonly string[];
}

function validatedNetwork(platform: Platform, version: number, network: string): boolean {
  const key = network.toLowerCase();
  if (version < 2 && key === 'jcb') return false;
  if (version < 3 && key === 'cartebancaire') return false;
  return platform.availableNetworks.some((available) => available.toLowerCase() === key);
}

export function checkRequestBase(version: number, request: Converted, platform: Platform): void {
  if (!version || !platform.supportsVersion(version))
    invalidAccess(`"${version}" is not a supported version.`);

  if (!(request.merchantCapabilities as string[]).length)
    typeError('At least one merchant capability must be provided.');

  // From version 8 an installment configuration may stand in for the networks.
  const networks = request.supportedNetworks as string[];
  if (!networks.length && (version < 8 || request.installmentConfiguration === undefined))
    typeError('At least one supported network must be provided.');
  for (const network of networks)
    if (!validatedNetwork(platform, version, network))
      typeError(`"${network}" is not a valid payment network.`);

  for (const member of ['requiredBillingContactFields', 'requiredShippingContactFields'])
    if (version < 3 && (request[member] as string[] | undefined)?.includes('phoneticName'))
      typeError('"phoneticName" is not a valid contact field.');

  // Before version 3 Safari does not read `supportedCountries` at all.
  if (version < 3) delete request.supportedCountries;
}
