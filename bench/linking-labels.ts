import { linkArticle } from '../src/services/ingest/ingest-article';
import type { CandidateKind } from '../src/services/linking/candidates';
import { Gazetteer, type GazetteerEntry } from '../src/services/linking/gazetteer';

/**
 * Issue 18's labelled set: short texts written for it (never copied from articles), as an
 * editor would send them (raw pages with their furniture), each with the links it should
 * give (title and body) and the unknown names worth an editor's time. Traps: furniture
 * naming known people, another person with a known surname, everyday words one letter from
 * a surname, ambiguous surnames, names in lists that are no part of the article.
 */
export const LABEL_ENTITIES: GazetteerEntry[] = [
  { entityId: 1, kind: 'person', names: ['Abdellatif Hammouchi'] },
  { entityId: 2, kind: 'person', names: ['Eric Snoek', 'Éric Snoek'] },
  { entityId: 3, kind: 'person', names: ['Francisca Bostyn'] },
  { entityId: 4, kind: 'person', names: ['Youssef Chraibi'] },
  { entityId: 5, kind: 'person', names: ['Nadia Ouazzani'] },
  { entityId: 6, kind: 'person', names: ['Jan Vermeulen'] },
  { entityId: 7, kind: 'person', names: ['Karim Benali'] },
  { entityId: 8, kind: 'person', names: ['Samir Benali'] },
  { entityId: 9, kind: 'person', names: ['Paul Moreau'] },
  { entityId: 10, kind: 'organization', names: ['Direction générale de la Sûreté nationale', 'DGSN'], acronyms: ['DGSN'] },
  { entityId: 11, kind: 'organization', names: ['Direction générale de la surveillance du territoire', 'DGST'], acronyms: ['DGST'] },
  { entityId: 12, kind: 'organization', names: ['Police fédérale belge', 'Police fédérale'] },
  { entityId: 13, kind: 'organization', names: ['Sûreté de l’État', 'VSSE'], acronyms: ['VSSE'] },
  { entityId: 14, kind: 'organization', names: ['Interpol'] },
  { entityId: 15, kind: 'organization', names: ['Europol'] },
  { entityId: 20, kind: 'place', names: ['Maroc', 'Morocco'] },
  { entityId: 21, kind: 'place', names: ['Belgique', 'Belgium'] },
  { entityId: 22, kind: 'place', names: ['Bruxelles', 'Brussels'] },
  { entityId: 23, kind: 'place', names: ['Rabat'] },
  { entityId: 24, kind: 'place', names: ['Europe'] },
  { entityId: 25, kind: 'place', names: ['Espagne', 'Spain'] },
  { entityId: 26, kind: 'place', names: ['Sahel'] },
];

export interface LabelledText {
  title: string;
  /** The raw page, furniture included. */
  body: string;
  /** Every expected link, title's and body's: [text as written, entity id]. */
  links: [string, number][];
  /** Unknown names worth reviewing: [text, kind]. */
  candidates: [string, CandidateKind][];
}

