// Figure 1: the simulator's standard workload natively, from `raftlab-cli bench`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the CLI's bench; resolves to { simSPerWallS, eventsPerS, line } or { error }. */
export function nativeBench() {
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
  const events = out.match(/, (\d+) events \(/);
  return {
    simSPerWallS: Number(m[1]),
    eventsPerS: Number(m[2]),
    events: events ? Number(events[1]) : NaN,
    line: out.trim().split('\n')[0],
  };
}
