import type { Tier } from "../core/schema-types";

export type Severity = "error" | "warning";

/** One synthesized resource as a rule sees it: its resolved Terraform configuration. */
export interface ResourceView {
  /** Terraform type, e.g. `azurerm_storage_account`. */
  readonly type: string;
  /** Logical id in the stack's JSON. */
  readonly logicalId: string;
  /** Construct path, e.g. `studio-prod/Storage/Resource`. */
  readonly path: string;
  /** The resource's configuration as synthesized (references are `${...}` strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** What a rule knows about the stack it runs over. */
export interface PolicyContext {
  readonly stackName: string;
  /** The environment tier, when the stack is a BlueprintStack. */
  readonly tier?: Tier;
  /** Every resource of the stack, for rules that look across resources (diagnostic settings). */
  readonly resources: readonly ResourceView[];
}

/**
 * A security rule: a stable id (`AZ-ST-001`), a severity, what it checks in one line, and how
 * to fix a violation. `check` returns undefined when the resource complies, or the violation
 * in a few words (`public_network_access_enabled is true`).
 */
export interface PolicyRule {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  readonly fix: string;
  /** Terraform resource types the rule applies to. */
  readonly resourceTypes: readonly string[];
  check(resource: ResourceView, context: PolicyContext): string | undefined;
}
