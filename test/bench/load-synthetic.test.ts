import { loadArguments } from '../../bench/load-synthetic';

describe('load-synthetic command line', () => {
  it('reads the flags it documents, with a million articles and a scratch database by default', () => {
    expect(loadArguments([])).toEqual({ articles: 1_000_000, database: 'scratch_synthetic_1000000', keep: false, inProcess: false });
    expect(loadArguments(['--articles', '10000', '--database', 'bench_scale_10k', '--keep', '--in-process'])).toEqual({
      articles: 10_000, database: 'bench_scale_10k', keep: true, inProcess: true,
    });
  });

  it('answers --help with the usage instead of starting a load', () => {
    expect(loadArguments(['--help'])).toBe('help');
    expect(loadArguments(['-h'])).toBe('help');
  });

  it('refuses an unknown flag, a stray word or a bad value before anything is dropped', () => {
    expect(() => loadArguments(['--article', '10'])).toThrow(/Unknown option '--article'[\s\S]*usage: node dist\/bench\/load-synthetic\.js/);
    expect(() => loadArguments(['10000'])).toThrow(/usage:/);
    expect(() => loadArguments(['--articles', 'many'])).toThrow('--articles: expected a whole number of articles from 1 to 99,999,999, got "many"');
    expect(() => loadArguments(['--articles', '0'])).toThrow(/--articles/);
    // the name is written into DROP DATABASE: only a plain identifier
    expect(() => loadArguments(['--database', 'x; DROP DATABASE test'])).toThrow(/--database: expected a lower-case name/);
    expect(() => loadArguments(['--database'])).toThrow(/argument missing/);
  });
});
