import type { Precision } from '../../src/services/events/dates';
import type { ExtractedKind } from '../../src/services/events/lexicon';

/**
 * Short texts written for this set (never copied from articles), French and English, about
 * the invented cast of bench/events/cast.ts, with the events each one reports: every kind,
 * every date form (absolute with and without year, month, year, yesterday, last Thursday,
 * a bare weekday, last week, earlier this month, last month, no publication date), facts
 * spread over sentences, and the traps (a visit without host, co-mentions, meetings
 * planned, denied, cancelled or rumoured, framings, two meetings in one text).
 * Participants are the people and organizations that took part; roles are not scored.
 */
export interface GoldEvent {
  kind: ExtractedKind;
  participants: string[];
  date: string | null;
  precision: Precision | null;
  place: string | null;
}

export interface LabelledText {
  id: string;
  language: 'fr' | 'en';
  /** Publication instant; null: the text came without one. */
  publishedAt: string | null;
  text: string;
  events: GoldEvent[];
}

/**
 * Texts written after the extractor was tuned on LABELLED, and not tuned on since: the
 * bench reports them apart, as the fairer estimate.
 */
export const HELD_OUT: LabelledText[] = [];

/** Friday 15 March 2024. */
const FRI = '2024-03-15T10:00:00Z';
const ev = (kind: ExtractedKind, participants: string[], date: string | null, precision: Precision | null, place: string | null): GoldEvent =>
  ({ kind, participants, date, precision, place });

