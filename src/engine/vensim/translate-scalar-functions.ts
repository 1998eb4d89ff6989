import { atom, binary, call, ifThenElse, type XmileText } from './print-xmile.ts';

/**
 * Vensim functions of plain values with Vensim's meaning, written as XMILE expressions from their
 * translated arguments: arithmetic (INTEGER, QUANTUM, XIDZ...), pulses, and those the engine runs
 * under the document's Vensim dialect (DELAY FIXED, NPV). undefined for any other function.
 * `arity` refuses a wrong number of arguments before any is translated.
 */
export function scalarFunction(name: string, arity: (min: number, max?: number) => void, arg: (i: number) => XmileText): XmileText | undefined {
  const zero = atom('0');
  const one = atom('1');
  const time = atom('TIME');
  const dt = atom('DT');
  switch (name) {
    case 'MIN':
    case 'MAX':
      arity(2);
      return call(name, [arg(0), arg(1)]);
    case 'IF THEN ELSE':
      arity(3);
      return ifThenElse(arg(0), arg(1), arg(2));
    case 'INTEGER':
      // Vensim's INTEGER drops the fraction (toward zero): INTEGER(-9.9) = -9.
      arity(1);
      return call('INTEGER', [arg(0)]);
    case 'QUANTUM': {
      // QUANTUM(A, Q) = Q * INTEGER(A / Q), or A where Q is not positive.
      arity(2);
      const a = arg(0);
      const q = arg(1);
      return ifThenElse(binary('<=', q, zero), a, binary('*', q, call('INTEGER', [binary('/', a, q)])));
    }
    case 'POWER':
      arity(2);
      return binary('^', arg(0), arg(1));
    case 'LOG':
      arity(2);
      return binary('/', call('LN', [arg(0)]), call('LN', [arg(1)]));
    case 'XIDZ':
    case 'ZIDZ': {
      // Vensim treats a divisor smaller than 1e-6 in size as zero.
      arity(name === 'XIDZ' ? 3 : 2);
      const b = arg(1);
      return ifThenElse(binary('<', call('ABS', [b]), atom('1e-6')), name === 'XIDZ' ? arg(2) : zero, binary('/', arg(0), b));
    }
    case 'PULSE': {
      // 1 from `start` for `width` (one time step when 0), with half a step of slack as Vensim has.
      arity(2);
      const start = arg(0);
      const width = call('MAX', [arg(1), dt]);
      const half = binary('+', time, binary('/', dt, atom('2')));
      return ifThenElse(binary('AND', binary('>', half, start), binary('<', half, binary('+', start, width))), one, zero);
    }
    case 'PULSE TRAIN': {
      // Pulses of `width` from `start`, every `interval`, the last starting no later than `end`.
      arity(4);
      const start = arg(0);
      const width = call('MAX', [arg(1), dt]);
      const interval = arg(2);
      const end = arg(3);
      const half = binary('+', time, binary('/', dt, atom('2')));
      const since = binary('-', half, start);
      const phase = binary('-', since, binary('*', interval, call('INT', [binary('/', since, interval)])));
      const within = binary('AND', binary('>', half, start), binary('<=', time, end));
      const inPulse = ifThenElse(binary('>', interval, zero), binary('<', phase, width), binary('<', since, width));
      return ifThenElse(binary('AND', within, inPulse), one, zero);
    }
    case 'GAME':
      arity(1);
      return arg(0);
    case 'DELAY FIXED':
      // The document's Vensim dialect gives DELAY Vensim's rules: the delay time and the
      // initial value are read once, at the start, and the delay lasts at least one time step.
      arity(3);
      return call('DELAY', [arg(0), arg(1), arg(2)]);
    case 'NPV':
      arity(4);
      return call('NPV', [arg(0), arg(1), arg(2), arg(3)]);
    default:
      return undefined;
  }
}
