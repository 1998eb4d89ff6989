import type { StoreApi } from 'zustand/vanilla';
import type { WorkshopClient } from '../../net/index.ts';
import type { Scenario } from '../../rules/index.ts';
import { formatClock, timeLeftMs, type WorkshopStore } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { t, useRoundWords } from '../i18n.ts';
import { createRoundChartGrid } from '../charts/round-chart-grid.ts';
import QRCode from 'qrcode';
import { briefingArticle } from '../panels/briefing-panel.ts';
import { addDeviceUrl } from './join-links.ts';
import { mountDealsPanel } from '../panels/deals-panel.ts';
import { confirmInPage } from '../panels/confirm-dialog.ts';
import { breachList } from '../panels/reveal-panel.ts';
import { decisionsTable, kpiTable } from '../panels/round-tables.ts';
import type { Session } from '../../state/create-game-store.ts';
import { decisionForm } from './team-decision-form.ts';
import { joinForm, type JoinAttempt } from './team-join-form.ts';
import { connectionText, errorLine, workshopSession } from './workshop-session.ts';

export interface TeamScreenOptions {
  readonly scenarios: readonly Scenario[];
  readonly client: WorkshopClient;
  /** From the join URL: code, case and number of alliances, to prefill the form. */
  readonly join: { readonly code: string; readonly scenarioId: string | null; readonly alliances: number | null };
  readonly onBack: () => void;
  /** The page the teams open, without query or hash, and its `?server=`: for the add-a-device link. */
  readonly pageUrl: string;
  readonly serverParam: string | null;
}


/**
 * A team's own device: join a seat by code, then each round decide, wait, and read the results;
 * the facilitator's announcements and the round's timer on top.
 */
