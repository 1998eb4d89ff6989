// The bench's model registry: XMILE text, stock ids, sweep parameters and the matching hand loop.

import { createBusinessHand } from '../hand/business-hand.ts';
import { createRingHand, type HandRunner } from '../hand/ring-hand.ts';
import { BUSINESS_PARAMETERS, BUSINESS_STOCKS, businessXmile } from './business.ts';
import { ringStockIds, ringXmile } from './ring.ts';

export type ModelKey = 'ring10' | 'ring33' | 'ring100' | 'ring1000' | 'business';

export interface BenchModel {
  readonly key: ModelKey;
  readonly label: string;
  /** Variables in the model (stocks, flows, auxiliaries and constants). */
  readonly variableCount: number;
  readonly stockIds: readonly string[];
  /** Parameters fed to every engine as inputs (SDE `inputVarNames`); empty for the rings. */
  readonly parameterIds: readonly string[];
  readonly defaults: readonly number[];
  xmile(): string;
  createHand(): HandRunner;
}

function ring(n: number): BenchModel {
  return {
    key: `ring${n}` as ModelKey,
    label: `ring ${n}`,
    variableCount: 3 * n + 1,
    stockIds: ringStockIds(n),
    parameterIds: [],
    defaults: [],
    xmile: () => ringXmile(n),
    createHand: () => createRingHand(n),
  };
}

const business: BenchModel = {
  key: 'business',
  label: 'business',
  variableCount: 15 + 21 + 23 + BUSINESS_PARAMETERS.length,
  stockIds: BUSINESS_STOCKS,
  parameterIds: BUSINESS_PARAMETERS.map((p) => p.id),
  defaults: BUSINESS_PARAMETERS.map((p) => p.value),
  xmile: businessXmile,
  createHand: createBusinessHand,
};

export const MODELS: Readonly<Record<ModelKey, BenchModel>> = {
  ring10: ring(10),
  ring33: ring(33),
  ring100: ring(100),
  ring1000: ring(1000),
  business,
};

/** Models timed per run, in table order. */
export const RUN_MODELS: readonly ModelKey[] = ['ring10', 'ring100', 'ring1000', 'business'];
/** Generated models for the compile-time table: 100 and 3,001 variables. */
export const COMPILE_MODELS: readonly ModelKey[] = ['ring33', 'ring1000'];
