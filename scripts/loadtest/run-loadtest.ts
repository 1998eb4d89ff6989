/**
 * `npm run loadtest`: a facilitated workshop at full size on loopback, and its latencies.
 *
 * The server runs as its own process (`node server/src/main.ts`) on a free 127.0.0.1 port with a
 * throw-away SQLite log; this process is the load generator: one facilitator and, per alliance,
 * two teams on three devices each (30 alliances: 181 WebSocket clients). Every round each team
 * submits from one device (at a random moment within --spread-ms, as people click), and then the
 * facilitator ends the round. Measured:
 *   - submit → ack: the submitting device's request until the server's acknowledgement (the
 *     decision is in the SQLite log by then);
 *   - submit → team's devices: until all three devices of that team see their seat as submitted;
 *   - round end → client: from the facilitator's endRound until each client's state holds that
 *     round's results, and per round until the last of the 181 clients has them;
 *   - the server's CPU (user+system, from /proc/<pid>/stat) and RSS (VmRSS, VmHWM).
 * Bounded: a fixed number of rounds, a --time-cap (the run fails past it), loopback only, and it
 * exits by itself. `--json` prints the figures as JSON (the test uses a tiny run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stopProcess } from '../lib/processes.ts';
import { nextMessage, pause } from '../lib/room-messages.ts';
import {
  Client,
  DECISIONS,
  SIDES,
  bytesReceived,
  cpuPercent,
  distribution,
  mean,
  pool,
  startServer,
  timedRequest,
  usageOf,
  whenState,
  type Distribution,
  type Options,
  type RoomState,
  type SdkRoom,
  type Side,
  type Usage,
} from './shared.ts';

interface Team {
  alliance: number;
  side: Side;
  devices: SdkRoom[];
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      alliances: { type: 'string', default: '30' },
      rounds: { type: 'string', default: '20' },
      devices: { type: 'string', default: '3' },
      'spread-ms': { type: 'string', default: '2000' },
      'time-cap': { type: 'string' },
      json: { type: 'boolean', default: false },
      chaos: { type: 'boolean', default: false },
      servers: { type: 'string', default: '1' },
      worker: { type: 'boolean', default: false },
      url: { type: 'string', default: '' },
    },
  });
  const int = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const servers = int('servers', values.servers, 1, 8);
  const alliances = int('alliances', values.alliances, 1, 400);
  // One workshop holds up to 40 alliances; more run as several workshops, on several processes.
  const scaledOut = servers > 1 || alliances > 40;
  if ((values.chaos || values.worker) && alliances > 40) throw new Error('--alliances above 40 needs several workshops: leave out --chaos');
  return {
    alliances,
    rounds: int('rounds', values.rounds, 1, 20),
    devices: int('devices', values.devices, 1, 10),
    spreadMs: int('spread-ms', values['spread-ms'], 0, 60_000),
    timeCapMs: values['time-cap'] === undefined ? (scaledOut ? 1800 : 110) * 1000 : int('time-cap', values['time-cap'], 5, 3600) * 1000,
    json: values.json,
    chaos: values.chaos,
    servers,
    worker: values.worker,
    url: values.url,
  };
}

export interface LoadTestResult {
  alliances: number;
  rounds: number;
  clients: number;
  joinSeconds: number;
  submitToAck: Distribution;
  submitToTeam: Distribution;
  roundEndToClient: Distribution;
  roundEndToAll: Distribution;
  /** The facilitator's endRound until its ack: the server played every alliance's round and logged it. */
  roundEndToAck: Distribution;
  /** Until the first client had the results: the server's share (apply, log, next patch). */
  roundEndToFirst: Distribution;
  /** CPU ms per round end, from the endRound until every client was updated. */
  generatorCpuMsPerRoundEnd: number;
  serverCpuMsPerRoundEnd: number;
  /** The server's CPU for each round end, round 1 first: flat if a round end costs one round. */
  serverCpuMsByRound: number[];
  /** Mean kB each client received for a round end (the results patch, the ack). */
  roundEndKbPerClient: number;
  serverCpuPercentJoin: number;
  serverCpuPercentPlay: number;
  serverRssMb: number;
  serverPeakRssMb: number;
  acknowledged: number;
  lost: string[];
  wallSeconds: number;
}

// ---------------------------------------------------------------- the run

