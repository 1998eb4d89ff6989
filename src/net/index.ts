/** The browser's network adapters: today the workshop client (a Colyseus room → the workshop store). */
export * from './workshop-client.ts';
