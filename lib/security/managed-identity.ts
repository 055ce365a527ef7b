import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import type { IManagedIdentity, IResourceGroup } from "../core/interfaces";

export interface ManagedIdentityProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `id-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several identities in one stack (`web`, `api`). @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
}

/**
 * A user-assigned managed identity. User-assigned rather than system-assigned so role
 * assignments exist before the app that uses them, and survive the app's replacement.
 */
export class ManagedIdentity extends Construct implements IManagedIdentity {
  readonly resource: UserAssignedIdentity;
  readonly id: string;
  readonly principalId: string;
  readonly clientId: string;
  readonly principalType = "ServicePrincipal" as const;

  constructor(scope: Construct, id: string, props: ManagedIdentityProps) {
    super(scope, id);
    this.resource = new UserAssignedIdentity(this, "Resource", {
      name: resourceName(this, "userAssignedIdentity", props.name, props.instance),
      location: props.location ?? props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
    });
    this.id = this.resource.id;
    this.principalId = this.resource.principalId;
    this.clientId = this.resource.clientId;
  }
}
