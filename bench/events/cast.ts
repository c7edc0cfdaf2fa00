import type { LinkableKind } from '../../src/services/linking/gazetteer';

/**
 * The invented people, organizations and places of the labelled texts (bench/events/labelled.ts).
 * None of them is a real person; the texts are written for this set, not taken from articles.
 */
export interface CastMember {
  name: string;
  kind: LinkableKind;
  aliases: string[];
  acronym?: string;
}

export const CAST: CastMember[] = [
  { name: 'Claire Dubois', kind: 'person', aliases: ['Dubois'] },
  { name: 'Omar Bensaid', kind: 'person', aliases: ['Bensaid'] },
  { name: 'Julia Hart', kind: 'person', aliases: ['Hart'] },
  { name: 'Pieter Janssens', kind: 'person', aliases: ['Janssens'] },
  { name: 'Amadou Diallo', kind: 'person', aliases: ['Diallo'] },
  { name: 'Sofia Marques', kind: 'person', aliases: ['Marques'] },
  { name: 'Karim Alaoui', kind: 'person', aliases: ['Alaoui'] },
  { name: 'Helen Brooks', kind: 'person', aliases: ['Brooks'] },
  { name: 'Lucas Moreau', kind: 'person', aliases: ['Moreau'] },
  { name: 'Nadia Benali', kind: 'person', aliases: ['Benali'] },
  { name: 'Office national des ports', kind: 'organization', aliases: ['National Ports Office'], acronym: 'ONP' },
  { name: 'Commission européenne', kind: 'organization', aliases: ['European Commission'] },
  { name: 'Agence wallonne de l’eau', kind: 'organization', aliases: ['Walloon Water Agency'], acronym: 'AWE' },
  { name: 'Fondation Atlas', kind: 'organization', aliases: ['Atlas Foundation'] },
  { name: 'Northwind Energy', kind: 'organization', aliases: ['Northwind'] },
  { name: 'Police fédérale', kind: 'organization', aliases: ['Federal Police'] },
  { name: 'Rabat', kind: 'place', aliases: [] },
  { name: 'Bruxelles', kind: 'place', aliases: ['Brussels'] },
  { name: 'Paris', kind: 'place', aliases: [] },
  { name: 'Lisbonne', kind: 'place', aliases: ['Lisbon'] },
  { name: 'Dakar', kind: 'place', aliases: [] },
  { name: 'Londres', kind: 'place', aliases: ['London'] },
  { name: 'Genève', kind: 'place', aliases: ['Geneva'] },
  { name: 'Maroc', kind: 'place', aliases: ['Morocco'] },
  { name: 'Belgique', kind: 'place', aliases: ['Belgium'] },
  { name: 'France', kind: 'place', aliases: [] },
  { name: 'Sénégal', kind: 'place', aliases: ['Senegal'] },
  { name: 'Portugal', kind: 'place', aliases: [] },
];
