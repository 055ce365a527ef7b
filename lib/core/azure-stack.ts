import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Aspects, TerraformStack, Token } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { checkRegion } from "./checks";
import { Deployer, type DeployerNetwork } from "./deployer";
import { ValidationError } from "./errors";
import { withFastResolve } from "./fast-resolve";
import { NAMING_RULES, Naming, type ResourceKind, checkName } from "./naming";
import { TagsAspect } from "./tags";
import { TIERS, type Tier } from "./tier";

export interface AzureStackProps {
  /** Subscription the stack deploys into (the azurerm provider's `subscription_id`). */
  readonly subscriptionId: string;
  /** Entra ID tenant. @default - the tenant of the credential Terraform runs with */
  readonly tenantId?: string;
  /** Primary region (ARM name, e.g. `eastus2`): the region part of generated names. */
  readonly location: string;
  /** Workload part of generated names: lowercase letters and digits (`billing`). */
  readonly workload: string;
  /** Environment name (`dev`, `staging`, `prod`, ...): generated names and the `environment` tag. */
  readonly environment: string;
  /**
   * How production-like the stack is; the policy applies its production-only rules (zone
   * redundancy, two or more instances, locks) to `prod`.
   * @default - `environment` when it is dev, staging or prod; otherwise none (no production-only rules)
   */
  readonly tier?: Tier;
  /** Organisation prefix in generated names (1-6 lowercase letters and digits). @default - none */
  readonly namingPrefix?: string;
  /**
   * Seed of the 4-character suffix of globally unique names (storage accounts, vaults). Keep it
   * stable: changing it renames, and so replaces, those resources.
   * @default "<subscriptionId>/<workload>/<environment>"
   */
  readonly uniqueSeed?: string;
  /** Tags on every taggable resource; a construct's own tags are kept. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Tags that win over everything else. `environment` and `managed-by` are always set; these
   * come between them.
   * @default - none
   */
  readonly requiredTags?: Readonly<Record<string, string>>;
  /**
   * Where Terraform runs (public egress ranges, runner subnets). Key Vault opens its firewall to
   * it, and the deployability rules check that Terraform can reach every data plane it writes.
   * @default - none declared
   */
  readonly deployer?: DeployerNetwork;
}

/**
 * A stack of Azure resources: the azurerm provider for one subscription, the naming context
 * constructs generate their names from, tags on every taggable resource, and (optionally) the
 * deployer's network. It knows nothing of environment files or systems; `BlueprintStack` builds
 * one from an environment profile. Add a backend as with any TerraformStack
 * (`new AzurermBackend(stack, {...})`).
 */
export class AzureStack extends TerraformStack {
  readonly naming: Naming;
  readonly provider: AzurermProvider;
  readonly location: string;
  readonly subscriptionId: string;
  readonly tenantId?: string;
  readonly tier?: Tier;

