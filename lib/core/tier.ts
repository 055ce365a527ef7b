/**
 * How production-like a stack is. Constructs and the policy use it for defaults and for rules
 * that hold in production only (zone redundancy, two or more instances).
 */
export const TIERS = ["dev", "staging", "prod"] as const;
export type Tier = (typeof TIERS)[number];
