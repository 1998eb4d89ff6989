// Vite 8 (rolldown) build of the browser game. Heavy libraries get their own chunks so the app chunk
// stays small and the libraries stay cached between releases; a group with no matching module is empty.
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { contentSecurityPolicy, securityHeaders, workshopServersFrom } from './scripts/lib/content-security-policy.ts';

/**
 * The page's CSP (scripts/lib/content-security-policy.ts): index.html's <meta> carries it for any
 * way the page is opened, with the workshop servers listed at build time (VITE_WORKSHOP_SERVERS)
 * added to connect-src; `vite preview` also sends it as a header, with frame-ancestors.
 */
function pagePolicy(workshopServers: readonly string[]): Plugin {
  return {
    name: 'alliance-dynamics-csp',
    transformIndexHtml: (html) =>
      html.replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/, `$1${contentSecurityPolicy({ workshopServers, asMeta: true })}$2`),
  };
}

/** From the environment or a .env file, as for the page itself (import.meta.env). */
const workshopServers = workshopServersFrom(loadEnv('', process.cwd(), 'VITE_')['VITE_WORKSHOP_SERVERS']);

export default defineConfig({
  plugins: [pagePolicy(workshopServers)],
  // Relative asset URLs: the built dist/ works from any path (a file share, a sub-folder on a server).
  base: './',
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // The workshop server (npm start runs it on 2567) under the page's own origin: the page's CSP
    // allows it, and a phone that opened the page at this machine's address reaches it too.
    proxy: {
      '/colyseus': { target: 'http://127.0.0.1:2567', ws: true, rewrite: (path) => path.replace(/^\/colyseus/, '') },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: securityHeaders({ workshopServers }) },
  build: {
    target: 'es2022',
    // Phaser alone is about 1.4 MB minified; anything larger than that deserves a look.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'phaser', test: /[\\/]node_modules[\\/]phaser[\\/]/ },
            { name: 'chart', test: /[\\/]node_modules[\\/](?:chart\.js|@kurkle[\\/]color)[\\/]/ },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
});
