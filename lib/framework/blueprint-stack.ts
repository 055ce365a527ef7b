import { AzurermBackend, LocalBackend } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { AzureStack } from "../core/azure-stack";
import type { EnvironmentConfig } from "./environment-config";
import { checkEnvironment } from "./validate";

export interface BlueprintStackProps {
  /**
   * The environment profile: from `loadEnvironment` (a YAML file) or `defineEnvironment` (code).
   * A configuration built by hand is validated here, with the loader's messages.
   */
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
 * An AzureStack for one (system, environment) of the environment-profile framework: the
 * environment's subscription, region, naming prefix, tags and deployer network, the `system`
 * tag, and remote state in the environment's Azure Storage.
 */
export class BlueprintStack extends AzureStack {
  readonly environment: EnvironmentConfig;
  readonly system: string;

  constructor(scope: Construct, id: string, props: BlueprintStackProps) {
    const env = checkEnvironment(props.environment);
    super(scope, id, {
      subscriptionId: env.subscriptionId,
      tenantId: env.tenantId,
      location: env.location,
      workload: props.workload,
      environment: env.name,
      tier: env.tier,
      namingPrefix: env.naming.prefix,
      uniqueSeed: `${env.subscriptionId}/${props.system}/${env.name}`,
      tags: env.tags,
      requiredTags: { system: props.system },
      deployer: { ipRanges: env.deployer.ipRanges },
    });
    this.environment = env;
    this.system = props.system;
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
  }

  /** The BlueprintStack containing `scope`, or undefined outside one. */
  static find(scope: IConstruct): BlueprintStack | undefined {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof BlueprintStack) return s;
    }
    return undefined;
  }
}
