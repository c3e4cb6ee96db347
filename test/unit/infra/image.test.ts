import { describe, expect, it } from 'vitest';

import { imagePullPolicy, imageVersionLabel, isPinnedImage, parseImageReference } from '../../../infra/image';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('image references', () => {
  it.each([
    ['kumiko', 'kumiko', undefined, undefined],
    ['kumiko:123', 'kumiko', '123', undefined],
    ['registry.example.com/kumiko:1.4.2', 'registry.example.com/kumiko', '1.4.2', undefined],
    ['localhost:5000/team/kumiko:dev', 'localhost:5000/team/kumiko', 'dev', undefined],
    [`kumiko@${digest}`, 'kumiko', undefined, digest],
    [`kumiko:1.0@${digest}`, 'kumiko', '1.0', digest],
  ])('parses %s', (ref, repository, tag, expectedDigest) => {
    expect(parseImageReference(ref)).toEqual({ ref, repository, tag, digest: expectedDigest });
  });

  it.each(['', 'Kumiko:1', 'kumiko:', 'kumiko:-bad', 'kumiko@sha256:short', 'a b'])('rejects "%s"', (ref) => {
    expect(parseImageReference(ref)).toBeUndefined();
  });

  it.each([
    ['kumiko:1.0', true],
    ['kumiko:latest', false],
    ['kumiko', false],
    [`kumiko@${digest}`, true],
  ])('%s pinned is %s', (ref, pinned) => {
    const image = parseImageReference(ref)!;
    expect(isPinnedImage(image)).toBe(pinned);
    expect(imagePullPolicy(image)).toBe(pinned ? 'IfNotPresent' : 'Always');
  });

  it('labels the version', () => {
    expect(imageVersionLabel(parseImageReference('kumiko:1.4.2')!)).toBe('1.4.2');
    expect(imageVersionLabel(parseImageReference(`kumiko@${digest}`)!)).toBe('0123456789ab');
    expect(imageVersionLabel(parseImageReference(`kumiko:${'x'.repeat(80)}`)!)).toBeUndefined();
  });
});
