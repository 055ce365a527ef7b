import { Token } from "cdktf";
import { ValidationError } from "./errors";
import { AZURE_REGIONS, AZURE_REGION_NAMES } from "./regions";
import { didYouMean } from "./suggest";

/** Synth-time checks constructs share; each throws a ValidationError naming the construct path. */

/** Throws when `feature` needs availability zones and the (literal) region has none. */
export function requireZones(constructPath: string, location: string, feature: string): void {
  if (Token.isUnresolved(location)) return;
  const r = AZURE_REGIONS.get(location);
  if (r && !r.zones) {
    throw new ValidationError(constructPath, `${feature} needs availability zones, and region ${JSON.stringify(location)} has none`);
  }
}

/** Throws unless `value` is a whole number within [min, max]; unresolved tokens are left to Azure. */
export function checkWholeNumber(constructPath: string, prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value)) throw new ValidationError(constructPath, `${prop} ${value} is not a whole number (allowed: ${min} to ${max})`);
  if (value < min || value > max) throw new ValidationError(constructPath, `${prop} ${value} is out of range (allowed: ${min} to ${max})`);
}

/** Throws when `name` was already used for a child of this kind (`container "uploads" is defined twice`). */
export function checkUnique(constructPath: string, what: string, name: string, taken: Readonly<Record<string, unknown>>): void {
  if (Object.prototype.hasOwnProperty.call(taken, name)) {
    throw new ValidationError(constructPath, `${what} ${JSON.stringify(name)} is defined twice`);
  }
}

/**
 * Throws unless `location` is a known Azure region's ARM name (`eastus2`, not `East US 2`), with
 * the closest ARM name as a suggestion; unresolved tokens are left to Azure.
 */
export function checkRegion(constructPath: string, prop: string, location: string): void {
  if (Token.isUnresolved(location) || AZURE_REGIONS.has(location)) return;
  // A display name (`West US 2`) is answered with its ARM name, a typo with the closest one.
  const compact = location.toLowerCase().replace(/[\s_-]/g, "");
  const hint = AZURE_REGIONS.has(compact) ? compact : didYouMean(location, AZURE_REGION_NAMES);
  throw new ValidationError(
    constructPath,
    `${prop} ${JSON.stringify(location)} is not a known Azure region${hint ? `; did you mean "${hint}"?` : ""} (use the ARM name, e.g. eastus2)`,
  );
}