export const LABELLED: LabelledText[] = [
  { id: 'fr-visit-day', language: 'fr', publishedAt: FRI,
    text: 'La ministre Claire Dubois a effectué une visite officielle au Maroc le 3 mars. Elle y a présenté un programme de formation.',
    events: [ev('visit', ['Claire Dubois'], '2024-03-03', 'day', 'Maroc')] },
  { id: 'en-visit-host', language: 'en', publishedAt: FRI,
    text: 'Julia Hart visited Rabat on 4 March at the invitation of Omar Bensaid.',
    events: [ev('visit', ['Julia Hart', 'Omar Bensaid'], '2024-03-04', 'day', 'Rabat')] },
  { id: 'fr-meeting-hier', language: 'fr', publishedAt: FRI,
    text: 'Omar Bensaid a rencontré hier à Rabat la commissaire Helen Brooks.',
    events: [ev('meeting', ['Omar Bensaid', 'Helen Brooks'], '2024-03-14', 'day', 'Rabat')] },
  { id: 'en-meeting-last-thursday', language: 'en', publishedAt: FRI,
    text: 'Pieter Janssens met Karim Alaoui in Brussels last Thursday to discuss port security.',
    events: [ev('meeting', ['Pieter Janssens', 'Karim Alaoui'], '2024-03-14', 'day', 'Bruxelles')] },
  { id: 'fr-agreement-orgs', language: 'fr', publishedAt: FRI,
    text: 'Le 12 février 2024, l’Office national des ports et la Fondation Atlas ont signé un accord de coopération à Rabat.',
    events: [ev('agreement_signed', ['Office national des ports', 'Fondation Atlas'], '2024-02-12', 'day', 'Rabat')] },
  { id: 'en-agreement-tuesday', language: 'en', publishedAt: FRI,
    text: 'Sofia Marques and Amadou Diallo signed a fisheries agreement in Lisbon on Tuesday.',
    events: [ev('agreement_signed', ['Sofia Marques', 'Amadou Diallo'], '2024-03-12', 'day', 'Lisbonne')] },
  { id: 'fr-phone', language: 'fr', publishedAt: FRI,
    text: 'Claire Dubois s’est entretenue au téléphone avec Amadou Diallo mardi.',
    events: [ev('phone_call', ['Claire Dubois', 'Amadou Diallo'], '2024-03-12', 'day', null)] },
  { id: 'en-phone', language: 'en', publishedAt: FRI,
    text: 'Julia Hart held a phone call with Sofia Marques yesterday about energy prices.',
    events: [ev('phone_call', ['Julia Hart', 'Sofia Marques'], '2024-03-14', 'day', null)] },
  { id: 'fr-reception', language: 'fr', publishedAt: FRI,
    text: 'Le maire Lucas Moreau a reçu jeudi dernier l’ambassadrice Nadia Benali à Paris.',
    events: [ev('reception', ['Lucas Moreau', 'Nadia Benali'], '2024-03-14', 'day', 'Paris')] },
  { id: 'en-reception-passive', language: 'en', publishedAt: FRI,
    text: 'Nadia Benali was received by Omar Bensaid in Rabat on 8 March.',
    events: [ev('reception', ['Nadia Benali', 'Omar Bensaid'], '2024-03-08', 'day', 'Rabat')] },
  { id: 'fr-joint-statement', language: 'fr', publishedAt: FRI,
    text: 'Dans une déclaration commune publiée mercredi, Claire Dubois et Julia Hart ont appelé à un cessez-le-feu.',
    events: [ev('joint_statement', ['Claire Dubois', 'Julia Hart'], '2024-03-13', 'day', null)] },
  { id: 'en-joint-statement-week', language: 'en', publishedAt: FRI,
    text: 'In a joint statement issued last week, the European Commission and Northwind Energy announced a hydrogen partnership.',
    events: [ev('joint_statement', ['Commission européenne', 'Northwind Energy'], '2024-03-04', 'week', null)] },
  { id: 'fr-conference-month', language: 'fr', publishedAt: FRI,
    text: 'Amadou Diallo a participé à la conférence sur le climat à Genève en janvier 2024.',
    events: [ev('conference', ['Amadou Diallo'], '2024-01-01', 'month', 'Genève')] },
  { id: 'en-conference-this-month', language: 'en', publishedAt: FRI,
    text: 'Helen Brooks attended the ocean summit in Lisbon earlier this month.',
    events: [ev('conference', ['Helen Brooks'], '2024-03-01', 'month', 'Lisbonne')] },
  { id: 'fr-visit-no-host', language: 'fr', publishedAt: FRI,
    text: 'Sofia Marques s’est rendue au Sénégal la semaine dernière, où la presse locale a salué son discours sur la pêche.',
    events: [ev('visit', ['Sofia Marques'], '2024-03-04', 'week', 'Sénégal')] },
  { id: 'en-co-mention', language: 'en', publishedAt: FRI,
    text: 'Claire Dubois criticised Omar Bensaid’s proposal on Monday in an interview with a Paris radio station.',
    events: [] },
  { id: 'fr-co-mention', language: 'fr', publishedAt: FRI,
    text: 'Selon Pieter Janssens, la Police fédérale et l’Office national des ports partagent des données depuis 2019.',
    events: [] },
  { id: 'fr-future', language: 'fr', publishedAt: FRI,
    text: 'Omar Bensaid rencontrera Pieter Janssens à Bruxelles la semaine prochaine.',
    events: [] },
  { id: 'en-future', language: 'en', publishedAt: FRI,
    text: 'Julia Hart will meet Amadou Diallo in Dakar next month to sign a trade deal.',
    events: [] },
  { id: 'fr-denied', language: 'fr', publishedAt: FRI,
    text: 'Le ministère a démenti toute rencontre entre Karim Alaoui et Lucas Moreau à Paris.',
    events: [] },
  { id: 'en-denied', language: 'en', publishedAt: FRI,
    text: 'Helen Brooks did not meet Omar Bensaid during her stay in Rabat, her spokesman said.',
    events: [] },
  { id: 'fr-cancelled', language: 'fr', publishedAt: FRI,
    text: 'La réunion prévue entre Sofia Marques et Claire Dubois a été annulée.',
    events: [] },
  { id: 'fr-two-meetings', language: 'fr', publishedAt: FRI,
    text: 'Lundi, Claire Dubois a rencontré Omar Bensaid à Rabat. Mardi, elle s’est entretenue avec Nadia Benali à Paris.',
    events: [
      ev('meeting', ['Claire Dubois', 'Omar Bensaid'], '2024-03-11', 'day', 'Rabat'),
      ev('meeting', ['Claire Dubois', 'Nadia Benali'], '2024-03-12', 'day', 'Paris'),
    ] },
  { id: 'en-two-meetings', language: 'en', publishedAt: FRI,
    text: 'On Monday Julia Hart met Pieter Janssens in Brussels. On Wednesday she held talks with Helen Brooks in London.',
    events: [
      ev('meeting', ['Julia Hart', 'Pieter Janssens'], '2024-03-11', 'day', 'Bruxelles'),
      ev('meeting', ['Julia Hart', 'Helen Brooks'], '2024-03-13', 'day', 'Londres'),
    ] },
  { id: 'fr-visit-then-talks', language: 'fr', publishedAt: FRI,
    text: 'Karim Alaoui a effectué une visite de travail au Portugal le 5 mars. Lors de son séjour, il s’est entretenu avec Sofia Marques.',
    events: [
      ev('visit', ['Karim Alaoui'], '2024-03-05', 'day', 'Portugal'),
      ev('meeting', ['Karim Alaoui', 'Sofia Marques'], '2024-03-05', 'day', 'Portugal'),
    ] },
  { id: 'en-visit-then-meeting', language: 'en', publishedAt: FRI,
    text: 'Amadou Diallo travelled to Brussels on 6 March. During his visit he met Helen Brooks at the European Commission.',
    events: [
      ev('visit', ['Amadou Diallo'], '2024-03-06', 'day', 'Bruxelles'),
      ev('meeting', ['Amadou Diallo', 'Helen Brooks'], '2024-03-06', 'day', 'Bruxelles'),
    ] },
  { id: 'fr-no-publication-date', language: 'fr', publishedAt: null,
    text: 'Jeudi dernier, Pieter Janssens a reçu Karim Alaoui à Bruxelles.',
    events: [ev('reception', ['Pieter Janssens', 'Karim Alaoui'], null, null, 'Bruxelles')] },
  { id: 'en-no-publication-date', language: 'en', publishedAt: null,
    text: 'Sofia Marques met Amadou Diallo yesterday in Dakar.',
    events: [ev('meeting', ['Sofia Marques', 'Amadou Diallo'], null, null, 'Dakar')] },
  { id: 'en-absolute-no-publication-date', language: 'en', publishedAt: null,
    text: 'Julia Hart and Claire Dubois signed a memorandum of understanding in Paris on 20 January 2024.',
    events: [ev('agreement_signed', ['Julia Hart', 'Claire Dubois'], '2024-01-20', 'day', 'Paris')] },
  { id: 'en-month-day', language: 'en', publishedAt: FRI,
    text: 'Omar Bensaid visited Dakar on March 7, where he was received by Amadou Diallo.',
    events: [ev('visit', ['Omar Bensaid', 'Amadou Diallo'], '2024-03-07', 'day', 'Dakar')] },
  { id: 'fr-last-month-invitation', language: 'fr', publishedAt: FRI,
    text: 'Le mois dernier, Lucas Moreau s’est rendu à Lisbonne, à l’invitation de Sofia Marques.',
    events: [ev('visit', ['Lucas Moreau', 'Sofia Marques'], '2024-02-01', 'month', 'Lisbonne')] },
  { id: 'fr-year', language: 'fr', publishedAt: FRI,
    text: 'En 2023, la Fondation Atlas et l’Agence wallonne de l’eau avaient conclu un protocole d’accord à Bruxelles.',
    events: [ev('agreement_signed', ['Fondation Atlas', 'Agence wallonne de l’eau'], '2023-01-01', 'year', 'Bruxelles')] },
  { id: 'en-year', language: 'en', publishedAt: FRI,
    text: 'In 2022 Northwind Energy signed a supply deal with the National Ports Office in Rabat.',
    events: [ev('agreement_signed', ['Northwind Energy', 'Office national des ports'], '2022-01-01', 'year', 'Rabat')] },
  { id: 'fr-list-co-mention', language: 'fr', publishedAt: FRI,
    text: 'Claire Dubois, Julia Hart et Sofia Marques figurent parmi les invités annoncés du forum de Genève.',
    events: [] },
  { id: 'en-rumour', language: 'en', publishedAt: FRI,
    text: 'Rumours that Karim Alaoui met Lucas Moreau in Paris were dismissed by both offices.',
    events: [] },
  { id: 'fr-framing', language: 'fr', publishedAt: FRI,
    text: 'Dans le cadre des réunions régulières entre la Police fédérale et l’Office national des ports, les équipes échangent des données.',
    events: [] },
  { id: 'fr-reception-delegation', language: 'fr', publishedAt: FRI,
    text: 'Samedi, Amadou Diallo a accueilli à Dakar une délégation de la Fondation Atlas conduite par Karim Alaoui.',
    events: [ev('reception', ['Amadou Diallo', 'Fondation Atlas', 'Karim Alaoui'], '2024-03-09', 'day', 'Dakar')] },
  { id: 'en-visit-month', language: 'en', publishedAt: FRI,
    text: 'In February 2024 Helen Brooks paid an official visit to Senegal.',
    events: [ev('visit', ['Helen Brooks'], '2024-02-01', 'month', 'Sénégal')] },
  { id: 'fr-visit-and-signing', language: 'fr', publishedAt: FRI,
    text: 'La visite de Julia Hart à Rabat, le 10 mars, a été marquée par la signature d’un accord entre l’Office national des ports et Northwind Energy.',
    events: [
      ev('visit', ['Julia Hart'], '2024-03-10', 'day', 'Rabat'),
      ev('agreement_signed', ['Office national des ports', 'Northwind Energy'], '2024-03-10', 'day', 'Rabat'),
    ] },
  { id: 'en-signed-by', language: 'en', publishedAt: FRI,
    text: 'The roadmap was signed by Omar Bensaid and Pieter Janssens in Brussels on Thursday.',
    events: [ev('agreement_signed', ['Omar Bensaid', 'Pieter Janssens'], '2024-03-14', 'day', 'Bruxelles')] },
  { id: 'fr-entretien-entre', language: 'fr', publishedAt: FRI,
    text: 'Un entretien entre Nadia Benali et Claire Dubois a eu lieu le 1er mars à Paris.',
    events: [ev('meeting', ['Nadia Benali', 'Claire Dubois'], '2024-03-01', 'day', 'Paris')] },
  { id: 'en-talks-between', language: 'en', publishedAt: FRI,
    text: 'Talks between Sofia Marques and Julia Hart took place in London on 2 March.',
    events: [ev('meeting', ['Sofia Marques', 'Julia Hart'], '2024-03-02', 'day', 'Londres')] },
  { id: 'fr-hedged', language: 'fr', publishedAt: FRI,
    text: 'Karim Alaoui aurait rencontré Pieter Janssens à Bruxelles, selon des sources non confirmées.',
    events: [] },
  { id: 'en-protocol', language: 'en', publishedAt: FRI,
    text: 'Pieter Janssens and Karim Alaoui signed a port security protocol on 11 March in Rabat.',
    events: [ev('agreement_signed', ['Pieter Janssens', 'Karim Alaoui'], '2024-03-11', 'day', 'Rabat')] },
  { id: 'fr-officials-of-org', language: 'fr', publishedAt: FRI,
    text: 'Le directeur de l’Office national des ports, Karim Alaoui, a rencontré mercredi à Bruxelles des responsables de la Commission européenne.',
    events: [ev('meeting', ['Karim Alaoui', 'Commission européenne'], '2024-03-13', 'day', 'Bruxelles')] },
  { id: 'en-board-co-mention', language: 'en', publishedAt: FRI,
    text: 'Helen Brooks and Lucas Moreau were both named to the board of the Atlas Foundation in January.',
    events: [] },
  { id: 'fr-visit-org-host', language: 'fr', publishedAt: FRI,
    text: 'Julia Hart a visité le siège de Northwind Energy à Londres vendredi.',
    events: [ev('visit', ['Julia Hart', 'Northwind Energy'], '2024-03-15', 'day', 'Londres')] },
  { id: 'en-visit-then-signing', language: 'en', publishedAt: FRI,
    text: 'Claire Dubois arrived in Dakar on 2 March for a two-day visit. The next day, she and Amadou Diallo signed an agreement on vocational training.',
    events: [
      ev('visit', ['Claire Dubois'], '2024-03-02', 'day', 'Dakar'),
      ev('agreement_signed', ['Claire Dubois', 'Amadou Diallo'], '2024-03-03', 'day', 'Dakar'),
    ] },
  { id: 'fr-ils-se-sont-reunis', language: 'fr', publishedAt: FRI,
    text: 'Omar Bensaid et Nadia Benali se sont réunis à Rabat le 28 février pour préparer le sommet.',
    events: [ev('meeting', ['Omar Bensaid', 'Nadia Benali'], '2024-02-28', 'day', 'Rabat')] },
];

