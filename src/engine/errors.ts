/**
 * Every problem the engine reports to a user is a ModelError: plain data that names the file,
 * the variable and the equation, so a view can show it without a stack trace.
 */
export type ModelErrorCode =
  | 'xml'
  | 'structure'
  | 'syntax'
  | 'unknown-variable'
  | 'unknown-function'
  | 'arity'
  | 'circular'
  | 'dimension'
  | 'placeholder'
  | 'limit'
  | 'unsupported'
  | 'units'
  | 'override'
  | 'division-by-zero'
  | 'non-finite';

export interface ModelError {
  readonly severity: 'error' | 'warning';
  readonly code: ModelErrorCode;
  readonly message: string;
  readonly file?: string;
  readonly variable?: string;
  readonly equation?: string;
  /** 0-based character offset in `equation` where the problem starts. */
  readonly position?: number;
}

/** Thrown inside the compiler only; the public API turns it into a ModelError list. */
export class ModelErrorSignal extends Error {
  readonly modelError: ModelError;

  constructor(modelError: ModelError) {
    super(modelError.message);
    this.modelError = modelError;
  }
}

export function modelError(
  code: ModelErrorCode,
  message: string,
  where: Omit<ModelError, 'code' | 'message' | 'severity'> = {},
  severity: ModelError['severity'] = 'error',
): ModelError {
  return { severity, code, message, ...where };
}

/** One line a person can read: "model.xmile, variable "sales": unknown variable ... at column 4". */
export function formatModelError(error: ModelError): string {
  const parts: string[] = [];
  if (error.file) parts.push(error.file);
  if (error.variable) parts.push(`variable "${error.variable}"`);
  const where = parts.length > 0 ? `${parts.join(', ')}: ` : '';
  let text = `${error.severity === 'warning' ? 'warning: ' : ''}${where}${error.message}`;
  if (error.equation !== undefined) {
    text += `\n    equation: ${error.equation.trim()}`;
    if (error.position !== undefined) text += ` (at column ${error.position + 1})`;
  }
  return text;
}
