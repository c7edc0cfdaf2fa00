import { Gazetteer, type GazetteerEntry } from '../../../src/services/linking/gazetteer';

const entries: GazetteerEntry[] = [
  { entityId: 1, kind: 'person', names: ['Abdellatif Hammouchi'] },
  { entityId: 2, kind: 'person', names: ['Eric Snoek', 'Éric Snoek'] },
  { entityId: 3, kind: 'person', names: ['Karim Benali'] },
  { entityId: 4, kind: 'person', names: ['Samir Benali'] },
  { entityId: 5, kind: 'person', names: ['Marc Blanc'] },
  { entityId: 10, kind: 'organization', names: ['Direction générale de la Sûreté nationale', 'DGSN', 'Sûreté nationale'] },
  { entityId: 11, kind: 'organization', names: ['Police fédérale belge', 'Police fédérale'] },
  { entityId: 12, kind: 'organization', names: ['Sûreté de l’État', 'Sûreté de l’État belge'] },
  { entityId: 13, kind: 'organization', names: ['Confédération africaine de football', 'CAF'] },
  { entityId: 14, kind: 'organization', names: ['Coupe d’Afrique des nations', 'CAN'], acronyms: ['CAN'] },
  { entityId: 20, kind: 'place', names: ['Morocco', 'Maroc'] },
  { entityId: 21, kind: 'place', names: ['Europe'] },
  { entityId: 22, kind: 'place', names: ['Middle East', 'Moyen-Orient'] },
  { entityId: 23, kind: 'place', names: ['Nice'] },
  { entityId: 24, kind: 'place', names: ['Bruxelles', 'Brussels'] },
];
const gazetteer = new Gazetteer(entries);

/** [entity id, text] of every mention, each checked against the body's exact offsets. */
function links(body: string): [number, string][] {
  return gazetteer.link(body).map((m) => {
    expect(body.slice(m.start, m.end)).toBe(m.text);
    return [m.entityId, m.text];
  });
}

