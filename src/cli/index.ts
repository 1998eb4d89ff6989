/**
 * What the command-line tool offers other Node programs (the workshop server, the tests): the
 * scenario folders on disk, read by the rules' one scenario-folder reader. The commands themselves
 * start at ./main.ts.
 */
export { readScenario, scenarioFolders, scenarioIds, SCENARIOS_DIRECTORY } from './read-scenario.ts';
