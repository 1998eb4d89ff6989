import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Limits } from './settings.ts';

/**
 * Every per-address limit, on rate-limiter-flexible: in memory by default, in Redis when the
 * server is scaled out (REDIS_URL), so that a limit holds across all the processes; should Redis
 * fail, the memory limiter stands in (the library's insurance limiter) and the game goes on.
 * The per-connection message budget always lives in memory: a connection belongs to one process.
 */
export interface AddressLimits {
  /** Counts one join or create request; false when the address is over its limit. */
  attempt(address: string): Promise<boolean>;
  /** False while the address has made too many wrong attempts. */
  allowed(address: string): Promise<boolean>;
  /** Counts a wrong code, secret, seat token or facilitator key. */
  wrong(address: string): Promise<void>;
  /** Counts a workshop created from this address; false when it has created its share this hour. */
  creation(address: string): Promise<boolean>;
  /**
   * One message of a connection: 'ok'; 'over' once it has used its budget for now (the message is
   * refused); 'flood' past twice the budget (the connection is closed).
   */
  message(connection: string): Promise<'ok' | 'over' | 'flood'>;
  /** Forgets a closed connection's budget. */
  forget(connection: string): void;
}

export function createLimits(limits: Limits, redis?: Redis): AddressLimits {
  const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `workshop-limit:${keyPrefix}`, points, duration, insuranceLimiter: memory }) : memory;
  };
  const attempts = limiter('attempt', limits.joinAttemptsPerMinute, 60);
  // Once at the limit, the address waits for its minute to pass, whatever it sends meanwhile.
  const wrong = limiter('wrong', limits.wrongAttemptsPerMinute, 60);
  const creations = limiter('create', limits.workshopsPerAddressPerHour, 3600);
  const messages = new RateLimiterMemory({ keyPrefix: 'message', points: limits.messagesPer10Seconds, duration: 10 });

  /** true when the point was taken; false when over the limit. A store failure is not the client's fault: let it through. */
  const take = async (from: RateLimiterAbstract, key: string): Promise<boolean> => {
    try {
      await from.consume(key);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      console.error(`rate limiter ${from.keyPrefix}: ${rejection instanceof Error ? rejection.message : String(rejection)}`);
      return true;
    }
  };

  return {
    attempt: (address) => take(attempts, address),
    async allowed(address) {
      const state = await wrong.get(address).catch(() => null);
      return !state || state.consumedPoints < limits.wrongAttemptsPerMinute;
    },
    async wrong(address) {
      await take(wrong, address);
    },
    creation: (address) => take(creations, address),
    async message(connection) {
      try {
        await messages.consume(connection);
        return 'ok';
      } catch (rejection) {
        return rejection instanceof RateLimiterRes && rejection.consumedPoints > 2 * limits.messagesPer10Seconds ? 'flood' : 'over';
      }
    },
    forget(connection) {
      void messages.delete(connection);
    },
  };
}
