/**
 * The facilitator's guide of a case as plain data: the case in one page, the timing plans, what to
 * watch for, the debrief questions with the model's answers, and how to run the events. Texts come
 * from the scenario file (its guide block and the rest of it), numbers from the rules: the scripted
 * games of the guide block played by the rules (guideData), the events' lifetimes read from the
 * model (eventLifetime), the loops through the teams scored in each game. Pure; mount-guide.ts
 * turns it into the page.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { ROUND_FIGURES, calibrate, cumulativeProfitKpi, eventLifetime, guideData, type EventLifetime, type GuideDefinition, type Scenario } from '../../rules/index.ts';
import { causalLoopDiagram } from '../debrief/loop-diagram-data.ts';
import { formatList, formatNumber, LOCALE, t } from '../i18n.ts';

export interface GuideSideVm {
  readonly name: string;
  readonly role: string;
  readonly goal: string;
  readonly yardstick: string;
  readonly decisions: readonly { readonly label: string; readonly unit: string; readonly range: string; readonly agreed: string; readonly opening: string | null }[];
}

export interface GuideEventVm {
  readonly name: string;
  readonly description: string;
  /** When it is switched on by default, and what its lifetime is then. */
  readonly lifetime: string;
  readonly advice: readonly string[];
}

export interface GuideSessionVm {
  readonly title: string;
  readonly summary: string;
  readonly steps: readonly { readonly time: string; readonly what: string }[];
}

export interface GuideRunVm {
  readonly label: string;
  /** Five-year (whole game) cumulative profit per side, as shown. */
  readonly profits: readonly string[];
  readonly loops: string;
}

export interface GuideVm {
  readonly title: string;
  readonly subtitle: string;
  readonly premise: readonly string[];
  readonly summary: readonly string[];
  readonly audience: string;
  readonly takeaways: readonly string[];
  readonly sides: readonly GuideSideVm[];
  readonly loops: readonly { readonly tag: string; readonly name: string; readonly kind: string; readonly description: string }[];
  readonly sessions: readonly GuideSessionVm[];
  readonly phases: GuideDefinition['phases'];
  readonly opening: string;
  readonly questions: readonly { readonly question: string; readonly answer: string }[];
  readonly sideNames: readonly string[];
  /** What the games table compares: "Cumulative profit ($M)". */
  readonly runMeasure: string;
  readonly runs: readonly GuideRunVm[];
  readonly events: readonly GuideEventVm[];
  readonly unit: string;
}

function minutes(value: number): string {
  return `${Math.floor(value / 60)}:${String(value % 60).padStart(2, '0')}`;
}

/** "quarter 7" or "quarters 7–10". */
function span(from: number, to: number, unit: string, units: string): string {
  return from === to ? `${unit} ${from}` : `${units} ${from}–${to}`;
}

/** Where an event switched on for `round` is felt, in a game of `rounds`: from the rules' lifetime. */
export function lifetimeText(name: string, lifetime: EventLifetime, round: number, rounds: number, unit: string, units: string): string {
  if (lifetime.firstRound === null || lifetime.firstRound > rounds) return t('guide.eventNoEffect', { event: name, unit, round });
  const flat = lifetime.peakFrom === lifetime.firstRound && lifetime.peakTo === lifetime.lastRound;
  const peak = !flat && lifetime.peakFrom !== null && lifetime.peakFrom <= rounds ? t('guide.eventPeak', { rounds: span(lifetime.peakFrom, Math.min(lifetime.peakTo ?? lifetime.peakFrom, rounds), unit, units) }) : '';
  const outlasts = lifetime.outlastsModel || lifetime.lastRound === null || lifetime.lastRound >= rounds;
  return outlasts
    ? t('guide.eventLastsToEnd', { event: name, unit, round, from: lifetime.firstRound, peak, rounds })
    : t('guide.eventLifetime', { event: name, unit, round, from: lifetime.firstRound, to: lifetime.lastRound!, peak, rounds });
}

