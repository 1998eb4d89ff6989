import { parseArgs } from 'node:util';
import { GAME_LENGTH, playDraws, playHeadless, type HeadlessOptions, type Scenario, type ScheduledEvent, type StrategyChoice } from '../rules/index.ts';
import { readScenario } from './read-scenario.ts';

/** A mistake in the command line itself (exit code 2). */
export class PlayUsageError extends Error {}

/** `maker=promotion,edlp@5` → side "maker": promotion from round 1, edlp from round 5. */
export function parseSideOption(text: string, scenario: Scenario): [string, StrategyChoice[]] {
  const match = /^([^=]+)=(.+)$/.exec(text);
  if (!match) throw new PlayUsageError(`--side "${text}" is not of the form side=strategy[,strategy@round...]`);
  const side = match[1]!.trim();
  const sides = scenario.definition.sides.map((candidate) => candidate.id);
  if (!sides.includes(side)) throw new PlayUsageError(`--side "${text}": ${scenario.definition.id} has the sides ${sides.join(' and ')}`);
  const available = scenario.definition.strategies[side] ?? {};
  const choices = match[2]!.split(',').map((part, index): StrategyChoice => {
    const [id, at] = part.trim().split('@');
    if (!id || !available[id]) throw new PlayUsageError(`--side "${text}": ${side} has no strategy "${id ?? ''}" (it has: ${Object.keys(available).join(', ')})`);
    const fromRound = at === undefined ? (index === 0 ? 1 : Number.NaN) : Number(at);
    if (!Number.isInteger(fromRound) || fromRound < 1) throw new PlayUsageError(`--side "${text}": "${part}" needs a round, as in ${id}@5`);
    return { id, fromRound };
  });
  if (choices[0]!.fromRound !== 1) choices.unshift({ id: 'cooperative', fromRound: 1 });
  for (let i = 1; i < choices.length; i++) {
    if (choices[i]!.fromRound <= choices[i - 1]!.fromRound) throw new PlayUsageError(`--side "${text}": the rounds must increase from one strategy to the next`);
  }
  return [side, choices];
}

export function parseEventOption(text: string, scenario: Scenario, rounds: number = scenario.definition.rounds.count): ScheduledEvent {
  const [eventId, at] = text.split('@');
  const events = scenario.definition.events.map((event) => event.id);
  if (!eventId || !events.includes(eventId)) throw new PlayUsageError(`--event "${text}": ${scenario.definition.id} has the events ${events.join(', ') || '(none)'}`);
  const round = at === undefined ? scenario.definition.events.find((event) => event.id === eventId)!.defaultRound ?? 1 : Number(at);
  if (!Number.isInteger(round) || round < 1 || round > rounds) throw new PlayUsageError(`--event "${text}": the round must be a whole number from 1 to ${rounds}, the game's last round`);
  return { eventId, round };
}

/** `alliance-dynamics play`: a whole game with computer players, printed as JSON. */
export function playCommand(args: string[], write: (text: string) => void): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      side: { type: 'string', multiple: true },
      event: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      perturb: { type: 'string' },
      draws: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const id = positionals[0];
  if (!id) throw new PlayUsageError('name the scenario, e.g. alliance-dynamics play dealer-alliance --json');
  const scenario = readScenario(id);
  const strategies: Record<string, StrategyChoice[]> = {};
  for (const text of values.side ?? []) {
    const [side, choices] = parseSideOption(text, scenario);
    strategies[side] = choices;
  }
  // Any length from a short class to a ten-year workshop; the model runs to the game's own end.
  const rounds = values.rounds === undefined ? scenario.definition.rounds.count : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < GAME_LENGTH.min || rounds > GAME_LENGTH.max) {
    throw new PlayUsageError(`--rounds must be a whole number from ${GAME_LENGTH.min} to ${GAME_LENGTH.max} (the case's usual length is ${scenario.definition.rounds.count})`);
  }
  const events = (values.event ?? []).map((text) => parseEventOption(text, scenario, rounds));
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new PlayUsageError('--seed must be a whole number');
  const options: HeadlessOptions = { strategies, events, rounds };
  if (values.perturb !== undefined || values.draws !== undefined) {
    const spread = Number(values.perturb ?? 0.2);
    const draws = Number(values.draws ?? 1);
    if (!(spread >= 0 && spread < 1)) throw new PlayUsageError('--perturb must be a fraction from 0 to below 1, e.g. 0.2');
    if (!Number.isInteger(draws) || draws < 1 || draws > 100_000) throw new PlayUsageError('--draws must be a whole number from 1 to 100,000');
    const results = playDraws(scenario, options, spread, draws, seed);
    write(`${JSON.stringify({ draws: results.map((result, draw) => ({ draw, ...result })) })}\n`);
    return 0;
  }
  write(`${JSON.stringify(playHeadless(scenario, options))}\n`);
  return 0;
}
