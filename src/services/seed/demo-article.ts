import type { DatePrecision, EventKind } from '../../entities/Event';
import type { PlaceKind } from '../../entities/NamedEntity';

/**
 * What the seed article (seed/000_0e93f6929fe5dcbb.txt) reports, as data. Offsets are
 * never typed here: mentions come from linking these names against the cleaned body, and
 * each event's evidence is the body sentence that contains its `evidence` phrase.
 */
export const SEED_ARTICLE_FILE = '000_0e93f6929fe5dcbb.txt';

/**
 * Publication date. The text gives no date line. What it gives: Bostyn visited Morocco
 * "le 25 novembre" and a bilateral programme "pour 2025-2026" was signed, so the year is
 * 2024; Hammouchi's visit to Belgium was "le jeudi dernier" (last Thursday), after
 * 25 November, so the article appeared within the week after a Thursday in late November
 * or early December 2024. Other outlets' reports of the same communiqué date the visit
 * Thursday 5 December 2024 (the only such Thursday they support), which makes the
 * earliest publication "last Thursday" fits Friday 6 December 2024: we record that day.
 */
export const SEED_PUBLISHED_AT = new Date('2024-12-06T00:00:00Z');
export const SEED_VISIT_DAY = '2024-12-05';

export const seedSource = {
  slug: 'seed-corpus',
  // The page names no outlet; we do not invent one.
  name: 'Seed corpus (outlet not named in the page)',
  url: null as string | null,
};

export interface SeedPlace { key: string; slug: string; name: string; kind: PlaceKind; code?: string; aliases: string[] }
export interface SeedOrganization { key: string; slug: string; name: string; acronym?: string; country: string; aliases: string[] }
export interface SeedPerson { key: string; slug: string; name: string; title: string; country: string; aliases: string[] }

export const seedPlaces: SeedPlace[] = [
  { key: 'morocco', slug: 'morocco', name: 'Morocco', kind: 'country', code: 'MA', aliases: ['Maroc', 'Royaume du Maroc'] },
  { key: 'belgium', slug: 'belgium', name: 'Belgium', kind: 'country', code: 'BE', aliases: ['Belgique', 'België'] },
  { key: 'sahel', slug: 'sahel', name: 'Sahel', kind: 'region', aliases: [] },
  { key: 'sahara', slug: 'sahara', name: 'Sahara', kind: 'region', aliases: [] },
  { key: 'middle-east', slug: 'middle-east', name: 'Middle East', kind: 'region', aliases: ['Moyen-Orient', 'Proche-Orient'] },
  { key: 'europe', slug: 'europe', name: 'Europe', kind: 'region', aliases: [] },
];

export const seedOrganizations: SeedOrganization[] = [
  {
    key: 'dgsn', slug: 'dgsn', name: 'Direction générale de la Sûreté nationale', acronym: 'DGSN', country: 'morocco',
    aliases: ['Sûreté nationale', 'General Directorate for National Security'],
  },
  {
    key: 'dgst', slug: 'dgst', name: 'Direction générale de la Surveillance du territoire', acronym: 'DGST', country: 'morocco',
    aliases: ['Surveillance du territoire', 'General Directorate for Territorial Surveillance'],
  },
  {
    key: 'federal-police', slug: 'belgian-federal-police', name: 'Police fédérale belge', country: 'belgium',
    aliases: ['Police fédérale', 'Belgian Federal Police', 'Federale Politie'],
  },
  {
    key: 'state-security', slug: 'belgian-state-security', name: 'Sûreté de l’État', acronym: 'VSSE', country: 'belgium',
    // "Sûreté intérieure" is how the article names the Belgian State Security among Hammouchi's counterparts.
    aliases: ['Sûreté de l’État belge', 'Sûreté intérieure', 'Belgian State Security', 'Veiligheid van de Staat'],
  },
];

