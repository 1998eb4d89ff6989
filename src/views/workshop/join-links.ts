/** The join URL the QR code carries: code, case and alliances prefill the team's form. */
export function joinUrl(pageUrl: string, code: string, scenarioId: string, alliances: number, serverParam: string | null): string {
  const query = new URLSearchParams({ join: code, case: scenarioId, alliances: String(alliances) });
  if (serverParam) query.set('server', serverParam);
  return `${pageUrl}?${query.toString()}#team`;
}

/**
 * A team's link for one more of its own devices: the join URL plus the seat token. It is shown
 * only on the team's own screen, and the page takes the token out of its address once joined.
 */
export function addDeviceUrl(pageUrl: string, code: string, scenarioId: string, alliances: number, serverParam: string | null, seatToken: string): string {
  const url = new URL(joinUrl(pageUrl, code, scenarioId, alliances, serverParam));
  url.searchParams.set('seat', seatToken);
  return url.toString();
}

/** A page address other devices cannot open: this machine's own loopback name. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}
