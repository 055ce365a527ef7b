import type { SystemDefinition } from "../lib/framework/system";
import { augeo } from "./augeo";
import { dotCopilot } from "./dot-copilot";
import { nineVectors } from "./nine-vectors";
import { studio } from "./studio";
import { ugcStudio } from "./ugc-studio";

/** Every reference system, in the order `blueprints list` shows them. */
export const SYSTEMS: readonly SystemDefinition[] = [dotCopilot, studio, augeo, nineVectors, ugcStudio] as unknown as readonly SystemDefinition[];
