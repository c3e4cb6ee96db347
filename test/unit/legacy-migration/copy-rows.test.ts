import { describe, expect, it } from 'vitest';

import { encodeCopyValue } from '../../../services/legacy-migration/target/copy-rows';

describe('encodeCopyValue', () => {
  it('writes NULL as \\N', () => {
    expect(encodeCopyValue(null)).toBe('\\N');
  });

  it('escapes delimiters and backslashes', () => {
    expect(encodeCopyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  });

  it('keeps plain text unchanged', () => {
    expect(encodeCopyValue('Sakura 🌸 ورد')).toBe('Sakura 🌸 ورد');
  });

  it('writes bytes as escaped hex', () => {
    expect(encodeCopyValue(Buffer.from([0x00, 0xff]))).toBe('\\\\x00ff');
  });
});
