import type { z } from 'zod';

/**
 * The one wording of what a zod check found, for every message, file and request the project
 * checks: "path: problem" per issue, the path's parts joined by dots, `(top level)` when the
 * whole value is wrong. Callers add where it was (a file name) and how the problems are joined.
 */
export function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`);
}
