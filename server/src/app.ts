import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, matchMaker, type MatchMakerDriver, type Presence } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { readServerScenario } from './scenarios.ts';
import type { Scenario } from '../../src/rules/index.ts';
import { WORKSHOP_ROOM } from '../../src/protocol/index.ts';
import { configureWorkshopRooms, WorkshopRoom } from './rooms/workshop-room.ts';
import { RateLimiter } from './secrets.ts';
import { serveStaticFiles } from './static-files.ts';
import { WorkshopStore, databasePath } from './store.ts';

export interface AppOptions {
  readonly port?: number;
  readonly host?: string;
  readonly dbPath?: string;
  /** Join attempts allowed per IP per minute (wrong codes included). */
  readonly joinAttemptsPerMinute?: number;
  readonly reconnectSeconds?: number;
  /** Serve the built client from this folder (production); off when absent. */
  readonly staticDirectory?: string;
  /**
   * Scale-out: with a Redis URL, Colyseus keeps its room registry (driver) and inter-process
   * messages (presence) in Redis, so several processes share the workshops. Without it
   * everything stays in this process (the embedded default).
   */
  readonly redisUrl?: string;
  /** host:port under which clients reach this process; needed with Redis (see docs/workshop-server.md). */
  readonly publicAddress?: string;
}

export interface RunningApp {
  readonly port: number;
  readonly store: WorkshopStore;
  readonly gameServer: Server;
  close(): Promise<void>;
}

/** Loaded only when asked for, so a server without REDIS_URL never touches ioredis. */
async function redisServices(url: string): Promise<{ presence: Presence; driver: MatchMakerDriver }> {
  const [{ RedisPresence }, { RedisDriver }] = await Promise.all([import('@colyseus/redis-presence'), import('@colyseus/redis-driver')]);
  return { presence: new RedisPresence(url), driver: new RedisDriver(url) };
}

/**
 * The workshop server: Colyseus on a bare node:http server (a catch-all request handler would
 * break matchmaking; see toolchain-notes §6), the log in SQLite, and every workshop in the log
 * rebuilt by replay before the port accepts players.
 */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const store = new WorkshopStore(options.dbPath ?? databasePath());
  const scenarios = new Map<string, Scenario>();
  configureWorkshopRooms({
    store,
    scenario: (id) => {
      let scenario = scenarios.get(id);
      if (!scenario) scenarios.set(id, (scenario = readServerScenario(id)));
      return scenario;
    },
    joinLimiter: new RateLimiter(options.joinAttemptsPerMinute ?? 30, 60_000),
    now: Date.now,
    reconnectSeconds: options.reconnectSeconds ?? 120,
  });
  const httpServer: HttpServer = createServer();
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer }),
    greet: false,
    gracefullyShutdown: false,
    ...(options.redisUrl ? await redisServices(options.redisUrl) : {}),
    ...(options.publicAddress ? { publicAddress: options.publicAddress } : {}),
  });
  gameServer.define(WORKSHOP_ROOM, WorkshopRoom).filterBy(['code']);
  await gameServer.listen(options.port ?? 2567, options.host ?? '127.0.0.1');
  if (options.staticDirectory) serveStaticFiles(httpServer, options.staticDirectory);
  for (const workshopId of store.workshopIds()) {
    try {
      await matchMaker.createRoom(WORKSHOP_ROOM, { restoreWorkshopId: workshopId });
    } catch (error) {
      console.error(`workshop ${workshopId} could not be rebuilt from the log`, error);
    }
  }
  const port = (httpServer.address() as AddressInfo).port;
  return {
    port,
    store,
    gameServer,
    async close() {
      await gameServer.gracefullyShutdown(false);
      store.close();
    },
  };
}
