/**
 * Words the synthetic dataset is made of. Names mix accents and scripts on purpose
 * (Éric, Zoë, Łukasz, Ōsaka…): mention offsets are UTF-16 code units, and the dataset
 * should exercise them, including one character outside the BMP in some bodies.
 */
export const FIRST_NAMES = [
  'Abdellatif', 'Aïcha', 'Amélie', 'Anders', 'Anouk', 'Bart', 'Béatrice', 'Carlos', 'Chloé', 'Dario', 'Djamel',
  'Élodie', 'Éric', 'Fatima', 'François', 'Greta', 'Hamid', 'Hélène', 'Ingrid', 'Jan', 'Jérôme', 'Karim', 'Katarzyna',
  'Lars', 'Léa', 'Łukasz', 'Mehdi', 'Mira', 'Nadia', 'Noël', 'Olga', 'Omar', 'Pieter', 'Rachid', 'Renée', 'Saïd',
  'Sofia', 'Søren', 'Thibault', 'Ursula', 'Vincent', 'Wouter', 'Yasmina', 'Youssef', 'Zoë', 'Ángel', 'Björn', 'Inès',
  'Joaquín', 'Kenji', 'Laurent', 'Malika', 'Nicolás', 'Ömer', 'Paulo', 'Quentin', 'Rania', 'Stéphane', 'Tomás', 'Yūki',
];

export const LAST_NAMES = [
  'Achour', 'Alaoui', 'Benali', 'Bennani', 'Berrada', 'Claes', 'Dubois', 'Dupont', 'El Amrani', 'Fassi', 'Fontaine',
  'García', 'Goossens', 'Haddad', 'Hansen', 'Jacobs', 'Janssens', 'Kowalski', 'Lambert', 'Leclercq', 'Maes', 'Martín',
  'Mertens', 'Moreau', 'Müller', 'Nowak', 'Ouazzani', 'Peeters', 'Petit', 'Renard', 'Rossi', 'Sánchez', 'Schmidt',
  'Tahiri', 'Van Damme', 'Vermeulen', 'Wouters', 'Ziani', 'Öztürk', 'Løvgren', 'Nakamura', 'Ibáñez', 'Chraïbi',
  'De Smet', 'Lefèvre', 'Mercier', 'Bouchard', 'Cárdenas', 'Ødegaard', 'Żak', 'Kassab', 'Idrissi', 'Verhoeven',
];

export const COUNTRIES: [name: string, code: string][] = [
  ['Morocco', 'MA'], ['Belgium', 'BE'], ['France', 'FR'], ['Spain', 'ES'], ['Netherlands', 'NL'], ['Germany', 'DE'],
  ['Italy', 'IT'], ['Portugal', 'PT'], ['Algeria', 'DZ'], ['Tunisia', 'TN'], ['Senegal', 'SN'], ['Mali', 'ML'],
  ['Niger', 'NE'], ['Mauritania', 'MR'], ['Egypt', 'EG'], ['Jordan', 'JO'], ['Türkiye', 'TR'], ['Poland', 'PL'],
  ['Sweden', 'SE'], ['Norway', 'NO'], ['Denmark', 'DK'], ['Austria', 'AT'], ['Switzerland', 'CH'], ['Ireland', 'IE'],
  ['United Kingdom', 'GB'], ['United States', 'US'], ['Canada', 'CA'], ['Brazil', 'BR'], ['Côte d’Ivoire', 'CI'],
  ['Japan', 'JP'], ['Qatar', 'QA'], ['Saudi Arabia', 'SA'], ['Nigeria', 'NG'], ['Ghana', 'GH'], ['Kenya', 'KE'],
  ['Greece', 'GR'], ['Romania', 'RO'], ['Czechia', 'CZ'], ['Hungary', 'HU'], ['Finland', 'FI'],
];

export const REGIONS = [
  'Sahel', 'Sahara', 'Middle East', 'Europe', 'Maghreb', 'Balkans', 'Scandinavia', 'West Africa', 'Mediterranean',
  'Gulf', 'Benelux', 'Iberia', 'Horn of Africa', 'Caucasus', 'Baltics',
];

