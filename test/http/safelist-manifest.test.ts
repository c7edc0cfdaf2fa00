import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import { buildManifest, safelistOf, sha256 } from '../../src/http/caching/persisted';

/** What the pages send (web/src/generated/operations.ts: codegen's printed documents), when the pages exist. */
function pageDocuments(): string[] {
  const file = path.join(projectRoot, 'web', 'src', 'generated', 'operations.ts');
  if (!fs.existsSync(file)) return [];
  return [...fs.readFileSync(file, 'utf8').matchAll(/export const \w+Document = ("(?:[^"\\]|\\.)*") as Operation/g)].map((m) => JSON.parse(m[1]) as string);
}

describe('the safelist manifest (npm run operations:manifest)', () => {
  const { manifest, read } = buildManifest(projectRoot);
  const safelist = safelistOf(manifest);

  it('holds every operation of operations/, by the sha256 of the text clients send', () => {
    expect(read).toContain('operations');
    const files = fs.readdirSync(path.join(projectRoot, 'operations')).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = fs.readFileSync(path.join(projectRoot, 'operations', file), 'utf8');
      expect(safelist.byId.get(sha256(text))?.body).toBe(text);
    }
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
  });

  it('allows what the pages send, each operation as codegen printed it', () => {
    const documents = pageDocuments();
    if (!fs.existsSync(path.join(projectRoot, 'web', 'src', 'operations'))) return; // no pages yet: nothing to allow
    expect(documents.length).toBeGreaterThan(0);
    for (const text of documents) expect([text.slice(0, 40), safelist.allows(sha256(text), text)]).toEqual([text.slice(0, 40), true]);
  });

  it('refuses anything else, however close', () => {
    const frontPage = fs.readFileSync(path.join(projectRoot, 'operations', 'front-page.graphql'), 'utf8');
    const changed = frontPage.replace('title', 'title body');
    expect(safelist.allows(sha256(changed), changed)).toBe(false);
    expect(safelist.allows(sha256('{ __typename }'), '{ __typename }')).toBe(false);
    expect(safelist.allows(sha256('not graphql'), 'not graphql')).toBe(false);
    // Spacing and comments are not part of an operation.
    const respaced = `# a comment\n${frontPage.replace(/\n/g, '\n\n')}`;
    expect(safelist.allows(sha256(respaced), respaced)).toBe(true);
  });
});
