import type { SystemDefinition } from "../lib/core/system";
import { dotCopilot } from "./dot-copilot";

/** Every reference system, in the order `blueprints list` shows them. */
export const SYSTEMS: readonly SystemDefinition[] = [dotCopilot as unknown as SystemDefinition];
