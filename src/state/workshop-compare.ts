/**
 * The facilitator's comparison of all alliances, as plain data: each key KPI's trajectory per
 * alliance, the end-of-workshop ranking, who kept to the charter (the rules' own good-faith test,
 * rounds the server filled in left out), and one alliance's round for the replay. Numbers and ids only; the projector
 * views turn them into charts, tables and words.
 * pattern: Functional Core
 */
import { charterTerms, conductAnalysis, cumulativeProfitKpi, SHARED_SIDE, conductOf, meetsTerm, type ConductAnalysis, type Scenario } from '../rules/index.ts';
import { keyKpis, type KpiColumn, type WorkshopSnapshot } from './workshop-store.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The name the projector shows: "Alliance 3" with names shown, a letter ("Alliance C") while hidden, as projectorRows does. */
export function allianceLabel(index: number, showNames: boolean): string {
  return showNames ? `Alliance ${index + 1}` : `Alliance ${LETTERS[index % 26]}${index >= 26 ? Math.floor(index / 26) : ''}`;
}

/** Rounds played so far: the longest history of any alliance (an alliance that exited stops early). */
export function playedRounds(snapshot: WorkshopSnapshot): number {
  return snapshot.alliances.reduce((most, alliance) => Math.max(most, alliance.history.length), 0);
}

export interface AllianceLine {
  readonly alliance: number;
  readonly name: string;
  /** Display-scaled value per round, index 0 = round 1; null where the alliance has no such round. */
  readonly values: readonly (number | null)[];
}

export interface KpiTrajectory {
  readonly column: KpiColumn;
  readonly lines: readonly AllianceLine[];
}

/** Each key KPI over the rounds, one line per alliance, up to `upTo` (default: every played round). */
export function kpiTrajectories(snapshot: WorkshopSnapshot, scenario: Scenario, showNames: boolean, upTo = playedRounds(snapshot)): KpiTrajectory[] {
  return keyKpis(scenario).map((column) => ({
    column,
    lines: snapshot.alliances.map((alliance) => ({
      alliance: alliance.index,
      name: allianceLabel(alliance.index, showNames),
      values: Array.from({ length: upTo }, (_, i) => {
        const value = alliance.history[i]?.kpis[column.side]?.[column.id];
        return typeof value === 'number' ? value * column.scale : null;
      }),
    })),
  }));
}

/** The KPI each side's result is added up from for the ranking: its cumulative one, as keyKpis picks it. */
function rankingKpis(scenario: Scenario): { side: string; id: string }[] | null {
  const picked = scenario.definition.sides.map((side) => cumulativeProfitKpi(scenario, side.id));
  const units = new Set(picked.map((kpi) => kpi.unit));
  return units.size === 1 ? picked.map((kpi) => ({ side: kpi.side, id: kpi.id })) : null;
}

export interface RankingRow {
  readonly rank: number;
  readonly alliance: number;
  readonly name: string;
  readonly rounds: number;
  /** The key KPIs at the alliance's last round (display-scaled), in keyKpis order. */
  readonly values: readonly (number | null)[];
  /** What the alliances are ranked by: both sides' cumulative results added up (or the first key KPI when the sides' results do not add up). */
  readonly score: number | null;
  readonly exited: boolean;
}

/** Who ended best: alliances ordered by the combined cumulative result of both sides, best first; equal scores share a rank. */
export function rankingRows(snapshot: WorkshopSnapshot, scenario: Scenario, showNames: boolean): RankingRow[] {
  const columns = keyKpis(scenario);
  const summed = rankingKpis(scenario);
  const rows = snapshot.alliances.map((alliance) => {
    const last = alliance.history.at(-1);
    const values = columns.map((column) => {
      const value = last?.kpis[column.side]?.[column.id];
      return typeof value === 'number' ? value * column.scale : null;
    });
    const parts = summed ? summed.map((kpi) => last?.kpis[kpi.side]?.[kpi.id]) : [values[0] ?? undefined];
    const score = parts.every((part) => typeof part === 'number') ? (parts as number[]).reduce((a, b) => a + b, 0) : null;
    return { alliance: alliance.index, name: allianceLabel(alliance.index, showNames), rounds: alliance.history.length, values, score, exited: alliance.exit !== null };
  });
  const ordered = [...rows].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.alliance - b.alliance);
  return ordered.map((row) => ({ ...row, rank: 1 + ordered.filter((other) => (other.score ?? -Infinity) > (row.score ?? -Infinity)).length }));
}

/** How a side kept to the agreed terms over the workshop. */
export type ConductStatus = 'kept' | 'broke' | 'cameBack';

export interface CooperationRow {
  readonly alliance: number;
  readonly name: string;
  readonly side: string;
  readonly sideName: string;
  readonly status: ConductStatus;
  /** Rounds in which the side moved against the agreed terms. */
  readonly breaches: readonly number[];
  /** From this round on it kept the terms to the end, after breaking them. */
  readonly backOnTerms: number | null;
  /** Rounds in which the server filled in last round's values because the seat did not decide. */
  readonly fallbacks: readonly number[];
  /** Rounds in which no terms bound the side and it played away from the cooperative way (not breaches: nothing was agreed). */
  readonly awayWithoutTerms: readonly number[];
  /** Rounds in which no terms bound the side (before any were agreed, or after the alliance ended). */
  readonly unboundRounds: readonly number[];
}

