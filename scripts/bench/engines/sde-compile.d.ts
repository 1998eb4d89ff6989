// Types for the parts of @sdeverywhere/compile 0.7.28 (plain JS, no typings) that the bench calls.
declare module '@sdeverywhere/compile' {
  export interface SdeSpec {
    inputVarNames?: string[];
    outputVarNames?: string[];
    bundleListing?: boolean;
  }
  export interface SdeParsedModel {
    readonly kind: 'vensim' | 'xmile';
  }
  export function parseModel(input: string, modelKind: 'vensim' | 'xmile', modelDir?: string): SdeParsedModel;
  export function generateCode(
    parsedModel: SdeParsedModel,
    opts: {
      spec: SdeSpec;
      operations: string[];
      extData: Map<string, unknown>;
      directData: Map<string, unknown>;
      modelDirname: string;
    },
  ): string;
  /** Clear the compiler's module-level state between two models. */
  export function resetState(): void;
}
