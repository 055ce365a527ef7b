import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { resourceName } from "./azure-stack";
import { checkRegion } from "./checks";
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
