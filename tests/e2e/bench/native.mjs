// Figure 1: the simulator's standard workload natively, from `raftlab-cli bench` (the release
// build), the median of RUNS runs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNS = 5;

function benchOnce() {
  const run = spawnSync('cargo', ['run', '--quiet', '--release', '--bin', 'raftlab-cli', '--', 'bench'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = run.stdout ?? '';
  const m = out.match(/simulated s per wall s: (\d+(?:\.\d+)?); events per s: (\d+(?:\.\d+)?)/);
  if (run.status !== 0 || !m) {
    return { error: (run.stderr || out || 'no output').trim().split('\n').slice(-3).join(' | ') };
  }
  return {
    simSPerWallS: Number(m[1]),
    eventsPerS: Number(m[2]),
    events: Number(out.match(/, (\d+) events \(/)?.[1] ?? NaN),
    traceHash: out.match(/trace (0x[0-9a-f]+)/)?.[1],
    line: out.trim().split('\n')[0],
  };
}

/** Resolves to the median run { simSPerWallS, eventsPerS, events, traceHash, runs } or { error }. */
export function nativeBench() {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = benchOnce();
    if (r.error) return r;
    runs.push(r);
  }
  runs.sort((a, b) => a.simSPerWallS - b.simSPerWallS);
  return { ...runs[Math.floor(RUNS / 2)], runs: runs.map((r) => r.simSPerWallS) };
}
