import { Gazetteer, type GazetteerEntry } from '../../../src/services/linking/gazetteer';
import { VariantIndex } from '../../../src/services/linking/variants';

const entries: GazetteerEntry[] = [
  { entityId: 1, kind: 'person', names: ['Abdellatif Hammouchi'] },
  { entityId: 2, kind: 'person', names: ['Eric Snoek', 'Éric Snoek'] },
  { entityId: 3, kind: 'person', names: ['Francisca Bostyn'] },
  { entityId: 4, kind: 'person', names: ['Youssef Chraibi'] },
  { entityId: 5, kind: 'person', names: ['Omar Samadi'] },
  { entityId: 6, kind: 'person', names: ['Céline Berthon'] },
  { entityId: 7, kind: 'person', names: ['Bernard Quintin'] },
  { entityId: 8, kind: 'person', names: ['Karim Benali'] },
  { entityId: 9, kind: 'person', names: ['Pieter De Smedt'] },
  { entityId: 10, kind: 'person', names: ['Nadia Ouazzani'] },
  { entityId: 11, kind: 'person', names: ['Jan Vermeulen'] },
  { entityId: 12, kind: 'person', names: ['Fatima Zahraoui'] },
  { entityId: 13, kind: 'person', names: ['Paul Moreau'] },
  { entityId: 14, kind: 'person', names: ['Omar Belga'] },
  { entityId: 15, kind: 'person', names: ['Ali Hamouchia'] },
  { entityId: 30, kind: 'place', names: ['Bruxelles'] },
];
const gazetteer = new Gazetteer(entries);

/** Which entity the words `span` of `text` link to; null when they link to none. */
function linkOf(text: string, span: string): number | null {
  const at = text.indexOf(span);
  expect(at).toBeGreaterThanOrEqual(0);
  const m = gazetteer.link(text).find((x) => x.start <= at && x.end >= at + span.length && x.end > at);
  return m ? m.entityId : null;
}

// [text, span, entity]: the span links to the entity.
const TRUE_VARIANTS: [string, string, number][] = [
  ['Eric Snoeck a signé le plan.', 'Snoeck', 2],
  ['Le plan est signé par E. Snoeck.', 'Snoeck', 2],
  ['Le commissaire Éric Snoeck a parlé.', 'Snoeck', 2],
  ['Eric Snoek est arrivé jeudi, et selon Snoeck tout va bien.', 'Snoeck', 2],
  ['Le patron de la police, Eric Snoec, a parlé.', 'Snoec', 2],
  ['Abdellatif Hamouchi a reçu la délégation.', 'Hamouchi', 1],
  ['Abdelatif Hammouchi a reçu la délégation.', 'Abdelatif Hammouchi', 1],
  ['Une lettre de A. Hammouchy est arrivée.', 'Hammouchy', 1],
  ['Abdellatif Hammouchi a reçu ses hôtes. Le soir, Hamouchi a dîné avec eux.', 'Hamouchi', 1],
  ['Abdellatif Hamuchi a reçu la délégation.', 'Hamuchi', 1],
  ['Abdellatif Hammuchi a reçu la délégation.', 'Hammuchi', 1],
  ['Abdellatif Hammouchy a reçu la délégation.', 'Hammouchy', 1],
  ['Youssef Shraibi a été nommé.', 'Shraibi', 4],
  ['Youssef Chraybi a été nommé.', 'Chraybi', 4],
  ['Le rapport de Y. Schraibi est prêt.', 'Schraibi', 4],
  ['Youssef Chraibi est venu. La semaine suivante, Shraibi est reparti.', 'Shraibi', 4],
  ['Céline Berton dirige la police nationale.', 'Berton', 6],
  ['Céline Berthonn dirige la police nationale.', 'Berthonn', 6],
  ['Le ministre Bernard Quinten a signé.', 'Quinten', 7],
  ['Bernard Quintin a signé, puis le ministre Quintain a parlé.', 'Quintain', 7],
  ['Karim Bennali a démissionné.', 'Bennali', 8],
  ['Karim Benaly a démissionné.', 'Benaly', 8],
  ['Nadia Ouazani a pris la parole.', 'Ouazani', 10],
  ['Nadia Ouazzanni a pris la parole.', 'Ouazzanni', 10],
  ['Nadia Uazzani a pris la parole.', 'Uazzani', 10],
  ['Jan Vermeulin est bourgmestre.', 'Vermeulin', 11],
  ['Jan Vermeullen est bourgmestre.', 'Vermeullen', 11],
  ['Le bourgmestre J. Vermeulan a parlé.', 'Vermeulan', 11],
  ['Fatima Zahraui a été élue.', 'Zahraui', 12],
  ['Fatima Zahraoi a été élue.', 'Zahraoi', 12],
  ['Francisca Bosteyn était au Maroc.', 'Bosteyn', 3],
  ['Francisca Bostin était au Maroc.', 'Bostin', 3],
  ['Francisca Bostyn est venue, et selon Bosstyn la visite fut utile.', 'Bosstyn', 3],
  ['Pieter De Smet a présidé.', 'De Smet', 9],
  ['Une réunion à Bruxelle.', 'Bruxelle', 30],
];