  constructor(scope: Construct, id: string, props: AzureStackProps) {
    super(scope, id);
    checkRegion(`${this.node.path}`, "location", props.location);
    this.location = props.location;
    this.subscriptionId = props.subscriptionId;
    this.tenantId = props.tenantId;
    this.tier = props.tier ?? (TIERS as readonly string[]).find((t) => t === props.environment) as Tier | undefined;
    this.naming = new Naming({
      workload: props.workload,
      environment: props.environment,
      location: props.location,
      prefix: props.namingPrefix,
      uniqueSeed: props.uniqueSeed ?? `${props.subscriptionId}/${props.workload}/${props.environment}`,
    });
    this.provider = new AzurermProvider(this, "azurerm", {
      subscriptionId: props.subscriptionId,
      tenantId: props.tenantId,
      // Data-plane calls (containers, queues) with Entra ID, so storage accounts can disable shared keys.
      storageUseAzuread: true,
      features: [
        {
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          // After creating a storage account, azurerm 4.x polls its blob, queue and file endpoints
          // unless told the data plane is unavailable; from outside a private account's network
          // those calls answer 403 and the create fails. Containers, queues and shares are
          // created through Azure Resource Manager (`storage_account_id`), so nothing here needs
          // the data plane (the provider then refuses `queue_properties` and `static_website`).
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
    });
    if (props.deployer && ((props.deployer.ipRanges?.length ?? 0) > 0 || (props.deployer.subnetIds?.length ?? 0) > 0)) {
      Deployer.declare(this, props.deployer);
    }
    Aspects.of(this).add(
      new TagsAspect(props.tags ?? {}, { environment: props.environment, ...(props.requiredTags ?? {}), "managed-by": "azure-cdktf-blueprints" }),
    );
  }

  /** Where Terraform runs for this stack, when declared. */
  get deployer(): DeployerNetwork | undefined {
    return Deployer.of(this);
  }

  /** cdktf's stack JSON, with plain data resolved without cdktf's per-value walk (see `withFastResolve`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's own signature
  override toTerraform(): any {
    return withFastResolve(() => super.toTerraform());
  }

  /** cdktf's preparing pass (cross-stack references), with the same faster walk. */
  override prepareStack(): void {
    withFastResolve(() => super.prepareStack());
  }

  /** The AzureStack containing `scope`, or undefined outside one. */
  static find(scope: IConstruct): AzureStack | undefined {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof AzureStack) return s;
    }
    return undefined;
  }
}

/**
 * The name a construct uses: `given` when set (checked against the Azure rule), else the
 * enclosing AzureStack's generated name for `kind`. A globally or subscription-unique name is
 * claimed for the construct: a second construct in the same stack asking for the same name is
 * rejected at synth (Azure would reject it at apply, after the first was created), with the fix.
 */
export function resourceName(scope: IConstruct, kind: ResourceKind, given?: string, instance?: string): string {
  const name = given !== undefined ? checkName(scope.node.path, kind, given) : checkName(scope.node.path, kind, generatedName(scope, kind, instance));
  claimName(scope, kind, name, given !== undefined);
  return name;
}

/**
 * The name a construct of `kind` would generate in `scope`'s AzureStack, without claiming it:
 * for stacks that need a name before the construct exists (a CORS origin naming a web app).
 */
export function generatedName(scope: IConstruct, kind: ResourceKind, instance?: string): string {
  const stack = AzureStack.find(scope);
  if (!stack) {
    throw new ValidationError(scope.node.path, `no name given and no AzureStack (or BlueprintStack) to generate one; pass the \`name\` prop`);
  }
  return stack.naming.name(kind, instance);
}

/** Names claimed per stack: `<namespace>:<name>` -> construct path. */
const claimed = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Kinds whose names share one DNS namespace: a Linux and a Windows web app cannot both be
 * `app-x` (both are `<name>.azurewebsites.net`).
 */
const NAMESPACES: Partial<Record<ResourceKind, string>> = {
  webApp: "azurewebsites",
  // FunctionApp: a function app's host name is `<name>.azurewebsites.net` too.
  functionApp: "azurewebsites",
};

function claimName(scope: IConstruct, kind: ResourceKind, name: string, given: boolean): void {
  const rule = NAMING_RULES[kind];
  if (Token.isUnresolved(name) || (rule.scope !== "global" && rule.scope !== "subscription")) return;
  let stack: IConstruct;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return; // not in a stack yet: nothing to compare with
  }
  const names = claimed.get(stack) ?? new Map<string, string>();
  claimed.set(stack, names);
  const key = `${NAMESPACES[kind] ?? kind}:${name.toLowerCase()}`;
  const other = names.get(key);
  if (other !== undefined && other !== scope.node.path) {
    const scopeText = rule.scope === "global" ? "globally unique" : "unique within its subscription";
    const fix = given ? "give one of them another `name`" : "give one of them an `instance` (or a `name`)";
    throw new ValidationError(scope.node.path, `${rule.description} name ${JSON.stringify(name)} is already used by ${other}, and Azure requires it to be ${scopeText}; ${fix}`);
  }
  names.set(key, scope.node.path);
}
