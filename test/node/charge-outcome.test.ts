// Connect's payment status → the sheet's outcome, for the statuses the emulator does not produce.
import { describe, expect, it } from 'vitest';
import {
  STATUS_FAILURE,
  STATUS_SUCCESS,
  sheetStatusFor,
} from '../../examples/server/charge-outcome.js';

describe('sheetStatusFor', () => {
  it.each([
    'PENDING_APPROVAL',
    'PENDING_CAPTURE',
    'PENDING_FRAUD_APPROVAL',
    'AUTHORIZATION_REQUESTED',
    'CAPTURE_REQUESTED',
    'CAPTURED',
    'PAID',
  ])('shows success for %s: the order is taken', (status) => {
    expect(sheetStatusFor({ payment: { status } })).toBe(STATUS_SUCCESS);
  });

  it.each([
    'REJECTED',
    'CANCELLED',
    'REDIRECTED',
    'PENDING_COMPLETION',
    'CREATED',
    'A_STATUS_FROM_2030',
  ])('shows failure for %s', (status) => {
    expect(sheetStatusFor({ payment: { status } })).toBe(STATUS_FAILURE);
  });

  it('shows failure when Connect asks for a customer step the sheet cannot take', () => {
    const redirect = {
      actionType: 'REDIRECT',
      redirectData: { redirectURL: 'https://acs.example' },
    };
    expect(
      sheetStatusFor({ payment: { status: 'PENDING_APPROVAL' }, merchantAction: redirect }),
    ).toBe(STATUS_FAILURE);
  });

  it('shows failure for an answer without a payment', () => {
    expect([
      sheetStatusFor(undefined),
      sheetStatusFor({}),
      sheetStatusFor({ payment: null }),
    ]).toEqual([STATUS_FAILURE, STATUS_FAILURE, STATUS_FAILURE]);
  });
});
