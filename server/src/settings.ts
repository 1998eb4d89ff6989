import { resolve } from 'node:path';

/**
 * The server's settings, read once from the environment (docs/workshop-server.md lists them for
 * operators). A value that does not parse is refused at start with one line naming the variable,
 * rather than silently replaced by a default.
 */
export interface Limits {
  /** Join and create requests per client address per minute, right or wrong (a classroom behind one address rejoins after a restart). */
  readonly joinAttemptsPerMinute: number;
  /** Wrong codes, secrets, seat tokens and facilitator keys per address per minute; past it that address waits a minute. */
  readonly wrongAttemptsPerMinute: number;
  /** Workshops one address may create per hour. */
  readonly workshopsPerAddressPerHour: number;
  /** Workshops this process holds in memory at once; a new one is refused past it (reloads are not). */
  readonly maxOpenWorkshops: number;
  /** A workshop with no device connected for this long is unloaded (its log stays; it reloads when someone comes back). */
  readonly idleMinutes: number;
  /** Messages one connection may send per 10 s before its messages are refused. */
  readonly messagesPer10Seconds: number;
  /** Devices connected to one seat at once. */
  readonly devicesPerSeat: number;
}

export interface Settings {
  readonly port: number;
  readonly host: string;
  readonly dbPath: string;
  readonly redisUrl?: string;
  readonly publicAddress?: string;
  /** How many proxies stand in front of the server; 0: none, and X-Forwarded-For is never read. */
  readonly trustProxy: number;
  /** Page origins (besides the server's own) that may call /matchmake and open the game's WebSocket. */
  readonly allowedOrigins: readonly string[];
  /** When set, creating a workshop needs it. */
  readonly facilitatorKey?: string;
  readonly serveClient: boolean;
  readonly limits: Limits;
}

export const DEFAULT_LIMITS: Limits = {
  joinAttemptsPerMinute: 600,
  wrongAttemptsPerMinute: 30,
  workshopsPerAddressPerHour: 20,
  maxOpenWorkshops: 100,
  idleMinutes: 15,
  messagesPer10Seconds: 40,
  devicesPerSeat: 8,
};

export const DEFAULT_DB_PATH = resolve(import.meta.dirname, '../../data/workshops.sqlite');

export class SettingsError extends Error {}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) throw new SettingsError(`${name}=${text} is not a number from ${min} to ${max}.`);
    return value;
  };
  const port = number('PORT', 2567, 0, 65535);
  const host = env['HOST'] || '127.0.0.1';
  const redisUrl = env['REDIS_URL'] || undefined;
  const publicAddress = env['PUBLIC_ADDRESS'] || (redisUrl && port !== 0 ? `${host}:${port}` : undefined);
  const allowedOrigins = (env['ALLOWED_ORIGINS'] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        throw new SettingsError(`ALLOWED_ORIGINS: "${origin}" is not an origin such as https://game.example.org.`);
      }
      if (parsed.origin !== origin.replace(/\/$/, '')) throw new SettingsError(`ALLOWED_ORIGINS: "${origin}" is not an origin (scheme, host and port only).`);
      return parsed.origin;
    });
  const facilitatorKey = env['FACILITATOR_KEY'] || undefined;
  if (facilitatorKey !== undefined && facilitatorKey.length < 8) throw new SettingsError('FACILITATOR_KEY is shorter than 8 characters; choose a longer key.');
  return {
    port,
    host,
    dbPath: env['WORKSHOP_DB'] ? resolve(env['WORKSHOP_DB']) : DEFAULT_DB_PATH,
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(publicAddress === undefined ? {} : { publicAddress }),
    trustProxy: number('TRUST_PROXY', 0, 0, 10),
    allowedOrigins,
    ...(facilitatorKey === undefined ? {} : { facilitatorKey }),
    serveClient: env['NODE_ENV'] === 'production',
    limits: {
      joinAttemptsPerMinute: number('JOIN_ATTEMPTS_PER_MINUTE', DEFAULT_LIMITS.joinAttemptsPerMinute, 1, 1_000_000),
      wrongAttemptsPerMinute: number('WRONG_ATTEMPTS_PER_MINUTE', DEFAULT_LIMITS.wrongAttemptsPerMinute, 1, 1_000_000),
      workshopsPerAddressPerHour: number('WORKSHOPS_PER_ADDRESS_PER_HOUR', DEFAULT_LIMITS.workshopsPerAddressPerHour, 1, 1_000_000),
      maxOpenWorkshops: number('MAX_OPEN_WORKSHOPS', DEFAULT_LIMITS.maxOpenWorkshops, 1, 100_000),
      idleMinutes: number('WORKSHOP_IDLE_MINUTES', DEFAULT_LIMITS.idleMinutes, 0.01, 24 * 60),
      messagesPer10Seconds: number('MESSAGES_PER_10_SECONDS', DEFAULT_LIMITS.messagesPer10Seconds, 1, 100_000),
      devicesPerSeat: number('DEVICES_PER_SEAT', DEFAULT_LIMITS.devicesPerSeat, 1, 100),
    },
  };
}
