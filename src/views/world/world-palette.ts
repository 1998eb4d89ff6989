/**
 * The world's colours: muted backgrounds and buildings, with the Okabe–Ito blue / orange /
 * vermillion / bluish green (readable with the common colour-vision deficiencies) reserved for
 * what carries meaning. Every meaningful colour also has a shape cue (arrow direction, a gap,
 * boarded windows), so nothing depends on colour alone.
 */

export const PALETTE = {
  skyTop: 0xd7e6f1,
  skyBottom: 0xeef3f6,
  skyGloomTop: 0xaab1b9,
  skyGloomBottom: 0xd3d7db,
  sun: 0xfbf3d5,
  cloud: 0xffffff,
  cloudGloom: 0x9aa2ab,
  hillFar: 0xc6d6d0,
  hillNear: 0xb5cbbf,
  hillGloom: 0xb4bab8,
  ground: 0xd4ddcf,
  groundGloom: 0xc7cbc4,
  verge: 0xc2d0bd,
  sidewalk: 0xd9dcdf,
  curb: 0xb3b9bf,
  road: 0x7b838b,
  roadEdge: 0x6a7179,
  laneMark: 0xeef0f2,
  apron: 0xa3aab1,

  plantWall: 0x9aabbb,
  plantWallDark: 0x7f93a6,
  plantRoof: 0x5d6f80,
  windowDark: 0x4d5b68,
  windowLit: 0xf2d27a,
  tank: 0xb7c3ce,
  tankBand: 0x0072b2,
  smoke: 0xe3e7eb,
  smokeGloom: 0x9ca3aa,

  showroomWall: 0xece5d8,
  showroomWallWorn: 0xcfcac2,
  showroomTrim: 0x8c7e6a,
  glass: 0xbfd9ea,
  glassDim: 0x8e9aa4,
  awningGood: 0x0072b2,
  awningGoodAlt: 0x56b4e9,
  awningWorn: 0xa9adb1,
  board: 0xa88a63,
  lotOutline: 0xa7aeb4,

  warehouseWall: 0xc9bfae,
  warehouseRoof: 0x8b7f6f,
  warehouseInside: 0x6d6559,
  stockRegular: 0x56b4e9,
  stockForward: 0xe69f00,
  storeWall: 0xece5d8,
  shelf: 0x8c7e6a,
  shelfGood: 0x0072b2,
  shelfGap: 0xd9d4cc,

  bigBoxWall: 0xc7cfca,
  bigBoxBand: 0x009e73,
  rivalWall: 0xd8d2c8,
  rivalAwning: 0xcc79a7,
  coupon: 0xf0e442,
  couponEdge: 0x8a7f22,

  trustHigh: 0x0072b2,
  trustMid: 0x98a4ae,
  trustLow: 0xe69f00,
  trustUnlit: 0xdfe4e8,
  bridgeStone: 0x8d98a3,
  broken: 0x6b737b,

  moodUp: 0x0072b2,
  moodDown: 0xd55e00,
  moodSteady: 0x7a8590,

  truckCab: 0x4a5a6a,
  truckBox: 0xf6f7f8,
  truckStripe: 0x0072b2,
  wheel: 0x2f363d,

  person: 0x3f4a55,
  personAlt: 0x7a5c40,
  chip: 0xffffff,
  chipEdge: 0xd1d5db,
  text: '#1f2937',
  textMuted: '#4b5563',
} as const;

/** Mix two 0xRRGGBB colours, `t` = 0 gives `a`, 1 gives `b`. */
export function mixColor(a: number, b: number, t: number): number {
  const k = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t));
  const channel = (shift: number): number => {
    const from = (a >> shift) & 0xff;
    const to = (b >> shift) & 0xff;
    return Math.round(from + (to - from) * k) << shift;
  };
  return channel(16) | channel(8) | channel(0);
}

/** The trust meter's colour: orange when low, through a muted blue, to the deep blue of high trust. */
export function trustColor(trust: number): number {
  if (trust <= 0.35) return PALETTE.trustLow;
  if (trust < 0.55) return mixColor(PALETTE.trustLow, PALETTE.trustMid, (trust - 0.35) / 0.2);
  if (trust < 0.75) return mixColor(PALETTE.trustMid, PALETTE.trustHigh, (trust - 0.55) / 0.2);
  return PALETTE.trustHigh;
}

/** A side's profit colour: blue when up, vermillion when down, grey when steady. */
export function moodColor(mood: number): number {
  if (mood >= 0) return mixColor(PALETTE.moodSteady, PALETTE.moodUp, Math.min(1, mood / 0.4));
  return mixColor(PALETTE.moodSteady, PALETTE.moodDown, Math.min(1, -mood / 0.4));
}