export const CITY_PARTS = {
  start: ['Ber', 'Casa', 'Mar', 'Rab', 'Lou', 'Ant', 'Gand', 'Lié', 'Sé', 'Tan', 'Agad', 'Os', 'Vil', 'Mon', 'Ōs', 'Brü', 'Kra', 'Val'],
  end: ['ville', 'bourg', 'dam', 'ka', 'ène', 'ane', 'werp', 'ir', 'lo', 'gen', 'stad', 'ès', 'heim', 'ovo', 'ia', 'acre'],
};

export const ORGANIZATION_PATTERNS: { name: string; acronymFrom?: boolean }[] = [
  { name: 'Ministry of the Interior of {country}', acronymFrom: true },
  { name: 'National Police of {country}', acronymFrom: true },
  { name: 'Directorate of Territorial Surveillance of {country}', acronymFrom: true },
  { name: 'Customs Administration of {country}', acronymFrom: true },
  { name: 'Financial Intelligence Unit of {country}', acronymFrom: true },
  { name: '{city} Port Authority' },
  { name: '{last} & {last2} Holdings' },
  { name: 'Institut {last} pour la Sécurité' },
  { name: '{city} Chamber of Commerce' },
  { name: 'Observatoire {region} des Migrations' },
  { name: 'Fondation {last}' },
  { name: '{country} Red Crescent Society', acronymFrom: true },
];

export const PERSON_TITLES = [
  'Director General', 'Minister of the Interior', 'Police Commissioner', 'Ambassador', 'Chief Prosecutor',
  'Head of Counter-terrorism', 'Mayor', 'Spokesperson', 'Secretary General', 'Researcher', 'Chief Executive',
];

export const ROLES = ['Director General', 'Deputy Director', 'Head of Unit', 'Spokesperson', 'Adviser', 'Chair', 'Member', 'Analyst'];

export const TOPICS: [slug: string, label: string][] = [
  ['terrorism', 'Terrorism'], ['organized-crime', 'Organized crime'], ['money-laundering', 'Money laundering'],
  ['migration', 'Migration'], ['border-security', 'Border security'], ['cybercrime', 'Cybercrime'],
  ['drug-trafficking', 'Drug trafficking'], ['diplomacy', 'Diplomacy'], ['justice', 'Justice'], ['economy', 'Economy'],
  ['energy', 'Energy'], ['sport-security', 'Sport security'], ['elections', 'Elections'], ['intelligence', 'Intelligence'],
  ['human-trafficking', 'Human trafficking'], ['ports', 'Ports'], ['aviation', 'Aviation'], ['health', 'Health'],
  ['climate', 'Climate'], ['defence', 'Defence'], ['corruption', 'Corruption'], ['technology', 'Technology'],
  ['education', 'Education'], ['agriculture', 'Agriculture'],
];

export const SOURCES: [slug: string, name: string][] = [
  ['le-quotidien', 'Le Quotidien'], ['the-daily-ledger', 'The Daily Ledger'], ['de-morgenkrant', 'De Morgenkrant'],
  ['maghreb-herald', 'Maghreb Herald'], ['l-observateur', 'L’Observateur'], ['north-sea-times', 'North Sea Times'],
  ['atlas-post', 'Atlas Post'], ['brussels-wire', 'Brussels Wire'], ['la-gazette-du-sud', 'La Gazette du Sud'],
  ['het-nieuwsblad-van-morgen', 'Het Nieuwsblad van Morgen'], ['sahel-monitor', 'Sahel Monitor'], ['mediterranean-review', 'Mediterranean Review'],
];

export type Language = 'fr' | 'en' | 'nl';
export const LANGUAGES: [Language, number][] = [['fr', 0.5], ['en', 0.35], ['nl', 0.15]];