export function guideVm(scenario: Scenario): GuideVm | null {
  const definition = scenario.definition;
  const guide = definition.guide;
  const data = guideData(scenario);
  if (!guide || !data) return null;
  const { unit, unitPlural: units } = definition.rounds;
  const constants = calibrate(scenario, {});
  const kpiOf = (side: string, id: string) => definition.kpis.find((kpi) => kpi.side === side && kpi.id === id);

  const sides: GuideSideVm[] = definition.sides.map((side) => {
    const yardstick = kpiOf(side.id, side.yardstick);
    return {
      name: side.name,
      role: side.role,
      goal: side.goal,
      yardstick: yardstick ? `${yardstick.label} (${yardstick.unit})` : side.yardstick,
      decisions: side.decisions.map((decision) => ({
        label: decision.label,
        unit: decision.unit,
        range: `${decision.min}–${decision.max}`,
        agreed: String(decision.agreed ?? decision.default),
        opening: decision.agreed !== undefined && decision.agreed !== decision.default ? String(decision.default) : null,
      })),
    };
  });

  const diagram = causalLoopDiagram(scenario);
  const loops = (diagram?.loops ?? []).map((loop) => ({ tag: loop.tag, name: loop.name, kind: t(loop.kind === 'reinforcing' ? 'guide.reinforcing' : 'guide.balancing'), description: loop.description }));

  const events: GuideEventVm[] = definition.events.map((event) => {
    const round = event.defaultRound ?? 1;
    const lifetime = eventLifetime(scenario, constants, { eventId: event.id, round });
    return {
      name: event.name,
      description: event.description,
      lifetime: lifetimeText(event.name, lifetime, round, definition.rounds.count, unit, units),
      advice: guide.events[event.id]?.advice ?? [],
    };
  });

  const sessions: GuideSessionVm[] = guide.sessions.map((session) => {
    let clock = 0;
    const steps = session.steps.map((step) => {
      const from = clock;
      clock += step.minutes;
      return { time: `${minutes(from)}–${minutes(clock)}`, what: step.what };
    });
    const eventLines = session.events.map((scheduled) => {
      const event = definition.events.find((candidate) => candidate.id === scheduled.event)!;
      return lifetimeText(event.name, eventLifetime(scenario, constants, { eventId: event.id, round: scheduled.round }), scheduled.round, session.rounds, unit, units);
    });
    return {
      title: session.title,
      summary: [t('guide.sessionRounds', { rounds: session.rounds, unit, units, minutes: session.minutes }), ...eventLines].join(' '),
      steps,
    };
  });

  // The answers: the scenario's ICU messages with the figures read off the scripted games.
  const params: Record<string, string | number> = {};
  for (const [name, figure] of Object.entries(guide.figures)) {
    const value = data.figures[name]!;
    if (ROUND_FIGURES.has(figure.take)) params[name] = value;
    else {
      const kpi = kpiOf(figure.side, figure.kpi);
      params[name] = formatNumber(value * (kpi?.displayScale ?? 1), kpi?.decimals ?? 2);
    }
  }
  const questions = definition.debrief.questions.map((question, i) => {
    const result = new IntlMessageFormat(guide.answers[i]!, LOCALE).format<string>(params);
    return { question, answer: Array.isArray(result) ? result.join('') : String(result) };
  });

  const loopName = (id: string) => diagram?.loops.find((loop) => loop.id === id)?.name ?? id;
  const runs: GuideRunVm[] = data.runs.map((result) => {
    const last = result.rounds.at(-1);
    const profits = definition.sides.map((side) => {
      const kpi = cumulativeProfitKpi(scenario, side.id);
      return last ? formatNumber((last.kpis[side.id]?.[kpi.id] ?? Number.NaN) * kpi.displayScale, 1) : '–';
    });
    const led = result.loops.filter((entry) => entry.loop !== null).map((entry) => t('guide.runLoop', { loop: loopName(entry.loop!), rounds: span(entry.from, entry.to, unit, units) }));
    return { label: result.run.label, profits, loops: led.length > 0 ? formatList(led) : t('guide.runNoLoop') };
  });

  return {
    title: definition.title,
    subtitle: definition.subtitle,
    premise: guide.premise,
    summary: definition.summary,
    audience: guide.audience,
    takeaways: guide.takeaways,
    sides,
    loops,
    sessions,
    phases: guide.phases,
    opening: definition.debrief.opening,
    questions,
    sideNames: definition.sides.map((side) => side.name),
    runMeasure: (() => {
      const kpi = cumulativeProfitKpi(scenario, definition.sides[0]!.id);
      return `${kpi.label} (${kpi.unit})`;
    })(),
    runs,
    events,
    unit,
  };
}
