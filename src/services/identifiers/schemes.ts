/**
 * The identifier schemes the newsroom keeps, each with its format, its normal form (what is
 * stored and looked up) and the page it names. No lookups on the network: a well-formed
 * identifier is taken as the editor gives it.
 */
export interface IdentifierScheme {
  scheme: string;
  label: string;
  /** What a value looks like, for error messages. */
  example: string;
  /** The value in normal form, or null when malformed. */
  normalize(value: string): string | null;
  url(value: string): string;
}

/** ISO 7064 MOD 11-2 check character of ISNI and ORCID (the 16th). */
function mod11_2(digits: string): string {
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** ISO 17442 (LEI): letters as 10..35, the whole number mod 97 is 1. */
function mod97(value: string): number {
  let rest = 0;
  for (const c of value) {
    const n = /\d/.test(c) ? c : String(c.charCodeAt(0) - 55);
    for (const d of n) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

function sixteen(value: string): string | null {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  return /^\d{15}[\dX]$/.test(v) && mod11_2(v.slice(0, 15)) === v[15] ? v : null;
}

const SCHEMES: IdentifierScheme[] = [
  {
    scheme: 'wikidata', label: 'Wikidata item', example: 'Q42',
    normalize: (v) => (/^[Qq][1-9]\d{0,11}$/.test(v.trim()) ? v.trim().toUpperCase() : null),
    url: (v) => `https://www.wikidata.org/wiki/${v}`,
  },
  {
    scheme: 'isni', label: 'ISNI', example: '0000 0001 2103 2683',
    normalize: sixteen,
    url: (v) => `https://isni.org/isni/${v}`,
  },
  {
    scheme: 'viaf', label: 'VIAF cluster', example: '113230702',
    normalize: (v) => (/^[1-9]\d{0,21}$/.test(v.trim()) ? v.trim() : null),
    url: (v) => `https://viaf.org/viaf/${v}`,
  },
  {
    scheme: 'website', label: 'Official website', example: 'https://www.dgsn.gov.ma/',
    normalize: (v) => {
      const trimmed = v.trim();
      if (trimmed.length > 500 || !/^https?:\/\//i.test(trimmed)) return null;
      try {
        const url = new URL(trimmed);
        return url.hostname.includes('.') && !url.username && !url.password ? url.href : null;
      } catch {
        return null;
      }
    },
    url: (v) => v,
  },
  {
    scheme: 'orcid', label: 'ORCID iD', example: '0000-0002-1825-0097',
    normalize: (v) => {
      const s = sixteen(v);
      return s && `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
    },
    url: (v) => `https://orcid.org/${v}`,
  },
  {
    scheme: 'lei', label: 'Legal Entity Identifier', example: '5493001KJTIIGC8Y1R12',
    normalize: (v) => {
      const s = v.trim().toUpperCase();
      return /^[0-9A-Z]{18}\d{2}$/.test(s) && mod97(s) === 1 ? s : null;
    },
    url: (v) => `https://search.gleif.org/#/record/${v}`,
  },
  {
    scheme: 'ror', label: 'Research Organization Registry', example: '05f82e368',
    normalize: (v) => (/^0[a-hj-km-np-tv-z0-9]{6}\d{2}$/.test(v.trim().toLowerCase()) ? v.trim().toLowerCase() : null),
    url: (v) => `https://ror.org/${v}`,
  },
  {
    scheme: 'geonames', label: 'GeoNames', example: '2542007',
    normalize: (v) => (/^[1-9]\d{0,9}$/.test(v.trim()) ? v.trim() : null),
    url: (v) => `https://www.geonames.org/${v}`,
  },
];

export const IDENTIFIER_SCHEMES: ReadonlyMap<string, IdentifierScheme> = new Map(SCHEMES.map((s) => [s.scheme, s]));

export type IdentifierCheck = { scheme: string; value: string } | { problem: 'UNKNOWN_SCHEME' | 'MALFORMED'; message: string };

/** A scheme and value as an editor or a client gives them, checked and in normal form. */
export function checkIdentifier(scheme: string, value: string): IdentifierCheck {
  const known = IDENTIFIER_SCHEMES.get(scheme.trim().toLowerCase());
  if (!known) {
    return { problem: 'UNKNOWN_SCHEME', message: `unknown scheme "${scheme.slice(0, 40)}"; known: ${[...IDENTIFIER_SCHEMES.keys()].join(', ')}` };
  }
  const normal = known.normalize(value);
  if (normal === null) {
    const what = known.scheme === 'wikidata' ? 'a malformed QID' : `a malformed ${known.label}`;
    return { problem: 'MALFORMED', message: `${what} "${value.slice(0, 60)}"; expected e.g. ${known.example}` };
  }
  return { scheme: known.scheme, value: normal };
}

export const identifierUrl = (scheme: string, value: string): string | null => IDENTIFIER_SCHEMES.get(scheme)?.url(value) ?? null;
