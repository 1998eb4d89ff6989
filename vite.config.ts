// Vite 8 (rolldown) build of the browser game. Heavy libraries get their own chunks so the app chunk
// stays small and the libraries stay cached between releases; a group with no matching module is empty.
// The built game is an installable progressive web app (vite-plugin-pwa, Workbox): a service worker
// precaches every file of dist/, so after one visit the game, the explorer and both cases load and
// play with the network off. The workshop still needs the network (src/views/network-notice.ts).
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
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
  plugins: [
    pagePolicy(workshopServers),
    VitePWA({
      // A new release takes over at once: a game in progress is saved after every decision.
      registerType: 'autoUpdate',
      // registerSW.js, a file of its own: the page's CSP allows no inline script.
      injectRegister: 'script',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Alliance Dynamics',
        short_name: 'Alliances',
        description: 'A business-alliance game on a stock-and-flow simulation engine.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5fa5',
        // PNG renders of public/favicon.svg (white ground; the maskable one with room for a round mask).
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Everything the page can load, lazy chunks and the Monte Carlo worker included (about 3 MB).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        // The workshop server's own paths are never answered from the cache.
        navigateFallbackDenylist: [/\/colyseus\//, /\/matchmake\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
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