export function mountTeamScreen(root: HTMLElement, store: StoreApi<WorkshopStore>, options: TeamScreenOptions): () => void {
  const heading = el('h2', { id: 'team-heading', tabindex: '-1' }, ['Join a workshop']);
  const seatLine = el('p', { class: 'round-status', id: 'team-seat' });
  const timer = el('p', { class: 'workshop-timer', id: 'team-timer', role: 'timer', 'aria-live': 'off' });
  const deadlineWarning = el('p', { class: 'notice', id: 'team-deadline', role: 'status', hidden: '' }, ['Less than a minute left: send your decisions, or last round’s values will be kept for you.']);
  const connection = el('p', { class: 'hint', id: 'team-connection', role: 'status' });
  const ack = el('p', { class: 'hint', id: 'team-ack', role: 'status' });
  const errors = errorLine(() => store.getState().clearError());
  const announcements = el('ul', { class: 'announcements', id: 'team-announcements', 'aria-live': 'polite' });
  const partnerLine = el('p', { class: 'hint', id: 'team-partner', role: 'status' });
  const body = el('div', { class: 'workshop-body' });
  const partnership = el('div', { class: 'workshop-partnership', id: 'team-partnership' });
  const newsHost = el('div', { 'aria-live': 'polite' });
  // The brief stays at hand during play (folded), for a team that wants its goal again or joined late.
  const briefHost = el('div', { id: 'team-brief' });
  let briefKey = '';
  const deviceHost = el('div', { id: 'team-add-device' });
  let deviceKey = '';
  const chartGrid = el('div', { class: 'chart-grid', id: 'team-charts' });
  const chartSection = el('section', { class: 'dashboard', 'aria-labelledby': 'team-charts-heading' }, [el('h3', { id: 'team-charts-heading' }, ['Your alliance over time']), chartGrid]);
  chartSection.hidden = true;
  const charts = createRoundChartGrid(chartGrid);
  const back = el('button', { type: 'button', class: 'quiet' }, ['Back to the start']);
  back.addEventListener('click', () => {
    const state = store.getState();
    const seated = state.role?.kind === 'team' && state.snapshot !== null && state.snapshot.phase !== 'finished';
    // The seat stays the team's (its token is kept), but its decisions stop until it comes back.
    if (!seated) return options.onBack();
    void confirmInPage({
      heading: 'Leave your seat for now?',
      paragraphs: ['You can come back to it from this device with the join link; until then last round’s values are kept for your side.'],
      confirmLabel: 'Leave the seat for now',
      cancelLabel: 'Stay',
    }).then((leave) => {
      if (leave) options.onBack();
    });
  });
  root.replaceChildren(
    el('section', { class: 'card workshop-team', 'aria-labelledby': 'team-heading' }, [heading, seatLine, timer, deadlineWarning, connection, errors.element, ack, el('h3', { class: 'visually-hidden' }, ['Announcements']), announcements, partnerLine, newsHost, body, partnership, briefHost, deviceHost, chartSection, el('div', { class: 'button-row' }, [back])]),
  );

  let shownKey = '';
  let partnershipKey = '';
  let ackSeen: string | null = null;
  let ackRound = -1;
  let lastAttempt: JoinAttempt | null = null;
  const render = (): void => {
    const state = store.getState();
    connection.textContent = connectionText(state.connection);
    errors.show(state.lastError);
    // An answer belongs to the round it came in: it is not left standing in the next one.
    if (state.lastAck !== ackSeen) {
      ackSeen = state.lastAck;
      ackRound = state.snapshot?.round ?? -1;
    }
    ack.textContent = state.lastAck && state.snapshot?.round === ackRound ? `Saved on the server: ${state.lastAck}.` : '';
    announcements.replaceChildren(...state.announcements.map((item) => el('li', { class: 'announcement' }, [`Facilitator: ${item.text}`])));
    announcements.hidden = state.announcements.length === 0;
    const role = state.role?.kind === 'team' ? state.role : null;
    const snapshot = state.snapshot;
    const scenario = snapshot ? options.scenarios.find((candidate) => candidate.definition.id === snapshot.scenarioId) : undefined;
    if (scenario) useRoundWords(scenario.definition.rounds);
    if (!role || !snapshot || !scenario) {
      partnerLine.textContent = '';
      partnership.replaceChildren();
      partnershipKey = '';
      newsHost.replaceChildren();
      briefHost.replaceChildren();
      briefKey = '';
      deviceHost.replaceChildren();
      deviceKey = '';
      seatLine.textContent = '';
      timer.textContent = '';
      const key = `form:${state.connection}`;
      if (key !== shownKey) {
        shownKey = key;
        heading.textContent = 'Join a workshop';
        body.replaceChildren(
          state.connection === 'connecting'
            ? el('p', { class: 'status' }, ['Joining…'])
            : joinForm(options, lastAttempt, (attempt) => {
                // Kept, so a refused join comes back with what was typed and picked.
                lastAttempt = attempt;
                void options.client.joinTeam(attempt.code, attempt.seat);
              }),
        );
      }
      return;
    }
    const alliance = snapshot.alliances[role.alliance];
    const side = scenario.definition.sides.find((candidate) => candidate.id === role.side);
    if (!alliance || !side) return;
    const seat = alliance.seats[role.side];
    heading.textContent = `Alliance ${role.alliance + 1}: ${side.name}`;
    seatLine.textContent = `Workshop ${role.code} · ${scenario.definition.title} · ${snapshot.phase === 'lobby' ? 'waiting to start' : snapshot.phase === 'finished' ? 'finished' : `round ${snapshot.round} of ${snapshot.rounds}`}`;
    const partner = scenario.definition.sides.find((candidate) => candidate.id !== role.side)!;
    const partnerSeat = alliance.seats[partner.id];
    partnerLine.textContent = snapshot.phase !== 'decide' ? '' : partnerSeat?.submitted ? `Your partner (${partner.name}) has decided.` : `Your partner (${partner.name}) is still deciding.`;
    // Deals and the exit clause have their own part of the page: a partner's proposal must not
    // reset the decision form this team is filling in.
    const dealsKey = JSON.stringify([snapshot.phase, snapshot.round, alliance.phase, alliance.deals, alliance.exit]);
    if (dealsKey !== partnershipKey) {
      partnershipKey = dealsKey;
      renderPartnership(partnership, workshopSession(snapshot, scenario, role.alliance, role.side), role.side, snapshot.phase, options.client);
    }
    // The news has its own line: an event fired or moved mid-round must not reset the form either.
    const news = snapshot.phase === 'lobby' ? [] : alliance.events.filter((event) => event.round === snapshot.round).map((event) => scenario.definition.events.find((candidate) => candidate.id === event.eventId));
    // The headline, as the teams' world would report it; the description is the facilitator's (it tells how it ends).
    const newsText = news.map((event) => (event ? `News this round: ${event.news}` : '')).join(' ');
    if (newsText !== newsHost.textContent) newsHost.replaceChildren(...(newsText ? [el('p', { class: 'news-line', id: 'team-news' }, [newsText])] : []));
    const wantedDevice = snapshot.phase === 'finished' ? '' : `${role.code}:${role.seatToken}`;
    if (wantedDevice !== deviceKey) {
      deviceKey = wantedDevice;
      deviceHost.replaceChildren(...(wantedDevice ? [addDeviceSection(addDeviceUrl(options.pageUrl, role.code, scenario.definition.id, snapshot.alliances.length, options.serverParam, role.seatToken))] : []));
    }
    const wantedBrief = snapshot.phase === 'lobby' ? '' : `${snapshot.workshopId}:${role.alliance}:${role.side}`;
    if (wantedBrief !== briefKey) {
      briefKey = wantedBrief;
      briefHost.replaceChildren(
        ...(wantedBrief ? [el('details', { class: 'card brief-details' }, [el('summary', {}, ['Your brief and the charter']), briefingArticle(workshopSession(snapshot, scenario, role.alliance, role.side), [role.side], null)])] : []),
      );
    }
    // Re-drawn only when this seat's round changes: the partner deciding must not reset a form being filled in.
    // An agreed deal redraws the form too: its fields start within the new terms and say so.
    const agreed = alliance.deals.filter((deal) => deal.status === 'accepted').map((deal) => deal.id);
    const key = JSON.stringify([snapshot.phase, snapshot.round, seat?.submitted, seat?.pending, alliance.history.length, agreed, snapshot.decisionsLocked]);
    if (key === shownKey) return;
    shownKey = key;
    const session = workshopSession(snapshot, scenario, role.alliance, role.side);
    if (snapshot.phase === 'lobby') {
      body.replaceChildren(el('p', { class: 'status', id: 'team-waiting' }, ['You have your seat. The facilitator will start the first round soon; meanwhile, read your brief.']), briefingArticle(session, [role.side], null));
      return;
    }
    const content: (HTMLElement | null)[] = [];
    if (snapshot.phase === 'decide' && snapshot.decisionsLocked) {
      // Reopened by the facilitator's undo after the reveal: both sides have seen the decisions.
      content.push(
        el('h3', { id: 'team-waiting', tabindex: '-1' }, [seat?.submitted ? `Round ${snapshot.round}: decisions sent` : `Round ${snapshot.round}: reopened by the facilitator`]),
        el('p', {}, [
          seat?.submitted
            ? 'The facilitator took back the end of this round. Both sides have seen the decisions, so they stay as they were played; the round will be ended again.'
            : 'The facilitator took back the end of this round. Both sides have seen the decisions, including last round’s values the server used for you, so they stay as they were played; the round will be ended again.',
        ]),
        seat?.pending ? decisionsTable(session, { [role.side]: seat.pending }, alliance.history.at(-1)?.decisions, 'Your decisions') : null,
      );
    } else if (snapshot.phase === 'decide') {
      if (seat?.submitted) {
        const undo = el('button', { type: 'button' }, ['Take the decisions back']);
        undo.addEventListener('click', () => options.client.intent({ type: 'undoSubmission', round: snapshot.round }, `Your decisions for round ${snapshot.round} taken back`));
        content.push(
          el('h3', { id: 'team-waiting', tabindex: '-1' }, [`Round ${snapshot.round}: decisions sent`]),
          el('p', {}, ['Waiting for the facilitator to end the round.']),
          seat.pending ? decisionsTable(session, { [role.side]: seat.pending }, alliance.history.at(-1)?.decisions, 'Your decisions') : null,
          el('div', { class: 'button-row' }, [undo]),
        );
      } else {
        content.push(decisionForm(session, role.side, snapshot.round, (decisions) => options.client.intent({ type: 'submitDecisions', round: snapshot.round, decisions }, `Decisions for round ${snapshot.round}`)));
      }
    }
    const played = alliance.history.length;
    if (played > 0 && snapshot.phase !== 'decide') {
      const outcome = alliance.history[played - 1]!;
      const fallbacks = alliance.fallbacks.filter((mark) => mark.round === outcome.round);
      content.push(
        el('h3', { id: 'team-results', tabindex: '-1' }, [snapshot.phase === 'finished' ? `The workshop is over: results after round ${outcome.round}` : `Results of round ${outcome.round}`]),
        fallbacks.length > 0 ? el('p', { class: 'hint' }, [fallbackText(fallbacks.map((mark) => mark.side), role.side, scenario)]) : null,
        // A term broken by either side is shown to both, as at the game's reveal.
        breachList(session, outcome.round, 'results'),
        decisionsTable(session, outcome.decisions, alliance.history[played - 2]?.decisions, `Decisions, round ${outcome.round}`),
        kpiTable(session, outcome.round, role.side, `Key figures, round ${outcome.round}`),
        snapshot.phase === 'results' ? el('p', { class: 'status' }, [outcome.round >= snapshot.rounds ? 'That was the last round. The facilitator will close the workshop and show the debrief.' : 'The facilitator will open the next round.']) : null,
      );
    }
    body.replaceChildren(...content.filter((child): child is HTMLElement => child !== null));
    // The game's own round charts, from the alliance's public history.
    chartSection.hidden = played === 0;
    if (played > 0) charts.show(session);
  };

  const tick = (): void => {
    const snapshot = store.getState().snapshot;
    const left = snapshot && snapshot.phase === 'decide' ? timeLeftMs(snapshot, Date.now()) : null;
    timer.textContent = left === null ? '' : `${snapshot?.pausedRemainingMs !== null ? 'Paused: ' : 'Time left: '}${formatClock(left)}`;
    timer.hidden = left === null;
    // In the last minute a team that has not sent its decisions is told what happens if it does not.
    const role = store.getState().role;
    const seat = role?.kind === 'team' ? snapshot?.alliances[role.alliance]?.seats[role.side] : undefined;
    const hurry = left !== null && snapshot?.pausedRemainingMs === null && left <= 60_000 && seat !== undefined && !seat.submitted;
    deadlineWarning.hidden = !hurry;
  };
  render();
  tick();
  const interval = setInterval(tick, 1000);
  const unsubscribe = store.subscribe(() => {
    render();
    tick();
  });
  return () => {
    clearInterval(interval);
    unsubscribe();
    charts.destroy();
  };
}

