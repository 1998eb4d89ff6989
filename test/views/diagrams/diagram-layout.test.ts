import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { layoutDiagram, layoutFromView, layoutInputFor, linesThroughNodes, overlappingBoxes, polylineHitsBox, type DiagramLayout } from '../../../src/views/diagrams/diagram-layout.ts';
import { wrapLabel } from '../../../src/views/diagrams/diagram-geometry.ts';
import { compileOrThrow } from '../../helpers/run-model.ts';

const source = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const dealer = compileOrThrow(source('scenarios/dealer-alliance/model.xmile'));
const pg = compileOrThrow(source('scenarios/pg-walmart/model.xmile'));
const teacup = compileOrThrow(source('scenarios/demo/teacup.xmile'));
const CONFORMANCE = new URL('../../../../shared/conformance/sdxorg/', import.meta.url);
const elk = new ELK();

function expectTidy(layout: DiagramLayout, variableCount: number): void {
  expect(overlappingBoxes(layout)).toEqual([]);
  expect(layout.nodes.filter((node) => node.of === undefined)).toHaveLength(variableCount);
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
  ])('places every variable of the %s case in its sectors, without overlaps and without a line through a shape or label', (_name, model) => {
    const layout = layoutFromView(layoutInputFor(model));
    expect(layout.source).toBe('view');
    expectTidy(layout, model.variables.length);
    expect(layout.connectors.length).toBeGreaterThan(100);
    expect(layout.groups.length).toBeGreaterThanOrEqual(4);
    // Every variable sits inside one sector.
    for (const node of layout.nodes) {
      const inside = layout.groups.filter((group) => node.bounds.x >= group.box.x && node.bounds.y >= group.box.y && node.bounds.x + node.bounds.width <= group.box.x + group.box.width && node.bounds.y + node.bounds.height <= group.box.y + group.box.height);
      expect(inside.map((group) => group.name), node.id).toHaveLength(1);
    }
    expect(linesThroughNodes(layout)).toEqual([]);
  });
});

describe('automatic layout (ELK)', () => {
  const models: [string, ReturnType<typeof compileOrThrow>][] = [
    ['dealer alliance', dealer],
    ['P&G and Walmart', pg],
    ['teacup', teacup],
    ['market growth (a model without a diagram)', compileOrThrow(source('test/fixtures/models/market-growth.xmile'))],
    ['zeroled decimals (a conformance model)', compileOrThrow(readFileSync(new URL('zeroled_decimals/test_zeroled_decimals.xmile', CONFORMANCE), 'utf8'))],
  ];
  it.each(models)('places every variable of the %s model without overlaps, and routes no line through a shape or label', async (_name, model) => {
    const layout = await layoutDiagram(layoutInputFor(model, { useView: false }), elk);
    expect(layout.source).toBe('automatic');
    expectTidy(layout, model.variables.length);
    expect(linesThroughNodes(layout)).toEqual([]);
    for (const connector of layout.connectors) expect(connector.route!.length).toBeGreaterThanOrEqual(2);
  });

  it('draws the teacup as a stock draining through its flow into a cloud, left to right', async () => {
    const layout = await layoutDiagram(layoutInputFor(teacup), elk);
    const at = (id: string) => layout.nodes.find((node) => node.id === id)!;
    const cup = at('teacup_temperature');
    const loss = at('heat_loss_to_room');
    expect(loss.x).toBeGreaterThan(cup.x);
    const pipe = layout.pipes[0]!;
    expect(pipe.sourceCloud).toBeNull();
    expect(pipe.sinkCloud).not.toBeNull();
    expect(pipe.sinkCloud!.x).toBeGreaterThan(loss.x);
    expect(layout.connectors.map((c) => `${c.from}>${c.to}`).sort()).toEqual(['characteristic_time>heat_loss_to_room', 'room_temperature>heat_loss_to_room', 'teacup_temperature>heat_loss_to_room']);
  });
});

describe('the geometric check', () => {
  it('finds a line through a box, and not one that passes by', () => {
    const box = { x: 10, y: 10, width: 20, height: 10 };
    expect(polylineHitsBox([{ x: 0, y: 15 }, { x: 40, y: 15 }], box)).toBe(true);
    expect(polylineHitsBox([{ x: 0, y: 5 }, { x: 40, y: 5 }, { x: 40, y: 30 }], box)).toBe(false);
    expect(polylineHitsBox([{ x: 0, y: 0 }, { x: 5, y: 5 }, { x: 15, y: 12 }], box)).toBe(true);
  });
});

describe('wrapLabel', () => {
  it('wraps at word boundaries, cuts long words and ends an overflow in an ellipsis', () => {
    expect(wrapLabel('Investment Fairness Sensitivity', 19, 3)).toEqual(['Investment Fairness', 'Sensitivity']);
    expect(wrapLabel('Supercalifragilistic', 10, 3)).toEqual(['Supercali-', 'fragilist-', 'ic']);
    expect(wrapLabel('a b c d e f g h', 3, 2)).toEqual(['a b', 'c …']);
  });
});
