import fs from 'node:fs';

/**
 * The machine's CPU time so far, from Linux /proc/stat (in clock ticks): `steal` is time the hypervisor gave
 * to other guests — on a shared virtual machine it explains why the same run is slower one time than another.
 */
export function cpuTimes(): { busy: number; idle: number; steal: number } | null {
  try {
    const [, user, nice, system, idle, iowait, irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
  } catch {
    return null;
  }
}

/** How the machine's time was spent between two readings: percentages busy, idle and stolen. */
export function cpuShare(a: ReturnType<typeof cpuTimes>, b: ReturnType<typeof cpuTimes>) {
  if (!a || !b) return null;
  const busy = b.busy - a.busy;
  const idle = b.idle - a.idle;
  const steal = b.steal - a.steal;
  const all = busy + idle + steal || 1;
  const pct = (x: number) => Math.round((x / all) * 100);
  return { busyPct: pct(busy), idlePct: pct(idle), stealPct: pct(steal) };
}
