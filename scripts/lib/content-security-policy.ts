/**
 * The page's Content-Security-Policy, in one place: the workshop server sends it as a header with
 * every response, `vite preview` does too (vite.config.ts), and index.html carries the same
 * policy in a <meta> tag for a page opened without either (a file share). A test checks the three
 * agree.
 *
 * No 'unsafe-eval': the engine finds that it may not generate code and runs its CSP-safe
 * interpreter instead. `frame-ancestors` works only as a header (browsers ignore it, with a
 * console error, in a <meta> tag), so the meta form leaves it out.
 *
 * connect-src is the page's own origin ('self' covers its ws: too) plus any other workshop
 * servers the page may be pointed at with `?server=` (VITE_WORKSHOP_SERVERS, see
 * src/net/workshop-client.ts).
 */
export function contentSecurityPolicy(options: { readonly workshopServers?: readonly string[]; readonly asMeta?: boolean } = {}): string {
  const connect = ["'self'", ...connectSources(options.workshopServers ?? [])];
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    ...(options.asMeta ? [] : ["frame-ancestors 'none'"]),
  ];
  return directives.join('; ');
}

/** Headers every page and answer of ours carries, besides the policy itself. */
export function securityHeaders(options: { readonly workshopServers?: readonly string[] } = {}): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/** Listed servers from a comma-separated setting: each as an origin, ws(s) and http(s) forms both. */
export function workshopServersFrom(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const url = new URL(entry);
      return `${url.protocol}//${url.host}`;
    });
}

/** Colyseus matchmakes over http(s) and then plays over ws(s): a listed server needs both. */
function connectSources(servers: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const server of servers) {
    const url = new URL(server);
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    sources.add(`${secure ? 'https' : 'http'}://${url.host}`);
    sources.add(`${secure ? 'wss' : 'ws'}://${url.host}`);
  }
  return [...sources];
}
