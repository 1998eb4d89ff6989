/**
 * How long a game may be, in rounds, whatever the case's usual count: from a class that has an
 * hour (four rounds) to a ten-year workshop. The model's horizon follows the game's length.
 * Shorter games exist only as tests and quick workshop rehearsals; the rules accept them, the
 * start screen and the command line offer this range.
 */
export const GAME_LENGTH = { min: 4, max: 40 } as const;
