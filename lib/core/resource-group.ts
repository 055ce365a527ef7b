import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { parseResourceGroupId } from "./arm-id";
import { AzureStack, resourceName } from "./azure-stack";
import { checkRegion } from "./checks";
import { ValidationError, show } from "./errors";
import type { IResourceGroup } from "./interfaces";

export interface ResourceGroupProps {
  /**
   * ARM region name (`eastus2`, not the display name `East US 2`); a literal must be one of the
   * regions in `AZURE_REGIONS`, a Terraform reference is not checked.
   */
  readonly location: string;
  /** @default - generated: `rg-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** @default - none */
  readonly instance?: string;
}

/**
 * A resource group. `location` is the literal region (not a Terraform reference), so the
 * constructs placed in it can check region rules (zones, service availability) at synth; `name`
 * is a reference, so everything in the group depends on its creation.
 */
export class ResourceGroup extends Construct implements IResourceGroup {
  /**
   * A resource group that already exists (a landing zone's), by ARM id: nothing is created or
   * looked up. `location` is its region, literal, for the constructs placed in it.
   */
  static fromId(scope: Construct, id: string, props: { readonly resourceGroupId: string; readonly location: string }): ExistingResourceGroup {
    return new ExistingResourceGroup(scope, id, props);
  }

  /**
   * A resource group that already exists, by name in the stack's subscription: its id is built
   * from the AzureStack's subscription, or read with an `azurerm_resource_group` data source in a
   * plain TerraformStack.
   */
  static fromName(scope: Construct, id: string, props: { readonly name: string; readonly location: string }): ExistingResourceGroup {
    return new ExistingResourceGroup(scope, id, props);
  }

  readonly resource: AzResourceGroup;
  readonly name: string;
  readonly location: string;
  readonly id: string;

  constructor(scope: Construct, id: string, props: ResourceGroupProps) {
    super(scope, id);
    checkRegion(this.node.path, "location", props.location);
    this.location = props.location;
    this.resource = new AzResourceGroup(this, "Resource", {
      name: resourceName(this, "resourceGroup", props.name, props.instance),
      location: props.location,
    });
    this.name = this.resource.name;
    this.id = this.resource.id;
  }
}

export type ExistingResourceGroupProps =
  | { readonly resourceGroupId: string; readonly location: string }
  | { readonly name: string; readonly location: string };

/** A resource group that exists outside this stack (`ResourceGroup.fromId` / `fromName`). */
export class ExistingResourceGroup extends Construct implements IResourceGroup {
  readonly name: string;
  readonly location: string;
  private readonly givenId?: string;
  private lookup?: DataAzurermResourceGroup;

  constructor(scope: Construct, id: string, props: ExistingResourceGroupProps) {
    super(scope, id);
    checkRegion(this.node.path, "location", props.location);
    this.location = props.location;
    if ("resourceGroupId" in props) {
      const parsed = parseResourceGroupId(this.node.path, "resourceGroupId", props.resourceGroupId);
      this.givenId = props.resourceGroupId;
      this.name = parsed.name;
    } else {
      if (!Token.isUnresolved(props.name) && props.name.trim() === "") throw new ValidationError(this.node.path, `name ${show(props.name)} is empty (give the name of the existing resource group)`);
      this.name = props.name;
    }
  }

  /** ARM id: the one given, the one the AzureStack's subscription implies, or the data source's. */
  get id(): string {
    if (this.givenId !== undefined) return this.givenId;
    const subscription = AzureStack.find(this)?.subscriptionId;
    if (subscription !== undefined) return `/subscriptions/${subscription}/resourceGroups/${this.name}`;
    this.lookup ??= new DataAzurermResourceGroup(this, "Lookup", { name: this.name });
    return this.lookup.id;
  }

  /** The `azurerm_resource_group` data source, once something needed it. */
  get lookupDataSource(): DataAzurermResourceGroup | undefined {
    return this.lookup;
  }
}
