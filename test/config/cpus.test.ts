import os from 'node:os';
import { availableCpus } from '../../src/config/cpus';

/** cgroup files as a container shows them; a missing one throws as fs does. */
const files = (contents: Record<string, string>) => (file: string) => {
  if (!(file in contents)) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
  return contents[file];
};

describe('the CPUs WORKERS defaults to', () => {
  const cores = os.availableParallelism();

  it('follows a cgroup v2 CPU quota (docker --cpus), never above the cores', () => {
    expect(availableCpus(files({ '/sys/fs/cgroup/cpu.max': '100000 100000\n' }))).toBe(1);
    expect(availableCpus(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).toBe(Math.min(2, cores));
    expect(availableCpus(files({ '/sys/fs/cgroup/cpu.max': `${(cores + 8) * 100000} 100000\n` }))).toBe(cores);
  });

  it('follows a cgroup v1 quota; no quota, or no cgroup files, is every core', () => {
    expect(availableCpus(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '50000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBe(1);
    expect(availableCpus(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBe(cores);
    expect(availableCpus(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }))).toBe(cores);
    expect(availableCpus(files({}))).toBe(cores);
  });
});
