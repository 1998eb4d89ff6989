import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { nextMessage, pause, request } from './wire.ts';
import { matchmake, http, startServerProcess, type ServerProcess } from './server-process.ts';
import type { ErrorPayload } from '../../src/protocol/index.ts';

/**
 * Findings 2, 4 and 6 of the report, against the real server process: limits are per real client
 * address (each test "device" connects from its own 127.x.y.z address), proxy headers count only
 * behind proxies the operator declared, bodies and workshops are bounded, matchmaking answers only
 * its own page, offers create and join alone, and a secret reaches only the workshop's creator.
 */
const directory = mkdtempSync(join(tmpdir(), 'hostile-limits-'));
let serial = 0;
const running: ServerProcess[] = [];

async function server(env: Record<string, string> = {}): Promise<ServerProcess> {
  const started = await startServerProcess({ WORKSHOP_DB: join(directory, `log-${serial++}.sqlite`), ...env });
  running.push(started);
  return started;
}

afterEach(async () => {
  for (const process of running.splice(0)) await process.kill();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const CREATE = { scenarioId: 'dealer-alliance', alliances: 1, rounds: 3, roundSeconds: 0 };

/** A workshop created through the SDK (the creator's own join), with its code and facilitator room. */
async function createWorkshop(url: string, options: Record<string, unknown> = {}) {
  const client = new Client(url);
  const facilitator = await client.create('workshop', { ...CREATE, ...options });
  const created = await nextMessage<{ code: string; facilitatorSecret: string; workshopId: string }>(facilitator, 'created');
  return { client, facilitator, ...created };
}

const vmRssMb = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

describe('limits per real client address', () => {
  it('locks out only the address that guessed codes, not the rest of the room', { timeout: 30_000 }, async () => {
    const srv = await server();
    const { code, facilitator } = await createWorkshop(srv.url);
    const guesser = '127.0.0.9';
    let refusedAt = 0;
    for (let attempt = 1; attempt <= 40 && refusedAt === 0; attempt++) {
      const answer = await matchmake(srv.port, 'join', { code: 'ZZZZ2222', alliance: 0, side: 'dealers' }, { localAddress: guesser });
      if (answer.status === 429) refusedAt = attempt;
      else expect(answer).toMatchObject({ status: 404, json: { error: expect.stringMatching(/No workshop has that code/) } });
    }
    expect(refusedAt).toBe(31);
    // The guesser is refused even with the right code…
    expect((await matchmake(srv.port, 'join', { code, alliance: 0, side: 'dealers' }, { localAddress: guesser })).status).toBe(429);
    // …while a team at another address joins as usual.
    const team = await matchmake(srv.port, 'join', { code, alliance: 0, side: 'dealers' }, { localAddress: '127.0.0.10' });
    expect(team.status).toBe(200);
    expect(team.json).toMatchObject({ name: 'workshop', sessionId: expect.any(String) });
    await facilitator.leave();
  });

  it('seats 40 teams joining from 40 addresses, even with a small per-address allowance', { timeout: 60_000 }, async () => {
    const srv = await server({ JOIN_ATTEMPTS_PER_MINUTE: '3' });
    const { code, facilitator } = await createWorkshop(srv.url, { alliances: 20 });
    const client = new Client(srv.url);
    const seated = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const reservation = await matchmake(srv.port, 'join', { code, anySeat: true }, { localAddress: `127.0.1.${index + 1}` });
        expect(reservation.status, JSON.stringify(reservation.json)).toBe(200);
        const room = await client.consumeSeatReservation(reservation.json as never);
        const seat = await nextMessage<{ alliance: number; side: string }>(room, 'seated', () => true, 10_000);
        await room.leave();
        return `${seat.alliance}:${seat.side}`;
      }),
    );
    expect(new Set(seated).size).toBe(40);
    await facilitator.leave();
  });

  it('ignores X-Forwarded-For, X-Real-IP and X-Client-IP unless the operator declared proxies', { timeout: 30_000 }, async () => {
    const direct = await server({ JOIN_ATTEMPTS_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const spoof = `10.9.${attempt}.1`;
      const answer = await matchmake(direct.port, 'join', { code: 'ZZZZ2222', anySeat: true }, { localAddress: '127.0.0.20', headers: { 'x-forwarded-for': spoof, 'x-real-ip': spoof, 'x-client-ip': spoof } });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);

    // Behind one declared proxy (TRUST_PROXY=1), the client is the address the proxy appended;
    // what the client wrote in front of it is never used.
    const proxied = await server({ JOIN_ATTEMPTS_PER_MINUTE: '3', TRUST_PROXY: '1' });
    const viaProxy = (forwarded: string) => matchmake(proxied.port, 'join', { code: 'ZZZZ2222', anySeat: true }, { localAddress: '127.0.0.30', headers: { 'x-forwarded-for': forwarded } });
    const sameClient = [];
    for (let attempt = 0; attempt < 4; attempt++) sameClient.push((await viaProxy(`forged-${attempt}, 203.0.113.7`)).status);
    expect(sameClient).toEqual([404, 404, 404, 429]);
    for (let client = 1; client <= 4; client++) expect((await viaProxy(`203.0.113.${100 + client}`)).status).toBe(404);
  });
});

