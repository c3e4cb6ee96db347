/** A parsed container image reference such as `ghcr.io/acme/kumiko:1.4.2` or `kumiko@sha256:…`. */
export interface ImageReference {
  /** The reference exactly as configured, used as the container `image`. */
  ref: string;
  /** Registry and repository path, without tag or digest. */
  repository: string;
  /** Tag, when the reference has one. */
  tag: string | undefined;
  /** Digest (`sha256:<64 hex>`), when the reference has one. */
  digest: string | undefined;
}

// Repository components follow the OCI distribution grammar. A `host:port` prefix is accepted only before a
// slash, so `kumiko:123` parses as repository `kumiko` with tag `123`.
const ImageReferencePattern =
  /^(?<repository>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+(?=\/))?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

/** Parse an image reference, or return undefined when it is not a valid reference. */
export function parseImageReference(ref: string): ImageReference | undefined {
  const match = ImageReferencePattern.exec(ref);
  const repository = match?.groups?.repository;
  if (!match || repository === undefined) return undefined;
  return { ref, repository, tag: match.groups?.tag, digest: match.groups?.digest };
}

/**
 * Return whether the reference always names the same image: it has a digest, or a tag other than `latest`.
 * Tags can still be pushed again, so a digest is the only strict pin.
 */
export function isPinnedImage(image: ImageReference): boolean {
  if (image.digest !== undefined) return true;
  return image.tag !== undefined && image.tag !== 'latest';
}

/** `IfNotPresent` for pinned images, `Always` for `latest` or untagged ones so nodes pull the newest push. */
export function imagePullPolicy(image: ImageReference): 'IfNotPresent' | 'Always' {
  return isPinnedImage(image) ? 'IfNotPresent' : 'Always';
}

const LabelValuePattern = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/**
 * Return a value for the `app.kubernetes.io/version` label: the tag, else the first 12 hex digits of the
 * digest, else undefined when neither fits the label value syntax (at most 63 characters).
 */
export function imageVersionLabel(image: ImageReference): string | undefined {
  if (image.tag !== undefined && LabelValuePattern.test(image.tag)) return image.tag;
  if (image.digest !== undefined) return image.digest.replace('sha256:', '').slice(0, 12);
  return undefined;
}
