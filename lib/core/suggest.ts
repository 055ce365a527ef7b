import { closest, distance } from "fastest-levenshtein";

/** Suggests the closest candidate when it is close enough to be a typo (case-insensitive). */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const exactCase = candidates.find((c) => c.toLowerCase() === value.toLowerCase());
  if (exactCase) return exactCase;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(value.toLowerCase(), lower);
  return distance(value.toLowerCase(), best) <= Math.max(2, Math.floor(value.length / 3)) ? candidates[lower.indexOf(best)] : undefined;
}
