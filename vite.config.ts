// Vite 8 (rolldown) build of the browser game. Heavy libraries get their own chunks so the app chunk
// stays small and the libraries stay cached between releases; a group with no matching module is empty.
import { defineConfig } from 'vite';

export default defineConfig({
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
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
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