/** One alliance's conduct, from the same analysis as the game's debrief (rounds the server filled in not held against a seat). */
export function allianceConduct(snapshot: WorkshopSnapshot, scenario: Scenario, allianceIndex: number): ConductAnalysis {
  const alliance = snapshot.alliances[allianceIndex]!;
  return conductAnalysis(scenario, { history: alliance.history, deals: alliance.deals, exit: alliance.exit, filledIn: alliance.fallbacks });
}

/**
 * Per alliance and side: kept the charter's terms throughout, broke them in which rounds, came
 * back in which round. A round the server filled in (the seat did not decide) is not held against
 * the seat: it is listed apart.
 */
export function cooperationRows(snapshot: WorkshopSnapshot, scenario: Scenario, showNames: boolean): CooperationRow[] {
  return snapshot.alliances.flatMap((alliance) => {
    const analysis = allianceConduct(snapshot, scenario, alliance.index);
    return scenario.definition.sides.map((side) => {
      const fallbacks = alliance.fallbacks.filter((mark) => mark.side === side.id).map((mark) => mark.round);
      const conduct = conductOf(analysis, side.id);
      const rounds = conduct.breachRounds;
      const backOnTerms = conduct.backOnTerms;
      return {
        alliance: alliance.index,
        name: allianceLabel(alliance.index, showNames),
        side: side.id,
        sideName: side.name,
        status: rounds.length === 0 ? 'kept' : backOnTerms !== null ? 'cameBack' : 'broke',
        breaches: rounds,
        backOnTerms,
        fallbacks,
        awayWithoutTerms: conduct.offBaselineRounds,
        unboundRounds: conduct.rounds.filter((round) => round.kind === 'no-terms').map((round) => round.round),
      };
    });
  });
}

export interface ReplayDecision {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number;
  readonly step: number;
  /** The label of the chosen option, for a decision made from a list. */
  readonly choice: string | null;
  /** Set when the value broke a term in force (or, with `withoutTerms`, left the cooperative way where none bound the side): which way, and the value. */
  readonly breach: { readonly direction: 'above' | 'below'; readonly agreed: number; readonly withoutTerms: boolean } | null;
}

export interface ReplaySide {
  readonly side: string;
  readonly sideName: string;
  readonly decisions: readonly ReplayDecision[];
  /** The server filled in last round's values for this side in this round. */
  readonly fallback: boolean;
  readonly kpis: readonly { readonly id: string; readonly label: string; readonly unit: string; readonly decimals: number; readonly value: number | null }[];
}

export interface ReplayRound {
  readonly alliance: number;
  readonly round: number;
  /** Rounds this alliance played: the replay's last step. */
  readonly rounds: number;
  readonly sides: readonly ReplaySide[];
  /** The alliance-level KPIs of the round. */
  readonly allianceKpis: ReplaySide['kpis'];
  /** Names of the events that began at the start of this round. */
  readonly eventsBegun: readonly string[];
  /** The alliance left the partnership at the end of this round. */
  readonly exitedAfter: boolean;
}

/** One alliance's round for the replay: both sides' decisions (breaches and fallbacks marked), the KPIs, and the events that began. Null before the first round. */
export function replayRound(snapshot: WorkshopSnapshot, scenario: Scenario, allianceIndex: number, round: number): ReplayRound | null {
  const alliance = snapshot.alliances[allianceIndex];
  if (!alliance || alliance.history.length === 0) return null;
  const at = Math.min(Math.max(1, Math.round(round)), alliance.history.length);
  const outcome = alliance.history[at - 1]!;
  const conduct = allianceConduct(snapshot, scenario, allianceIndex);
  const kpisOf = (side: string) =>
    scenario.definition.kpis
      .filter((kpi) => kpi.side === side)
      .map((kpi) => {
        const value = outcome.kpis[side]?.[kpi.id];
        return { id: kpi.id, label: kpi.label, unit: kpi.unit, decimals: kpi.decimals, value: typeof value === 'number' ? value * kpi.displayScale : null };
      });
  return {
    alliance: allianceIndex,
    round: at,
    rounds: alliance.history.length,
    sides: scenario.definition.sides.map((side) => {
      const chosen = outcome.decisions[side.id] ?? {};
      return {
        side: side.id,
        sideName: side.name,
        fallback: alliance.fallbacks.some((mark) => mark.side === side.id && mark.round === at),
        decisions: side.decisions.map((decision) => {
          const value = chosen[decision.id] ?? Number.NaN;
          // The conduct analysis decides, as in the game's debrief: a term broken, or the cooperative way left where none bound the side.
          const round = conductOf(conduct, side.id).rounds[at - 1]!;
          const broken = round.broken.find((term) => term.decision === decision.id);
          const baseline = round.kind === 'no-terms' ? charterTerms(side).find((term) => term.decision === decision.id && !meetsTerm(term, value, decision)) : undefined;
          const term = broken ?? baseline;
          const breach = term ? { direction: term.bound === 'at-most' ? ('above' as const) : ('below' as const), agreed: term.value, withoutTerms: !broken } : null;
          const choice = decision.choices?.find((option) => option.value === value)?.label ?? null;
          return { id: decision.id, label: decision.label, unit: decision.unit, value, step: decision.step, choice, breach };
        }),
        kpis: kpisOf(side.id),
      };
    }),
    allianceKpis: kpisOf(SHARED_SIDE),
    eventsBegun: alliance.events.filter((event) => event.round === at).map((event) => scenario.definition.events.find((candidate) => candidate.id === event.eventId)?.name ?? event.eventId),
    // The exit clause ends the alliance after the round it was invoked in; play goes on after it.
    exitedAfter: alliance.exit !== null && at === alliance.exit.round,
  };
}
