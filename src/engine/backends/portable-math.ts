/**
 * Transcendental functions that give the same bits on every JavaScript engine. Math.exp, Math.log,
 * Math.pow and the trigonometric functions are only "implementation-approximated" by the
 * ECMAScript spec, and Node 22 and current Chromium really do differ in the last bit (the browser
 * determinism test caught exp, ln, log10 and pow). These are stdlib's ports of FreeBSD msun/fdlibm,
 * written with plain IEEE arithmetic, so a game replayed on the server matches the browser exactly.
 * sqrt, abs, floor, trunc, round, min and max are exact in IEEE arithmetic and stay on Math.
 */
import acos from '@stdlib/math-base-special-acos';
import asin from '@stdlib/math-base-special-asin';
import atan from '@stdlib/math-base-special-atan';
import cos from '@stdlib/math-base-special-cos';
import cosh from '@stdlib/math-base-special-cosh';
import ln from '@stdlib/math-base-special-ln';
import log10 from '@stdlib/math-base-special-log10';
import pow from '@stdlib/math-base-special-pow';
import sin from '@stdlib/math-base-special-sin';
import sinh from '@stdlib/math-base-special-sinh';
import tan from '@stdlib/math-base-special-tan';
import tanh from '@stdlib/math-base-special-tanh';
import { portableExp as exp } from './portable-exp.ts';

export const portableMath = { acos, asin, atan, cos, cosh, exp, ln, log10, pow, sin, sinh, tan, tanh };
