/**
 * The workshop's messages, shared by the server and its clients: the room's name, message names
 * and the zod schema of every payload. The workshop's rules (its log, replay, round ends) are in
 * src/rules/workshop/.
 */
export * from './messages.ts';
