/**
 * The facilitator's guide page, opened from the start screen in its own tab (?guide=<case>) so
 * that it prints on its own: one article, a part per printed page, a print button. Everything on
 * it comes from guide-vm.ts.
 */
import '../../styles/guide.css';
import type { Scenario } from '../../rules/index.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { guideVm, type GuideVm } from './guide-vm.ts';

function part(id: string, heading: string, children: readonly (HTMLElement | null)[]): HTMLElement {
  return el('section', { id, class: 'guide-part', 'aria-labelledby': `${id}-heading` }, [el('h2', { id: `${id}-heading` }, [heading]), ...children.filter((child): child is HTMLElement => child !== null)]);
}

function list(items: readonly string[], tag: 'ul' | 'ol' = 'ul'): HTMLElement {
  return el(tag, {}, items.map((item) => el('li', {}, [item])));
}

/** A side's decisions: range and agreed terms, and where the game opens when that differs from the terms. */
function decisionTable(side: GuideVm['sides'][number]): HTMLElement {
  const opens = side.decisions.some((decision) => decision.opening !== null);
  const head = [t('guide.decision'), t('guide.range'), t('guide.agreed'), ...(opens ? [t('guide.opening')] : [])];
  return el('table', { class: 'guide-table' }, [
    el('thead', {}, [el('tr', {}, head.map((label) => el('th', { scope: 'col' }, [label])))]),
    el(
      'tbody',
      {},
      side.decisions.map((decision) => el('tr', {}, [el('th', { scope: 'row' }, [decision.label, el('span', { class: 'guide-unit' }, [decision.unit])]), el('td', { class: 'guide-range' }, [decision.range]), el('td', {}, [decision.agreed]), opens ? el('td', {}, [decision.opening ?? decision.agreed]) : null])),
    ),
  ]);
}

function casePage(vm: GuideVm): HTMLElement {
  return part('guide-case', t('guide.casePage'), [
    el('h3', {}, [t('guide.premise')]),
    ...vm.premise.map((text) => el('p', {}, [text])),
    el('h3', {}, [t('guide.sides')]),
    el(
      'div',
      { class: 'guide-sides' },
      vm.sides.map((side) =>
        el('div', { class: 'guide-side' }, [
          el('h4', {}, [side.name]),
          el('p', {}, [`${side.role.charAt(0).toUpperCase()}${side.role.slice(1)}. ${side.goal}`]),
          el('p', { class: 'guide-judged' }, [t('guide.judgedOn', { yardstick: side.yardstick })]),
          decisionTable(side),
        ]),
      ),
    ),
    vm.loops.length > 0 ? el('h3', {}, [t('guide.loops')]) : null,
    vm.loops.length > 0 ? el('ul', { class: 'guide-loops' }, vm.loops.map((loop) => el('li', {}, [el('strong', {}, [`${loop.tag} ${loop.name}`]), ` (${loop.kind}). ${loop.description}`]))) : null,
  ]);
}

function timingPage(vm: GuideVm): HTMLElement {
  return part('guide-timing', t('guide.timing'), [
    el('p', { class: 'guide-audience' }, [el('strong', {}, [`${t('guide.audience')}: `]), vm.audience]),
    ...vm.sessions.flatMap((session) => [
      el('h3', {}, [session.title]),
      el('p', {}, [session.summary]),
      el('table', { class: 'guide-table guide-timing' }, [
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('guide.stepTime')]), el('th', { scope: 'col' }, [t('guide.stepWhat')])])]),
        el('tbody', {}, session.steps.map((step) => el('tr', {}, [el('th', { scope: 'row' }, [step.time]), el('td', {}, [step.what])]))),
      ]),
    ]),
  ]);
}

function watchPage(vm: GuideVm): HTMLElement {
  return part('guide-watch', t('guide.watch'), vm.phases.flatMap((phase) => [el('h3', {}, [phase.title]), list(phase.watch)]));
}

function debriefPage(vm: GuideVm): HTMLElement {
  return part('guide-debrief', t('guide.debrief'), [
    el('p', {}, [t('guide.debriefIntro')]),
    el('p', { class: 'guide-lede' }, [vm.opening]),
    el(
      'ol',
      { class: 'guide-questions' },
      vm.questions.map((entry) => el('li', {}, [el('p', { class: 'guide-question' }, [entry.question]), el('p', { class: 'guide-answer' }, [el('strong', {}, [`${t('guide.answer')}: `]), entry.answer])])),
    ),
    el('h3', {}, [t('guide.takeaways')]),
    list(vm.takeaways),
    el('h3', {}, [t('guide.runs')]),
    el('table', { class: 'guide-table guide-runs' }, [
      el('caption', {}, [t('guide.runsCaption', { measure: vm.runMeasure })]),
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('guide.runGame')]), ...vm.sideNames.map((name) => el('th', { scope: 'col', class: 'number' }, [name])), el('th', { scope: 'col' }, [t('guide.runLoops')])])]),
      el('tbody', {}, vm.runs.map((run) => el('tr', {}, [el('th', { scope: 'row' }, [run.label]), ...run.profits.map((value) => el('td', { class: 'number' }, [value])), el('td', {}, [run.loops])]))),
    ]),
  ]);
}

function eventsPage(vm: GuideVm): HTMLElement | null {
  if (vm.events.length === 0) return null;
  return part('guide-events', t('guide.events'), vm.events.flatMap((event) => [el('h3', {}, [event.name]), el('p', {}, [event.description]), el('p', { class: 'guide-lifetime' }, [event.lifetime]), list(event.advice)]));
}

/** Render the guide of `scenario` into `root`; return a function that removes it. */
export function mountGuide(root: HTMLElement, scenario: Scenario): () => void {
  const vm = guideVm(scenario);
  if (!vm) {
    root.replaceChildren(el('p', {}, [scenario.definition.title]));
    return () => root.replaceChildren();
  }
  const print = el('button', { type: 'button', class: 'primary' }, [t('guide.print')]);
  print.addEventListener('click', () => window.print());
  document.title = t('guide.heading', { title: vm.title });
  root.replaceChildren(
    el('article', { class: 'guide', 'aria-labelledby': 'guide-heading' }, [
      el('header', { class: 'guide-header' }, [
        el('h1', { id: 'guide-heading' }, [t('guide.heading', { title: vm.title })]),
        el('p', { class: 'guide-subtitle' }, [vm.subtitle]),
        el('p', { class: 'guide-note' }, [t('guide.generated')]),
        el('div', { class: 'button-row guide-actions' }, [print]),
      ]),
      casePage(vm),
      timingPage(vm),
      watchPage(vm),
      debriefPage(vm),
      eventsPage(vm),
    ]),
  );
  return () => root.replaceChildren();
}
