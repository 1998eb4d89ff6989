/**
 * The debrief's replay: pick an alliance, step through its rounds (Previous/Next or the slider)
 * and see that round's decisions of both sides, its results, the events that began, and the
 * key-figure charts up to that round with the alliance highlighted. The round's content comes
 * from replayRound; this module only renders it and keeps the chosen alliance and round.
 * pattern: Imperative Shell
 */
import type { Scenario } from '../../rules/index.ts';
import { allianceLabel, kpiTrajectories, playedRounds, replayRound, type ReplayRound, type ReplaySide } from '../../state/workshop-compare.ts';
import type { WorkshopSnapshot } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { formatNumber, t } from '../i18n.ts';
import { createChartGrid } from './projector-charts.ts';

const decimalsOf = (step: number): number => (Number.isInteger(step) ? 0 : Math.min(3, String(step).split('.')[1]?.length ?? 2));

function decisionsTable(side: ReplaySide, round: number): HTMLElement {
  return el('table', { class: 'data-table replay-decisions', 'data-side': side.side }, [
    el('caption', {}, [t('projector.decisionsCaption', { side: side.sideName, round })]),
    el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('projector.decision')]), el('th', { scope: 'col' }, [t('projector.value')])])]),
    el(
      'tbody',
      {},
      side.decisions.map((decision) => {
        const digits = decimalsOf(decision.step);
        return el('tr', {}, [
          el('th', { scope: 'row' }, [decision.label, el('span', { class: 'unit' }, [` (${decision.unit})`])]),
          el('td', { class: decision.breach ? 'breach' : '' }, [
            decision.choice ?? formatNumber(decision.value, digits),
            decision.breach ? el('span', { class: 'breach-mark', 'aria-hidden': 'true' }, [decision.breach.direction === 'above' ? ' ▲' : ' ▼']) : null,
            decision.breach ? el('span', { class: 'visually-hidden' }, [` (${t(decision.breach.direction === 'above' ? 'projector.breachAbove' : 'projector.breachBelow', { value: formatNumber(decision.breach.agreed, digits) })})`]) : null,
          ]),
        ]);
      }),
    ),
  ]);
}

function kpisTable(caption: string, kpis: ReplaySide['kpis']): HTMLElement {
  return el('table', { class: 'data-table replay-kpis' }, [
    el('caption', {}, [caption]),
    el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('projector.kpi')]), el('th', { scope: 'col' }, [t('projector.value')])])]),
    el(
      'tbody',
      {},
      kpis.map((kpi) => el('tr', { 'data-kpi': kpi.id }, [el('th', { scope: 'row' }, [kpi.label, el('span', { class: 'unit' }, [` (${kpi.unit})`])]), el('td', {}, [kpi.value === null ? '–' : formatNumber(kpi.value, kpi.decimals)])])),
    ),
  ]);
}

function roundDetails(replay: ReplayRound): HTMLElement[] {
  const sides = replay.sides.map((side) =>
    el('div', { class: 'replay-side' }, [
      side.fallback ? el('p', { class: 'notice fallback-note' }, [`${side.sideName}: ${t('projector.fallbackNote')}`]) : null,
      decisionsTable(side, replay.round),
      kpisTable(t('projector.kpisCaption', { side: side.sideName, round: replay.round }), side.kpis),
    ]),
  );
  return [
    el('p', { class: 'replay-events', id: 'ws-replay-events' }, [replay.eventsBegun.length > 0 ? t('projector.eventsBegun', { events: new Intl.ListFormat('en').format(replay.eventsBegun) }) : t('projector.noEvents'), replay.exitedAfter ? ` ${t('projector.exitedAfter')}` : '']),
    el('div', { class: 'replay-sides' }, [...sides, el('div', { class: 'replay-side' }, [kpisTable(t('projector.allianceKpisCaption', { round: replay.round }), replay.allianceKpis)])]),
  ];
}

