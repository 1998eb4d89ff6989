/** Shared by the workshop server and its clients: messages, payloads and the pure workshop model. */
export * from './messages.ts';
export * from './workshop.ts';
export * from './workshop-config.ts';
