import type { PolicyRule } from "../rule";

/**
 * The Azure security rule pack: every rule, by area. Each area's file exports its rules as an
 * array; ids are stable (AZ-<AREA>-<nnn>) and never reused.
 */
export const AZURE_RULES: readonly PolicyRule[] = [];
