import { FIRST_NAMES } from '../linking/lexicon';
import { foldWord } from '../linking/fold';

/**
 * Raw article pages as published carry page furniture around the article, in French and
 * English: paywall teasers, "Les plus lus" / "Most read" and "Lire aussi" / "Read more"
 * lists, share bars, newsletter and cookie prompts, photo credits and captions, the
 * comment form, "- Advertisement -" markers, stray counters. What is left is the title
 * (the first meaningful line) and the paragraphs of the body.
 *
 * Every rule removes whole lines, never part of one, so a sentence of the article is
 * never cut; a long line of prose is never taken for furniture by the list and caption
 * rules. The raw text is stored beside the cleaned body (article.raw_body).
 */
export interface CleanPage {
  title: string;
  /** The first paragraph. */
  lead: string | null;
  /** Paragraphs separated by a blank line; the lead is the first of them. */
  body: string;
}

/** Lines that are furniture whatever surrounds them. */
const FURNITURE: RegExp[] = [
  // advertisement markers
  /^[-–—•*\s]*(advertisement|advertising|publicité|publicite|pub|annonce|sponsored|sponsorisé|contenu sponsorisé|partenaire|scroll to continue( with content)?)[-–—•*\s]*$/i,
  // stray counters: comments, shares, views, reading time
  /^\d{1,6}$/,
  /^\d+([.,]\d+)?\s?[kKM]?\s+(partages?|shares?|vues|views|likes?|j’aime|j'aime|réactions?|reactions?|commentaires?|comments?)$/i,
  /^(temps de lecture|lecture|reading time)\s*:?\s*\d+\s*(min|mn|minutes?)\.?$/i,
  /^\d+\s*(min|mn|minutes?)\s*(de lecture|read|à lire)$/i,
  // the comment form
  /^(laisser|laissez|poster|écrire|ajouter|publier) un commentaire\.?$/i,
  /^(leave a (reply|comment)|post( a)? comment|add a comment|join the (conversation|discussion))\.?$/i,
  /^(annuler la réponse|cancel reply|répondre|reply|soumettre|submit|envoyer|publier le commentaire|valider)$/i,
  /^votre adresse (e-?mail|de messagerie|email|électronique) ne sera pas publiée\.?.*$/i,
  /^your email address will not be published\.?.*$/i,
  /^(les )?champs obligatoires sont (indiqués|marqués).*$/i,
  /^required fields are marked.*$/i,
  /^(commentaire|comment|nom|name|pseudo|e-?mail|courriel|site web|site internet|website)\s*\*?\s*:?$/i,
  /^(enregistrer mon nom, mon (e-?mail|courriel) et (mon )?site.*|save my name, email, and website in this browser.*)$/i,
  /^(connectez-vous|identifiez-vous|log in|sign in) (pour|to) (commenter|réagir|comment|reply)\.?$/i,
  /^(commentaires?|comments?|réactions?)\s*(\(\d+\))?\s*:?$/i,
  // share bars
  /^(partager|share|tweet|tweeter|imprimer|print|facebook|twitter|whatsapp|linkedin|email|e-mail|copier le lien|copy link)(\s+(sur|on|par|by)\s+[\w-]+)?(\s+\d+)?$/i,
  /^(partager|share)( (cet|l’|l')?(article|this( article| story)?))?\s*:?$/i,
  // "Lire aussi : <headline>" on one line
  /^(à lire aussi|a lire aussi|lire aussi|lire également|à lire également|voir aussi|read more|read also|see also|also read|related)\s*[:>»-]+\s*.{0,200}$/i,
  // paywall and subscription teasers
  /^(cet article est réservé aux abonnés|article réservé aux abonnés|réservé aux abonnés|la suite (de cet article )?est réservée aux abonnés|contenu réservé aux abonnés|abonnez-vous|s’abonner|s'abonner|je m’abonne|je m'abonne|déjà abonné|offre (spéciale|découverte|numérique)|subscribe( now| today)?|subscribers? only|already a subscriber|become a (subscriber|member))(?:[\s?!:.,»].{0,120})?$/i,
  /^(il vous reste \d+\s?% de (cet|l’|l')\s?article à lire|pour lire la suite.{0,150}|(to )?continue reading.{0,150}|(this|the) (article|story|content) is (only )?(for|available to|reserved for) (subscribers|members).{0,150}|sign in to (continue|read).{0,150}|lire la suite|read the full (story|article))\.?$/i,
  // newsletter prompts
  /^(inscrivez-vous|abonnez-vous|recevez|sign up|subscribe)\b.{0,160}\bnewsletters?\b.{0,160}$/i,
  /^(la |notre |our |the )?newsletters?\b.{0,60}$/i,
  // cookie prompts and their buttons
  /^(nous|ce site|notre site|we|this (web)?site|our (web)?site)\b.{0,300}\bcookies?\b.{0,300}$/i,
  /^(accepter|tout accepter|refuser|tout refuser|continuer sans accepter|paramétrer|personnaliser|gérer (mes|les) (choix|cookies|préférences)|politique (de|des) cookies|accept( all)?( cookies)?|reject( all)?|manage (cookies|preferences|options)|cookie (settings|policy|preferences)|j’accepte|j'accepte|i agree|ok)$/i,
  // photo credits (captions are told apart below)
  /^(©|\(c\)|copyright)\s*.{1,150}$/i,
  /^(photo|photos|crédits?( photo)?|credits?|image|illustration|source photo|photo d’illustration|photo d'illustration)\s*:\s*.{1,150}$/i,
  /^\(?(photo|crédit photo|credit)[\s:]+[^.]{1,80}\)?$/i,
];

/** Headings of lists that are no part of the article: most read, read more, related. */
const LIST_HEADING =
  /^(les plus lus|les plus lues|les plus populaires|les plus partagés|les plus commentés|articles les plus lus|most read|most popular|most shared|trending( now)?|à lire aussi|a lire aussi|lire aussi|à lire également|lire également|voir aussi|read more|read also|see also|also read|related( articles| stories| news)?|you may also like|vous aimerez aussi|vous pourriez aimer|sur le même sujet|dans la même rubrique|articles similaires|articles liés|à la une|en continu|dernières (infos|actualités|news)|derniers articles|latest( news| stories)?|more (stories|from [\w\s]+)|nos articles)\s*:?$/i;

/** One-item lists ("Lire aussi"), longer ones ("Les plus lus"). */
const ONE_ITEM = /^(à lire aussi|a lire aussi|lire aussi|à lire également|lire également|voir aussi|read more|read also|see also|also read)/i;
const MAX_LIST_ITEMS = 12;

function isFurniture(line: string): boolean {
  if (line.length > 600) return false;
  return FURNITURE.some((re) => re.test(line));
}

/** A line that reads as article prose: long, or ending a sentence after several words. */
function isProse(line: string): boolean {
  if (line.length > 220) return true;
  return /[.!…»"”)]$/.test(line) && line.split(' ').length >= 12;
}

/** A headline or label in a list: short, not a finished sentence of prose. */
function isListItem(line: string): boolean {
  if (isProse(line)) return false;
  return line.length <= 180;
}

/** A photo caption: short, ending with or holding a credit ("(Photo AFP)", "© Reuters"). */
function isCaption(line: string): boolean {
  if (line.length > 300) return false;
  return /\((photo|photos|crédit|credit|©|ph\.)[^)]{0,80}\)\.?$/i.test(line) || /©\s*[\p{L}]/u.test(line) && !isProse(line);
}

/**
 * Cleans a raw page. Without `title`, the first meaningful line is the title; with one,
 * every line is body, except a first line that repeats the title.
 */
export function cleanPage(raw: string, options: { title?: string } = {}): CleanPage {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\u00a0\u202f\s]+/g, ' ').trim());
  const kept = joinWrappedLines(removeFurniture(lines), options.title === undefined);
  const meaningful = kept.filter((l) => l !== '');
  if (options.title !== undefined) {
    const title = options.title.replace(/[\u00a0\s]+/g, ' ').trim();
    if (meaningful.length && sameLine(meaningful[0], title)) meaningful.shift();
    return { title, lead: meaningful[0] ?? null, body: meaningful.join('\n\n') };
  }
  const [title = '', ...paragraphs] = meaningful;
  return { title, lead: paragraphs[0] ?? null, body: paragraphs.join('\n\n') };
}

/** The lines with furniture blanked out (blank lines stay: they separate paragraphs). */
function removeFurniture(lines: string[]): string[] {
  const out = lines.slice();
  for (let i = 0; i < out.length; i++) {
    const line = out[i];
    if (line === '') continue;
    if (LIST_HEADING.test(line)) {
      out[i] = '';
      // The list's items follow, possibly with blank lines between them; prose ends it.
      const max = ONE_ITEM.test(line) ? 1 : MAX_LIST_ITEMS;
      let items = 0;
      let k = i + 1;
      while (k < out.length && items < max) {
        if (out[k] === '') {
          k++;
          continue;
        }
        if (!isListItem(out[k]) && !isFurniture(out[k])) break;
        out[k] = '';
        items++;
        k++;
      }
      i = k - 1;
      continue;
    }
    if (isFurniture(line) || isCaption(line)) out[i] = '';
  }
  return out;
}

/**
 * Lines a page wrapped inside a paragraph become one again: a line that does not end a
 * sentence, followed by one that starts in lower case, or a line ending with a first name
 * followed by the surname on the next line ("… française, Céline" / "Berthon, a …").
 */
function joinWrappedLines(lines: string[], firstIsTitle: boolean): string[] {
  const out: string[] = [];
  // The title line is never joined to what follows.
  let titleAt = firstIsTitle ? -2 : -1;
  for (const line of lines) {
    const last = out.length - 1;
    if (line !== '' && last >= 0 && out[last] !== '' && last !== titleAt && continues(out[last], line)) {
      out[last] = `${out[last]} ${line}`;
      continue;
    }
    if (titleAt === -2 && line !== '') titleAt = out.length;
    out.push(line);
  }
  return out;
}

function continues(previous: string, next: string): boolean {
  if (/[.!?:;…»"”)\]]$/.test(previous)) return false;
  if (/^\p{Ll}/u.test(next)) return true;
  const lastWord = previous.match(/[\p{L}-]+$/u)?.[0];
  return lastWord !== undefined && /^\p{Lu}/u.test(next) && FIRST_NAMES.has(foldWord(lastWord)) && /[,\s]\S+$/.test(previous) && previous.length >= 25;
}

function sameLine(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}
