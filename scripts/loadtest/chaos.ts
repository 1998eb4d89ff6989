/**
 * `npm run loadtest -- --chaos`: the soak test. The full workshop of `npm run loadtest` (30
 * alliances × 2 teams × 3 devices + the facilitator, 20 rounds) while things go wrong:
 *   - three times, in the middle of a round's submissions, the server process is killed
 *     (SIGKILL) and started again on the same port and log; every device finds its way back
 *     with its seat token (the facilitator with its secret), as the browser client does;
 *   - one more device of a team floods the server with messages (bursts well past its budget);
 *   - one more device sends random bytes as WebSocket frames.
 * Every acknowledged decision is recorded and, at the end, looked for in the played rounds; the
 * run fails if one is missing. Reported: submit → ack, round end → every client updated, the
 * restart and rejoin times, and what the flooding and random clients met.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killProcess, stopProcess } from '../lib/processes.ts';
import { pause, request, type Reply } from '../lib/room-messages.ts';
import { Client, DECISIONS, SIDES, distribution, startServer, whenState, type Distribution, type Options, type RoomState, type SdkRoom, type ServerProcess, type Side } from './shared.ts';
import { refusalText, type ErrorPayload } from '../../src/protocol/index.ts';

type SdkClient = InstanceType<typeof Client>;

/** A device that comes back by itself: when its room is gone, it joins again with its token or secret. */
class Device {
  room: SdkRoom | null = null;
  rejoins = 0;
  private waiting: ((room: SdkRoom) => void)[] = [];
  private stopped = false;
  readonly label: string;
  /** The alliance whose played rounds this device sees; null for the facilitator (all of them). */
  readonly alliance: number | null;
  private readonly client: SdkClient;
  private readonly options: Record<string, unknown>;

  constructor(label: string, alliance: number | null, client: SdkClient, options: Record<string, unknown>) {
    this.label = label;
    this.alliance = alliance;
    this.client = client;
    this.options = options;
  }

  /** This device has the results of `round`. */
  hasPlayed(state: RoomState, round: number): boolean {
    if (!state.alliances?.length) return false;
    const alliances = this.alliance === null ? Array.from(state.alliances) : [state.alliances[this.alliance]!];
    return alliances.every((alliance) => (alliance?.playedRoundsJson?.length ?? 0) >= round);
  }

  adopt(room: SdkRoom): void {
    // The SDK's own reconnection cannot survive a restart (the session died with the process):
    // the device rejoins through matchmaking at once instead, as src/net/workshop-client.ts does.
    room.reconnection.enabled = false;
    for (const type of ['seated', 'announcement', 'ack', 'error', 'seatReleased']) room.onMessage(type, () => undefined);
    room.onLeave(() => {
      if (this.room !== room) return;
      this.room = null;
      if (!this.stopped) void this.rejoin();
    });
    this.room = room;
    for (const resolve of this.waiting.splice(0)) resolve(room);
  }

  private async rejoin(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const room = await this.client.join('workshop', this.options);
        this.rejoins++;
        if (this.stopped) return void room.leave();
        return this.adopt(room);
      } catch {
        await pause(Math.min(1000, 50 * 2 ** attempt));
      }
    }
  }

  ready(): Promise<SdkRoom> {
    return this.room ? Promise.resolve(this.room) : new Promise((resolve) => this.waiting.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.room?.leave().catch(() => undefined);
  }
}

/** A request that gives up when the room goes (the server died) rather than waiting out its timeout. */
function requestOrLeave(room: SdkRoom, type: string, body: Record<string, unknown>): Promise<Reply | 'gone'> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: Reply | 'gone') => {
      if (!done) resolve(value);
      done = true;
    };
    room.onLeave(() => finish('gone'));
    request(room, type, body, 15_000).then(finish, () => finish('gone'));
  });
}

