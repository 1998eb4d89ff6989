import type { ScenarioDefinition } from './scenario-schema.ts';

/** The guide block's references: sides, strategies, events, KPIs, runs and rounds of the case. */
export function checkGuide(definition: ScenarioDefinition, at: (path: string, message: string) => void): void {
  const guide = definition.guide;
  if (!guide) return;
  const maxRounds = definition.rounds.count;
  const eventIds = definition.events.map((event) => event.id);
  const sideIds = definition.sides.map((side) => side.id);
  const runRounds = new Map<string, number>();
  guide.runs.forEach((run, i) => {
    const where = `guide.runs.${i}`;
    if (runRounds.has(run.id)) at(`${where}.id`, `"${run.id}" is used twice`);
    const rounds = run.rounds ?? maxRounds;
    runRounds.set(run.id, rounds);
    if (rounds > maxRounds) at(`${where}.rounds`, `the case has ${maxRounds} rounds`);
    for (const [side, steps] of Object.entries(run.sides)) {
      if (!sideIds.includes(side)) {
        at(`${where}.sides.${side}`, `"${side}" is not a side (${sideIds.join(', ')})`);
        continue;
      }
      steps.forEach((step, s) => {
        if (!Object.hasOwn(definition.strategies[side] ?? {}, step.strategy)) at(`${where}.sides.${side}.${s}.strategy`, `"${step.strategy}" is not a strategy of ${side}`);
      });
    }
    run.events.forEach((event, e) => {
      if (!eventIds.includes(event.event)) at(`${where}.events.${e}.event`, `there is no event "${event.event}"`);
      else if (event.round > rounds) at(`${where}.events.${e}.round`, `the game has ${rounds} rounds`);
    });
  });
  for (const [name, figure] of Object.entries(guide.figures)) {
    const where = `guide.figures.${name}`;
    const rounds = runRounds.get(figure.run);
    if (rounds === undefined) at(`${where}.run`, `there is no run "${figure.run}"`);
    if (figure.minus !== undefined && !runRounds.has(figure.minus)) at(`${where}.minus`, `there is no run "${figure.minus}"`);
    if ((figure.take === 'paybackRound' || figure.take === 'roundsBelow') && figure.minus === undefined) at(`${where}.minus`, `${figure.take} compares with another run: name it in "minus"`);
    if (!definition.kpis.some((kpi) => kpi.side === figure.side && kpi.id === figure.kpi)) at(`${where}.kpi`, `"${figure.kpi}" is not a KPI of ${figure.side}`);
    const from = figure.from ?? 1;
    const to = figure.to ?? rounds ?? maxRounds;
    if (from > to || (rounds !== undefined && to > rounds)) at(`${where}`, `rounds ${from} to ${to} do not lie within the run's ${rounds ?? maxRounds} rounds`);
  }
  guide.sessions.forEach((session, i) => {
    if (session.rounds > maxRounds) at(`guide.sessions.${i}.rounds`, `the case has ${maxRounds} rounds`);
    session.events.forEach((event, e) => {
      if (!eventIds.includes(event.event)) at(`guide.sessions.${i}.events.${e}.event`, `there is no event "${event.event}"`);
      else if (event.round > session.rounds) at(`guide.sessions.${i}.events.${e}.round`, `the session plays ${session.rounds} rounds`);
    });
  });
  if (guide.answers.length !== definition.debrief.questions.length) at('guide.answers', `there are ${definition.debrief.questions.length} debrief questions and ${guide.answers.length} answers`);
  for (const eventId of Object.keys(guide.events)) if (!eventIds.includes(eventId)) at(`guide.events.${eventId}`, `there is no event "${eventId}"`);
}
