import type { BackendChoice, CompileOptions, CompileResult } from './api-types.ts';
import type { CompiledPhases } from './backends/backend.ts';
import { compileVm } from './backends/compile-vm.ts';
import { canGenerateCode, compileCodegen } from './backends/codegen.ts';
import { CompileFailure, compileProgram, type CompiledProgram } from './compile/compile-program.ts';
import { Model } from './compiled-model.ts';
import { ModelErrorSignal, modelError, type ModelError } from './errors.ts';
import type { ModelDocument } from './xmile/model-document.ts';
import { readXmile } from './xmile/read-xmile.ts';
import { looksLikeVensim, readVensim } from './vensim/read-vensim.ts';

/**
 * Reads, checks and compiles an XMILE model. Never throws for a bad model: every problem comes
 * back as a ModelError naming the file, the variable and the equation.
 */
export function compileModel(source: string, options: CompileOptions = {}): CompileResult {
  let document: ModelDocument;
  let readWarnings: readonly ModelError[] = [];
  try {
    if (looksLikeVensim(source, options.fileName)) {
      const read = readVensim(source, {
        ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
        ...(options.readFile ? { readFile: options.readFile } : {}),
        ...(options.workbooks ? { workbooks: options.workbooks } : {}),
        ...(options.dataSources ? { dataSources: options.dataSources } : {}),
      });
      if (!read.document) return { ok: false, errors: read.errors, warnings: read.warnings };
      document = read.document;
      readWarnings = read.warnings;
    } else document = readXmile(source, options.fileName);
  } catch (error) {
    return failure(error, options.fileName, []);
  }
  if (readWarnings.length > 0) {
    const result = compileDocumentWith(document, options);
    return result.ok ? { ...result, warnings: [...readWarnings, ...result.warnings] } : { ...result, warnings: [...readWarnings, ...result.warnings] };
  }
  if (options.method) document = { ...document, simSpecs: { ...document.simSpecs, method: options.method } };
  return compileDocument(document, options);
}

function compileDocumentWith(document: ModelDocument, options: CompileOptions): CompileResult {
  return compileDocument(document, options);
}

export function compileDocument(document: ModelDocument, options: CompileOptions = {}): CompileResult {
  let compiled: CompiledProgram;
  try {
    compiled = compileProgram(document);
  } catch (error) {
    if (error instanceof CompileFailure) return { ok: false, errors: error.errors, warnings: error.warnings };
    return failure(error, document.fileName, []);
  }
  let phases: CompiledPhases;
  try {
    phases = chooseBackend(options.backend ?? 'auto', compiled, options.codegenRun);
  } catch (error) {
    return failure(error, document.fileName, compiled.warnings);
  }
  const model = new Model(document, compiled, phases);
  return { ok: true, model, warnings: compiled.warnings };
}

function chooseBackend(choice: BackendChoice, compiled: CompiledProgram, run: CompileOptions['codegenRun']): CompiledPhases {
  const codegen = () => compileCodegen(compiled.program, run === undefined ? {} : { run });
  if (choice === 'vm') return compileVm(compiled.program);
  if (choice === 'codegen') return codegen();
  return canGenerateCode() ? codegen() : compileVm(compiled.program);
}

function failure(error: unknown, file: string | undefined, warnings: readonly ModelError[]): CompileResult {
  if (error instanceof ModelErrorSignal) {
    return { ok: false, errors: [{ ...(file === undefined ? {} : { file }), ...error.modelError }], warnings };
  }
  // An engine defect must still reach the user as a readable message, never as a raw TypeError.
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    errors: [modelError('structure', `the engine could not compile this model (internal problem: ${message})`, file === undefined ? {} : { file })],
    warnings,
  };
}