export interface ReplayPart {
  readonly element: HTMLElement;
  update(snapshot: WorkshopSnapshot, showNames: boolean): void;
  destroy(): void;
}

export function createReplay(scenario: Scenario): ReplayPart {
  const allianceSelect = el('select', { id: 'ws-replay-alliance' });
  const slider = el('input', { type: 'range', id: 'ws-replay-round', min: '1', max: '1', step: '1', value: '1' });
  const previous = el('button', { type: 'button', id: 'ws-replay-prev' }, [t('projector.previous')]);
  const next = el('button', { type: 'button', id: 'ws-replay-next' }, [t('projector.next')]);
  const status = el('p', { class: 'replay-status', id: 'ws-replay-status', role: 'status' });
  const details = el('div', { class: 'replay-round', id: 'ws-replay-details' });
  const chartsHeading = el('h5', { class: 'replay-charts-heading' });
  const charts = createChartGrid('ws-replay-charts');
  const element = el('section', { class: 'replay', 'aria-labelledby': 'ws-replay-heading' }, [
    el('h4', { id: 'ws-replay-heading' }, [t('projector.replayHeading')]),
    el('div', { class: 'replay-controls' }, [
      el('label', { for: 'ws-replay-alliance' }, [t('projector.replayAlliance')]),
      allianceSelect,
      previous,
      el('label', { for: 'ws-replay-round' }, [t('projector.replayRound')]),
      slider,
      next,
    ]),
    status,
    details,
    chartsHeading,
    charts.element,
  ]);

  let snapshot: WorkshopSnapshot | null = null;
  let names = false;
  let alliance = 0;
  let round = 1;

  const render = (): void => {
    if (!snapshot) return;
    const replay = replayRound(snapshot, scenario, alliance, round);
    const rounds = replay?.rounds ?? 0;
    slider.max = String(Math.max(rounds, 1));
    slider.value = String(replay?.round ?? 1);
    slider.disabled = rounds <= 1;
    previous.disabled = !replay || replay.round <= 1;
    next.disabled = !replay || replay.round >= rounds;
    if (!replay) {
      status.textContent = t('projector.chartsEmpty');
      details.replaceChildren();
      chartsHeading.textContent = '';
      return;
    }
    round = replay.round;
    status.textContent = t('projector.replayStatus', { name: allianceLabel(alliance, names), round: replay.round, rounds });
    details.replaceChildren(...roundDetails(replay));
    chartsHeading.textContent = t('projector.replayChartsHeading', { round: replay.round });
    charts.update({ trajectories: kpiTrajectories(snapshot, scenario, names, replay.round), rounds: playedRounds(snapshot), markRound: replay.round, highlight: alliance, large: false });
  };

  allianceSelect.addEventListener('change', () => {
    alliance = Number(allianceSelect.value);
    render();
  });
  slider.addEventListener('input', () => {
    round = Number(slider.value);
    render();
  });
  previous.addEventListener('click', () => {
    round -= 1;
    render();
  });
  next.addEventListener('click', () => {
    round += 1;
    render();
  });

  return {
    element,
    update(next, showNames) {
      // At the last round (or on first show) the replay follows new rounds as they are played; elsewhere it stays put.
      const following = snapshot === null || round >= (snapshot.alliances[alliance]?.history.length ?? 0);
      snapshot = next;
      names = showNames;
      const options = next.alliances.map((candidate) => `${candidate.index}:${allianceLabel(candidate.index, showNames)}`).join('|');
      if (allianceSelect.dataset['options'] !== options) {
        allianceSelect.dataset['options'] = options;
        allianceSelect.replaceChildren(...next.alliances.map((candidate) => el('option', { value: String(candidate.index) }, [allianceLabel(candidate.index, showNames)])));
        allianceSelect.value = String(alliance);
      }
      if (following) round = next.alliances[alliance]?.history.length ?? 1;
      render();
    },
    destroy() {
      charts.destroy();
    },
  };
}
