// Share links (DESIGN.md, "Playground"): `#code=` + lz-string's compressToEncodedURIComponent(text),
// optionally followed by `&profile=NAME`. Nothing is stored anywhere but in the link itself.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

export interface Shared {
  code: string | null;
  profile: string | null;
}

/** Reads a location hash (`#code=...&profile=lucid`). */
export function readHash(hash: string): Shared {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  // URLSearchParams turns `+` into a space; lz-string's URI alphabet uses `+`, so read it raw.
  const raw = /(?:^|[#&])code=([^&]*)/.exec(hash)?.[1] ?? null;
  const code = raw === null ? null : decompressFromEncodedURIComponent(raw) ?? null;
  return { code, profile: params.get('profile') || null };
}

/** Writes the hash for `code` and a built-in profile name (or none). */
export function makeHash(code: string, profile: string | null): string {
  let hash = `#code=${compressToEncodedURIComponent(code)}`;
  if (profile) hash += `&profile=${encodeURIComponent(profile)}`;
  return hash;
}
