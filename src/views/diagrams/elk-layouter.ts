/**
 * ELK for the page: its web-worker build, started on the first automatic layout and kept, so a
 * layout never holds up the page. Loaded on demand (a model without a diagram of its own).
 */
import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ElkLayouter } from './diagram-auto-layout.ts';

let elk: ElkLayouter | null = null;

export function pageElk(): ElkLayouter {
  elk ??= new ELK({ workerUrl });
  return elk;
}
