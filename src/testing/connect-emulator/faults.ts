/** The faults the emulator can answer `POST …/products/302/sessions` (merchant validation) with. */
export const FAULTS = [
  'none',
  '400',
  '401',
  '403',
  '404-1426',
  '500',
  'non-json',
  'no-session-object',
  'slow',
  'hang',
  'drop',
] as const;
export type Fault = (typeof FAULTS)[number];

export const isFault = (value: unknown): value is Fault => FAULTS.includes(value as Fault);
