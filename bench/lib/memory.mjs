// Resident memory of another process, sampled while a piece of work runs.
import fs from 'node:fs';

function residentBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kib ? Number(kib) * 1024 : 0;
}

/**
 * Runs `work` and returns its result with the highest resident set size of `pid` seen meanwhile,
 * and the size when it started (what earlier work left behind, which the peak includes).
 */
export async function withPeakMemory(pid, work, everyMs = 20) {
  const startBytes = residentBytes(pid);
  let peak = startBytes;
  const timer = setInterval(() => {
    peak = Math.max(peak, residentBytes(pid));
  }, everyMs);
  try {
    const result = await work();
    peak = Math.max(peak, residentBytes(pid));
    return { result, peakBytes: peak, startBytes };
  } finally {
    clearInterval(timer);
  }
}
