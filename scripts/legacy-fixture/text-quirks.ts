import { Int32 } from 'bson';

import { hasField, removeField, setField, type Quirk } from './quirk-types';
import type { SeededRandom } from './random';
import { UnicodeDescriptions, UnicodeNames } from './vocabulary';

/** JavaScript's `String.prototype.trim` removes all of these, PostgreSQL's `btrim` only the plain space. */
const WhitespaceOnlyNames = ['', '   ', '\t\n', '\u00a0\u3000 ', '\u2003\u2028'];

const HugeDescriptionBytes = 100 * 1024;

function asciiText(random: SeededRandom, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  let text = '';
  while (text.length < length) text += letters[random.integer(0, letters.length - 1)];
  return `X${text.slice(1, length - 1)}X`;
}

function insertNul(text: string): string {
  const middle = Math.max(1, Math.floor(text.length / 2));
  return `${text.slice(0, middle)}\u0000${text.slice(middle)}`;
}

const always: Quirk['isEligible'] = () => true;
const hasStringName: Quirk['isEligible'] = (document) => typeof document.name === 'string';

/** Defects of the text fields `name`, `description` and `owner_name`. */
export const TextQuirks: readonly Quirk[] = [
  {
    name: 'name_empty_or_whitespace',
    rate: 0.007,
    isEligible: always,
    apply: (document, { random }) => setField(document, 'name', random.pick(WhitespaceOnlyNames)),
  },
  {
    // Over 255 characters after trimming. ASCII only, so UTF-16 length and code point count agree.
    name: 'name_too_long',
    rate: 0.0035,
    isEligible: always,
    apply: (document, { random }) => setField(document, 'name', asciiText(random, random.integer(256, 600))),
  },
  {
    // Exactly 255 characters after trimming, with whitespace around it: valid.
    name: 'name_at_length_limit',
    rate: 0.001,
    isEligible: always,
    apply: (document, { random }) => setField(document, 'name', `  ${asciiText(random, 255)}\u00a0\n`),
  },
  {
    name: 'name_needs_trim',
    rate: 0.005,
    isEligible: hasStringName,
    apply: (document) => setField(document, 'name', ` \t${String(document.name)}\u3000 `),
  },
  {
    name: 'name_nul',
    rate: 0.002,
    isEligible: hasStringName,
    apply: (document) => setField(document, 'name', insertNul(String(document.name))),
  },
  {
    name: 'name_unicode',
    rate: 0.01,
    isEligible: always,
    apply: (document, { random }) => setField(document, 'name', random.pick(UnicodeNames)),
  },
  {
    name: 'name_missing',
    rate: 0.00175,
    isEligible: always,
    apply: (document) => removeField(document, 'name'),
  },
  {
    name: 'name_not_string',
    rate: 0.00175,
    isEligible: always,
    apply: (document, { random }) => setField(document, 'name', new Int32(random.integer(1, 999))),
  },
  {
    name: 'description_nul',
    rate: 0.002,
    isEligible: (document) => typeof document.description === 'string',
    apply: (document) => setField(document, 'description', insertNul(String(document.description))),
  },
  {
    name: 'description_100_kb',
    rate: 0.0005,
    isEligible: (document) => hasField(document, 'description'),
    apply: (document, { random }) =>
      setField(document, 'description', asciiText(random, HugeDescriptionBytes)),
  },
  {
    name: 'description_unicode',
    rate: 0.01,
    isEligible: (document) => hasField(document, 'description'),
    apply: (document, { random }) => setField(document, 'description', random.pick(UnicodeDescriptions)),
  },
  {
    name: 'description_not_string',
    rate: 0.00175,
    isEligible: (document) => hasField(document, 'description'),
    apply: (document, { random }) =>
      setField(document, 'description', random.chance(0.5) ? new Int32(42) : ['line one', 'line two']),
  },
  {
    name: 'owner_name_nul',
    rate: 0.002,
    isEligible: (document) => typeof document.owner_name === 'string',
    apply: (document) => setField(document, 'owner_name', insertNul(String(document.owner_name))),
  },
  {
    name: 'owner_name_unicode',
    rate: 0.005,
    isEligible: (document) => typeof document.owner_name === 'string',
    apply: (document, { random }) =>
      setField(document, 'owner_name', random.pick(['🌸petal_queen🌸', 'ملك_السوق', 'e\u0301clair'])),
  },
];