/**
 * A teammate's phone or laptop joins this seat from this link or its QR code: the team sees the
 * same screen on several devices and any of them may send the decisions.
 */
function addDeviceSection(url: string): HTMLElement {
  const qr = el('img', { class: 'qr-code', alt: 'QR code of the link for another device of this team', width: '180', height: '180' });
  void QRCode.toDataURL(url, { margin: 1, width: 180, errorCorrectionLevel: 'M' }).then((data) => {
    qr.src = data;
  });
  return el('details', { class: 'card add-device' }, [
    el('summary', {}, ['Add another device to your seat']),
    el('p', {}, ['Scan this code with a teammate’s phone, or open the link on another laptop: it joins your seat, not a new one. Keep it within your team.']),
    qr,
    el('p', {}, [el('a', { href: url, id: 'team-add-device-link' }, ['Link for another device of this team'])]),
  ]);
}

/** Whose decisions the server kept from last round, said to this team as "you" and "your partner". */
function fallbackText(sides: readonly string[], ownSide: string, scenario: Scenario): string {
  const who = sides.map((side) => (side === ownSide ? 'you' : `your partner (${scenario.definition.sides.find((candidate) => candidate.id === side)?.name ?? side})`));
  return `No decision reached the server in time from ${who.join(' or ')}: last round's values were kept.`;
}

