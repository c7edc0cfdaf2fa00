import { fold, foldName, isWordChar } from './fold';

export type LinkableKind = 'person' | 'organization' | 'place';

export interface GazetteerEntry {
  entityId: number;
  kind: LinkableKind;
  /** The canonical name, the acronym and every alias. */
  names: string[];
}

export interface LinkedMention {
  entityId: number;
  /** UTF-16 offsets into the text that was linked. */
  start: number;
  end: number;
  text: string;
}

/**
 * Every known name of every entity, folded. `link` finds them in a text, never inside a
 * longer word, longest match first, and returns exact offsets into the unfolded text.
 */
export class Gazetteer {
  private readonly byName = new Map<string, Set<number>>();

  constructor(entries: GazetteerEntry[]) {
    for (const entry of entries) {
      for (const name of entry.names) {
        const key = foldName(name);
        if (key.length < 2) continue;
        let ids = this.byName.get(key);
        if (!ids) this.byName.set(key, (ids = new Set()));
        ids.add(entry.entityId);
      }
    }
  }

  link(body: string): LinkedMention[] {
    const { text, origin } = fold(body);
    const found: { start: number; end: number; entityId: number }[] = [];
    for (const [name, ids] of this.byName) {
      if (ids.size !== 1) continue; // a name two entities share says nothing on its own
      const [entityId] = ids;
      for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
        const end = at + name.length;
        if (isWordChar(text[at - 1]) || isWordChar(text[end])) continue;
        found.push({ start: at, end, entityId });
      }
    }
    // Longest match first; a shorter match inside a longer one is dropped.
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: { start: number; end: number }[] = [];
    const kept = found.filter((m) => {
      if (taken.some((t) => m.start < t.end && t.start < m.end)) return false;
      taken.push(m);
      return true;
    });
    return kept
      .map((m) => {
        const start = origin[m.start];
        const end = origin[m.end];
        return { entityId: m.entityId, start, end, text: body.slice(start, end) };
      })
      .sort((a, b) => a.start - b.start);
  }
}
