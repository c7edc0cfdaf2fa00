import { LABELLED_TEXTS, linkingQuality } from '../../../bench/linking-labels';

// Floors a little below what the labelled set reaches (docs/performance.md, Linking quality):
// links 1.0 precision and recall, candidates 1.0 precision and 0.97 recall.
describe('linking quality on the labelled set (npm run bench -- --suite linking)', () => {
  const quality = linkingQuality();

  it('holds at least 20 texts with furniture, variants, unknown names and traps', () => {
    expect(LABELLED_TEXTS.length).toBeGreaterThanOrEqual(20);
    expect(quality.links.expected).toBeGreaterThanOrEqual(50);
    expect(quality.candidates.expected).toBeGreaterThanOrEqual(30);
  });

  it('makes no wrong link and misses almost none', () => {
    expect(quality.errors.filter((e) => e.includes(': link '))).toEqual([]);
    expect(quality.links.precision).toBe(1);
    expect(quality.links.recall).toBeGreaterThanOrEqual(0.98);
  });

  it('proposes candidates worth reviewing', () => {
    expect(quality.candidates.precision).toBeGreaterThanOrEqual(0.95);
    expect(quality.candidates.recall).toBeGreaterThanOrEqual(0.94);
  });
});