// [text, span, entity]: the span must not link to the entity.
const NEAR_MISSES: [string, string, number][] = [
  ['Karim Snoeck a signé le plan.', 'Snoeck', 2],
  ['Le plan est signé par K. Snoeck.', 'Snoeck', 2],
  ['Le plan est signé par Snoeck seul.', 'Snoeck', 2],
  ['Snoeck a signé le plan.', 'Snoeck', 2],
  ['Ahmed Hammouchi a parlé.', 'Hammouchi', 1],
  ['Les Hammouchis sont venus.', 'Hammouchis', 1],
  ['Le directeur Hamouchy a parlé.', 'Hamouchy', 1],
  ['Abdellatif Hamouchy a parlé.', 'Hamouchy', 1],
  ['Les Snoeks et les Snoekje sont venus.', 'Snoeks', 2],
  ['Les Snoeks et les Snoekje sont venus.', 'Snoekje', 2],
  ['Francisca Bostyn est allée à Boston.', 'Boston', 3],
  ['Bernard Quintin a parlé. Quentin a répondu.', 'Quentin', 7],
  ['Bernard Quintin a vu le jeune Quentin.', 'Quentin', 7],
  ['Karima Benali a démissionné.', 'Benali', 8],
  ['Marc Benali a démissionné.', 'Benali', 8],
  ['Morceau de bravoure, a dit Paul Moreau.', 'Morceau', 13],
  ['Omar Belga est venu, et le Belge a parlé.', 'Belge', 14],
  ['Samedi, Omar Samadi a parlé.', 'Samedi', 5],
  ['Hier, Samedi et Omar Samadi ont parlé.', 'Samedi', 5],
  ['Le journaliste Berton a écrit.', 'Berton', 6],
  ['Le journaliste Vermeulin a écrit.', 'Vermeulin', 11],
  ['Hamouchi a parlé.', 'Hamouchi', 1],
  ['K. Hammouchi a parlé.', 'Hammouchi', 1],
  ['Eric Snuck a parlé.', 'Snuck', 2],
  ['Abdellatif Shammouchi a parlé.', 'Shammouchi', 1],
  ['Eric Snoekx a parlé.', 'Snoekx', 2],
  ['Karim Bennaly a démissionné.', 'Bennaly', 8],
  ['Céline Bertrand dirige la police.', 'Bertrand', 6],
  ['Paul Moreau et Marc Moreau sont frères.', 'Marc Moreau', 13],
  ['Nadia Ouazzani et Youssef Ouazani.', 'Ouazani', 10],
  ['Fatima Zahra a parlé.', 'Zahra', 12],
  ['Le ministre Quintana a parlé.', 'Quintana', 7],
  // As close to Ali Hamouchia as to Abdellatif Hammouchi: neither.
  ['Une lettre de A. Hamouchi est arrivée.', 'Hamouchi', 1],
];

describe('spelling variants', () => {
  it('has at least 30 true variants and 30 near-miss traps', () => {
    expect(TRUE_VARIANTS.length).toBeGreaterThanOrEqual(30);
    expect(NEAR_MISSES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(TRUE_VARIANTS)('links %j: %s', (text, span, entity) => {
    expect(linkOf(text, span)).toBe(entity);
  });

  it.each(NEAR_MISSES)('does not link %j: %s', (text, span, entity) => {
    expect(linkOf(text, span)).not.toBe(entity);
  });

  it('finds each kind of change in the index, and none two changes away', () => {
    const index = new VariantIndex();
    index.add('hammouchi');
    index.add('snoek');
    const kinds = (w: string) => index.near(w).map((n) => `${n.word}:${n.kind}`);
    expect(kinds('hamouchi')).toEqual(['hammouchi:dropped']);
    expect(kinds('snoeck')).toEqual(['snoek:inserted']);
    expect(kinds('hammouche')).toEqual(['hammouchi:substituted']);
    expect(kinds('hamuchi')).toEqual(['hammouchi:transliterated']);
    expect(kinds('snoeks')).toEqual([]);
    expect(kinds('hamouchy')).toEqual([]);
    expect(kinds('hammouchi')).toEqual([]);
  });
});