HELD_OUT.push(
  { id: 'h-fr-visit-capital', language: 'fr', publishedAt: FRI,
    text: 'Arrivé mardi à Dakar, Lucas Moreau a été reçu par Amadou Diallo au palais présidentiel.',
    events: [ev('reception', ['Lucas Moreau', 'Amadou Diallo'], '2024-03-12', 'day', 'Dakar')] },
  { id: 'h-en-met-on-date', language: 'en', publishedAt: FRI,
    text: 'Helen Brooks met Omar Bensaid on 6 March in Rabat, officials said.',
    events: [ev('meeting', ['Helen Brooks', 'Omar Bensaid'], '2024-03-06', 'day', 'Rabat')] },
  { id: 'h-fr-accord-hier', language: 'fr', publishedAt: FRI,
    text: 'Hier à Bruxelles, la Police fédérale et l’Office national des ports ont signé une convention sur l’échange de données.',
    events: [ev('agreement_signed', ['Police fédérale', 'Office national des ports'], '2024-03-14', 'day', 'Bruxelles')] },
  { id: 'h-en-expected-trap', language: 'en', publishedAt: FRI,
    text: 'Sofia Marques is expected to visit Morocco in April, her office said.',
    events: [] },
  { id: 'h-fr-interview-trap', language: 'fr', publishedAt: FRI,
    text: 'Dans un entretien accordé au journal, Karim Alaoui a salué le travail de Pieter Janssens.',
    events: [] },
  { id: 'h-en-phone-last-week', language: 'en', publishedAt: FRI,
    text: 'Last week Claire Dubois spoke by phone with Julia Hart about the fisheries talks.',
    events: [ev('phone_call', ['Claire Dubois', 'Julia Hart'], '2024-03-04', 'week', null)] },
  { id: 'h-fr-visite-puis-entretien', language: 'fr', publishedAt: FRI,
    text: 'Nadia Benali s’est rendue à Lisbonne le 4 mars. À cette occasion, elle a rencontré Sofia Marques.',
    events: [
      ev('visit', ['Nadia Benali'], '2024-03-04', 'day', 'Lisbonne'),
      ev('meeting', ['Nadia Benali', 'Sofia Marques'], '2024-03-04', 'day', 'Lisbonne'),
    ] },
  { id: 'h-en-joint-communique', language: 'en', publishedAt: FRI,
    text: 'Omar Bensaid and Pieter Janssens issued a joint communiqué on Wednesday after their meeting in Brussels.',
    events: [
      ev('joint_statement', ['Omar Bensaid', 'Pieter Janssens'], '2024-03-13', 'day', 'Bruxelles'),
    ] },
  { id: 'h-fr-ni-rencontre', language: 'fr', publishedAt: FRI,
    text: 'Amadou Diallo n’a pas rencontré Claire Dubois lors de son passage à Paris.',
    events: [] },
  { id: 'h-en-visit-hosted', language: 'en', publishedAt: null,
    text: 'Julia Hart made a visit to Lisbon on 9 February 2024, hosted by Sofia Marques.',
    events: [ev('visit', ['Julia Hart', 'Sofia Marques'], '2024-02-09', 'day', 'Lisbonne')] },
  { id: 'h-fr-deux-reunions', language: 'fr', publishedAt: FRI,
    text: 'Le 7 mars, Pieter Janssens s’est réuni avec Karim Alaoui à Rabat. Le 8 mars, il a rencontré Omar Bensaid.',
    events: [
      ev('meeting', ['Pieter Janssens', 'Karim Alaoui'], '2024-03-07', 'day', 'Rabat'),
      ev('meeting', ['Pieter Janssens', 'Omar Bensaid'], '2024-03-08', 'day', null),
    ] },
  { id: 'h-en-summit-comention', language: 'en', publishedAt: FRI,
    text: 'Both Helen Brooks and Amadou Diallo have called for a summit on migration.',
    events: [] },
);