/** Terms with the partner (propose, answer, what binds) and the exit clause, sent to the server. */
function renderPartnership(root: HTMLElement, session: Session, side: string, workshopPhase: string, client: WorkshopClient): void {
  root.replaceChildren();
  const game = session.game;
  if (workshopPhase !== 'decide' && workshopPhase !== 'results') return;
  const dealsHost = el('div');
  root.append(dealsHost);
  mountDealsPanel(dealsHost, (action) => {
    if (action.type === 'proposeDeal') client.intent({ type: 'proposeDeal', terms: action.terms, rounds: action.rounds, ...(action.counterTo === undefined ? {} : { counterTo: action.counterTo }) }, 'Terms proposed');
    else if (action.type === 'respondToDeal') client.intent({ type: 'respondToDeal', proposalId: action.proposalId, response: action.response }, action.response === 'accept' ? 'Terms accepted' : 'Terms declined');
  }, session, side);
  const definition = session.scenario.definition;
  if (game.exit) {
    root.append(el('p', { class: 'notice', id: 'team-exit' }, [t('game.exitDone', { side: definition.sides.find((candidate) => candidate.id === game.exit!.side)?.name ?? game.exit.side, round: game.exit.round })]));
  } else if (game.round < game.settings.rounds) {
    const exit = el('button', { type: 'button', class: 'quiet', id: 'team-exit-clause' }, [t('game.exitClause')]);
    exit.addEventListener('click', () => {
      void confirmInPage({
        heading: t('game.exitHeading'),
        paragraphs: [t('game.exitWhen', { round: game.round + 1 }), definition.exitClause.description, t('game.exitFinal')],
        confirmLabel: t('game.exitConfirmButton'),
        cancelLabel: t('game.exitCancel'),
        tone: 'warning',
      }).then((confirmed) => {
        if (confirmed) client.intent({ type: 'exitAlliance' }, 'Exit clause invoked');
      });
    });
    root.append(el('div', { class: 'button-row' }, [exit]));
  }
}