export const LABELLED_TEXTS: LabelledText[] = [
  {
    title: 'Hammouchi reçoit Eric Snoeck à Rabat',
    body: 'Partager\n- Publicité -\nLe directeur général de la DGSN, Abdellatif Hammouchi, a reçu jeudi à Rabat le commissaire général de la Police fédérale belge, Eric Snoeck.\nLes deux hommes ont signé un plan d’action commun contre le terrorisme au Sahel.\nLes plus lus\nTidjane Thiam candidat à la présidentielle\nRDC : la trêve est rompue\nLaisser un commentaire',
    links: [['Hammouchi', 1], ['Eric Snoeck', 2], ['Rabat', 23], ['DGSN', 10], ['Abdellatif Hammouchi', 1], ['Rabat', 23], ['Police fédérale belge', 12], ['Eric Snoeck', 2], ['Sahel', 26]],
    candidates: [],
  },
  {
    title: 'Belgian police chief meets Moroccan counterpart',
    body: 'Subscribe now\nBrussels police commissioner Eric Snoek met Abdellatif Hammouchi, head of the DGSN, in Rabat on Monday.\nThe two men discussed terrorism in the Sahel and in Europe.\nMost read\nStorm closes coastal roads\nShare on Facebook',
    links: [['Brussels', 22], ['Eric Snoek', 2], ['Abdellatif Hammouchi', 1], ['DGSN', 10], ['Rabat', 23], ['Sahel', 26], ['Europe', 24]],
    candidates: [],
  },
  {
    title: 'Coopération sécuritaire',
    body: 'A. Hamouchi a accueilli une délégation venue de Belgique. Selon Hamouchi, la coopération est exemplaire.',
    links: [['A. Hamouchi', 1], ['Belgique', 21], ['Hamouchi', 1]],
    candidates: [],
  },
  {
    title: 'Madrid et Rabat renforcent leur coopération',
    body: 'Le ministre de l’Intérieur Fernando Grande-Marlaska a rencontré Abdellatif Hammouchi à Madrid. La police nationale espagnole et la garde civile espagnole participeront aux patrouilles, a précisé Francisco Pardo Piqueras.',
    links: [['Rabat', 23], ['Abdellatif Hammouchi', 1]],
    candidates: [['Fernando Grande-Marlaska', 'PERSON'], ['Madrid', 'PLACE'], ['police nationale espagnole', 'ORGANIZATION'], ['garde civile espagnole', 'ORGANIZATION'], ['Francisco Pardo Piqueras', 'PERSON']],
  },
  {
    title: 'Un nouveau commissaire',
    body: 'Karim Snoeck, commissaire à Liège, a pris ses fonctions lundi. Il n’a aucun lien avec Eric Snoek. Samedi, Jan Vermeulen l’a félicité.',
    links: [['Eric Snoek', 2], ['Jan Vermeulen', 6]],
    candidates: [['Karim Snoeck', 'PERSON'], ['Liège', 'PLACE']],
  },
  {
    title: 'Paris et Bruxelles',
    body: 'La directrice générale de la police nationale française, Céline\nBerthon, a rencontré à Bruxelles le ministre de l’Intérieur Bernard Quintin.',
    links: [['Bruxelles', 22], ['Bruxelles', 22]],
    candidates: [['police nationale française', 'ORGANIZATION'], ['Céline Berthon', 'PERSON'], ['Bernard Quintin', 'PERSON']],
  },
  {
    title: 'Les frères Benali',
    body: 'Benali a déclaré qu’il ne se présenterait pas. Karim Benali et Samir Benali dirigent la société depuis 2010.',
    links: [['Karim Benali', 7], ['Samir Benali', 8]],
    candidates: [],
  },
  {
    title: 'Le BCIJ démantèle une cellule',
    body: 'Le Bureau central d’investigations judiciaires (BCIJ) a démantelé une cellule liée à l’État islamique, en coordination avec la DGST. L’opération a eu lieu à Tanger.',
    links: [['DGST', 11]],
    candidates: [['Bureau central d’investigations judiciaires', 'ORGANIZATION'], ['BCIJ', 'ORGANIZATION'], ['État islamique', 'ORGANIZATION'], ['Tanger', 'PLACE']],
  },
  {
    title: 'Europol and Interpol join forces',
    body: 'Europol director Catherine De Bolle met Interpol officials in Lyon. The Dutch National Police also took part, said spokesperson Mark Jansen.',
    links: [['Europol', 15], ['Interpol', 14], ['Europol', 15], ['Interpol', 14]],
    candidates: [['Catherine De Bolle', 'PERSON'], ['Lyon', 'PLACE'], ['Dutch National Police', 'ORGANIZATION'], ['Mark Jansen', 'PERSON']],
  },
  {
    title: 'Visite de travail',
    body: 'Youssef Shraibi, conseiller, a accompagné Nadia Ouazani lors de sa visite à Bruxelles.',
    links: [['Youssef Shraibi', 4], ['Nadia Ouazani', 5], ['Bruxelles', 22]],
    candidates: [],
  },
  {
    title: 'La Sûreté de l’État publie son rapport',
    body: 'Nous utilisons des cookies pour améliorer votre expérience.\nTout accepter\nLa Sûreté de l’État a publié mardi son rapport annuel. Francisca Bostyn, son administratrice générale, y décrit les menaces venues du Sahel.\nFrancisca Bostyn lors de la présentation. (Photo BELGA)\nLire aussi : Eric Snoek quitte la police fédérale\nInscrivez-vous à notre newsletter\nLes plus lus\nAbdellatif Hammouchi en visite à Madrid\nJan Vermeulen réélu',
    links: [['Sûreté de l’État', 13], ['Sûreté de l’État', 13], ['Francisca Bostyn', 3], ['Sahel', 26]],
    candidates: [],
  },
  {
    title: 'Summit in Lisbon',
    body: 'Ministers met in Lisbon on Friday. Sarah Miller, the British envoy, said the meeting with Spain and Morocco went well.',
    links: [['Spain', 25], ['Morocco', 20]],
    candidates: [['Lisbon', 'PLACE'], ['Sarah Miller', 'PERSON']],
  },
  {
    title: 'Anvers accueille une délégation',
    body: 'Le bourgmestre d’Anvers, Koen Peeters, a reçu Jan Vermeulin et les agents de la police locale.',
    links: [['Jan Vermeulin', 6]],
    candidates: [['Anvers', 'PLACE'], ['Koen Peeters', 'PERSON']],
  },
  {
    title: 'Morceau choisi',
    body: 'Morceau de bravoure pour Paul Moreau, qui a présenté son plan. Politique, Économie et Culture ont salué le travail. Le Royaume du Maroc a répondu.',
    links: [['Paul Moreau', 9], ['Maroc', 20]],
    candidates: [],
  },
  {
    title: 'Abdellatif Hammouchi à Bruxelles',
    body: 'Le patron de la police marocaine est arrivé mardi pour deux jours d’entretiens.',
    links: [['Abdellatif Hammouchi', 1], ['Bruxelles', 22]],
    candidates: [['police marocaine', 'ORGANIZATION']],
  },
  {
    title: 'Déclarations',
    body: 'M. Chraibi a démenti. K. Chraibi, son cousin, n’a pas commenté. Youssef Chraibi avait déjà parlé.',
    links: [['Chraibi', 4], ['Youssef Chraibi', 4]],
    candidates: [['K. Chraibi', 'PERSON']],
  },
  {
    title: 'Sommet à Abidjan',
    body: 'Le président Adama Kouyaté a accueilli à Abidjan Mamadou Diallo et Aminata Traoré, venus de Dakar.',
    links: [],
    candidates: [['Adama Kouyaté', 'PERSON'], ['Abidjan', 'PLACE'], ['Mamadou Diallo', 'PERSON'], ['Aminata Traoré', 'PERSON'], ['Dakar', 'PLACE']],
  },
  {
    title: 'Morocco’s security chief in Brussels',
    body: 'This article is for subscribers only.\nMorocco’s security chief Abdellatif Hammuchi visited Brussels on Tuesday, meeting Belgian officials.\nSign up for our daily newsletter',
    links: [['Morocco', 20], ['Brussels', 22], ['Morocco', 20], ['Abdellatif Hammuchi', 1], ['Brussels', 22]],
    candidates: [],
  },
  {
    title: 'Accord signé',
    body: 'Le Ministère de l’Intérieur et l’Agence nationale des ports ont signé un accord avec la Police fédérale. Le texte prévoit des échanges avec l’Office national des aéroports.',
    links: [['Police fédérale', 12]],
    candidates: [['Ministère de l’Intérieur', 'ORGANIZATION'], ['Agence nationale des ports', 'ORGANIZATION'], ['Office national des aéroports', 'ORGANIZATION']],
  },
  {
    title: 'Anvers : nouvelle cheffe de corps',
    body: 'Els Van den Broeck a été nommée cheffe de corps de la police d’Anvers. Elle succède à Pieter Claes, parti à la retraite. Le bourgmestre s’est dit ravi.',
    links: [],
    candidates: [['Els Van den Broeck', 'PERSON'], ['Anvers', 'PLACE'], ['Pieter Claes', 'PERSON']],
  },
  {
    title: 'Réunion',
    body: 'La réunion s’est tenue à Bruxelle en présence de Francisca Bostin.',
    links: [['Bruxelle', 22], ['Francisca Bostin', 3]],
    candidates: [],
  },
  {
    title: 'Chronique',
    body: 'Le journaliste Berthon a écrit sur Snoeck. Hammouchis et Snoeks ne sont pas des noms.',
    links: [],
    candidates: [['Berthon', 'PERSON']],
  },
  {
    title: 'New chief',
    body: 'Interior Minister Bernard Quintin appointed Chief Superintendent Anna Peeters to lead the federal police in Brussels.',
    links: [['Brussels', 22]],
    candidates: [['Bernard Quintin', 'PERSON'], ['Anna Peeters', 'PERSON']],
  },
];

