import { findCandidates, type Candidate } from './candidates';
import { FIRST_NAMES, isCommonWord, isEverydayCapitalized, NAME_PARTICLES, PLACE_PREPOSITIONS } from './lexicon';
import { isAllUpper, isCapitalized, nameKeys, tokenize, type Tokens } from './tokens';
import { skeleton, VariantIndex } from './variants';

export type LinkableKind = 'person' | 'organization' | 'place';

export interface GazetteerEntry {
  entityId: number;
  kind: LinkableKind;
  /** The canonical name, the acronym and every alias. */
  names: string[];
  /** Names among `names` that are acronyms (matched only when written in capitals). */
  acronyms?: string[];
}

export interface LinkedMention {
  entityId: number;
  /** Which text of the article the offsets point into; absent: the body. */
  field?: 'title' | 'lead' | 'body';
  /** UTF-16 offsets into the text that was linked. */
  start: number;
  end: number;
  text: string;
}

export interface Analysis {
  mentions: LinkedMention[];
  candidates: Candidate[];
}

/**
 * How a name reaches an entity: `name` is one the entity is known by (canonical name,
 * alias, acronym); `surname` and `initial` are derived from a person's full name
 * ("Hammouchi", "A. Hammouchi") and give way to any entity known by that exact name.
 */
type Form = 'name' | 'surname' | 'initial';

interface Terminal {
  entityId: number;
  form: Form;
  acronym: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode> | null;
  terminals: Terminal[] | null;
}

interface Span {
  /** Token range [first, last). */
  first: number;
  last: number;
  pool: Terminal[];
  entityIds: number[];
  /** Words of the span that matched only as spelling variants. */
  variantWords: number;
  /** Some variant word is more than a dropped or doubled letter away (needs evidence in the article). */
  weakVariant: boolean;
}

/** Known name words this long can be misspelt; a misspelling may be a letter shorter. */
const MIN_VARIANT_WORD = 5;
/** A lone misspelt word this long, close to exactly one known name word, is evidence enough. */
const MIN_LONE_VARIANT_WORD = 7;

const newNode = (): TrieNode => ({ next: null, terminals: null });

/**
 * Every known name of every entity, as a trie over folded words: linking a text walks the
 * trie from each word, so its cost depends on the text's length, not on how many names
 * are known (the word-level equivalent of an Aho-Corasick automaton). Matches never start
 * or end inside a word, the longest wins, and the rules below decide which entity a
 * matched name stands for, or that it stands for none.
 */
export class Gazetteer {
  private readonly root = newNode();
  /** Every word of every known name: such a word is never read as a misspelling. */
  private readonly knownWords = new Set<string>();
  private readonly variants = new VariantIndex();
  /** What each entity is, and a person's given names and their initials (folded). */
  private readonly kindOf = new Map<number, LinkableKind>();
  private readonly givenNames = new Map<number, Set<string>>();
  readonly size: { entities: number; names: number };

  constructor(entries: GazetteerEntry[]) {
    let names = 0;
    for (const entry of entries) {
      this.kindOf.set(entry.entityId, entry.kind);
      const acronyms = new Set(entry.acronyms ?? []);
      for (const name of new Set(entry.names)) {
        const keys = nameKeys(name);
        if (keys.length === 0 || (keys.length === 1 && keys[0].length < 2)) continue;
        names++;
        // An all-capitals single word ("DGSN") is an acronym even when not flagged as one.
        const acronym = acronyms.has(name) || (keys.length === 1 && isAllUpper(name));
        this.add(keys, { entityId: entry.entityId, form: 'name', acronym });
        for (const k of keys) this.knownWords.add(k);
        if (acronym) continue;
        if (entry.kind === 'person') this.addPersonForms(entry.entityId, keys);
        else if (keys.length === 1) this.addVariantWord(keys[0], 6);
      }
    }
    this.size = { entities: entries.length, names };
  }

  /** Surname and initial forms of a person's full name; its words become variant-matchable. */
  private addPersonForms(entityId: number, keys: string[]): void {
    for (const k of keys) this.addVariantWord(k, MIN_VARIANT_WORD);
    if (keys.length < 2) return;
    // "Mohamed El Khalfi" -> "El Khalfi": particles belong to the surname.
    let s = keys.length - 1;
    while (s > 1 && NAME_PARTICLES.has(keys[s - 1])) s--;
    const surname = keys.slice(s);
    const given = keys.slice(0, s);
    let known = this.givenNames.get(entityId);
    if (!known) this.givenNames.set(entityId, (known = new Set()));
    for (const g of given) known.add(g).add(g[0]).add(skeleton(g));
    if (surname.join('').length >= 3) this.add(surname, { entityId, form: 'surname', acronym: false });
    // "A. Hammouchi", and "J. P. Dupont" for "Jean-Pierre Dupont".
    this.add([given[0][0], ...surname], { entityId, form: 'initial', acronym: false });
    if (given.length > 1) this.add([...given.map((g) => g[0]), ...surname], { entityId, form: 'initial', acronym: false });
  }

