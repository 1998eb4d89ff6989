import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The plain-JavaScript reference implementation of both cases in shared/: the oracle for numbers. */
const REFERENCE = resolve(import.meta.dirname, '../../../shared/design/reference-models');

type Row = Record<string, number>;
export type ReferenceRun = Row[] & { months?: Row[] };

export interface ReferenceModels {
  simulateDealer(options: Record<string, unknown>): ReferenceRun;
  simulatePgw(options: Record<string, unknown>): ReferenceRun;
  DEALER_PARAMS: Record<string, number>;
  PGW_PARAMS: Record<string, number>;
}

export async function loadReferenceModels(): Promise<ReferenceModels> {
  const dealer = (await import(pathToFileURL(`${REFERENCE}/dealer.mjs`).href)) as Record<string, unknown>;
  const pgw = (await import(pathToFileURL(`${REFERENCE}/pg-walmart.mjs`).href)) as Record<string, unknown>;
  return {
    simulateDealer: dealer['simulateDealer'] as ReferenceModels['simulateDealer'],
    simulatePgw: pgw['simulatePgw'] as ReferenceModels['simulatePgw'],
    DEALER_PARAMS: dealer['DEALER_PARAMS'] as Record<string, number>,
    PGW_PARAMS: pgw['PGW_PARAMS'] as Record<string, number>,
  };
}
