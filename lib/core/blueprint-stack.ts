import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Aspects, AzurermBackend, LocalBackend, TerraformStack, Token } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { Deployer } from "./deployer";
import type { EnvironmentConfig } from "./environment";
import { ValidationError } from "./errors";
import { NAMING_RULES, Naming, type ResourceKind, checkName } from "./naming";
import { TagsAspect } from "./tags";

export interface BlueprintStackProps {
  readonly environment: EnvironmentConfig;
  /** System id (`dot-copilot`): the `system` tag and the state key `<system>/<env>.tfstate`. */
  readonly system: string;
  /** Workload part of generated names (`dotcopilot`). */
  readonly workload: string;
  /**
   * Where Terraform keeps this stack's state.
   * `remote`: the environment's Azure Storage backend, key `<system>/<env>.tfstate`, Entra ID auth.
   * `local`: `.terraform-state/<stack>.tfstate` next to the synth output folder (outside it, so a
   * new synth never deletes it), for the bootstrap stack that creates the state storage.
   * @default "remote"
   */
  readonly state?: "remote" | "local";
  /** State key in the remote backend. @default "<system>/<env>.tfstate" */
  readonly stateKey?: string;
}

/**
 * A stack for one (system, environment): the azurerm provider for the environment's
 * subscription, remote state, required tags on every taggable resource, and the naming context
 * constructs use for their default names.
 */
export class BlueprintStack extends TerraformStack {
  readonly environment: EnvironmentConfig;
  readonly system: string;
  readonly naming: Naming;
  readonly provider: AzurermProvider;

  constructor(scope: Construct, id: string, props: BlueprintStackProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env;
    this.system = props.system;
    this.naming = new Naming({
      workload: props.workload,
      environment: env.name,
      location: env.location,
      prefix: env.naming.prefix,
      uniqueSeed: `${env.subscriptionId}/${props.system}/${env.name}`,
    });
    this.provider = new AzurermProvider(this, "azurerm", {
      subscriptionId: env.subscriptionId,
      tenantId: env.tenantId,
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
    if (env.deployer.ipRanges.length) Deployer.declare(this, { ipRanges: env.deployer.ipRanges });
    if ((props.state ?? "remote") === "remote") {
      new AzurermBackend(this, {
        resourceGroupName: env.stateBackend.resourceGroup,
        storageAccountName: env.stateBackend.storageAccount,
        containerName: env.stateBackend.container,
        key: props.stateKey ?? `${props.system}/${env.name}.tfstate`,
        subscriptionId: env.subscriptionId,
        tenantId: env.tenantId,
        useAzureadAuth: true,
      });
    } else {
      // Terraform runs in <outdir>/stacks/<stack>; the file lives beside <outdir>, not in it.
      new LocalBackend(this, { path: `../../../.terraform-state/${id}.tfstate` });
    }
    Aspects.of(this).add(
      new TagsAspect(env.tags, { environment: env.name, system: props.system, "managed-by": "azure-cdktf-blueprints" }),
    );
  }

  /** Where Terraform runs for this stack (the environment's `deployer` section), when declared. */
  get deployer() {
    return Deployer.of(this);
  }

  /** The BlueprintStack containing `scope`, or undefined outside one. */
  static find(scope: IConstruct): BlueprintStack | undefined {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof BlueprintStack) return s;
    }
    return undefined;
  }
}

/**
 * The name a construct uses: `given` when set (checked against the Azure rule), else the
 * enclosing BlueprintStack's generated name for `kind`. A globally or subscription-unique name is
 * claimed for the construct: a second construct in the same stack asking for the same name is
 * rejected at synth (Azure would reject it at apply, after the first was created), with the fix.
 */
export function resourceName(scope: IConstruct, kind: ResourceKind, given?: string, instance?: string): string {
  const name = given !== undefined ? checkName(scope.node.path, kind, given) : checkName(scope.node.path, kind, generatedName(scope, kind, instance));
  claimName(scope, kind, name, given !== undefined);
  return name;
}

/**
 * The name a construct of `kind` would generate in `scope`'s BlueprintStack, without claiming it:
 * for stacks that need a name before the construct exists (a CORS origin naming a web app).
 */
export function generatedName(scope: IConstruct, kind: ResourceKind, instance?: string): string {
  const stack = BlueprintStack.find(scope);
  if (!stack) {
    throw new ValidationError(scope.node.path, `no name given and no BlueprintStack to generate one; pass the \`name\` prop`);
  }
  return stack.naming.name(kind, instance);
}

/** Names claimed per stack: `<namespace>:<name>` -> construct path. */
const claimed = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Kinds whose names share one DNS namespace: a Linux and a Windows web app cannot both be
 * `app-x` (both are `<name>.azurewebsites.net`).
 */
const NAMESPACES: Partial<Record<ResourceKind, string>> = { webApp: "azurewebsites" };

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
