import type { Session } from '../../state/create-game-store.ts';
import { visibleKpis } from '../../state/selectors.ts';
import type { Decisions } from '../../rules/index.ts';
import { el } from '../dom.ts';
import { formatNumber, t } from '../i18n.ts';

/** Both sides' decisions side by side, with last quarter's for comparison. */
export function decisionsTable(session: Session, decisions: Readonly<Record<string, Decisions>>, previous: Readonly<Record<string, Decisions>> | undefined, caption: string): HTMLTableElement {
  const rows = session.scenario.definition.sides.flatMap((side) =>
    side.decisions.map((decision) => {
      const value = decisions[side.id]?.[decision.id];
      const before = previous?.[side.id]?.[decision.id];
      const digits = Number.isInteger(decision.step) ? 0 : 2;
      const label = decision.choices?.find((choice) => choice.value === value)?.label;
      return el('tr', {}, [
        el('th', { scope: 'row' }, [`${side.name}: ${decision.label}`]),
        el('td', {}, [label ?? (value === undefined ? '–' : `${formatNumber(value, digits)} ${decision.unit}`)]),
        el('td', {}, [before === undefined || value === undefined ? '' : before === value ? '=' : `${value > before ? '+' : '−'}${formatNumber(Math.abs(value - before), digits)}`]),
      ]);
    }),
  );
  return el('table', { class: 'data-table' }, [
    el('caption', {}, [caption]),
    el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('game.decision')]), el('th', { scope: 'col' }, [caption]), el('th', { scope: 'col' }, [t('game.change')])])]),
    el('tbody', {}, rows),
  ]);
}

/** One round's KPIs that the viewer may see, with the change from the quarter before. */
export function kpiTable(session: Session, round: number, viewer: string | null, caption: string): HTMLTableElement {
  const outcome = session.game.history[round - 1]!;
  const before = session.game.history[round - 2];
  const sideName = (id: string) => session.scenario.definition.sides.find((side) => side.id === id)?.name ?? t('game.chartAlliance');
  const rows = visibleKpis(session, viewer).map((kpi) => {
    const value = (outcome.kpis[kpi.side]?.[kpi.id] ?? Number.NaN) * kpi.displayScale;
    const previous = before ? (before.kpis[kpi.side]?.[kpi.id] ?? Number.NaN) * kpi.displayScale : undefined;
    return el('tr', {}, [
      el('th', { scope: 'row' }, [`${sideName(kpi.side)}: ${kpi.label}`]),
      el('td', {}, [`${formatNumber(value, kpi.decimals)} ${kpi.unit}`]),
      el('td', {}, [previous === undefined ? '' : `${value >= previous ? '+' : '−'}${formatNumber(Math.abs(value - previous), kpi.decimals)}`]),
    ]);
  });
  return el('table', { class: 'data-table' }, [
    el('caption', {}, [caption]),
    el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('game.kpi')]), el('th', { scope: 'col' }, [t('game.quarter')]), el('th', { scope: 'col' }, [t('game.change')])])]),
    el('tbody', {}, rows),
  ]);
}