describe('linking names to entities', () => {
  it('reads through French elisions', () => {
    expect(links('La visite d’Abdellatif Hammouchi renforce l’Europe et l\'Europe.')).toEqual([
      [1, 'Abdellatif Hammouchi'], [21, 'Europe'], [21, 'Europe'],
    ]);
  });

  it('links acronyms written in capitals, and never an acronym that is an everyday word in lower case', () => {
    expect(links('La DGSN et la Dgsn coopèrent.')).toEqual([[10, 'DGSN'], [10, 'Dgsn']]);
    expect(links('la dgsn')).toEqual([]);
    expect(links('We can win the CAN, yes we Can.')).toEqual([[14, 'CAN']]);
  });

  it('matches regardless of case, accents, and composed or decomposed letters', () => {
    expect(links('LA SURETE NATIONALE, la surete nationale et la Su\u0302rete\u0301 Nationale.')).toEqual([
      [10, 'SURETE NATIONALE'], [10, 'surete nationale'], [10, 'Su\u0302rete\u0301 Nationale'],
    ]);
    expect(links('Le président de la Confederation Africaine de Football.')).toEqual([[13, 'Confederation Africaine de Football']]);
  });

  it('treats apostrophe and hyphen varieties alike', () => {
    expect(links("La Sûreté de l'État, la Sûreté de l’Etat, le Moyen Orient, le Moyen–Orient, le Moyen-Orient.")).toEqual([
      [12, "Sûreté de l'État"], [12, 'Sûreté de l’Etat'], [22, 'Moyen Orient'], [22, 'Moyen–Orient'], [22, 'Moyen-Orient'],
    ]);
  });

  it('never links inside a longer word', () => {
    expect(links('Les institutions marocaines, les Européens, la DGSNX, les Hammouchis et Maroc2030.')).toEqual([]);
  });

  it('takes the longest match and never runs a name across a sentence end', () => {
    expect(links('Le chef de la Police fédérale belge et la Police fédérale.')).toEqual([
      [11, 'Police fédérale belge'], [11, 'Police fédérale'],
    ]);
    expect(links('Il parle à la Police. Fédérale est le mot.')).toEqual([]);
  });

  it('links a bare surname when only one known entity carries it', () => {
    expect(links('Hier, Snoek a parlé. Puis Hammouchi a répondu.')).toEqual([[2, 'Snoek'], [1, 'Hammouchi']]);
  });

  it('links a surname several entities carry only after one of their full names', () => {
    expect(links('Benali a déclaré que rien ne change.')).toEqual([]);
    expect(links('Karim Benali est arrivé. Benali a déclaré que rien ne change.')).toEqual([[3, 'Karim Benali'], [3, 'Benali']]);
    expect(links('Samir Benali et Karim Benali sont frères. Benali a parlé.')).toEqual([
      [4, 'Samir Benali'], [3, 'Karim Benali'],
    ]);
  });

  it('prefers an entity known by the exact name to a person whose surname it is', () => {
    const g = new Gazetteer([
      { entityId: 1, kind: 'place', names: ['Paris'] },
      { entityId: 2, kind: 'person', names: ['Nicolas Paris'] },
    ]);
    expect(g.link('Nicolas Paris vit à Paris.').map((m) => [m.entityId, m.text])).toEqual([[2, 'Nicolas Paris'], [1, 'Paris']]);
  });

  it('never links an everyday word, and a surname that is one only after the full name', () => {
    expect(links('Un mur blanc, un Blanc de Bourgogne.')).toEqual([]);
    expect(links('Marc Blanc a parlé. Blanc a répété, sur un mur blanc.')).toEqual([[5, 'Marc Blanc'], [5, 'Blanc']]);
    expect(links('La vue est nice. La ville de Nice.')).toEqual([[23, 'Nice']]);
  });

  it('links spelling variants on strong evidence: a dropped or doubled letter, an initial', () => {
    expect(links('Hamouchi a reçu A. Hammouchi et A Hamouchi.')).toEqual([
      [1, 'Hamouchi'], [1, 'A. Hammouchi'], [1, 'A Hamouchi'],
    ]);
    expect(links('Abdellatif Hamouchi et Abdelatif Hammouchi.')).toEqual([[1, 'Abdellatif Hamouchi'], [1, 'Abdelatif Hammouchi']]);
    expect(links('E. Snoek, É. Snoek.')).toEqual([[2, 'E. Snoek'], [2, 'É. Snoek']]);
    expect(links('À Bruxelle.')).toEqual([[24, 'Bruxelle']]);
  });

  it('does not link a short or weakly evidenced variant', () => {
    // "Snok" is a dropped letter from "Snoek" but too short to stand alone as evidence...
    expect(links('Snok a parlé.')).toEqual([]);
    // ...unless the article names Eric Snoek exactly.
    expect(links('Eric Snoek est venu. Snok a parlé.')).toEqual([[2, 'Eric Snoek'], [2, 'Snok']]);
  });

  it('does not link a variant two known names are equally close to', () => {
    const two = new Gazetteer([
      { entityId: 1, kind: 'person', names: ['Abdellatif Hammouchi'] },
      { entityId: 2, kind: 'person', names: ['Ali Hamouchia'] },
    ]);
    expect(two.link('Hamouchi a parlé.')).toEqual([]);
  });

  it('gives exact UTF-16 offsets after characters outside the Basic Multilingual Plane', () => {
    const body = '𝔄𝔟 😀🇲🇦 Le Maroc et 𠜎 l’Europe 🎉 Hammouchi.';
    const mentions = gazetteer.link(body);
    expect(mentions.map((m) => [m.entityId, m.start, m.end])).toEqual([
      [20, body.indexOf('Maroc'), body.indexOf('Maroc') + 5],
      [21, body.indexOf('Europe'), body.indexOf('Europe') + 6],
      [1, body.indexOf('Hammouchi'), body.indexOf('Hammouchi') + 9],
    ]);
    expect(body.indexOf('Maroc')).toBe(15); // 𝔄𝔟 😀 take 2 code units each, the flag 4
  });
});

describe('candidates: unknown names that look like people or organizations', () => {
  const analyze = (body: string) => gazetteer.analyze(body).candidates;

  it('guesses a person from a title or a first name before the name, and counts occurrences', () => {
    expect(analyze('Le ministre Tarik Ouazzani a reçu M. Lahlou. Ouazzani a ensuite vu Youssef Amrani à Rabat.')).toEqual([
      { text: 'Tarik Ouazzani', kind: 'PERSON', occurrences: 2, role: 'ministre' },
      { text: 'Lahlou', kind: 'PERSON', occurrences: 1, role: null },
      { text: 'Youssef Amrani', kind: 'PERSON', occurrences: 1, role: null },
      { text: 'Rabat', kind: 'PLACE', occurrences: 1, role: null },
    ]);
  });

  it('guesses an organization from words such as Police, Direction, Ministère, Agence, Sûreté', () => {
    expect(analyze('Un accord avec l’Agence nationale des ports et la Police judiciaire. La Direction générale des Impôts suit.')).toEqual([
      { text: 'Agence nationale des ports', kind: 'ORGANIZATION', occurrences: 1, role: null },
      { text: 'Police judiciaire', kind: 'ORGANIZATION', occurrences: 1, role: null },
      { text: 'Direction générale des Impôts', kind: 'ORGANIZATION', occurrences: 1, role: null },
    ]);
  });

  it('takes an unknown acronym for an organization', () => {
    expect(analyze('Le BCIJ a arrêté deux suspects.')).toEqual([{ text: 'BCIJ', kind: 'ORGANIZATION', occurrences: 1, role: null }]);
  });

  it('proposes nothing for known names, ambiguous surnames or everyday words opening sentences', () => {
    expect(analyze('Le Maroc et la DGSN. Benali parle. Cette visite. Enfin, Hammouchi.')).toEqual([]);
  });
});
