import { foldWord } from './fold';

/**
 * Small word lists the matching rules need. Keys are folded (lower case, no accents).
 * They are deliberately short: they guard against linking ordinary words and guess the
 * kind of an unknown name, they are not a dictionary.
 */
const words = (list: string) => new Set(list.trim().split(/\s+/).map(foldWord));

/**
 * Everyday French and English words, including those that are also surnames or place
 * names ("Blanc", "Fort", "Nice"). Such a word links only in the forms the rules allow
 * (capitalized, an entity already named in the article), and is never spelling-corrected.
 */
export const COMMON_WORDS = words(`
  a à au aux avec ce ces cet cette ceci cela ça dans de des du d elle elles en et eux il ils je la le les l leur leurs lui
  ma mais me même mes moi mon ne ni nos notre nous on ou où par pas pour qu que qui sa se ses si son sur ta te tes toi ton
  tu un une vos votre vous y lors enfin ainsi alors aussi après avant selon sans sous chez entre contre depuis pendant
  vers dont car donc puis encore déjà très plus moins tout tous toute toutes autre autres chaque plusieurs certains
  certaines aucun aucune rien personne quelque quelques tel telle tels telles celui celle ceux celles
  est sont était étaient sera seront a ont avait avaient fait font dit été être avoir peut doit
  le la les cependant toutefois néanmoins outre parmi malgré hier aujourd demain lundi mardi mercredi jeudi vendredi
  samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre
  grand grande grands grandes petit petite nouveau nouvelle nouveaux nouvelles premier première dernier dernière
  blanc blanche noir noire rouge vert verte bleu rose fort forte bon bonne bien mal haut haute bas basse long longue
  nice tours orange lens sens vienne bar pau gap tulle agen cannes grasse brest nancy metz vannes
  roi reine prince état etat pays ville région monde paix guerre loi droit justice police sécurité service services
  direction ministère ministre président présidente gouvernement conseil commission agence office bureau union
  général générale nationale national centrale central royal royale fédéral fédérale public publique
  the of and or in on at to for from by with as is are was were be been has have had it its this that these those
  an not no but if then than so such there their they them he she his her we our you your i me my who whom which what
  when where why how all any each every some many more most other new old first last next great good best
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december
  mr mrs ms dr m mme mlle
  white black green brown young king queen state city world peace war law justice security
`);

/** Words before a name that make it a person: honorifics, offices, ranks. */
export const PERSON_TITLES = words(`
  m mr mrs ms mme mlle monsieur madame mademoiselle dr docteur pr professeur maître me
  président présidente ministre ministres secrétaire directeur directrice commissaire administrateur administratrice
  général générale colonel commandant capitaine lieutenant sergent juge procureur avocat avocate ambassadeur
  ambassadrice consul député députée sénateur sénatrice maire gouverneur wali préfet roi reine prince princesse
  cheikh sheikh imam chef porte-parole adjoint adjointe inspecteur inspectrice agent suspect accusé
  president minister director commissioner general colonel judge prosecutor ambassador senator mayor governor
  king queen prince sir lord lady spokesman spokeswoman chief officer
`);

/** Words that make a name an organization: Police, Direction, Ministère, Agence, Sûreté... */
export const ORGANIZATION_WORDS = words(`
  police direction ministère agence sûreté gendarmerie douane douanes office service services bureau conseil commission
  comité cour tribunal parquet brigade banque fondation association université institut organisation organisme
  fédération union parti syndicat société groupe compagnie entreprise autorité haute assemblée parlement sénat
  chambre caisse fonds observatoire centre académie école forces armée armées garde délégation préfecture
  ministry agency department directorate council committee court bank foundation university institute organization
  organisation federation union party company group authority assembly parliament senate office bureau police
  service army forces guard commission
`);

/** Frequent first names (French, Arabic, Dutch, English): a capitalized name after one is a person. */
export const FIRST_NAMES = words(`
  abdellatif abdelaziz abdelkader abdellah abdelilah abdelhak abderrahim abderrahmane abdel ahmed ahmad mohamed mohammed
  mohammad mustapha mostafa moustapha youssef yousef karim khalid khaled hassan hussein omar othmane rachid said saïd
  samir nabil hicham hamid driss aziz aziza fatima fatiha khadija aicha nadia naima latifa leila laila amina samira
  salma meryem mariam myriam zineb yasmine hakim jamal jamel kamal kamel mehdi ali nasser nasser brahim ibrahim ismail
  jean pierre paul jacques michel philippe alain bernard patrick nicolas françois francois eric éric olivier
  christophe laurent stéphane david daniel thomas marc luc louis henri andré julien sébastien frédéric vincent
  emmanuel antoine guillaume mathieu matthieu benoît benoit didier thierry pascal dominique claude yves gérard
  marie anne catherine isabelle sylvie nathalie christine sophie françoise valérie sandrine céline julie claire
  martine monique brigitte véronique hélène caroline émilie emilie camille élisabeth elisabeth francisca
  jan pieter peter willem hendrik koen bart dirk geert wim tom jos luc filip kris annelies els katrien sofie
  john james robert william richard charles joseph george michael mark steven kevin brian edward mary patricia
  jennifer linda susan sarah karen nancy lisa margaret betty emily emma olivia
`);

/** Small words inside names: "Direction générale de la Sûreté", "Ben Ali", "van Dijk". */
export const NAME_PARTICLES = words(`de du des la le l d et el al ben bin ibn ould ait aït abou abu van von der den da di`);

export function isCommonWord(key: string): boolean {
  return COMMON_WORDS.has(key);
}