interface Acknowledged {
  readonly alliance: number;
  readonly side: Side;
  readonly round: number;
  readonly decisions: Record<string, number>;
  /** 'ack': acknowledged; 'logged': refused as already submitted after a restart (its ack died with the process). */
  readonly how: 'ack' | 'logged';
}

export interface ChaosResult {
  alliances: number;
  rounds: number;
  clients: number;
  submitToAck: Distribution;
  roundEndToAll: Distribution;
  crashes: { round: number; restartMs: number; allBackMs: number }[];
  acknowledged: number;
  ackLostInCrash: number;
  lost: string[];
  flood: { sent: number; refused: number; disconnected: number };
  randomFrames: { sent: number; disconnected: number };
  serverAliveAtEnd: boolean;
  wallSeconds: number;
}

export async function runChaos(options: Options): Promise<ChaosResult> {
  const started = performance.now();
  const directory = mkdtempSync(join(tmpdir(), 'workshop-chaos-'));
  const dbPath = join(directory, 'log.sqlite');
  const port = await freePort();
  let server: ServerProcess = await startServer(dbPath, port);
  const devices: Device[] = [];
  const timeCap = Math.max(options.timeCapMs, 600_000);
  let capTimer: NodeJS.Timeout | undefined;
  try {
    const capped = new Promise<never>((_, fail) => {
      capTimer = setTimeout(() => fail(new Error(`time cap of ${timeCap / 1000} s reached`)), timeCap);
    });
    return await Promise.race([soak(), capped]);
  } finally {
    clearTimeout(capTimer);
    await Promise.allSettled(devices.map((device) => device.stop()));
    await stopProcess(server.child);
    rmSync(directory, { recursive: true, force: true });
  }

  async function soak(): Promise<ChaosResult> {
    const client = new Client(server.url);
    const creator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: options.alliances, rounds: options.rounds, roundSeconds: 0, seed: 7 });
    const created = await new Promise<{ code: string; facilitatorSecret: string }>((resolve) => creator.onMessage('created', resolve));
    const { code } = created;
    const facilitator = new Device('facilitator', null, client, { code, facilitatorSecret: created.facilitatorSecret });
    facilitator.adopt(creator);
    devices.push(facilitator);
    const teams: { alliance: number; side: Side; devices: Device[]; token: string }[] = [];
    for (let alliance = 0; alliance < options.alliances; alliance++) {
      for (const side of SIDES) {
        const first = await client.join('workshop', { code, alliance, side });
        const { seatToken } = await new Promise<{ seatToken: string }>((resolve) => first.onMessage('seated', resolve));
        const team = { alliance, side, token: seatToken, devices: [] as Device[] };
        for (let index = 0; index < options.devices; index++) {
          const device = new Device(`alliance ${alliance + 1} ${side} #${index + 1}`, alliance, client, { code, seatToken });
          device.adopt(index === 0 ? first : await client.join('workshop', { code, seatToken }));
          team.devices.push(device);
          devices.push(device);
        }
        teams.push(team);
      }
    }
    const legitimate = [...devices];
    // The two hostile devices, each on a seat of its own team (by that team's token).
    const flooder = new Device('flooder', 0, client, { code, seatToken: teams[0]!.token });
    flooder.adopt(await client.join('workshop', { code, seatToken: teams[0]!.token }));
    const randomizer = new Device('random frames', null, client, { code, seatToken: teams[Math.min(3, teams.length - 1)]!.token });
    randomizer.adopt(await client.join('workshop', { code, seatToken: teams[Math.min(3, teams.length - 1)]!.token }));
    devices.push(flooder, randomizer);

    let playing = true;
    const flood = { sent: 0, refused: 0, disconnected: 0 };
    const randomFrames = { sent: 0, disconnected: 0 };
    const hostile = [
      (async () => {
        let counted: SdkRoom | null = null;
        while (playing) {
          const room = await flooder.ready();
          if (counted !== room) {
            room.onMessage('error', (reply: ErrorPayload) => {
              if (reply.refusal.code === 'messageFlood') flood.refused++;
            });
            counted = room;
          }
          // Bursts of a hundred requests that would be refused anyway (a round far ahead).
          for (let index = 0; index < 100 && flooder.room === room; index++) {
            room.send('intent', { requestId: 1_000_000 + flood.sent, intent: { type: 'submitDecisions', round: 999, decisions: DECISIONS.manufacturer(1) } });
            flood.sent++;
          }
          await pause(250);
        }
      })(),
      (async () => {
        while (playing) {
          const room = await randomizer.ready();
          const length = 1 + Math.floor(Math.random() * 200);
          const bytes = new Uint8Array(length).map(() => Math.floor(Math.random() * 256));
          try {
            (room.connection as unknown as { send(data: Uint8Array): void }).send(bytes);
            randomFrames.sent++;
          } catch {
            // The socket closed under it: the device rejoins.
          }
          await pause(15);
        }
      })(),
    ];

    const all = (test: (state: RoomState) => boolean) => Promise.all(legitimate.map(async (device) => whenState(await device.ready(), test, 60_000)));
    const acknowledged: Acknowledged[] = [];
    const submitToAck: number[] = [];
    const roundEndToAll: number[] = [];
    const crashes: ChaosResult['crashes'] = [];
    const crashRounds = new Set([0.2, 0.5, 0.8].map((share) => Math.max(1, Math.round(share * options.rounds))));

    const command = async (type: 'start' | 'endRound' | 'nextRound', round: number): Promise<void> => {
      for (;;) {
        const room = await facilitator.ready();
        await whenState(room, (state) => state.alliances?.length === options.alliances, 60_000);
        const state = room.state as RoomState;
        // Done before a crash: the log has it, the restarted server shows it.
        if (type === 'start' && state.phase !== 'lobby') return;
        if (type === 'endRound' && (state.round > round || state.phase === 'results' || state.phase === 'finished')) return;
        if (type === 'nextRound' && (state.round > round || state.phase === 'finished')) return;
        const reply = await requestOrLeave(room, 'facilitator', { command: type === 'start' ? { type } : { type, round } });
        if (reply !== 'gone' && reply.kind === 'ack') return;
        await pause(100);
      }
    };

    const submit = async (team: (typeof teams)[number], round: number): Promise<void> => {
      const decisions = DECISIONS[team.side](round);
      for (;;) {
        const room = await team.devices[0]!.ready();
        const sent = performance.now();
        const reply = await requestOrLeave(room, 'intent', { intent: { type: 'submitDecisions', round, decisions } });
        if (reply === 'gone') continue;
        if (reply.kind === 'ack') {
          submitToAck.push(performance.now() - sent);
          acknowledged.push({ alliance: team.alliance, side: team.side, round, decisions, how: 'ack' });
          return;
        }
        // A resend of a submission the server logged before it went down (a game rule, still in words).
        if (reply.refusal.code === 'gameRule' && /already submitted/.test(reply.refusal.reason)) {
          acknowledged.push({ alliance: team.alliance, side: team.side, round, decisions, how: 'logged' });
          return;
        }
        if (reply.refusal.code === 'messageFlood') {
          await pause(500);
          continue;
        }
        throw new Error(`alliance ${team.alliance + 1} ${team.side}, round ${round}: refused: ${refusalText(reply.refusal)}`);
      }
    };

    const crash = async (round: number): Promise<void> => {
      const killedAt = performance.now();
      await killProcess(server.child);
      server = await startServer(dbPath, port);
      const restartMs = performance.now() - killedAt;
      await Promise.all(legitimate.map((device) => device.ready()));
      crashes.push({ round, restartMs, allBackMs: performance.now() - killedAt });
    };

    await command('start', 0);
    for (let round = 1; round <= options.rounds; round++) {
      await all((state) => (state.phase === 'decide' && state.round === round) || state.round > round);
      const submissions = Promise.all(
        teams.map(async (team) => {
          await pause(Math.random() * options.spreadMs);
          await submit(team, round);
        }),
      );
      if (crashRounds.has(round)) {
        await pause(options.spreadMs * (0.3 + 0.4 * Math.random()));
        await crash(round);
      }
      await submissions;
      // Every device back and up to date before the round end is timed.
      await all((state) => state.alliances?.length === options.alliances && state.round === round);
      const rooms = await Promise.all(legitimate.map((device) => device.ready()));
      const updated = rooms.map((room, index) => whenState(room, (state) => legitimate[index]!.hasPlayed(state, round), 60_000));
      const sent = performance.now();
      await command('endRound', round);
      roundEndToAll.push(Math.max(...(await Promise.all(updated))) - sent);
      await command('nextRound', round);
    }
    playing = false;
    await Promise.race([Promise.all(hostile), pause(2000)]);
    flood.disconnected = flooder.rejoins;
    randomFrames.disconnected = randomizer.rejoins;

    // Nothing acknowledged is lost: every acknowledged decision is in the played rounds.
    const room = await facilitator.ready();
    await whenState(room, (state) => state.phase === 'finished', 60_000);
    const final = room.state as RoomState;
    const lost: string[] = [];
    for (const ack of acknowledged) {
      const played = final.alliances[ack.alliance]?.playedRoundsJson[ack.round - 1];
      const decisions = played ? (JSON.parse(played) as { decisions: Record<string, unknown> }).decisions[ack.side] : undefined;
      if (JSON.stringify(decisions) !== JSON.stringify(ack.decisions)) lost.push(`alliance ${ack.alliance + 1} ${ack.side}, round ${ack.round} (${ack.how}): played ${JSON.stringify(decisions)}`);
    }
    return {
      alliances: options.alliances,
      rounds: options.rounds,
      clients: devices.length,
      submitToAck: distribution(submitToAck),
      roundEndToAll: distribution(roundEndToAll),
      crashes,
      acknowledged: acknowledged.length,
      ackLostInCrash: acknowledged.filter((ack) => ack.how === 'logged').length,
      lost,
      flood,
      randomFrames,
      serverAliveAtEnd: server.child.exitCode === null && server.child.signalCode === null,
      wallSeconds: (performance.now() - started) / 1000,
    };
  }
}

