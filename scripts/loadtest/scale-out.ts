/**
 * `npm run loadtest -- --alliances 160 --servers 2`: a large event on the scale-out that exists,
 * measured. A redis-server of its own (free loopback port, no persistence, as the server tests
 * start it), `--servers` workshop server processes sharing it (REDIS_URL, each with its own port,
 * PUBLIC_ADDRESS and log), and the alliances split into workshops of at most 40, each played by
 * a load-generating process of its own (`run-loadtest.ts --worker`), so the generator's work is
 * spread over processes too. Each workshop is created through one of the servers in turn;
 * Colyseus places it on the least busy process. Reported: the table of `npm run loadtest` for
 * all workshops and for each server, the time until every device had joined, each server's CPU
 * and memory, and every acknowledged decision looked for in the played rounds at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from '../lib/processes.ts';
import type { WorkshopSamples } from './run-loadtest.ts';
import { distribution, mean, startServer, usageOf, type Distribution, type Options, type ServerProcess, type Usage } from './shared.ts';

export interface ServerFigures {
  address: string;
  workshops: number;
  clients: number;
  submitToAck: Distribution;
  roundEndToClient: Distribution;
  roundEndToAll: Distribution;
  roundEndToAck: Distribution;
  cpuPercent: number;
  rssMb: number;
  peakRssMb: number;
}

export interface ScaleOutResult {
  alliances: number;
  workshops: number;
  servers: number;
  rounds: number;
  /** Devices (team devices and facilitators) that joined, of those meant to. */
  devices: number;
  seated: number;
  /** From the first join sent until the last device had joined and had its state. */
  joinSeconds: number;
  all: Omit<ServerFigures, 'address' | 'cpuPercent' | 'rssMb' | 'peakRssMb' | 'workshops'> & { roundEndToFirst: Distribution };
  perServer: ServerFigures[];
  acknowledged: number;
  lost: string[];
  wallSeconds: number;
}

const GENERATOR = join(import.meta.dirname, 'run-loadtest.ts');

