import { StaticWebApp as AzStaticWebApp } from "@cdktf/provider-azurerm/lib/static-web-app";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { ValidationError } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";

/** Regions that host Static Web Apps' managed resource (the content itself is served globally). */
export const STATIC_WEB_APP_REGIONS = ["centralus", "eastasia", "eastus2", "westeurope", "westus2"] as const;

export interface StaticWebAppProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `stapp-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several static web apps in one stack, in generated names. @default - none */
  readonly instance?: string;
  /**
   * One of STATIC_WEB_APP_REGIONS.
   * @default - the resource group's location
   */
  readonly location?: string;
  /** `Free` has no SLA, custom auth or private endpoints; `Standard` has. @default "Free" */
  readonly sku?: "Free" | "Standard";
  /** Build and deploy previews of pull requests. @default false */
  readonly previewEnvironments?: boolean;
}

/**
 * An Azure Static Web App for a single-page front end. The deployment token stays in Terraform
 * state (sensitive) and is not exported; CI reads it with `az staticwebapp secrets list`.
 *
 * Public by design, so no `privateEndpoints` prop: a private endpoint (Standard only) closes the
 * app to the internet, serves it from the VNet's region instead of Azure's edge, and registers in
 * a zone `privatelink.<partition>.azurestaticapps.net` whose partition Azure assigns at creation
 * (learn.microsoft.com/azure/static-web-apps/private-endpoint). A front end for private users is
 * better served by AppServiceWithSlots with `privateEndpoints`.
 */
export class StaticWebApp extends Construct {
  readonly resource: AzStaticWebApp;
  readonly id: string;
  readonly name: string;
  readonly defaultHostName: string;

  constructor(scope: Construct, id: string, props: StaticWebAppProps) {
    super(scope, id);
    const location = props.location ?? props.resourceGroup.location;
    if (!Token.isUnresolved(location) && !(STATIC_WEB_APP_REGIONS as readonly string[]).includes(location)) {
      throw new ValidationError(this.node.path, `location ${JSON.stringify(location)} does not host Static Web Apps (allowed: ${STATIC_WEB_APP_REGIONS.join(", ")})`);
    }
    const sku = props.sku ?? "Free";
    this.name = resourceName(this, "staticWebApp", props.name, props.instance);
    this.resource = new AzStaticWebApp(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      skuTier: sku,
      skuSize: sku,
      previewEnvironmentsEnabled: props.previewEnvironments ?? false,
      configurationFileChangesEnabled: true,
    });
    this.id = this.resource.id;
    this.defaultHostName = this.resource.defaultHostName;
  }
}
