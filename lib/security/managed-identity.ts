import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { ARM_RESOURCE_KINDS, checkLookupSubscription, parseResourceId } from "../core/arm-id";
import { resourceName } from "../core/azure-stack";
import { show } from "../core/errors";
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
  /**
   * A user-assigned identity that already exists, by ARM id. Role grants need its principal id:
   * give `principalId` (and `clientId`) to avoid a lookup, or an `azurerm_user_assigned_identity`
   * data source reads them (in the stack's subscription) when first asked for.
   */
  static fromId(scope: Construct, id: string, props: ExistingManagedIdentityProps): ExistingManagedIdentity {
    return new ExistingManagedIdentity(scope, id, props);
  }

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

export interface ExistingManagedIdentityProps {
  /** ARM id: `/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`. */
  readonly identityId: string;
  /** Its principal (object) id. @default - read with a data source when a grant needs it */
  readonly principalId?: string;
  /** Its client id. @default - read with a data source when asked for */
  readonly clientId?: string;
}

/** A user-assigned managed identity that exists outside this stack (`ManagedIdentity.fromId`). */
export class ExistingManagedIdentity extends Construct implements IManagedIdentity {
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
  readonly principalType = "ServicePrincipal" as const;
  private readonly subscriptionId: string;
  private lookup?: DataAzurermUserAssignedIdentity;

  constructor(scope: Construct, id: string, private readonly props: ExistingManagedIdentityProps) {
    super(scope, id);
    const parsed = parseResourceId(this.node.path, "identityId", props.identityId, ARM_RESOURCE_KINDS.userAssignedIdentity);
    this.id = props.identityId;
    this.name = parsed.name;
    this.resourceGroupName = parsed.resourceGroupName;
    this.subscriptionId = parsed.subscriptionId;
  }

  get principalId(): string {
    return this.props.principalId ?? this.dataSource().principalId;
  }

  get clientId(): string {
    return this.props.clientId ?? this.dataSource().clientId;
  }

  /** The `azurerm_user_assigned_identity` data source, once something needed it. */
  get lookupDataSource(): DataAzurermUserAssignedIdentity | undefined {
    return this.lookup;
  }

  private dataSource(): DataAzurermUserAssignedIdentity {
    if (!this.lookup) {
      checkLookupSubscription(this, this.subscriptionId, `managed identity ${show(this.name)}`, "give its principalId and clientId");
      this.lookup = new DataAzurermUserAssignedIdentity(this, "Lookup", { name: this.name, resourceGroupName: this.resourceGroupName });
    }
    return this.lookup;
  }
}