describe('bounded resources', () => {
  it('refuses a huge matchmaking body at once, without holding it in memory', { timeout: 60_000 }, async () => {
    const srv = await server();
    const before = vmRssMb(srv.child.pid!);
    // A declared 100 MB body: refused from its headers, the connection closed.
    const declared = await new Promise<number>((done, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port: srv.port, method: 'POST', path: '/matchmake/create/workshop', headers: { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.write('{"scenarioId":"' + 'x'.repeat(64 * 1024));
    });
    expect(declared).toBe(413);
    // A streamed body with no length: cut off past the limit.
    const streamed = await new Promise<number>((done) => {
      const req = httpRequest({ host: '127.0.0.1', port: srv.port, method: 'POST', path: '/matchmake/create/workshop', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', () => done(-1));
      const chunk = Buffer.alloc(256 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 100 && req.write(chunk)) sent++;
        if (sent < 100) req.once('drain', pump);
        else req.end();
      };
      pump();
    });
    expect([413, -1]).toContain(streamed);
    await pause(300);
    expect(vmRssMb(srv.child.pid!) - before).toBeLessThan(40);
    expect(srv.alive()).toBe(true);
  });

  it('caps the workshops one address creates, and the workshops open at once', { timeout: 30_000 }, async () => {
    const srv = await server({ WORKSHOPS_PER_ADDRESS_PER_HOUR: '2', MAX_OPEN_WORKSHOPS: '3' });
    const create = (from: string) => matchmake(srv.port, 'create', CREATE, { localAddress: from });
    expect((await create('127.0.2.1')).status).toBe(200);
    expect((await create('127.0.2.1')).status).toBe(200);
    expect(await create('127.0.2.1')).toMatchObject({ status: 429, json: { error: expect.stringMatching(/created 2 workshops in the last hour/) } });
    expect((await create('127.0.2.2')).status).toBe(200);
    expect(await create('127.0.2.3')).toMatchObject({ status: 503, json: { error: expect.stringMatching(/as many workshops as it may \(3\)/) } });
  });

  it('gives each connection a message budget: a flooding team is refused, the log stays small, others go on', { timeout: 30_000 }, async () => {
    const srv = await server({ WORKSHOP_DB: join(directory, 'flood.sqlite') });
    const { client, facilitator, code } = await createWorkshop(srv.url);
    const team = await client.join('workshop', { code, alliance: 0, side: 'manufacturer' });
    await nextMessage(team, 'seated');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    const refusals: ErrorPayload['refusal'][] = [];
    team.onMessage('error', (payload: ErrorPayload) => refusals.push(payload.refusal));
    let closed = false;
    team.onLeave(() => (closed = true));
    team.onDrop(() => (closed = true));
    const flood = (index: number) =>
      team.send('intent', { requestId: 10_000 + index, intent: index % 2 === 0 ? { type: 'submitDecisions', round: 1, decisions: { dealerPrice: 118, dealerSupport: 1.5, creditRate: 11 } } : { type: 'undoSubmission', round: 1 } });
    // Steady and fast (15 a second, each one logged if accepted): past the budget, refused in words.
    for (let index = 0; index < 60; index++) {
      flood(index);
      await pause(66);
    }
    await pause(300);
    expect(refusals.filter((refusal) => refusal.code === 'messageFlood').length).toBeGreaterThanOrEqual(15);
    expect(closed).toBe(false);
    // A burst (hundreds at once): the connection is closed outright (the SDK may then reconnect).
    for (let index = 60; index < 460; index++) flood(index);
    await pause(1500);
    expect(closed).toBe(true);
    // The facilitator is answered meanwhile, and the log holds no more than the budget let through.
    expect(await request(facilitator, 'facilitator', { command: { type: 'message', text: 'still here' } })).toMatchObject({ kind: 'ack' });
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(directory, 'flood.sqlite'), { readOnly: true });
    const rows = Number((db.prepare('SELECT count(*) AS n FROM workshop_log').get() as { n: number }).n);
    db.close();
    expect(rows).toBeLessThan(60);
    expect(srv.alive()).toBe(true);
    await facilitator.leave();
  });
});

describe('matchmaking for the page and the creator only', () => {
  it('answers only its own page and listed origins, with CORS for those alone', { timeout: 30_000 }, async () => {
    const srv = await server({ ALLOWED_ORIGINS: 'https://classroom.example.org' });
    const from = (origin: string) => matchmake(srv.port, 'create', CREATE, { headers: { origin } });
    const foreign = await from('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await http(srv.port, { method: 'OPTIONS', path: '/matchmake/create/workshop', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    const own = await from(`http://127.0.0.1:${srv.port}`);
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBe(`http://127.0.0.1:${srv.port}`);
    const listed = await from('https://classroom.example.org');
    expect(listed.status).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe('https://classroom.example.org');
    // The game's WebSocket refuses a foreign page too.
    const upgrade = await http(srv.port, { path: '/x/y', headers: { connection: 'Upgrade', upgrade: 'websocket', origin: 'https://evil.example', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    expect(upgrade.status).toBe(403);
  });

  it('offers create and join only: joinOrCreate and joinById do not exist, and an abandoned workshop’s secret stays with nobody', { timeout: 30_000 }, async () => {
    const srv = await server();
    const abandoned = await matchmake(srv.port, 'create', CREATE);
    expect(abandoned.status).toBe(200);
    for (const method of ['joinOrCreate', 'joinById', 'reconnect']) {
      expect((await matchmake(srv.port, method, CREATE, { localAddress: '127.0.3.1' })).status, method).toBe(404);
    }
    expect((await matchmake(srv.port, 'join', CREATE, { localAddress: '127.0.3.1' })).status).toBe(400);
    // A client cannot pass the server's own options either.
    expect((await matchmake(srv.port, 'create', { ...CREATE, creatorNonce: 'x'.repeat(32) }, { localAddress: '127.0.3.1' })).status).toBe(400);
    expect((await matchmake(srv.port, 'create', { ...CREATE, restoreWorkshopId: 'x' }, { localAddress: '127.0.3.1' })).status).toBe(400);
    // The attacker's own create gives it a workshop of its own, never the abandoned one's secret.
    const client = new Client(srv.url);
    const mine = await client.create('workshop', CREATE);
    const created = await nextMessage<{ workshopId: string }>(mine, 'created');
    expect(created.workshopId).not.toBe((abandoned.json as { roomId: string }).roomId);
    await mine.leave();
  });

  it('creates workshops only with the facilitator key when the operator set one, and never stores it', { timeout: 30_000 }, async () => {
    const key = 'classroom-key-2026';
    const dbPath = join(directory, 'keyed.sqlite');
    const srv = await server({ FACILITATOR_KEY: key, WORKSHOP_DB: dbPath });
    expect(await matchmake(srv.port, 'create', CREATE)).toMatchObject({ status: 403, json: { error: expect.stringMatching(/asks for the facilitator key/) } });
    expect(await matchmake(srv.port, 'create', { ...CREATE, facilitatorKey: 'wrong-key-000' })).toMatchObject({ status: 403, json: { error: expect.stringMatching(/not the one/) } });
    const { facilitator, code } = await createWorkshop(srv.url, { facilitatorKey: key });
    // Teams join without it.
    expect((await matchmake(srv.port, 'join', { code, anySeat: true }, { localAddress: '127.0.4.1' })).status).toBe(200);
    await facilitator.leave();
    await srv.stop();
    const stored = Buffer.concat([readFileSync(dbPath)]);
    expect(stored.includes(Buffer.from(key))).toBe(false);
  });
});