export const seedPeople: SeedPerson[] = [
  {
    key: 'hammouchi', slug: 'abdellatif-hammouchi', name: 'Abdellatif Hammouchi', country: 'morocco',
    title: 'Directeur général de la Sûreté nationale et de la Surveillance du territoire',
    aliases: ['Hammouchi'],
  },
  {
    key: 'snoek', slug: 'eric-snoek', name: 'Eric Snoek', country: 'belgium',
    title: 'Commissaire général de la Police fédérale belge',
    aliases: ['Snoek', 'Éric Snoek'],
  },
  {
    key: 'bostyn', slug: 'francisca-bostyn', name: 'Francisca Bostyn', country: 'belgium',
    title: 'Administratrice générale de la Sûreté de l’État',
    aliases: ['Bostyn'],
  },
];

export const seedAffiliations = [
  { person: 'hammouchi', organization: 'dgsn', role: 'Directeur général' },
  { person: 'hammouchi', organization: 'dgst', role: 'Directeur général' },
  { person: 'snoek', organization: 'federal-police', role: 'Commissaire général' },
  { person: 'bostyn', organization: 'state-security', role: 'Administratrice générale' },
];

export const seedTopics = [
  { slug: 'terrorism', label: 'Terrorisme' },
  { slug: 'organized-crime', label: 'Crime organisé' },
  { slug: 'money-laundering', label: 'Blanchiment d’argent' },
  { slug: 'border-transit-data', label: 'Données de transit frontalier' },
  { slug: 'wanted-persons', label: 'Personnes recherchées' },
  { slug: 'sporting-events-security', label: 'Sécurité des événements sportifs' },
];

/**
 * The article's events. Those marked `extracted` are what the extractor (src/services/events)
 * proposes from the text; the seed confirms each under a stable slug and title. The others
 * are curated: what the text supports but the extractor does not propose, with their evidence.
 */
export type SeedEvent =
  | { slug: string; kind: EventKind; title: string; date: string; extracted: true }
  | {
    slug: string; kind: EventKind; title: string; date: string; extracted: false;
    datePrecision: DatePrecision; place: string;
    participants: { key: string; role: string }[];
    /** A phrase of the body; the evidence is the sentence containing it. */
    evidence: string;
  };

export const seedEvents: SeedEvent[] = [
  {
    slug: 'hammouchi-working-visit-to-belgium-2024-12', kind: 'visit', extracted: true,
    title: 'Visite de travail d’Abdellatif Hammouchi en Belgique', date: SEED_VISIT_DAY,
  },
  {
    // "la visite effectuée par Francisca Bostyn … au Maroc le 25 novembre": no host is named.
    slug: 'bostyn-visit-to-morocco-2024-11-25', kind: 'visit', extracted: true,
    title: 'Visite de Francisca Bostyn au Maroc', date: '2024-11-25',
  },
  {
    slug: 'hammouchi-snoek-talks-2024-12', kind: 'meeting', extracted: true,
    title: 'Entretiens entre Abdellatif Hammouchi et Eric Snoek', date: SEED_VISIT_DAY,
  },
  {
    slug: 'morocco-belgium-action-plan-2025-2026-signing', kind: 'agreement_signed', extracted: true,
    title: 'Signature du plan d’action Maroc-Belgique 2025-2026', date: SEED_VISIT_DAY,
  },
  {
    // "Cette visite s'inscrit dans le cadre des rencontres bilatérales entre Hammouchi et ses
    // homologues belges de la Police Fédérale et de la Sûreté intérieure": a framing the extractor leaves out.
    slug: 'hammouchi-state-security-talks-2024-12', kind: 'meeting', extracted: false,
    title: 'Rencontre d’Abdellatif Hammouchi avec la Sûreté de l’État belge', date: SEED_VISIT_DAY, datePrecision: 'day', place: 'belgium',
    participants: [{ key: 'hammouchi', role: 'guest' }, { key: 'state-security', role: 'host' }],
    evidence: 'rencontres bilatérales entre Hammouchi et ses homologues belges',
  },
];
