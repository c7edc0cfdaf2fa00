import fs from 'node:fs';
import path from 'node:path';

/**
 * The project keeps copies of the shared operations and seed article so it runs from a
 * clone alone. Where ../shared exists, the copies must be identical to it.
 */
const root = path.resolve(__dirname, '..');
const shared = path.resolve(root, '..', 'shared');
const folders = ['operations', 'seed'];

describe('copies of ../shared', () => {
  it('exist in the project', () => {
    for (const folder of folders) expect(fs.readdirSync(path.join(root, folder)).length).toBeGreaterThan(0);
  });

  const describeShared = fs.existsSync(shared) ? describe : describe.skip;
  describeShared('where ../shared exists', () => {
    // $folder: a title with two %s would take two values per row (one row here is one folder).
    it.each(folders.map((folder) => ({ folder })))('$folder/ holds exactly the files of ../shared/$folder, byte for byte', ({ folder }) => {
      const theirs = fs.readdirSync(path.join(shared, folder)).sort();
      const ours = fs.readdirSync(path.join(root, folder)).sort();
      expect(ours).toEqual(theirs);
      for (const file of theirs) {
        const a = fs.readFileSync(path.join(shared, folder, file));
        const b = fs.readFileSync(path.join(root, folder, file));
        expect({ file, same: a.equals(b) }).toEqual({ file, same: true });
      }
    });
  });
});
