/** The workshop screens' addresses; kept apart so the page can test a route without loading the workshop client. */
export const WORKSHOP_ROUTES = ['#facilitator', '#team'] as const;

/** Is this page a workshop screen? `#facilitator`, `#team`, or a join link (`?join=`). */
export function isWorkshopRoute(location: { hash: string; search: string }): boolean {
  return (WORKSHOP_ROUTES as readonly string[]).includes(location.hash) || new URLSearchParams(location.search).has('join');
}
