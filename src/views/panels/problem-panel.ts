/**
 * A calm, readable problem report: a heading, one sentence on what to do, and the problems as
 * preformatted lines (model errors span two lines: the message, then the equation).
 */
import { el } from '../dom.ts';

export interface ProblemReport {
  readonly heading: string;
  readonly advice: string;
  readonly problems: readonly string[];
}

/** Render `report` into `root`, replacing its content, as an alert that screen readers announce. */
export function mountProblems(root: HTMLElement, report: ProblemReport): () => void {
  const headingId = 'problem-heading';
  root.replaceChildren(
    el('section', { class: 'card problem', role: 'alert', 'aria-labelledby': headingId }, [
      el('h2', { id: headingId }, [report.heading]),
      el('p', {}, [report.advice]),
      report.problems.length === 0
        ? null
        : el('ul', { class: 'problems' }, report.problems.map((text) => el('li', {}, [el('pre', {}, [text])]))),
    ]),
  );
  return () => root.replaceChildren();
}
