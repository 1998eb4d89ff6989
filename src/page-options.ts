/**
 * Read the page's query string: `?backend=auto|codegen|vm` picks the engine back end (tests use it
 * to run the same page on both). An unknown value is reported, not ignored.
 */
import type { BackendChoice } from './engine/index.ts';

const BACKENDS: readonly BackendChoice[] = ['auto', 'codegen', 'vm'];

export type PageOptions =
  | { readonly ok: true; readonly backend: BackendChoice }
  | { readonly ok: false; readonly problem: string };

/** Return the options in `search` (as in `location.search`), or the problem with them. */
export function readPageOptions(search: string): PageOptions {
  const value = new URLSearchParams(search).get('backend');
  if (value === null || value === '') return { ok: true, backend: 'auto' };
  const backend = BACKENDS.find((b) => b === value);
  if (backend === undefined) {
    return {
      ok: false,
      problem: `The address asks for the back end "${value}", which does not exist. Use one of: ${BACKENDS.join(', ')}.`,
    };
  }
  return { ok: true, backend };
}
