import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutDiagram, layoutInputFor, overlappingBoxes, type DiagramLayout } from '../../../src/views/diagrams/diagram-layout.ts';
import { wrapLabel } from '../../../src/views/diagrams/diagram-geometry.ts';
import { compileOrThrow } from '../../helpers/run-model.ts';

const source = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const dealer = compileOrThrow(source('scenarios/dealer-alliance/model.xmile'));
const pg = compileOrThrow(source('scenarios/pg-walmart/model.xmile'));
const teacup = compileOrThrow(source('scenarios/demo/teacup.xmile'));

function expectTidy(layout: DiagramLayout, variableCount: number): void {
  expect(overlappingBoxes(layout)).toEqual([]);
  expect(layout.nodes).toHaveLength(variableCount);
  for (const node of layout.nodes) {
    expect(node.bounds.x).toBeGreaterThanOrEqual(0);
    expect(node.bounds.y).toBeGreaterThanOrEqual(0);
    expect(node.bounds.x + node.bounds.width).toBeLessThanOrEqual(layout.width);
    expect(node.bounds.y + node.bounds.height).toBeLessThanOrEqual(layout.height);
  }
  for (const pipe of layout.pipes) expect(pipe.points.length).toBeGreaterThanOrEqual(2);
}

describe('layout from the file’s diagram', () => {
  it.each([
    ['dealer alliance', dealer],
    ['P&G and Walmart', pg],
  ])('places every variable of the %s case without overlaps', (_name, model) => {
    const layout = layoutDiagram(layoutInputFor(model));
    expect(layout.source).toBe('view');
    expectTidy(layout, model.variables.length);
    expect(layout.connectors.length).toBeGreaterThan(100);
    expect(layout.width).toBeLessThan(4000);
  });

  it('keeps the file’s arrangement: stocks in the same order left to right and top to bottom', () => {
    const layout = layoutDiagram(layoutInputFor(dealer));
    const at = (id: string) => layout.nodes.find((node) => node.id === id)!;
    expect(at('facility_capital').x).toBeLessThan(at('marketing_presence').x);
    expect(at('marketing_presence').x).toBeLessThan(at('dealer_know_how').x);
    expect(at('facility_capital').y).toBeLessThan(at('trust').y);
    // A flow's pipe ends at its stock's box.
    const pipe = layout.pipes.find((candidate) => candidate.flow === 'depreciation')!;
    const stock = at('facility_capital').shape;
    expect(pipe.points[0]!.x).toBeCloseTo(stock.x + stock.width, 6);
    expect(pipe.sourceCloud).toBeNull();
    expect(pipe.sinkCloud).not.toBeNull();
  });
});

describe('automatic layout', () => {
  it.each([
    ['dealer alliance', dealer],
    ['P&G and Walmart', pg],
    ['teacup', teacup],
  ])('places every variable of the %s model without overlaps when the file has no diagram', (_name, model) => {
    const layout = layoutDiagram(layoutInputFor(model, { useView: false }));
    expect(layout.source).toBe('automatic');
    expectTidy(layout, model.variables.length);
    expect(layout.width).toBeLessThan(2400);
  });

  it('draws the teacup as a stock draining through its flow into a cloud, with the constants under it', () => {
    const layout = layoutDiagram(layoutInputFor(teacup));
    const at = (id: string) => layout.nodes.find((node) => node.id === id)!;
    const cup = at('teacup_temperature');
    const loss = at('heat_loss_to_room');
    expect(loss.x).toBeGreaterThan(cup.x);
    expect(loss.y).toBeCloseTo(cup.y, 6);
    expect(at('room_temperature').y).toBeGreaterThan(cup.y);
    const pipe = layout.pipes[0]!;
    expect(pipe.sourceCloud).toBeNull();
    expect(pipe.sinkCloud).not.toBeNull();
    expect(layout.connectors.map((c) => `${c.from}>${c.to}`).sort()).toEqual(['characteristic_time>heat_loss_to_room', 'room_temperature>heat_loss_to_room', 'teacup_temperature>heat_loss_to_room']);
  });
});

describe('wrapLabel', () => {
  it('wraps at word boundaries, cuts long words and ends an overflow in an ellipsis', () => {
    expect(wrapLabel('Investment Fairness Sensitivity', 19, 3)).toEqual(['Investment Fairness', 'Sensitivity']);
    expect(wrapLabel('Supercalifragilistic', 10, 3)).toEqual(['Supercali-', 'fragilist-', 'ic']);
    expect(wrapLabel('a b c d e f g h', 3, 2)).toEqual(['a b', 'c …']);
  });
});
