import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/**
 * The address a request really came from, as the key of every per-client limit.
 *
 * Without proxies (`trustProxy` 0) that is the socket's peer, and X-Forwarded-For, X-Real-IP and
 * X-Client-IP are never read: anyone can send them. With `trustProxy` N, the operator says N
 * proxies stand in front, each appending the address it received from to X-Forwarded-For; the
 * client is then the N-th address from the end of [...X-Forwarded-For, socket peer]. Addresses a
 * client wrote itself sit further left and are never used.
 *
 * IPv6 clients are keyed by their /64: one home or phone is usually given a whole /64, so a
 * per-address limit on full IPv6 addresses would give an attacker 2^64 tries.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy <= 0) return limitKey(peer);
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return limitKey(chain[Math.max(0, chain.length - 1 - trustProxy)]!);
}

export function limitKey(address: string): string {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (!isIPv6(plain)) return plain;
  const groups = expandIPv6(plain);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : plain;
}

function expandIPv6(address: string): string[] | null {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (tail === undefined && left.length !== 8) return null;
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
