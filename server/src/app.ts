import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, matchMaker, type MatchMakerDriver, type Presence } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import type { Redis } from 'ioredis';
import { workshopServersFrom } from '../../scripts/lib/content-security-policy.ts';
import { readScenario, scenarioIds } from '../../src/cli/index.ts';
import { WORKSHOP_ROOM } from '../../src/protocol/index.ts';
import type { Scenario } from '../../src/rules/index.ts';
import { installFrontDoor } from './http/front-door.ts';
import { createLimits } from './limits.ts';
import { configureWorkshopRooms, WorkshopRoom } from './rooms/workshop-room.ts';
import { newJoinCode } from './secrets.ts';
import { DEFAULT_LIMITS, readSettings, type Limits, type Settings } from './settings.ts';
import { WorkshopStore } from './store.ts';
import { WorkshopDirectory } from './workshop-directory.ts';

/** Settings for a server in a test or script; anything left out comes from the environment's defaults. */
export interface AppOptions extends Partial<Omit<Settings, 'limits'>> {
  readonly limits?: Partial<Limits>;
  readonly reconnectSeconds?: number;
  /** The clock the rooms read (tests pass their own). */
  readonly now?: () => number;
  /** How long a round end's preparation runs before other messages get their turn (ms; 4 by default). */
  readonly roundEndSliceMs?: number;
  /** Serve the built client from this folder (production); off when absent. */
  readonly staticDirectory?: string;
}

export interface RunningApp {
  readonly port: number;
  readonly store: WorkshopStore;
  readonly gameServer: Server;
  readonly directory: WorkshopDirectory;
  close(): Promise<void>;
}

/** Loaded only when asked for, so a server without REDIS_URL never touches ioredis. */
async function redisServices(url: string): Promise<{ presence: Presence; driver: MatchMakerDriver; limiterClient: Redis }> {
  const [{ RedisPresence }, { RedisDriver }, { Redis }] = await Promise.all([import('@colyseus/redis-presence'), import('@colyseus/redis-driver'), import('ioredis')]);
  // The limiter's own client: without an offline queue, a Redis outage fails fast to the memory limiter.
  return { presence: new RedisPresence(url), driver: new RedisDriver(url), limiterClient: new Redis(url, { enableOfflineQueue: false, lazyConnect: false }) };
}

/** How often the WAL is copied into the main database file while the server runs. */
const CHECKPOINT_EVERY_MS = 60_000;

/**
 * The workshop server: Colyseus on a bare node:http server, behind our own front door (security
 * headers, origin checks, our matchmaking route), the log in SQLite. No workshop is read at start:
 * each is loaded from the log when someone joins it (WorkshopDirectory), so the port opens at once
 * however many workshops the log holds.
 */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const defaults = readSettings({});
  const settings: Settings = { ...defaults, ...options, limits: { ...DEFAULT_LIMITS, ...options.limits } };
  const store = new WorkshopStore(settings.dbPath);
  const redis = settings.redisUrl ? await redisServices(settings.redisUrl) : null;
  const sharedAs = redis ? (settings.publicAddress ?? null) : null;
  const directory = new WorkshopDirectory({ store, sharedAs });
  const scenarios = new Map<string, Scenario>();
  const known = new Set(scenarioIds());
  configureWorkshopRooms({
    store,
    directory,
    scenario: (id) => {
      if (!known.has(id)) return null;
      let scenario = scenarios.get(id);
      if (!scenario) scenarios.set(id, (scenario = readScenario(id)));
      return scenario;
    },
    limits: createLimits(settings.limits, redis?.limiterClient),
    settings: settings.limits,
    ...(settings.facilitatorKey === undefined ? {} : { facilitatorKey: settings.facilitatorKey }),
    now: options.now ?? Date.now,
    newCode: () => {
      for (;;) {
        const code = newJoinCode();
        if (!store.findByCode(code)) return code;
      }
    },
    reconnectSeconds: options.reconnectSeconds ?? 120,
    roundEndSliceMs: options.roundEndSliceMs ?? 4,
  });
  const httpServer: HttpServer = createServer();
  // Slow or idle HTTP clients do not hold connections for long (WebSockets are not affected).
  httpServer.headersTimeout = 10_000;
  httpServer.requestTimeout = 15_000;
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer }),
    greet: false,
    gracefullyShutdown: false,
    ...(redis ? { presence: redis.presence, driver: redis.driver } : {}),
    ...(settings.publicAddress && redis ? { publicAddress: settings.publicAddress } : {}),
    // A workshop lives in the process that holds its log: a new one in the process the
    // facilitator's request reached (a load balancer spreads facilitators over the processes;
    // Colyseus's "fewest rooms" choice, read from Redis, sent simultaneous creations to one
    // process), and one loaded from a log in the process that holds that log.
    selectProcessIdToCreateRoom: async () => matchMaker.processId,
  });
  // Only these two matchmaking methods exist (our route calls them directly; this is the second lock).
  matchMaker.controller.exposedMethods = ['create', 'join'];
  gameServer.define(WORKSHOP_ROOM, WorkshopRoom).filterBy(['code']);
  await gameServer.listen(settings.port, settings.host);
  installFrontDoor(httpServer, {
    trustProxy: settings.trustProxy,
    allowedOrigins: settings.allowedOrigins,
    workshopServers: workshopServersFrom(process.env['VITE_WORKSHOP_SERVERS']),
    ...(options.staticDirectory === undefined ? {} : { staticDirectory: options.staticDirectory }),
  });
  await directory.share();
  const checkpoints = setInterval(() => {
    try {
      store.checkpoint();
    } catch (error) {
      console.error(`could not checkpoint the workshop log: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, CHECKPOINT_EVERY_MS);
  checkpoints.unref();
  const port = (httpServer.address() as AddressInfo).port;
  return {
    port,
    store,
    gameServer,
    directory,
    async close() {
      clearInterval(checkpoints);
      await gameServer.gracefullyShutdown(false);
      redis?.limiterClient.disconnect();
      store.close();
    },
  };
}