export function formatChaos(result: ChaosResult): string {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
  const row = (name: string, d: Distribution) => `| ${name} | ${d.count} | ${ms(d.p50)} | ${ms(d.p99)} | ${ms(d.max)} |`;
  return [
    `workshop soak test (--chaos): ${result.alliances} alliances, ${result.clients} clients (a flooding one and a random-frames one among them), ${result.rounds} rounds, ${result.crashes.length} kills (SIGKILL) and restarts, loopback`,
    '',
    '| measure | samples | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
    row('submit → ack', result.submitToAck),
    row('round end → every client updated (per round)', result.roundEndToAll),
    '',
    '| kill in round | restart until listening (ms) | until every device was back (ms) |',
    '|---|---|---|',
    ...result.crashes.map((crash) => `| ${crash.round} | ${crash.restartMs.toFixed(0)} | ${crash.allBackMs.toFixed(0)} |`),
    '',
    `acknowledged decisions: ${result.acknowledged} (${result.ackLostInCrash} logged whose acknowledgement died with the process); lost: ${result.lost.length}${result.lost.length ? `\n  ${result.lost.join('\n  ')}` : ''}`,
    `flooding client: ${result.flood.sent} messages sent, ${result.flood.refused} refused as over its budget, disconnected ${result.flood.disconnected} times`,
    `random-frames client: ${result.randomFrames.sent} frames sent, disconnected ${result.randomFrames.disconnected} times`,
    `server running at the end: ${result.serverAliveAtEnd ? 'yes' : 'NO'}; wall time ${result.wallSeconds.toFixed(1)} s`,
  ].join('\n');
}
