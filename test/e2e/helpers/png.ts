/**
 * Decode the PNGs that Chromium's screenshots produce (8-bit RGB or RGBA, not interlaced) into
 * RGBA pixels, with node:zlib only, so pixel checks need no image library.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA, 4 bytes per pixel. */
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Decode `png`; throw on anything a Chromium screenshot would not produce. */
export function decodePng(png: Uint8Array): RgbaImage {
  const buffer = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!SIGNATURE.every((byte, i) => buffer[i] === byte)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (bitDepth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const source = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? (pixels[row + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[row - stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[row - stride + x - channels] ?? 0) : 0;
      const value = raw[source + x] ?? 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = (left + up) >> 1; break;
        case 4: predicted = paeth(left, up, upLeft); break;
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      pixels[row + x] = (value + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    data[j] = pixels[i] ?? 0;
    data[j + 1] = pixels[i + 1] ?? 0;
    data[j + 2] = pixels[i + 2] ?? 0;
    data[j + 3] = 255;
  }
  return { width, height, data };
}

/** Count the pixels for which `test(r, g, b, a)` holds. */
export function countPixels(image: RgbaImage, test: (r: number, g: number, b: number, a: number) => boolean): number {
  let count = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    if (test(d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0)) count++;
  }
  return count;
}

/** Count pixels that are not (nearly) white. */
export function countNonWhite(image: RgbaImage, tolerance = 10): number {
  const limit = 255 - tolerance;
  return countPixels(image, (r, g, b, a) => a > 0 && (r < limit || g < limit || b < limit));
}

/** Count pixels within `tolerance` (per channel) of the colour `#rrggbb`. */
export function countColor(image: RgbaImage, hex: string, tolerance = 40): number {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  const [tr, tg, tb] = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
  return countPixels(
    image,
    (r, g, b) => Math.abs(r - tr) <= tolerance && Math.abs(g - tg) <= tolerance && Math.abs(b - tb) <= tolerance,
  );
}