export async function runScaleOut(options: Options): Promise<ScaleOutResult> {
  const started = performance.now();
  const redisBinary = (spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout ?? '').trim();
  if (!redisBinary) throw new Error('the scale-out run needs redis-server (Debian package redis-server)');
  const directory = mkdtempSync(join(tmpdir(), 'workshop-scale-out-'));
  const children: ChildProcess[] = [];
  const servers: ServerProcess[] = [];
  let capTimer: NodeJS.Timeout | undefined;
  try {
    const redisPort = await freePort();
    const redis = spawn(redisBinary, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(redis);
    await waitForOutput(redis, /Ready to accept connections/, 10_000);
    for (let index = 0; index < options.servers; index++) {
      const port = await freePort();
      servers.push(
        await startServer(join(directory, `log-${index}.sqlite`), port, { REDIS_URL: `redis://127.0.0.1:${redisPort}`, PUBLIC_ADDRESS: `127.0.0.1:${port}` }),
      );
    }
    const capped = new Promise<never>((_, fail) => {
      capTimer = setTimeout(() => fail(new Error(`time cap of ${options.timeCapMs / 1000} s reached`)), options.timeCapMs);
    });
    return await Promise.race([play(), capped]);
  } finally {
    clearTimeout(capTimer);
    for (const child of children.slice(1)) child.kill('SIGKILL');
    for (const server of servers) await stopProcess(server.child);
    if (children[0]) await stopProcess(children[0]);
    rmSync(directory, { recursive: true, force: true });
  }

  async function play(): Promise<ScaleOutResult> {
    const sizes: number[] = [];
    for (let left = options.alliances; left > 0; left -= 40) sizes.push(Math.min(40, left));
    const before = servers.map((server) => usageOf(server.child.pid!));
    const results = await Promise.all(
      sizes.map((alliances, index) =>
        generate(servers[index % servers.length]!.url, alliances).catch((error: unknown) => {
          throw new Error(`workshop ${index + 1} (${alliances} alliances): ${error instanceof Error ? error.message : String(error)}`);
        }),
      ),
    );
    const after = servers.map((server) => usageOf(server.child.pid!));
    const perServer = servers.map((server, index): ServerFigures => {
      const port = new URL(server.url).port;
      const mine = results.filter((result) => new URL(result.host).port === port);
      return {
        address: `127.0.0.1:${port}`,
        workshops: mine.length,
        ...figures(mine),
        cpuPercent: cpuShare(before[index] ?? null, after[index] ?? null),
        rssMb: after[index]?.rssMb ?? NaN,
        peakRssMb: after[index]?.peakRssMb ?? NaN,
      };
    });
    const devices = sizes.reduce((sum, alliances) => sum + alliances * 2 * options.devices + 1, 0);
    return {
      alliances: options.alliances,
      workshops: sizes.length,
      servers: servers.length,
      rounds: options.rounds,
      devices,
      seated: results.reduce((sum, result) => sum + result.clients, 0),
      joinSeconds: (Math.max(...results.map((result) => result.joinedAt)) - Math.min(...results.map((result) => result.joinStartedAt))) / 1000,
      all: { ...figures(results), roundEndToFirst: distribution(results.flatMap((result) => result.roundEndToFirst)) },
      perServer,
      acknowledged: results.reduce((sum, result) => sum + result.acknowledged, 0),
      lost: results.flatMap((result, index) => result.lost.map((line) => `workshop ${index + 1}: ${line}`)),
      wallSeconds: (performance.now() - started) / 1000,
    };
  }

  /** One workshop, played by a load-generating process of its own. */
  function generate(url: string, alliances: number): Promise<WorkshopSamples> {
    const args = ['--max-semi-space-size=64', GENERATOR, '--worker', '--url', url, '--alliances', String(alliances), '--rounds', String(options.rounds), '--devices', String(options.devices), '--spread-ms', String(options.spreadMs)];
    const child = spawn(process.execPath, args, { env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((done, fail) => {
      child.once('exit', (code) => {
        if (code !== 0) return fail(new Error(`the load generator exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
        try {
          done(JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkshopSamples);
        } catch {
          fail(new Error(`the load generator printed no samples: ${stdout.slice(-300)}`));
        }
      });
    });
  }
}

function figures(results: readonly WorkshopSamples[]) {
  return {
    clients: results.reduce((sum, result) => sum + result.clients, 0),
    submitToAck: distribution(results.flatMap((result) => result.submitToAck)),
    roundEndToClient: distribution(results.flatMap((result) => result.roundEndToClient)),
    roundEndToAll: distribution(results.flatMap((result) => result.roundEndToAll)),
    roundEndToAck: distribution(results.flatMap((result) => result.roundEndToAck)),
  };
}

const cpuShare = (from: Usage | null, to: Usage | null) => (from && to ? (100 * (to.cpuSeconds - from.cpuSeconds) * 1000) / (to.at - from.at) : NaN);

function waitForOutput(child: ChildProcess, ready: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited (${code}):\n${output}`)));
  });
}

export function formatScaleOut(result: ScaleOutResult, targetMs = 50): string {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
  const row = (name: string, d: Distribution) => `| ${name} | ${d.count} | ${ms(d.p50)} | ${ms(d.p99)} | ${ms(d.max)} | ${d.p99 < targetMs ? 'yes' : 'NO'} |`;
  const table = (title: string, f: { submitToAck: Distribution; roundEndToClient: Distribution; roundEndToAll: Distribution; roundEndToAck: Distribution }) => [
    `${title}`,
    '',
    `| measure | samples | p50 ms | p99 ms | max ms | p99 < ${targetMs} ms |`,
    '|---|---|---|---|---|---|',
    row('submit → ack', f.submitToAck),
    row('round end → each client updated', f.roundEndToClient),
    row('round end → every client updated (per round)', f.roundEndToAll),
    row('round end → ack (rounds played, logged)', f.roundEndToAck),
    '',
  ];
  return [
    `workshop load test, scaled out: ${result.alliances} alliances in ${result.workshops} workshops, ${result.devices} devices, ${result.servers} server processes sharing Redis, ${result.rounds} rounds; load generators in ${result.workshops} processes of their own; loopback`,
    '',
    `devices joined: ${result.seated} of ${result.devices}, all within ${result.joinSeconds.toFixed(1)} s`,
    `acknowledged decisions: ${result.acknowledged}; lost: ${result.lost.length}${result.lost.length ? ` (${result.lost.slice(0, 10).join('; ')})` : ''}`,
    '',
    ...table('all workshops', result.all),
    ...result.perServer.flatMap((server) => [
      ...table(`server ${server.address}: ${server.workshops} workshop${server.workshops === 1 ? '' : 's'}, ${server.clients} clients, CPU ${server.cpuPercent.toFixed(0)} % of a core over the run, RSS ${server.rssMb.toFixed(0)} MB (peak ${server.peakRssMb.toFixed(0)} MB)`, server),
    ]),
    `wall time of the run: ${result.wallSeconds.toFixed(1)} s; mean per-client round end p50 across servers ${ms(mean(result.perServer.map((server) => server.roundEndToClient.p50)))} ms`,
  ].join('\n');
}
