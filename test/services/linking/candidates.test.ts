import { Gazetteer } from '../../../src/services/linking/gazetteer';

const gazetteer = new Gazetteer([
  { entityId: 1, kind: 'person', names: ['Abdellatif Hammouchi'] },
  { entityId: 2, kind: 'organization', names: ['Direction générale de la Sûreté nationale', 'DGSN'] },
  { entityId: 3, kind: 'organization', names: ['Police fédérale belge'] },
  { entityId: 4, kind: 'place', names: ['Maroc'] },
]);
const candidates = (text: string) => gazetteer.analyze(text).candidates.map((c) => [c.text, c.kind, c.role ?? null]);

describe('candidates worth reviewing', () => {
  it('strips the role from a person’s name and keeps it as a hint', () => {
    expect(candidates('Il a reçu le ministre de l’Intérieur Bernard Quintin jeudi.')).toEqual([
      ['Bernard Quintin', 'PERSON', 'ministre de l’Intérieur'],
    ]);
    expect(candidates('Il a rencontré la directrice générale de la police nationale française, Céline Berthon, à Paris.')).toEqual([
      ['police nationale française', 'ORGANIZATION', null],
      ['Céline Berthon', 'PERSON', 'directrice générale de la police nationale française'],
      ['Paris', 'PLACE', null],
    ]);
  });

  it('knows first names beyond French: Spanish, Arabic, Flemish, English, West African', () => {
    expect(candidates('Une réunion avec Fernando Grande-Marlaska, Mounir Lahlali, Koen Geens, Sarah Miller et Tidjane Thiam.').map((c) => c.slice(0, 2))).toEqual([
      ['Fernando Grande-Marlaska', 'PERSON'], ['Mounir Lahlali', 'PERSON'], ['Koen Geens', 'PERSON'], ['Sarah Miller', 'PERSON'],
      ['Tidjane Thiam', 'PERSON'],
    ]);
  });

  it('proposes lower-case organizations that carry their nationality, not generic ones', () => {
    expect(candidates('La police nationale espagnole et la garde civile espagnole ont aidé la police locale.')).toEqual([
      ['police nationale espagnole', 'ORGANIZATION', null], ['garde civile espagnole', 'ORGANIZATION', null],
    ]);
    // A known one is linked, not proposed.
    expect(candidates('La police fédérale belge a aidé.')).toEqual([]);
  });

  it('makes places candidates of their own kind', () => {
    expect(candidates('Il s’est rendu à Rabat puis en Espagne, avant Madrid.')).toEqual([
      ['Rabat', 'PLACE', null], ['Espagne', 'PLACE', null], ['Madrid', 'PLACE', null],
    ]);
  });

  it('filters everyday words, lone words with no cue, short acronyms and fragments', () => {
    expect(candidates('Royaume. Jeux olympiques. République. Politique. Le DG a parlé. Sécurité : le Royaume du Maroc renforce sa Coopération.')).toEqual([]);
  });

  it('joins a name split across a line break', () => {
    expect(candidates('la ministre Céline\nBerthon a parlé.')).toEqual([['Céline Berthon', 'PERSON', 'ministre']]);
  });
});