/** `{e}` is where an entity's name goes (one mention). */
export const MENTION_SENTENCES: Record<Language, string[]> = {
  fr: [
    'Selon {e}, la coopération a progressé ces derniers mois.',
    'Interrogé, {e} n’a pas souhaité commenter.',
    'Le rôle de {e} a été salué par plusieurs observateurs.',
    'Des représentants de {e} étaient présents lors des échanges.',
    'Cette position rejoint celle exprimée récemment par {e}.',
    'Le dossier est suivi de près par {e}, précise-t-on.',
  ],
  en: [
    'According to {e}, cooperation has improved in recent months.',
    'Asked about it, {e} declined to comment.',
    'Several observers praised the part played by {e}.',
    'Representatives of {e} attended the talks.',
    'The statement echoes remarks made recently by {e}.',
    'The file is being followed closely by {e}, officials said.',
  ],
  nl: [
    'Volgens {e} is de samenwerking de voorbije maanden verbeterd.',
    'Gevraagd om een reactie, wilde {e} niets kwijt.',
    'De rol van {e} werd door waarnemers geprezen.',
    'Vertegenwoordigers van {e} woonden de gesprekken bij.',
    'De verklaring sluit aan bij wat {e} onlangs zei.',
  ],
};

/** `{a}` and `{b}` are participants, `{p}` the place, `{d}` the date: the evidence sentence of an event. */
export const EVENT_SENTENCES: Record<Language, string[]> = {
  fr: ['{a} a rencontré {b} à {p} {d}.', '{a} et {b} ont signé un accord de coopération à {p} {d}.', '{a} a reçu {b} pour des entretiens à {p} {d}.'],
  en: ['{a} met {b} in {p} {d}.', '{a} and {b} signed a cooperation agreement in {p} {d}.', '{a} hosted {b} for talks in {p} {d}.'],
  nl: ['{a} ontmoette {b} in {p} {d}.', '{a} en {b} ondertekenden een samenwerkingsakkoord in {p} {d}.'],
};

export const FILLER_SENTENCES: Record<Language, string[]> = {
  fr: [
    'Les discussions ont porté sur l’échange d’informations et la formation.',
    'Un calendrier de travail doit être arrêté dans les prochaines semaines.',
    'Les deux parties ont insisté sur la nécessité d’une réponse coordonnée.',
    'Aucun chiffre n’a été communiqué à l’issue de la réunion.',
    'La question du financement reste ouverte 🙂 selon un participant.',
  ],
  en: [
    'The discussions covered information sharing and training.',
    'A work plan is expected to be agreed in the coming weeks.',
    'Both sides stressed the need for a coordinated response.',
    'No figures were released after the meeting.',
    'Funding remains an open question 🙂 one participant said.',
  ],
  nl: [
    'De gesprekken gingen over informatie-uitwisseling en opleiding.',
    'Een werkplan wordt de komende weken verwacht.',
    'Beide partijen benadrukten de nood aan een gecoördineerde aanpak.',
    'Na afloop werden geen cijfers bekendgemaakt.',
  ],
};

export const HEADLINES: Record<Language, string[]> = {
  fr: ['{e} au cœur des discussions', 'Coopération renforcée autour de {e}', 'Ce qu’il faut retenir de la visite de {e}', 'Nouvel accord pour {e}'],
  en: ['{e} at the centre of talks', 'Closer cooperation around {e}', 'What to know about the visit of {e}', 'New agreement for {e}'],
  nl: ['{e} centraal in de gesprekken', 'Nauwere samenwerking rond {e}', 'Nieuw akkoord voor {e}'],
};

export const COMMENT_BODIES = [
  'Merci pour cet article très clair.', 'Interesting, but what about the budget?', 'Goed artikel, dank je.',
  'Je ne suis pas d’accord avec cette analyse.', 'Any source for the figures?', 'Enfin une bonne nouvelle !',
  'This has been going on for years.', 'Wanneer komt het vervolg?', 'Très instructif, à suivre.', 'Spot on. 👍',
];

export const MONTHS: Record<Language, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
};
