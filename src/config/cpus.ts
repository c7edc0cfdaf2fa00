import fs from 'node:fs';
import os from 'node:os';

/**
 * CPUs this process may use: the cores it may run on, capped by a cgroup CPU quota (a
 * container's `--cpus`), which Node 20's os.availableParallelism() does not see: in a
 * container it would answer the host's cores.
 */
export function availableCpus(read: (file: string) => string = (file) => fs.readFileSync(file, 'utf8')): number {
  const cores = os.availableParallelism();
  const quota = (quotaText: string, periodText: string) => {
    const q = Number(quotaText);
    const p = Number(periodText);
    return Number.isFinite(q) && q > 0 && p > 0 ? Math.max(1, Math.min(cores, Math.ceil(q / p))) : cores;
  };
  try {
    // cgroup v2: "max 100000" (no quota) or "200000 100000" (two CPUs).
    const [q, p] = read('/sys/fs/cgroup/cpu.max').trim().split(/\s+/);
    return q === 'max' ? cores : quota(q, p);
  } catch {
    try {
      // cgroup v1: a quota of -1 is none.
      return quota(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us').trim(), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us').trim());
    } catch {
      return cores;
    }
  }
}