export async function runLoadTest(options: Options): Promise<LoadTestResult> {
  const started = performance.now();
  const directory = mkdtempSync(join(tmpdir(), 'workshop-loadtest-'));
  const server = await startServer(join(directory, 'log.sqlite'));
  const rooms: SdkRoom[] = [];
  let capTimer: NodeJS.Timeout | undefined;
  try {
    const capped = new Promise<never>((_, fail) => {
      capTimer = setTimeout(() => fail(new Error(`time cap of ${options.timeCapMs / 1000} s reached`)), options.timeCapMs);
    });
    const died = new Promise<never>((_, fail) => server.child.once('exit', (code, signal) => fail(new Error(`the server died (${code ?? signal}):\n${server.output()}`))));
    const samples = await Promise.race([playWorkshop(options, server.url, server.child.pid!, rooms), capped, died]);
    return resultOf(options, samples, (performance.now() - started) / 1000);
  } finally {
    clearTimeout(capTimer);
    await Promise.allSettled(rooms.map((room) => room.leave()));
    await stopProcess(server.child);
    rmSync(directory, { recursive: true, force: true });
  }
}

/** What one workshop's run measured, raw (the scale-out run adds up several, from processes of their own). */
export interface WorkshopSamples {
  alliances: number;
  clients: number;
  /** Epoch ms (comparable across processes): the first join sent, the last device joined. */
  joinStartedAt: number;
  joinedAt: number;
  submitToAck: number[];
  submitToTeam: number[];
  roundEndToClient: number[];
  roundEndToAll: number[];
  roundEndToAck: number[];
  roundEndToFirst: number[];
  generatorCpuMs: number[];
  serverCpuMs: number[];
  roundEndBytes: number[];
  acknowledged: number;
  /** Acknowledged decisions missing from the played rounds at the end (must be none). */
  lost: string[];
  /** The address of the process that hosted the workshop (its WebSocket). */
  host: string;
  usage: { beforeJoin: Usage | null; afterJoin: Usage | null; afterPlay: Usage | null };
}

function resultOf(options: Options, samples: WorkshopSamples, wallSeconds: number): LoadTestResult {
  const { beforeJoin, afterJoin, afterPlay } = samples.usage;
  return {
    alliances: options.alliances,
    rounds: options.rounds,
    clients: samples.clients,
    joinSeconds: (samples.joinedAt - samples.joinStartedAt) / 1000,
    submitToAck: distribution(samples.submitToAck),
    submitToTeam: distribution(samples.submitToTeam),
    roundEndToClient: distribution(samples.roundEndToClient),
    roundEndToAll: distribution(samples.roundEndToAll),
    roundEndToAck: distribution(samples.roundEndToAck),
    roundEndToFirst: distribution(samples.roundEndToFirst),
    generatorCpuMsPerRoundEnd: mean(samples.generatorCpuMs),
    serverCpuMsPerRoundEnd: mean(samples.serverCpuMs),
    serverCpuMsByRound: samples.serverCpuMs,
    roundEndKbPerClient: mean(samples.roundEndBytes) / 1024,
    serverCpuPercentJoin: cpuPercent(beforeJoin, afterJoin),
    serverCpuPercentPlay: cpuPercent(afterJoin, afterPlay),
    serverRssMb: afterPlay?.rssMb ?? NaN,
    serverPeakRssMb: afterPlay?.peakRssMb ?? NaN,
    acknowledged: samples.acknowledged,
    lost: samples.lost,
    wallSeconds,
  };
}

/**
 * One workshop of `options.alliances` alliances on the server at `url`, played to its end: the
 * facilitator creates it, the teams join on their devices, every round each team submits and the
 * facilitator ends it. `pid`: the server's process, whose CPU is measured (null: another process
 * measures it). Every acknowledged decision is looked for in the played rounds at the end.
 */
