import type { DeployerNetwork } from "../core/deployer";
import type { Tier } from "../core/tier";

export type Severity = "error" | "warning";

/**
 * `security`: the configuration is weaker than Microsoft's guidance. `deployability`: the
 * configuration synthesizes and validates, but `terraform apply` would fail (a data plane the
 * deployer cannot reach, a retired runtime, a name used twice).
 */
export type RuleCategory = "security" | "deployability";

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
  /** The stack's azurerm provider configuration as synthesized (its first `provider.azurerm` block). */
  readonly provider?: Readonly<Record<string, unknown>>;
  /** Where Terraform runs, when the stack declares it (`Deployer.declare`, or the environment's `deployer`). */
  readonly deployer?: DeployerNetwork;
  /**
   * The date the configuration is judged at, `YYYY-MM-DD` (lifecycle rules compare it with
   * retirement dates). The engine always sets it.
   * @default - today (UTC)
   */
  readonly date?: string;
}

/** A verdict with its own severity or fix, for rules whose answer depends on the case (a date). */
export interface RuleVerdict {
  /** What is wrong, in a few words. */
  readonly message: string;
  /** @default - the rule's severity */
  readonly severity?: Severity;
  /** @default - the rule's fix */
  readonly fix?: string;
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
  /** Terraform resource types the rule applies to; `"*"` for every type. */
  readonly resourceTypes: readonly string[];
  /** @default "security" */
  readonly category?: RuleCategory;
  /**
   * The checkov checks this rule covers (`CKV_AZURE_35`, `CKV2_AZURE_33`), for teams that also
   * run checkov: the same finding under both ids. Empty when checkov has no equivalent.
   * @default - none
   */
  readonly checkov?: readonly string[];
  /** undefined when the resource complies; else the violation, as a phrase or a verdict. */
  check(resource: ResourceView, context: PolicyContext): string | RuleVerdict | undefined;
}
