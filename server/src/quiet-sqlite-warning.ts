/**
 * Node 22 prints "ExperimentalWarning: SQLite is an experimental feature…" when node:sqlite loads,
 * which a newcomer reads as an error on the first `npm start`. The workshop log relies on
 * node:sqlite on purpose (nothing native to install), so this one known warning is dropped; every
 * other warning still reaches Node's own printer. Imported first by main.ts: Node delivers the
 * warning on a later tick, after this module has run.
 */

/** True for the warning Node emits when node:sqlite is first loaded, and for nothing else. */
export function isSqliteExperimentalWarning(warning: Error): boolean {
  return warning.name === 'ExperimentalWarning' && /^SQLite is an experimental feature\b/.test(warning.message);
}

const printers = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (isSqliteExperimentalWarning(warning)) return;
  for (const print of printers) print.call(process, warning);
});
