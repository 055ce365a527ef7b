import { Tokenization } from "cdktf";

// cdktf turns every stack into JSON by resolving each element's `toTerraform()` output with
// `Tokenization.resolve`, which visits every string, number, array and object of it: for each one it
// allocates a resolution context with closures and runs two or three regular expressions. Most of
// a stack is plain data (names, SKUs, flags, nested blocks), and that walk was about a third of a
// full synth. `withFastResolve` walks plain data itself and hands cdktf only the values that can
// hold a token, so the output is the same (the shipped stacks' snapshots are byte-identical).

type Resolve = typeof Tokenization.resolve;
type ResolveOptions = Parameters<Resolve>[1];

/**
 * Whether cdktf could find a token in the string: string, list and map tokens all contain
 * `TfToken[`; number tokens written into a string look like `-1.888e+289`, and cdktf's pattern for
 * them (a digit, sign, dot or bar, then `e`, then more of those) is tested as is.
 */
const MAY_HOLD_TOKEN = /TfToken\[|[-|\d.+]e[-|\d.eE+]/;
/** Token doubles (cdktf's number and number-list tokens) have a magnitude near 2^960 or more. */
const LARGEST_PLAIN_NUMBER = 1e200;
/** cdktf refuses paths deeper than 200 as a circular reference; past this depth it decides. */
const MAX_PLAIN_DEPTH = 100;

function isPlainString(s: string): boolean {
  return !MAY_HOLD_TOKEN.test(s);
}

function isPlainNumber(n: number): boolean {
  return Math.abs(n) < LARGEST_PLAIN_NUMBER;
}

/** Resolves `value` as cdktf would, delegating to `original` every value that may hold a token. */
function resolvePlain(value: unknown, options: ResolveOptions, original: Resolve, depth: number): unknown {
  switch (typeof value) {
    case "string":
      return isPlainString(value) ? value : original(value, options);
    case "number":
      return isPlainNumber(value) ? value : original(value, options);
    case "object":
      break;
    case "function":
      return original(value, options); // cdktf throws its own error for functions
    default:
      return value; // undefined, boolean, bigint, symbol: cdktf returns them as they are
  }
  if (value === null || value instanceof Date) return value;
  if (depth > MAX_PLAIN_DEPTH) return original(value, options);
  if (Array.isArray(value)) {
    // An element that is a list token (string) or a number-list token makes cdktf resolve the array as a whole.
    for (const x of value) {
      if ((typeof x === "string" && !isPlainString(x)) || (typeof x === "number" && !isPlainNumber(x))) return original(value, options);
    }
    const out: unknown[] = [];
    for (const x of value) {
      const r = resolvePlain(x, options, original, depth + 1);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const obj = value as Record<string, unknown> & { resolve?: unknown; _children?: unknown; _metadata?: unknown };
  // A resolvable (token object), or a construct (cdktf refuses it with its own error).
  if (typeof obj.resolve === "function" || (obj._children !== undefined && obj._metadata !== undefined)) return original(value, options);
  const keys = Object.keys(obj);
  // A key that may be a token (map tokens live in keys): cdktf resolves the object as a whole.
  for (const k of keys) if (!isPlainString(k)) return original(value, options);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const r = resolvePlain(obj[k], options, original, depth + 1);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

/**
 * Runs `fn` (a stack's `toTerraform()`) with `Tokenization.resolve` walking plain data itself and
 * passing values that may hold tokens to cdktf. Restores cdktf's resolver afterwards, even on error.
 */
export function withFastResolve<T>(fn: () => T): T {
  const original = Tokenization.resolve;
  if ((original as { fast?: boolean }).fast) return fn(); // already inside
  const fast: Resolve = (obj, options) => resolvePlain(obj, options, original, 0) as ReturnType<Resolve>;
  (fast as { fast?: boolean }).fast = true;
  Tokenization.resolve = fast;
  try {
    return fn();
  } finally {
    Tokenization.resolve = original;
  }
}