export async function playWorkshop(options: Options, url: string, pid: number | null, rooms: SdkRoom[]): Promise<WorkshopSamples> {
  const usage = (): Usage | null => (pid === null ? null : usageOf(pid));
  const client = new Client(url);
  const beforeJoin = usage();
  const joinStarted = performance.now();
  const joinStartedAt = Date.now();

  const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: options.alliances, rounds: options.rounds, roundSeconds: 0, seed: 7, computerSeats: {} });
  rooms.push(facilitator);
  const { code } = await nextMessage<{ code: string }>(facilitator, 'created', () => true, 30_000);

  const seats = Array.from({ length: options.alliances }, (_, alliance) => SIDES.map((side) => ({ alliance, side }))).flat();
  const teams = await pool(seats, 8, async ({ alliance, side }): Promise<Team> => {
    const first = await client.join('workshop', { code, alliance, side });
    rooms.push(first);
    const { seatToken } = await nextMessage<{ seatToken: string }>(first, 'seated', () => true, 30_000);
    const devices = [first];
    for (let device = 1; device < options.devices; device++) {
      const room = await client.join('workshop', { code, seatToken });
      room.onMessage('seated', () => {}); // this device's copy of the seat; the first one has it
      rooms.push(room);
      devices.push(room);
    }
    return { alliance, side, devices };
  });
  const allianceOf = new Map(teams.flatMap((team) => team.devices.map((room) => [room, team.alliance] as const)));
  // Every device has its initial state before play starts.
  await Promise.all(rooms.map((room) => whenState(room, (state) => state.alliances?.length === options.alliances, 60_000)));
  const joinedAt = joinStartedAt + (performance.now() - joinStarted);
  const afterJoin = usage();

  const samples = { submitToAck: [] as number[], submitToTeam: [] as number[], roundEndToClient: [] as number[], roundEndToAll: [] as number[], roundEndToAck: [] as number[], roundEndToFirst: [] as number[] };
  const generatorCpuMs: number[] = [];
  const serverCpuMs: number[] = [];
  const roundEndBytes: number[] = [];
  const acknowledged: { alliance: number; side: Side; round: number; decisions: Record<string, number> }[] = [];
  await timedRequest(facilitator, 'facilitator', { command: { type: 'start' } });

  for (let round = 1; round <= options.rounds; round++) {
    await Promise.all(rooms.map((room) => whenState(room, (state) => state.phase === 'decide' && state.round === round, 60_000)));
    // Submissions, each team at its own moment within the spread.
    await Promise.all(
      teams.map(async (team) => {
        await pause(Math.random() * options.spreadMs);
        const seen = team.devices.map((room) => whenState(room, (state) => state.alliances[team.alliance]?.seats.get(team.side)?.submitted === true, 60_000));
        const sent = performance.now();
        const decisions = DECISIONS[team.side](round);
        samples.submitToAck.push(await timedRequest(team.devices[0]!, 'intent', { intent: { type: 'submitDecisions', round, decisions } }));
        acknowledged.push({ alliance: team.alliance, side: team.side, round, decisions });
        samples.submitToTeam.push(Math.max(...(await Promise.all(seen))) - sent);
      }),
    );
    // The round end, until every client holds the round's results.
    // A played round adds one entry to the alliance's played rounds (no parsing needed).
    const updated = rooms.map((room) => {
      const state = room.state as RoomState;
      if (room === facilitator) {
        const before = Array.from(state.alliances, (alliance) => alliance.playedRoundsJson.length);
        return whenState(room, (now) => before.every((length, index) => now.alliances[index]!.playedRoundsJson.length > length), 60_000);
      }
      const alliance = allianceOf.get(room)!;
      const before = state.alliances[alliance]!.playedRoundsJson.length;
      return whenState(room, (now) => now.alliances[alliance]!.playedRoundsJson.length > before, 60_000);
    });
    const sent = performance.now();
    const generatorBefore = process.cpuUsage();
    const serverBefore = usage();
    const bytesBefore = bytesReceived();
    samples.roundEndToAck.push(await timedRequest(facilitator, 'facilitator', { command: { type: 'endRound', round } }));
    const times = (await Promise.all(updated)).map((at) => at - sent);
    const generator = process.cpuUsage(generatorBefore);
    roundEndBytes.push((bytesReceived() - bytesBefore) / rooms.length);
    const serverAfter = usage();
    samples.roundEndToClient.push(...times);
    samples.roundEndToFirst.push(Math.min(...times));
    samples.roundEndToAll.push(Math.max(...times));
    generatorCpuMs.push((generator.user + generator.system) / 1000);
    if (serverBefore && serverAfter) serverCpuMs.push((serverAfter.cpuSeconds - serverBefore.cpuSeconds) * 1000);
    await timedRequest(facilitator, 'facilitator', { command: { type: 'nextRound', round } });
  }
  const afterPlay = usage();
  // Nothing acknowledged is lost: each acknowledged decision is in the played rounds.
  await whenState(facilitator, (state) => state.phase === 'finished', 60_000);
  const final = facilitator.state as RoomState;
  const lost: string[] = [];
  for (const ack of acknowledged) {
    const played = final.alliances[ack.alliance]?.playedRoundsJson[ack.round - 1];
    const decisions = played ? (JSON.parse(played) as { decisions: Record<string, unknown> }).decisions[ack.side] : undefined;
    if (JSON.stringify(decisions) !== JSON.stringify(ack.decisions)) lost.push(`alliance ${ack.alliance + 1} ${ack.side}, round ${ack.round}`);
  }
  const host = (facilitator.connection as unknown as { transport: { ws: { url: string } } }).transport.ws.url;
  return { alliances: options.alliances, clients: rooms.length, joinStartedAt, joinedAt, ...samples, generatorCpuMs, serverCpuMs, roundEndBytes, acknowledged: acknowledged.length, lost, host, usage: { beforeJoin, afterJoin, afterPlay } };
}

