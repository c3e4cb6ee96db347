import type { SeededRandom } from './random';

const Adjectives = [
  'Blue',
  'Rusty',
  'Golden',
  'Tiny',
  'Ancient',
  'Shiny',
  'Cursed',
  'Lucky',
  'Silent',
  'Frozen',
];
const Nouns = ['Lantern', 'Sword', 'Petal', 'Kimono', 'Teapot', 'Scroll', 'Fan', 'Charm', 'Koi', 'Umbrella'];

/** Names that mix scripts, emoji, right-to-left text and combining marks, as players typed them. */
export const UnicodeNames = [
  '🌸 Sakura Mochi 🍡',
  'سيف ذهبي',
  'חרב הכסף',
  'Cafe\u0301 Latte',
  'Ẓ̶a̷l̸g̵o̶ Charm',
  '招き猫 Maneki',
  '👩‍👩‍👧 Family Photo',
  'mixed עברית and English',
] as const;

const DescriptionPhrases = [
  'Slightly used.',
  'Found it in the shrine.',
  'Limited edition from the spring event.',
  'Trades welcome, DM me.',
  'Great condition, no scratches.',
  'Price is firm.',
];

/** Descriptions with emoji, right-to-left text and combining marks. */
export const UnicodeDescriptions = [
  'Works great 👍🏽 — barely used ✨',
  'وصف باللغة العربية مع أرقام 123',
  'A\u0308pfel und Bir\u0301nen',
  'שלום! item in mint condition',
] as const;

/** Return a plain item name such as "Golden Teapot". */
export function randomItemName(random: SeededRandom): string {
  return `${random.pick(Adjectives)} ${random.pick(Nouns)}`;
}

/** Return a one- to three-sentence description. */
export function randomDescription(random: SeededRandom): string {
  const count = random.integer(1, 3);
  const sentences: string[] = [];
  for (let index = 0; index < count; index += 1) sentences.push(random.pick(DescriptionPhrases));
  return sentences.join(' ');
}