  private addVariantWord(key: string, minLength: number): void {
    if (key.length >= minLength && !isCommonWord(key) && !/\d/.test(key)) this.variants.add(key);
  }

  private add(keys: string[], terminal: Terminal): void {
    let node = this.root;
    for (const k of keys) {
      node.next ??= new Map();
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = newNode()));
      node = child;
    }
    node.terminals ??= [];
    const same = node.terminals.find((t) => t.entityId === terminal.entityId);
    if (!same) node.terminals.push(terminal);
    else if (terminal.form === 'name' && same.form !== 'name') Object.assign(same, terminal);
    else if (terminal.form === 'name' && !terminal.acronym) same.acronym = false;
  }

  /** What a known entity is (undefined for an id it does not hold). */
  kindOfEntity(entityId: number): LinkableKind | undefined {
    return this.kindOf.get(entityId);
  }

  link(body: string): LinkedMention[] {
    return this.analyze(body).mentions;
  }

  /** Linked mentions, in body order, and the unknown names that look like people or organizations. */
  analyze(body: string): Analysis {
    const tokens = tokenize(body);
    const { keys, variant } = this.correctVariants(tokens);
    const spans = this.selectSpans(tokens, keys, variant);
    const mentions = this.resolve(body, tokens, spans);
    const covered = new Uint8Array(tokens.count);
    for (const s of spans) covered.fill(1, s.first, s.last);
    return { mentions, candidates: findCandidates(tokens, covered, body) };
  }

  /**
   * Words that are no known name word but one change away from one (variants.ts) become
   * that word. When several known words are that close, the one the article also writes
   * exactly wins; otherwise the word stays as written. Everyday words never change.
   * variant[i]: 0 as written, 1 a dropped or doubled letter, 2 any other change.
   */
  private correctVariants(tokens: Tokens): { keys: string[]; variant: Uint8Array } {
    const keys = tokens.key.slice();
    const variant = new Uint8Array(tokens.count);
    let written: Set<string> | null = null;
    for (let i = 0; i < tokens.count; i++) {
      const key = keys[i];
      const raw = tokens.raw[i];
      if (key.length < MIN_VARIANT_WORD - 1 || !isCapitalized(raw)) continue;
      // A first name of its own ("Quentin", "Karima") is never another name misspelt.
      if (this.knownWords.has(key) || isCommonWord(key) || isEverydayCapitalized(key) || FIRST_NAMES.has(key) || isAllUpper(raw)) continue;
      let near = this.variants.near(key);
      if (near.length === 0) continue;
      if (near.length > 1) {
        written ??= new Set(tokens.key);
        const inText = near.filter((n) => written!.has(n.word));
        near = inText.length ? inText : near;
      }
      if (near.length > 1 && i > 0 && tokens.softBefore[i]) {
        // "Abdellatif Hamouchi": the known name the word before continues.
        const after = this.root.next?.get(keys[i - 1])?.next;
        const continued = after ? near.filter((n) => after.has(n.word)) : [];
        if (continued.length) near = continued;
      }
      if (near.length !== 1) continue;
      keys[i] = near[0].word;
      variant[i] = near[0].kind === 'dropped' ? 1 : 2;
    }
    return { keys, variant };
  }

  /** Every name the trie finds, kept longest first where they overlap. */
  private selectSpans(tokens: Tokens, keys: string[], variant: Uint8Array): Span[] {
    const found: Span[] = [];
    for (let i = 0; i < tokens.count; i++) {
      let node: TrieNode | undefined = this.root;
      let variantWords = 0;
      let weakVariant = false;
      for (let j = i; j < tokens.count; j++) {
        if (j > i && !tokens.softBefore[j]) break;
        node = node.next?.get(keys[j]);
        if (!node) break;
        variantWords += variant[j] ? 1 : 0;
        weakVariant ||= variant[j] === 2;
        if (node.terminals) {
          const span = this.spanOf(tokens, i, j + 1, node.terminals, variantWords, weakVariant);
          if (span) found.push(span);
        }
      }
    }
    found.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
    const taken = new Uint8Array(tokens.count);
    const kept: Span[] = [];
    for (const s of found) {
      if (taken.subarray(s.first, s.last).some((x) => x === 1)) continue;
      taken.fill(1, s.first, s.last);
      kept.push(s);
    }
    return kept.sort((a, b) => a.first - b.first);
  }

  /** A span if the way the words are written allows the name to be one; null otherwise. */
  private spanOf(tokens: Tokens, first: number, last: number, terminals: Terminal[], variantWords: number, weakVariant: boolean): Span | null {
    const named = terminals.filter((t) => t.form === 'name');
    const pool = named.length ? named : terminals;
    const head = tokens.raw[first];
    const single = last - first === 1;
    if (pool.every((t) => t.acronym)) {
      // "DGSN" (or "Dgsn"), never "can" or "Can" for an acronym CAN.
      if (!isCapitalized(head)) return null;
      if ((head.length <= 3 || isCommonWord(tokens.key[first])) && !isAllUpper(head)) return null;
    }
    if (pool[0].form !== 'name' && !(isCapitalized(head) && isCapitalized(tokens.raw[last - 1]))) return null;
    if (single && isCommonWord(tokens.key[first]) && !isCapitalized(head)) return null;
    if (variantWords && !isCapitalized(head)) return null;
    let entityIds = [...new Set(pool.map((t) => t.entityId))];
    // "Karim Snoek", "K. Snoek": a given name or initial before a surname that is not the
    // known person's makes it another person.
    if (pool[0].form === 'surname') entityIds = entityIds.filter((id) => this.givenAgrees(tokens, first, id));
    if (entityIds.length === 0) return null;
    return { first, last, pool, entityIds, variantWords, weakVariant };
  }

  /** False when the word before `first` is a given name or an initial the person does not have. */
  private givenAgrees(tokens: Tokens, first: number, entityId: number): boolean {
    const before = first - 1;
    if (before < 0 || !tokens.softBefore[first] || !isCapitalized(tokens.raw[before])) return true;
    const key = tokens.key[before];
    // "M." is Monsieur, not an initial.
    if (key === 'm' || (key.length > 1 && !FIRST_NAMES.has(key))) return true;
    const given = this.givenNames.get(entityId);
    return !given || given.has(key) || given.has(skeleton(key));
  }

  /** Which entity each span names, in reading order; ambiguous spans name none. */
  private resolve(body: string, tokens: Tokens, spans: Span[]): LinkedMention[] {
    // Entities the article names exactly and unambiguously somewhere: evidence for variants.
    const namedExactly = new Set<number>();
    for (const s of spans) if (!s.variantWords && s.entityIds.length === 1) namedExactly.add(s.entityIds[0]);
    const seen = new Set<number>();
    const mentions: LinkedMention[] = [];
    for (const s of spans) {
      const entityId = this.entityOf(tokens, s, seen, namedExactly);
      if (entityId === null) continue;
      seen.add(entityId);
      const start = tokens.start[s.first];
      const end = tokens.end[s.last - 1];
      mentions.push({ entityId, start, end, text: body.slice(start, end) });
    }
    return mentions;
  }

  private entityOf(tokens: Tokens, s: Span, seen: Set<number>, namedExactly: Set<number>): number | null {
    if (s.entityIds.length > 1) {
      // A name several entities share: the one this article already named, if exactly one.
      const earlier = s.entityIds.filter((id) => seen.has(id));
      return earlier.length === 1 && !s.variantWords ? earlier[0] : null;
    }
    const [entityId] = s.entityIds;
    const single = s.last - s.first === 1;
    if (s.variantWords) {
      // A misspelt name links on strong evidence only: the entity is named exactly in the
      // article, another word of the name (a first name, an initial) is written exactly
      // ("Eric Snoeck", "A. Hamouchi"), or, for a place or an organization, the word is
      // long and a dropped or doubled letter from one known name word only ("Bruxelle").
      if (s.last - s.first > s.variantWords) return entityId;
      // Alone, a word one letter from a name the article gives is that name, unless it
      // opens a sentence (an everyday word may) or follows "à", "in" (a place).
      if (s.weakVariant && (tokens.sentenceStart[s.first] || (s.first > 0 && PLACE_PREPOSITIONS.has(tokens.key[s.first - 1])))) return null;
      const strong =
        namedExactly.has(entityId) ||
        seen.has(entityId) ||
        (single && !s.weakVariant && this.kindOf.get(entityId) !== 'person' && tokens.key[s.first].length >= MIN_LONE_VARIANT_WORD);
      return strong ? entityId : null;
    }
    // A surname that is also an everyday word ("Fort", "Blanc") needs the full name first.
    if (single && s.pool[0].form !== 'name' && isCommonWord(tokens.key[s.first]) && !seen.has(entityId)) return null;
    return entityId;
  }
}

export type { Candidate };
