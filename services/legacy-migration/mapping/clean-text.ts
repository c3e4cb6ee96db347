/** The result of removing NUL characters, which PostgreSQL rejects in text and jsonb. */
export interface CleanedText {
  text: string;
  removedNul: boolean;
}

/** Remove every U+0000 from a string. */
export function removeNul(text: string): CleanedText {
  if (!text.includes('\u0000')) return { text, removedNul: false };
  return { text: text.replaceAll('\u0000', ''), removedNul: true };
}

/** Count Unicode code points, which is how PostgreSQL's char_length counts characters. */
export function countCodePoints(text: string): number {
  return Array.from(text).length;
}
