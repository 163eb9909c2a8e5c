// The WebIDL conversions WebKit's bindings make before ApplePaySession's own code runs: required dictionary
// members, enumerations, sequences, integers. Their TypeErrors come first, with the bindings' words.

/** A WebIDL type, as far as the Apple Pay dictionaries use them. */
export type IdlType =
  | 'DOMString'
  | 'boolean'
  | 'unsigned long'
  | 'unsigned short'
  | 'Date'
  | { enum: readonly string[] }
  | { sequence: IdlType }
  | { interface: string; is: (value: unknown) => boolean }
  | IdlDictionary;

export interface IdlMember {
  type: IdlType;
  required?: true;
  default?: unknown;
}

export interface IdlDictionary {
  dictionary: string;
  /** The dictionary it inherits from: its members are converted first. */
  base?: IdlDictionary;
  members: Record<string, IdlMember>;
}

export const typeError = (message = 'Type error'): never => {
  throw new TypeError(message);
};

export const invalidAccess = (message = ''): never => {
  throw new DOMException(message, 'InvalidAccessError');
};

/** ECMAScript ToNumber, then WebIDL's modulo for an unsigned integer of `bits` bits. */
function toUnsigned(value: unknown, bits: number): number {
  const number = Number(value);
  if (!Number.isFinite(number)) return 0;
  const modulo = 2 ** bits;
  const integer = Math.trunc(number) % modulo;
  return integer < 0 ? integer + modulo : integer;
}

export const unsignedLong = (value: unknown): number => toUnsigned(value, 32);
export const unsignedShort = (value: unknown): number => toUnsigned(value, 16);

function typeName(type: IdlType): string {
  if (typeof type === 'string') return type;
  if ('sequence' in type) return `sequence<${typeName(type.sequence)}>`;
  if ('interface' in type) return type.interface;
  if ('dictionary' in type) return type.dictionary;
  return 'enumeration';
}

/** Converts `value` to `type` as the bindings do, returning the converted value. */
export function convert(type: IdlType, value: unknown): unknown {
  if (type === 'DOMString') {
    if (typeof value === 'symbol') typeError();
    return String(value);
  }
  if (type === 'boolean') return Boolean(value);
  if (type === 'unsigned long') return unsignedLong(value);
  if (type === 'unsigned short') return unsignedShort(value);
  if (type === 'Date') return value;
  if ('enum' in type) {
    const string = String(value);
    if (!type.enum.includes(string)) typeError();
    return string;
  }
  if ('sequence' in type) {
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function'
    )
      typeError('Value is not a sequence');
    return [...(value as Iterable<unknown>)].map((item) => convert(type.sequence, item));
  }
  if ('interface' in type) {
    if (!type.is(value)) typeError();
    return value;
  }
  return convertDictionary(type, value);
}

/** A dictionary: base members first, each level in lexicographic order, as WebIDL prescribes. */
export function convertDictionary(
  dictionary: IdlDictionary,
  value: unknown,
): Record<string, unknown> {
  if (value !== undefined && value !== null && typeof value !== 'object') typeError();
  const source = (value ?? {}) as Record<string, unknown>;
  const result = dictionary.base ? convertDictionary(dictionary.base, value) : {};
  for (const name of Object.keys(dictionary.members).sort()) {
    const member = dictionary.members[name]!;
    const memberValue = source[name];
    if (memberValue === undefined) {
      if (member.required)
        typeError(
          `Member ${dictionary.dictionary}.${name} is required and must be an instance of ${typeName(member.type)}`,
        );
      if (member.default !== undefined) result[name] = structuredClone(member.default);
      continue;
    }
    result[name] = convert(member.type, memberValue);
  }
  return result;
}
