import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { nextMessage, request } from './wire.ts';
import { freePort, killProcess, stopProcess } from '../../scripts/lib/processes.ts';

/**
 * Scale-out: two server processes (`node server/src/main.ts`, each with its own port and SQLite
 * log) share one Redis through REDIS_URL. A workshop created through one is found, joined and
 * played through the other. Needs `redis-server` (Debian package redis-server); without it the
 * test is skipped and says so.
 */
const redisBinary = (spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout ?? '').trim();
if (!redisBinary) console.warn('workshop-redis.test.ts skipped: no redis-server on PATH (install the Debian package "redis-server").');

const main = resolve(import.meta.dirname, '../src/main.ts');
const directory = mkdtempSync(join(tmpdir(), 'workshop-redis-'));
const running: ChildProcess[] = [];


function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(command, args, { env: { ...process.env, NODE_NO_WARNINGS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${command} did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        done(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${command} exited (${code}):\n${output}`)));
  });
}



/** The WebSocket URL a room is connected to: it names the process that hosts the room. */
const socketUrl = (room: { connection: unknown }) => (room.connection as { transport: { ws: WebSocket } }).transport.ws.url;

afterAll(async () => {
  // Servers first, then Redis.
  for (const child of running.slice().reverse()) await stopProcess(child);
  rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(!redisBinary)('workshop server scaled out over Redis', () => {
  it('lets a workshop created through one process be joined and played through another, also after its host crashed', { timeout: 45_000 }, async () => {
    const redisPort = await freePort();
    await start(redisBinary, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, /Ready to accept connections/);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const ports = [await freePort(), await freePort()];
    const startServer = (index: number) =>
      start(process.execPath, [main], { PORT: String(ports[index]), HOST: '127.0.0.1', REDIS_URL: redisUrl, WORKSHOP_DB: join(directory, `log-${index}.sqlite`), WRONG_ATTEMPTS_PER_MINUTE: '4' }, /workshop server on ws:/);
    const servers = [await startServer(0), await startServer(1)];
    const one = new Client(`ws://127.0.0.1:${ports[0]}`);
    const two = new Client(`ws://127.0.0.1:${ports[1]}`);

    const facilitator = await one.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 2, roundSeconds: 0 });
    const { code, facilitatorSecret } = await nextMessage<{ code: string; facilitatorSecret: string }>(facilitator, 'created');
    // Through the other process: a team takes a seat, and a second facilitator console joins.
    const team = await two.join('workshop', { code, alliance: 0, side: 'dealers' });
    const seated = await nextMessage<{ alliance: number; side: string; seatToken: string }>(team, 'seated');
    expect(seated).toMatchObject({ alliance: 0, side: 'dealers' });
    expect(team.roomId).toBe(facilitator.roomId);
    const console2 = await two.join('workshop', { code, facilitatorSecret });

    expect(await request(console2, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(team, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 2, localMarketing: 1.5 } } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await new Promise((done) => setTimeout(done, 150));
    const seen = (team.state as { toJSON(): { phase: string; alliances: { playedRoundsJson: string[] }[] } }).toJSON();
    expect(seen.phase).toBe('results');
    expect(seen.alliances[0]!.playedRoundsJson).toHaveLength(1);
    for (const room of [facilitator, team, console2]) await room.leave();

    // The hosting process crashes and comes back on its own log: Colyseus drops the dead process's
    // listing from Redis, the workshop is rebuilt there, and the seat token works through either process.
    const hostPort = Number(new URL(socketUrl(team)).port);
    const host = ports.indexOf(hostPort);
    expect(host).toBeGreaterThanOrEqual(0);
    await killProcess(servers[host]!);
    servers[host] = await startServer(host);
    const other = host === 0 ? two : one;
    const back = await other.join('workshop', { code, seatToken: seated.seatToken });
    expect(await nextMessage(back, 'seated')).toMatchObject({ alliance: 0, side: 'dealers' });
    await new Promise((done) => setTimeout(done, 150));
    expect((back.state as { toJSON(): { alliances: { playedRoundsJson: string[] }[] } }).toJSON().alliances[0]!.playedRoundsJson).toHaveLength(1);
    await back.leave();

    // Last (it locks this address out): a wrong code is refused through either process, and the
    // count of wrong attempts is shared in Redis: two through each process use up the four allowed.
    for (const through of [one, two, one, two]) await expect(through.join('workshop', { code: 'ZZZZZZZZ', alliance: 0, side: 'manufacturer' })).rejects.toThrow(/No workshop has that code/);
    await expect(one.join('workshop', { code, alliance: 0, side: 'manufacturer' })).rejects.toThrow(/Too many wrong codes/);
    await expect(two.join('workshop', { code, alliance: 0, side: 'manufacturer' })).rejects.toThrow(/Too many wrong codes/);
  });
});
