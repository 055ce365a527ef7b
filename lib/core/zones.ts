import { Token } from "cdktf";
import { ValidationError } from "./errors";
import { AZURE_REGIONS } from "./regions";

/** Throws when `feature` needs availability zones and the (literal) region has none. */
export function requireZones(constructPath: string, location: string, feature: string): void {
  if (Token.isUnresolved(location)) return;
  const r = AZURE_REGIONS.get(location);
  if (r && !r.zones) {
    throw new ValidationError(constructPath, `${feature} needs availability zones, and region ${JSON.stringify(location)} has none`);
  }
}