export interface LinkingQuality {
  texts: number;
  links: { expected: number; found: number; correct: number; precision: number; recall: number };
  candidates: { expected: number; found: number; correct: number; precision: number; recall: number };
  /** What went wrong, one line each: `text n: link "X" -> 7 not expected`. */
  errors: string[];
}

/** Runs every labelled text through cleaning and linking as ingestion does, and scores it. */
export function linkingQuality(texts = LABELLED_TEXTS, entities = LABEL_ENTITIES): LinkingQuality {
  const gazetteer = new Gazetteer(entities);
  const links = { expected: 0, found: 0, correct: 0 };
  const candidates = { expected: 0, found: 0, correct: 0 };
  const errors: string[] = [];
  texts.forEach((t, n) => {
    const linked = linkArticle({ title: t.title, body: t.body }, gazetteer);
    if ('userErrors' in linked) throw new Error(`text ${n}: ${linked.userErrors[0].message}`);
    const expectedLinks = t.links.map(([text, id]) => `${text} -> ${id}`);
    const foundLinks = [...linked.fieldMentions, ...linked.mentions].map((m) => `${m.text} -> ${m.entityId}`);
    score(links, expectedLinks, foundLinks, (what, key) => errors.push(`text ${n}: link ${key} ${what}`));
    const expectedCandidates = t.candidates.map(([text, kind]) => `${text} (${kind})`);
    const foundCandidates = linked.candidates.map((c) => `${c.text} (${c.kind})`);
    score(candidates, expectedCandidates, foundCandidates, (what, key) => errors.push(`text ${n}: candidate ${key} ${what}`));
  });
  const rates = (c: typeof links) => ({ ...c, precision: c.found ? c.correct / c.found : 1, recall: c.expected ? c.correct / c.expected : 1 });
  return { texts: texts.length, links: rates(links), candidates: rates(candidates), errors };
}

/** Multiset match: each expected item answers one found item. */
function score(into: { expected: number; found: number; correct: number }, expected: string[], found: string[], report: (what: string, key: string) => void): void {
  into.expected += expected.length;
  into.found += found.length;
  const left = new Map<string, number>();
  for (const e of expected) left.set(e, (left.get(e) ?? 0) + 1);
  for (const f of found) {
    const n = left.get(f) ?? 0;
    if (n > 0) {
      into.correct++;
      left.set(f, n - 1);
    } else report('not expected', JSON.stringify(f));
  }
  for (const [e, n] of left) if (n > 0) report('missed', JSON.stringify(e));
}
