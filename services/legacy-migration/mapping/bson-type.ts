import { EJSON } from 'bson';

/** Return the BSON type name of a value deserialized with `promoteValues: false`, for messages and warnings. */
export function describeBsonType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (typeof value === 'object' && '_bsontype' in value && typeof value._bsontype === 'string') {
    return value._bsontype.toLowerCase();
  }
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** Return a short printable form of a source value for a quarantine reason, cut to 80 characters. */
export function previewValue(value: unknown): string {
  const text = printable(value);
  const clean = text.replaceAll('\u0000', '\\0');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

function printable(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return value.toString();
    case 'object':
      return printableObject(value);
    default:
      return typeof value;
  }
}

function printableObject(value: object | null): string {
  if (value === null) return 'null';
  if ('_bsontype' in value) return (value as { toString(): string }).toString();
  return EJSON.stringify(value, { relaxed: true });
}
