import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

const KEY = "blueprints:deployer-network";

/**
 * Where the identity that runs `terraform apply` (`cdktf deploy`) connects from. Terraform writes
 * through data planes (Key Vault secrets, for one), and a firewall that denies by default must let
 * these networks through or the apply fails half-way with 403 Forbidden.
 */
export interface DeployerNetwork {
  /**
   * Public IPv4 CIDRs the deploying machines egress from: operators' networks, self-hosted CI
   * runners' NAT addresses. Data-plane firewalls that Terraform writes through admit them.
   * @default - none
   */
  readonly ipRanges?: readonly string[];
  /**
   * Ids of subnets the deployer runs inside (a self-hosted runner subnet in the same or a peered
   * VNet), for data planes reached only through private endpoints. References are allowed.
   * @default - none
   */
  readonly subnetIds?: readonly string[];
}

/**
 * The deployer's network of a stack: declared once per stack, read by constructs that open a
 * firewall for Terraform (KeyVault) and by the deployability rules that check the path exists.
 * `BlueprintStack` declares it from the environment's `deployer` section; a plain
 * `TerraformStack` declares it with `Deployer.declare(stack, { ipRanges: [...] })`.
 */
export class Deployer {
  private constructor() {}

  /** Records `network` as the deployer network of `scope`'s stack (the last declaration wins). */
  static declare(scope: IConstruct, network: DeployerNetwork): void {
    const stack = TerraformStack.of(scope);
    stack.node.addMetadata(KEY, { ipRanges: [...(network.ipRanges ?? [])], subnetIds: [...(network.subnetIds ?? [])] });
  }

  /** The deployer network declared for `scope`'s stack, or undefined when none was declared. */
  static of(scope: IConstruct): DeployerNetwork | undefined {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(scope);
    } catch {
      return undefined;
    }
    const entries = stack.node.metadata.filter((m) => m.type === KEY);
    return entries.length ? (entries[entries.length - 1].data as DeployerNetwork) : undefined;
  }
}