export function formatTable(result: LoadTestResult, targetMs = 50): string {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
  const row = (name: string, d: Distribution, target = true) =>
    `| ${name} | ${d.count} | ${ms(d.p50)} | ${ms(d.p99)} | ${ms(d.max)} | ${target ? (d.p99 < targetMs ? 'yes' : 'NO') : '–'} |`;
  return [
    `workshop load test: ${result.alliances} alliances × 2 teams × ${result.clients > 1 ? (result.clients - 1) / (2 * result.alliances) : 0} devices + 1 facilitator = ${result.clients} clients, ${result.rounds} rounds, loopback`,
    '',
    `| measure | samples | p50 ms | p99 ms | max ms | p99 < ${targetMs} ms |`,
    '|---|---|---|---|---|---|',
    row('submit → ack', result.submitToAck),
    row("submit → all the team's devices", result.submitToTeam),
    row('round end → each client updated', result.roundEndToClient),
    row('round end → every client updated (per round)', result.roundEndToAll),
    row('round end → ack (rounds played, logged)', result.roundEndToAck, false),
    row('round end → first client updated (per round)', result.roundEndToFirst, false),
    '',
    '| server | value |',
    '|---|---|',
    `| CPU during the joins (1 core = 100 %) | ${result.serverCpuPercentJoin.toFixed(0)} % over ${result.joinSeconds.toFixed(1)} s |`,
    `| CPU while playing rounds | ${result.serverCpuPercentPlay.toFixed(0)} % |`,
    `| CPU per round end, server / load generator (ms) | ${result.serverCpuMsPerRoundEnd.toFixed(1)} / ${result.generatorCpuMsPerRoundEnd.toFixed(1)} |`,
    `| server CPU per round end, first / last round (ms) | ${ms(result.serverCpuMsByRound[0] ?? NaN)} / ${ms(result.serverCpuMsByRound.at(-1) ?? NaN)} |`,
    `| received per client per round end (mean) | ${result.roundEndKbPerClient.toFixed(1)} kB |`,
    `| RSS at the end / peak | ${result.serverRssMb.toFixed(0)} MB / ${result.serverPeakRssMb.toFixed(0)} MB |`,
    `| wall time of the run | ${result.wallSeconds.toFixed(1)} s |`,
    '',
    `acknowledged decisions: ${result.acknowledged}; lost: ${result.lost.length}${result.lost.length ? ` (${result.lost.slice(0, 10).join('; ')})` : ''}`,
    `server CPU per round end, round by round (ms): ${result.serverCpuMsByRound.map((value) => value.toFixed(1)).join(' ')}`,
  ].join('\n');
}

/** Prints, then exits once the output has left (process.exit alone can cut a large pipe write short). */
function finish(text: string, code: number): Promise<never> {
  return new Promise(() => process.stdout.write(`${text}\n`, () => process.exit(code)));
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename);
if (invokedDirectly) {
  const options = parseOptions(process.argv.slice(2));
  try {
    if (options.chaos) {
      const { runChaos, formatChaos } = await import('./chaos.ts');
      const result = await runChaos(options);
      await finish(options.json ? JSON.stringify(result) : formatChaos(result), result.lost.length === 0 ? 0 : 1);
    }
    if (options.worker) {
      // One load-generating process of a scale-out run: its workshop's raw samples, as JSON.
      const rooms: SdkRoom[] = [];
      const samples = await playWorkshop(options, options.url, null, rooms);
      await Promise.allSettled(rooms.map((room) => room.leave()));
      await finish(JSON.stringify(samples), 0);
    }
    if (options.servers > 1 || options.alliances > 40) {
      const { runScaleOut, formatScaleOut } = await import('./scale-out.ts');
      const result = await runScaleOut(options);
      await finish(options.json ? JSON.stringify(result) : formatScaleOut(result), result.lost.length === 0 && result.seated === result.devices ? 0 : 1);
    }
    const result = await runLoadTest(options);
    await finish(options.json ? JSON.stringify(result) : formatTable(result), result.lost.length === 0 ? 0 : 1);
  } catch (error) {
    console.error(`load test failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
