import { wordRe } from './word-regex';

/**
 * The words that report an event, in French and English, and the words that say it did
 * not happen (yet). Patterns run on one sentence, case-insensitively.
 */
export type ExtractedKind = 'visit' | 'meeting' | 'agreement_signed' | 'phone_call' | 'reception' | 'joint_statement' | 'conference';

export interface Trigger {
  kind: ExtractedKind;
  re: RegExp;
  /** A verb with its actors around it, or a noun ("la visite de X"), which says less. */
  verbal: boolean;
  /** The actors written after the trigger are hosted by those before it ("a reçu X"). */
  subjectHosts?: boolean;
  /** Actors after the trigger are the ones who acted ("visite effectuée par X", "signé par X"). */
  passive?: boolean;
}

const t = (kind: ExtractedKind, verbal: boolean, source: string, extra: Partial<Trigger> = {}): Trigger =>
  ({ kind, verbal, re: wordRe(source, 'gi'), ...extra });

/** Most specific first: a later trigger overlapping an earlier one is not read. */
export const TRIGGERS: Trigger[] = [
  // phone calls before meetings: "s'est entretenu au téléphone avec"
  t('phone_call', true, String.raw`\b(?:s[’']est |se sont |s[’']était )?entretenu(?:e|s|es)? (?:au |par )?t[ée]l[ée]phon(?:e|iquement)|\bentretien t[ée]l[ée]phonique\b|\b(?:a |ont )?t[ée]l[ée]phon[ée] à\b|\b(?:a |ont )eu (?:un |une )?(?:entretien|conversation|échange) t[ée]l[ée]phonique\b|\b(?:held |had )?(?:a )?(?:phone|telephone) (?:call|conversation|talks?)\b|\bspoke (?:by phone|on the phone)\b|\bphoned\b`),
  t('joint_statement', false, String.raw`\bd[ée]claration (?:commune|conjointe)\b|\bcommuniqu[ée] (?:commun|conjoint)\b|\bjoint (?:statement|declaration|communiqu[ée])\b`),
  t('agreement_signed', true, String.raw`\bsign[ée](?:e|s|es)? (?:par|by)\b`, { passive: true }),
  t('agreement_signed', true, String.raw`\b(?:a |ont |avait |avaient |have |has |had )?(?:sign[ée]|paraph[ée]|conclu)(?:e|s|es|nt)?\b|\bsigned\b|\binked\b`),
  t('agreement_signed', false, String.raw`\bsignature (?:d[’']une?|de l[’']|du|de la|des)\b|\bsigning of\b`, { passive: true }),
  t('reception', true, String.raw`\b(?:a |ont )?été reçu(?:e|s|es)? par\b|\bwas (?:received|hosted|welcomed) by\b`, { passive: true }),
  t('reception', true, String.raw`\b(?:a |ont |avait )(?:reçu|accueilli)\b|\breçu(?:e|s|es)? en audience\b|\breceived\b|\bhosted\b|\bwelcomed\b`, { subjectHosts: true }),
  t('visit', true, String.raw`\bvisite (?:de travail |officielle |d[’']état |d[’']amitié |de courtoisie )?effectu[ée]e par\b`, { passive: true }),
  t('visit', true, String.raw`\b(?:a |ont |avait )effectu[ée] une (?:visite|tournée|mission)\b|\b(?:s[’']est |se sont )rendu(?:e|s|es)?\b|\b(?:a |ont )visit[ée]\b|\bvisited\b|\b(?:paid|made) (?:a |an )?(?:\w+ )?visit\b|\btravell?ed to\b|\bwas on (?:a |an )?(?:\w+ )?visit\b|\b(?:est |sont )arriv[ée](?:e|s|es)?\b|\barrived in\b`),
  t('visit', false, String.raw`\b(?:la |une |sa |his |her |a |an |the )?(?:\w+ )?(?:visite?|séjour|trip)\b(?= (?:de|du|d[’']|of|by)\b)`, { passive: true }),
  t('meeting', true, String.raw`\b(?:a |ont |avait |avaient )?(?:eu|tenu) (?:des |un |une |de longs )?(?:entretiens?|rencontres?|réunions?|discussions|pourparlers|tête-à-tête)\b|\b(?:s[’']est |se sont |s[’']était )?(?:entretenu|réuni)(?:e|s|es)?\b|\b(?:a |ont |avait )rencontr[ée]\b|\brencontr[ée](?:e|s|es)?\b|\bs[’']est (?:r)?entretenu\b|\bmet\b|\bheld (?:talks|a meeting|meetings|discussions)\b|\bhad (?:talks|a meeting|discussions)\b|\bsat down with\b`),
  t('meeting', false, String.raw`\b(?:une |la |a |the )?(?:rencontre|réunion|entrevue|entretien|meeting|talks)\b(?= (?:entre|avec|between|with)\b)`),
  t('conference', true, String.raw`\b(?:a |ont )?(?:particip[ée]|pris part) (?:à|au|aux) (?:la |une |un |le )?(?:conférence|sommet|forum|réunion ministérielle)\b|\b(?:attended|took part in) (?:the |a |an )?(?:\w+ )?(?:conference|summit|forum)\b`),
];

