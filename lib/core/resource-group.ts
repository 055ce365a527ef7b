import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "./blueprint-stack";
import { ValidationError } from "./errors";
import type { IResourceGroup } from "./interfaces";
import { didYouMean } from "./load-environment";
import { AZURE_REGIONS, AZURE_REGION_NAMES } from "./regions";

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
    checkLocation(this.node.path, props.location);
    this.location = props.location;
    this.resource = new AzResourceGroup(this, "Resource", {
      name: resourceName(this, "resourceGroup", props.name, props.instance),
      location: props.location,
    });
    this.name = this.resource.name;
    this.id = this.resource.id;
  }
}

/**
 * A literal location must be a region of the table, by its ARM name, as the environment loader
 * requires; a display name (`West US`) is answered with its ARM name, a typo with the closest one.
 */
function checkLocation(path: string, location: string): void {
  if (Token.isUnresolved(location) || AZURE_REGIONS.has(location)) return;
  const compact = location.toLowerCase().replace(/[\s_-]/g, "");
  const hint = AZURE_REGIONS.has(compact) ? compact : didYouMean(location, AZURE_REGION_NAMES);
  throw new ValidationError(
    path,
    `location ${JSON.stringify(location)} is not a known Azure region${hint ? `; did you mean ${JSON.stringify(hint)}?` : ""} (use the ARM name, e.g. eastus2)`,
  );
}
