import { describe, expect, it } from 'vitest';
import { worldFrameFrom, type WorldInput } from '../../../src/views/world/world-frame.ts';
import {
  BRIDGE,
  ROAD,
  STAGE,
  TRUCK_RUN,
  archPoint,
  cameraFit,
  truckOffsets,
  truckPlace,
  walkerPlace,
  warehouseRect,
} from '../../../src/views/world/world-layout.ts';
import { mixColor, moodColor, PALETTE, trustColor } from '../../../src/views/world/world-palette.ts';
import { blendPose, easeInOut, poseOf, presence } from '../../../src/views/world/world-pose.ts';
import { DEALER_WORLD } from './world-presets.ts';

const INPUT: WorldInput = {
  world: DEALER_WORLD,
  unit: 'quarter',
  round: 1,
  totalRounds: 20,
  phase: 'results',
  resultsRound: 1,
  kpis: { manufacturer: { profit: 1, volume: 100 }, dealers: { profit: 1 }, alliance: { trust: 0.8, channelShare: 0.5 } },
  previousKpis: null,
  firstKpis: { manufacturer: { profit: 1, volume: 100 }, dealers: { profit: 1 }, alliance: { trust: 0.7, channelShare: 0.5 } },
  events: [],
  allianceEnded: false,
  sides: [
    { id: 'manufacturer', name: 'M', profitKpi: 'profit' },
    { id: 'dealers', name: 'D', profitKpi: 'profit' },
  ],
  trustKpi: 'trust',
};

describe('poses between rounds', () => {
  it('glides from one pose to the next', () => {
    const from = poseOf(worldFrameFrom(INPUT));
    const to = poseOf(
      worldFrameFrom({ ...INPUT, kpis: { ...INPUT.kpis, alliance: { trust: 0.2, channelShare: 0.5 } }, allianceEnded: true }),
    );
    expect(blendPose(from, to, 0)).toEqual(from);
    expect(blendPose(from, to, 1)).toEqual(to);
    const half = blendPose(from, to, 0.5);
    expect(half.trust).toBeCloseTo(0.5);
    expect(half.broken).toBeCloseTo(0.5);
    expect(blendPose(from, to, 7)).toEqual(to);
  });

  it('fades the next item of a fractional count in', () => {
    expect([0, 1, 2, 3].map((i) => presence(2.25, i))).toEqual([1, 1, 0.25, 0]);
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(0.5)).toBeCloseTo(0.5);
    expect(easeInOut(1)).toBe(1);
  });
});

describe('layout', () => {
  it('zooms the stage to fit any container', () => {
    expect(cameraFit(800, 360).zoom).toBe(1);
    expect(cameraFit(1600, 720).zoom).toBe(2);
    expect(cameraFit(400, 600).zoom).toBe(0.5);
    expect(cameraFit(0, 0).zoom).toBeGreaterThan(0);
    expect(cameraFit(800, 360)).toMatchObject({ centerX: STAGE.width / 2, centerY: STAGE.height / 2 });
    // A tall view shows more sky than ground: the stage sits below the middle.
    const tall = cameraFit(800, 560);
    expect(tall.centerY).toBe(STAGE.height / 2 - 50);
  });

  it('drives trucks out on the far lane and back on the near one, fading at the gates', () => {
    expect(truckPlace(0)).toMatchObject({ x: TRUCK_RUN.from, y: ROAD.outLaneY, facing: 1, alpha: 0 });
    const outward = truckPlace(0.25);
    expect(outward.facing).toBe(1);
    expect(outward.alpha).toBe(1);
    expect(outward.x).toBeCloseTo((TRUCK_RUN.from + TRUCK_RUN.to) / 2);
    const back = truckPlace(0.75);
    expect(back).toMatchObject({ y: ROAD.backLaneY, facing: -1, alpha: 1 });
    expect(truckPlace(1.25)).toEqual(truckPlace(0.25));
    expect(truckPlace(-0.75).x).toBeCloseTo(truckPlace(0.25).x);
  });

  it('spaces trucks evenly for steady orders and bunches them for orders in bursts', () => {
    const even = truckOffsets(8, 4, 0);
    // Spread round the loop (with a little irregularity), every truck a fair distance apart.
    [0, 0.25, 0.5, 0.75].forEach((spot, i) => expect(Math.abs((even[i] ?? 0) - spot)).toBeLessThan(0.04));
    const convoy = truckOffsets(8, 4, 1);
    expect(convoy.slice(0, 4)).toEqual([0, 0.072, 0.144, 0.216].map((v) => expect.closeTo(v, 9)));
    // A convoy still keeps a truck's length between trucks: 0.072 of the loop is 65 px of lane.
  });

  it('spans the bridge from foot to foot over its apex', () => {
    expect(archPoint(0).x).toBeCloseTo(BRIDGE.left);
    expect(archPoint(0).y).toBeCloseTo(BRIDGE.baseY);
    expect(archPoint(0.5).y).toBeCloseTo(BRIDGE.apexY);
    expect(archPoint(1).x).toBeCloseTo(BRIDGE.right);
  });

  it('walks shoppers to the door and fades them at both ends; grows the warehouse leftwards', () => {
    expect(walkerPlace(0, 100, 200).alpha).toBe(0);
    expect(walkerPlace(0.5, 100, 200)).toMatchObject({ x: 150, alpha: 1 });
    const small = warehouseRect(0.3);
    const big = warehouseRect(1);
    expect(big.width).toBeGreaterThan(small.width);
    expect(big.x + big.width).toBe(small.x + small.width);
    expect(big.x).toBeGreaterThan(BRIDGE.right);
  });
});

describe('palette', () => {
  it('mixes colours and keeps trust and mood colours on the colour-blind safe axis', () => {
    expect(mixColor(0x000000, 0xffffff, 0.5)).toBe(0x808080);
    expect(mixColor(0x102030, 0x405060, 0)).toBe(0x102030);
    expect(trustColor(0.1)).toBe(PALETTE.trustLow);
    expect(trustColor(0.9)).toBe(PALETTE.trustHigh);
    expect(moodColor(1)).toBe(PALETTE.moodUp);
    expect(moodColor(-1)).toBe(PALETTE.moodDown);
    expect(moodColor(0)).toBe(PALETTE.moodSteady);
  });
});