/** Denials, cancellations, hedges: the sentence reports no event that took place. */
export const NEGATION = wordRe(String.raw`\bn[’']\S+ (?:pas|jamais|point)\b|\bne (?:s[’'])?\S+ (?:pas|jamais)\b|\bni\b.*\bni\b|\baucune? (?:rencontre|réunion|entretien|accord|visite)\b|\bdément\w*|\bdémenti\w*|\bnié\b|\bannul[ée]\w*|\breport[ée](?:e|s)? (?:à|au|sine)\b|\bdid not\b|\bdidn[’']t\b|\bnever\b|\bdenied\b|\bdenies\b|\bcancel+ed\b|\bpostponed\b|\bcalled off\b|\bno (?:meeting|talks|agreement|visit)\b|\brumou?rs?\b|\ballegedly\b|\bselon des rumeurs\b|\bnon confirmé\w*|\bunconfirmed\b|\breportedly\b`);

/** Futures and plans: "rencontrera", "doit se rendre", "will meet", "plans to visit". */
export const FUTURE = wordRe(String.raw`\b\w+(?:era|eront|ira|iront|endra|endront)\b|\bva (?:se |s[’'])?\w+er\b|\bvont (?:se |s[’'])?\w+er\b|\bdoit (?:se |s[’'])?\w+(?:er|re|ir)\b|\bdoivent\b|\bdevrai(?:t|ent)\b|\bpourrai(?:t|ent)\b|\baurai(?:t|ent)\b|\bserai(?:t|ent)\b|\b\w+(?:erai|irai)(?:t|ent)\b|\bprévu(?:e|s|es)?\b|\benvisag\w+|\bsouhaite\w*|\bprochain(?:e|s)?\b|\bwill\b|\bwould\b|\bshall\b|\bis (?:to|due to|expected to|scheduled to|set to|going to)\b|\bare (?:to|due to|expected to|scheduled to|set to|going to)\b|\bplans? to\b|\bplanned\b|\bscheduled\b|\bupcoming\b|\bhopes? to\b|\bnext (?:week|month|year)\b|\bproposed\b`);

/** Modal verbs, lower case only ("May" is a month). */
export const MODAL = wordRe(String.raw`\b(?:may|might|could)\b`, '');

/** A framing, not a report: "dans le cadre des rencontres…", "as part of regular meetings". */
export const GENERIC = wordRe(String.raw`\bdans le cadre d[eu]s?\b|\bs[’']inscri\w+\b|\bas part of\b|\bregular(?:ly)?\b|\bréguli[èe]re?s?\b|\bhabituel\w*|\bchaque (?:année|mois)\b|\bevery (?:year|month)\b`);

/**
 * Words of a title: an organization named right after one ("le directeur général de la
 * DGSN, Abdellatif Hammouchi") says who a person is, not who took part.
 */
export const TITLE_WORDS = wordRe(String.raw`\b(?:directeur|directrice|direction|chef|cheffe|commissaire|ministre|administrat\w+|président\w*|secrétaire|porte-parole|ambassadeur|ambassadrice|patron\w*|responsable|dirigeant\w*|général|générale|head|director|minister|chief|commissioner|president|secretary|ambassador|spokes\w+|chairman|chair|leader|governor|gouverneur|officer|membre|member)\b`);

/** A delegation led by the actor. */
export const DELEGATION = wordRe(String.raw`\bà la tête d[’']une\b[^.]*\bdélégation\b|\bconduisant une délégation\b|\b(?:leading|heading|led|headed) (?:a|an)\b[^.]*\bdelegation\b|\bat the head of (?:a|an)\b[^.]*\bdelegation\b`);

/** Anaphoric triggers ("cette visite", "this meeting"): they point back, they report nothing new. */
export const ANAPHOR_BEFORE = wordRe(String.raw`(?:\bcette|\bce|\bces|\bthis|\bthese|\bthat|\bl[’']objectif de|\bde cette)\s+(?:\S+\s+)?$`);

/** A pronoun or possessive that stands for the last person named ("Il a rencontré", "Lors de son séjour"). */
export const PRONOUN = wordRe(String.raw`^(?:\s*(?:[\w\s,']*,\s*)?)(?:il|elle|he|she)\b|\b(?:son|sa|his|her)\s+(?:séjour|visite|visit|trip|stay|déplacement)\b`);

/** Where an actor's clause ends: what follows is what they talked about, not who. */
export const CLAUSE_END = wordRe(String.raw`\s(?:at|au siège|pour|afin|sur|au sujet|concernant|to discuss|about|on the|regarding|which|qui|où|where|lors d|during|after|après|avant|before|dont|whose)\b|[;:]`);

/** Prepositions that place an event: "en Belgique", "à Rabat", "in Brussels". */
export const PLACE_BEFORE = wordRe(String.raw`(?:\ben|\bau|\baux|\bà|\bdans|\bin|\bto|\bat|\bde|\bfrom)\s+(?:l[’']|la\s|le\s|les\s|the\s)?$`);
