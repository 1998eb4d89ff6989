import { execFile, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `npm run loadtest` in miniature (2 alliances × 2 teams × 3 devices, one round), through the
 * script's own entry point: the server child, the joins, submits, the round end and the figures;
 * and its soak test (`--chaos`) in miniature.
 */
const script = resolve(import.meta.dirname, '../../scripts/loadtest/run-loadtest.ts');

describe('load test script', () => {
  it('plays a tiny workshop and reports its latencies', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--alliances', '2', '--rounds', '1', '--spread-ms', '100', '--time-cap', '45', '--json'], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, { count: number; p99: number } | number>;
    expect(result['clients']).toBe(1 + 2 * 2 * 3);
    expect(result['submitToAck']).toMatchObject({ count: 4 });
    expect(result['submitToTeam']).toMatchObject({ count: 4 });
    expect(result['roundEndToClient']).toMatchObject({ count: 13 });
    expect(result['roundEndToAll']).toMatchObject({ count: 1 });
    for (const key of ['submitToAck', 'submitToTeam', 'roundEndToClient'] as const) expect((result[key] as { p99: number }).p99).toBeGreaterThan(0);
    expect(result['serverRssMb']).toBeGreaterThan(0);
    // The server's CPU for each round end, and every acknowledged decision found in the played rounds.
    expect(result['serverCpuMsByRound']).toHaveLength(1);
    expect(result['acknowledged']).toBe(4);
    expect(result['lost']).toEqual([]);
  });

  const redis = (spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout ?? '').trim();
  it.skipIf(!redis)('scales out: workshops over two server processes sharing Redis, played by generators of their own', { timeout: 120_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--alliances', '42', '--servers', '2', '--rounds', '1', '--devices', '1', '--spread-ms', '200', '--json'], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { workshops: number; devices: number; seated: number; lost: string[]; acknowledged: number; perServer: { workshops: number; clients: number }[] };
    expect(result.workshops).toBe(2);
    expect(result.seated).toBe(result.devices);
    expect(result.devices).toBe(42 * 2 + 2);
    expect(result.acknowledged).toBe(42 * 2);
    expect(result.lost).toEqual([]);
    expect(result.perServer.map((server) => server.workshops)).toEqual([1, 1]);
  });

  it('soaks a small workshop through kills and restarts, a flooding and a random-frames client, and loses nothing acknowledged', { timeout: 120_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--chaos', '--alliances', '3', '--rounds', '5', '--spread-ms', '400', '--json'], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { crashes: unknown[]; acknowledged: number; lost: string[]; flood: { refused: number }; randomFrames: { sent: number }; serverAliveAtEnd: boolean; submitToAck: { count: number } };
    expect(result.crashes).toHaveLength(3);
    expect(result.acknowledged).toBe(3 * 2 * 5);
    expect(result.lost).toEqual([]);
    expect(result.flood.refused).toBeGreaterThan(0);
    expect(result.randomFrames.sent).toBeGreaterThan(0);
    expect(result.serverAliveAtEnd).toBe(true);
  });
});
