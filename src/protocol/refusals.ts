/**
 * Why a request is turned down, as a code with its parameters (as the engine's ModelErrorCode):
 * the workshop's rules and the server return these, the wire carries them, and refusalText
 * (./refusal-text.ts) alone turns them into words, so each device can word them in its language
 * and tests assert the code rather than a sentence.
 */

/** The workshop's rules (src/rules/workshop) turn an entry of its log down. */
export type WorkshopRefusal =
  | { readonly code: 'workshopExists' }
  | { readonly code: 'seatToJoinUnknown'; readonly alliances: number }
  | { readonly code: 'seatPlayedByComputer' }
  | { readonly code: 'workshopOver' }
  | { readonly code: 'seatTaken' }
  | { readonly code: 'seatUnknown' }
  | { readonly code: 'workshopNotStarted' }
  | { readonly code: 'decisionsClosed' }
  | { readonly code: 'decisionsLocked' }
  | { readonly code: 'proposalLimit'; readonly limit: number }
  | { readonly code: 'workshopStarted' }
  | { readonly code: 'noRoundOpen' }
  | { readonly code: 'wrongRound'; readonly round: number; readonly current: number }
  | { readonly code: 'resultsFirst' }
  | { readonly code: 'undoIsReplayed' }
  | { readonly code: 'noRoundEndToUndo' }
  | { readonly code: 'eventNotScheduled' }
  | { readonly code: 'eventAlreadySet'; readonly round: number }
  | { readonly code: 'allianceUnknown' }
  | { readonly code: 'noTeamSeated' }
  | { readonly code: 'noTimer' }
  | { readonly code: 'timerNotPaused' }
  /** One alliance (its index) turned a change down. */
  | { readonly code: 'inAlliance'; readonly alliance: number; readonly refusal: Refusal }
  /** A change for every alliance that none could take: each one's refusal. */
  | { readonly code: 'noAllianceCould'; readonly refusals: readonly Refusal[] }
  // A new workshop's settings checked against the case (src/rules/workshop/workshop-config.ts).
  | { readonly code: 'sideUnknown'; readonly side: string; readonly title: string }
  | { readonly code: 'strategyUnknown'; readonly sideName: string; readonly strategy: string; readonly strategies: readonly string[] }
  | { readonly code: 'sidePlayedByComputer'; readonly sideName: string }
  | { readonly code: 'eventUnknown'; readonly eventId: string; readonly title: string }
  | { readonly code: 'eventTwice'; readonly event: string }
  | { readonly code: 'eventAfterLastRound'; readonly event: string; readonly round: number; readonly rounds: number }
  | { readonly code: 'seatMissing'; readonly sideName: string }
  | { readonly code: 'seatForNoSide' };

/**
 * A game rule turned an action down (src/rules/game/apply-action.ts). Its rules still return
 * sentences; when they return codes, those join this union and `gameRule` goes.
 */
export type GameRefusal = { readonly code: 'gameRule'; readonly reason: string };

/** The workshop server turns a request down (server/src). `problems`: what the message's checks found. */
export type ServerRefusal =
  | { readonly code: 'requestNotUnderstood' }
  | { readonly code: 'requestTooLarge' }
  | { readonly code: 'noSuchRoute' }
  | { readonly code: 'tooManyRequests' }
  | { readonly code: 'tooManyWrongAttempts' }
  | { readonly code: 'joinNotUnderstood'; readonly problems: string }
  | { readonly code: 'settingsNotUnderstood'; readonly problems: string }
  | { readonly code: 'messageNotUnderstood'; readonly problems: string }
  | { readonly code: 'commandNotUnderstood'; readonly problems: string }
  | { readonly code: 'unknownMessage'; readonly type: string }
  | { readonly code: 'joinWithCode' }
  | { readonly code: 'codeFromServer' }
  | { readonly code: 'noWorkshopWithCode' }
  | { readonly code: 'workshopLogUnreplayable'; readonly joinCode: string; readonly entry: number }
  | { readonly code: 'workshopLogUnreadable'; readonly joinCode: string }
  | { readonly code: 'workshopRestarting' }
  | { readonly code: 'workshopMoving' }
  | { readonly code: 'facilitatorKeyNeeded' }
  | { readonly code: 'facilitatorKeyWrong' }
  | { readonly code: 'facilitatorSecretWrong' }
  | { readonly code: 'serverFull'; readonly max: number }
  | { readonly code: 'creationLimit'; readonly count: number }
  | { readonly code: 'caseUnknown'; readonly scenarioId: string }
  | { readonly code: 'seatTokenInvalid' }
  | { readonly code: 'devicesPerSeat'; readonly max: number }
  | { readonly code: 'everySeatTaken' }
  | { readonly code: 'messageFlood' }
  | { readonly code: 'teamsOnly' }
  | { readonly code: 'seatNoLongerYours' }
  | { readonly code: 'facilitatorOnly' }
  | { readonly code: 'couldNotSave' }
  /** The server's own failure: the details are in its log, never sent. */
  | { readonly code: 'serverCouldNot' };

export type Refusal = WorkshopRefusal | GameRefusal | ServerRefusal;
export type RefusalCode = Refusal['code'];
