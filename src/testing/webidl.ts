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

/**
 * Converts `value` to `type` as the bindings do. Returns the converted value, and what was given: the page's
 * values of the members read, without reading anything again (a page can watch what is read, with getters).
 */
function read(type: IdlType, value: unknown): [converted: unknown, given: unknown] {
  if (type === 'DOMString') {
    if (typeof value === 'symbol') typeError();
    return [String(value), value];
  }
  if (type === 'boolean') return [Boolean(value), value];
  if (type === 'unsigned long') return [unsignedLong(value), value];
  if (type === 'unsigned short') return [unsignedShort(value), value];
  if (type === 'Date') return [value, value];
  if ('enum' in type) {
    const string = String(value);
    if (!type.enum.includes(string)) typeError();
    return [string, value];
  }
  if ('sequence' in type) {
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function'
    )
      typeError('Value is not a sequence');
    const items = [...(value as Iterable<unknown>)].map((item) => read(type.sequence, item));
    return [items.map(([converted]) => converted), items.map(([, given]) => given)];
  }
  if ('interface' in type) {
    if (!type.is(value)) typeError();
    return [value, value];
  }
  return readDictionary(type, value);
}

/** Converts `value` to `type` as the bindings do, returning the converted value. */
export const convert = (type: IdlType, value: unknown): unknown => read(type, value)[0];

type Members = Record<string, unknown>;

/**
 * A dictionary, base members first, each level in lexicographic order, as WebIDL prescribes: the converted
 * dictionary, and the members given (those read and not undefined, as the page gave them).
 */
export function readDictionary(dictionary: IdlDictionary, value: unknown): [Members, Members] {
  if (value !== undefined && value !== null && typeof value !== 'object') typeError();
  const source = (value ?? {}) as Members;
  const [result, given] = dictionary.base ? readDictionary(dictionary.base, value) : [{}, {}];
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
    [result[name], given[name]] = read(member.type, memberValue);
  }
  return [result, given];
}

/** A dictionary converted as the bindings do. */
export const convertDictionary = (dictionary: IdlDictionary, value: unknown): Members =>
  readDictionary(dictionary, value)[0];
