/**
 * The workshop's messages, shared by the server and its clients: the room's name, message names,
 * the zod schema of every payload, and refusals (codes with parameters, and their words). The workshop's rules (its log, replay, round ends) are in
 * src/rules/workshop/.
 */
export * from './messages.ts';
export type * from './refusals.ts';
export { refusalText } from './refusal-text.ts';
