// Start-up of the command-line tool: wall time of `npx alliance-dynamics simulate` on a small
// model (XMILE and Vensim), next to baselines measured in the same run (a bare `node -e 0`, npx
// running nothing), so a loaded machine shows in the baselines rather than passing for a slow CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface StartupRow {
  readonly what: string;
  readonly command: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
}

const TEACUP_XMILE = `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>Teacup</name></header>
  <sim_specs method="Euler" time_units="Minutes"><start>0</start><stop>30</stop><dt>0.125</dt></sim_specs>
  <model><variables>
    <stock name="Teacup Temperature"><eqn>180</eqn><outflow>Heat Loss to Room</outflow></stock>
    <flow name="Heat Loss to Room"><eqn>(Teacup_Temperature - Room_Temperature) / Characteristic_Time</eqn></flow>
    <aux name="Room Temperature"><eqn>70</eqn></aux>
    <aux name="Characteristic Time"><eqn>10</eqn></aux>
  </variables></model>
</xmile>
`;

const TEACUP_MDL = `{UTF-8}
Characteristic Time = 10 ~ Minutes ~ |
Heat Loss to Room = (Teacup Temperature - Room Temperature) / Characteristic Time ~ Degrees/Minute ~ |
Room Temperature = 70 ~ Degrees ~ |
Teacup Temperature = INTEG(-Heat Loss to Room, 180) ~ Degrees ~ |
FINAL TIME = 30 ~ Minute ~ |
INITIAL TIME = 0 ~ Minute ~ |
SAVEPER = TIME STEP ~ Minute ~ |
TIME STEP = 0.125 ~ Minute ~ |
`;

function wallTimes(command: string, args: readonly string[], runs: number, env: NodeJS.ProcessEnv): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(0, 500)}`);
    times.push(ms);
  }
  return times;
}

/**
 * Builds the CLI (a build older than a source would not be used: the bin would run the sources),
 * then times each command `runs` times after one unmeasured run.
 */
export function measureStartup(workDir: string, runs: number): StartupRow[] {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build/build-cli.ts')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0 || !existsSync(join(ROOT, 'build/cli/alliance-dynamics.mjs'))) throw new Error('could not build the CLI (scripts/build/build-cli.ts)');
  const xmile = join(workDir, 'teacup.xmile');
  const mdl = join(workDir, 'teacup.mdl');
  writeFileSync(xmile, TEACUP_XMILE);
  writeFileSync(mdl, TEACUP_MDL);
  // npx and the bin run under the project's Node, as `npm run` arranges it.
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
  const node = process.execPath;
  const bin = join(ROOT, 'bin/alliance-dynamics.mjs');
  const cases: [string, string, string[], NodeJS.ProcessEnv][] = [
    ['baseline: node -e 0', 'node -e 0', ['-e', '0'], env],
    ['baseline: npx running node -e 0', 'npx --no-install node -e 0', ['npx', '--no-install', 'node', '-e', '0'], env],
    ['CLI, built, through npx (XMILE)', 'npx alliance-dynamics simulate teacup.xmile', ['npx', 'alliance-dynamics', 'simulate', xmile], env],
    ['CLI, built, through npx (Vensim)', 'npx alliance-dynamics simulate teacup.mdl', ['npx', 'alliance-dynamics', 'simulate', mdl], env],
    ['CLI, built, node bin (XMILE)', 'node bin/alliance-dynamics.mjs simulate teacup.xmile', [bin, 'simulate', xmile], env],
    ['CLI, from sources, node bin (XMILE)', 'ALLIANCE_DYNAMICS_FROM_SOURCES=1 node bin/…', [bin, 'simulate', xmile], { ...env, ALLIANCE_DYNAMICS_FROM_SOURCES: '1' }],
  ];
  return cases.map(([what, command, argv, caseEnv]) => {
    const [program, ...args] = argv[0] === 'npx' ? argv : [node, ...argv];
    wallTimes(program!, args, 1, caseEnv);
    const times = wallTimes(program!, args, runs, caseEnv).sort((a, b) => a - b);
    return { what, command, medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, runs };
  });
}
