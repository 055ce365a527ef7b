import { StaticWebApp as AzStaticWebApp } from "@cdktf/provider-azurerm/lib/static-web-app";
import { StaticWebAppCustomDomain } from "@cdktf/provider-azurerm/lib/static-web-app-custom-domain";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { ValidationError } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import { type CustomDomain, type CustomDomainProps, checkCustomDomains, customDomainHostName, customDomainId } from "./custom-domain";

/** Regions that host Static Web Apps' managed resource (the content itself is served globally). */
export const STATIC_WEB_APP_REGIONS = ["centralus", "eastasia", "eastus2", "westeurope", "westus2"] as const;

/**
 * Custom domains per static web app, by plan: "Azure Static Web Apps hosting plans"
 * (learn.microsoft.com/azure/static-web-apps/plans).
 */
export const STATIC_WEB_APP_CUSTOM_DOMAINS: Readonly<Record<"Free" | "Standard", number>> = { Free: 2, Standard: 5 };

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
  /**
   * Custom domains (subdomains of public DNS zones; at most 2 on Free, 5 on Standard). For each,
   * the construct writes the CNAME `<subdomain>` pointing at the app's default host name into the zone;
   * with `bind: true` it adds the domain with CNAME validation (`cname-delegation`), and Static
   * Web Apps issues and renews its certificate. The validation resolves the CNAME publicly, so
   * the zone must be delegated first: see CustomDomainProps for the order.
   * @default - none
   */
  readonly customDomains?: readonly CustomDomainProps[];
}

/** A custom domain of a static web app: its CNAME record and, when bound, the domain resource. */
export interface StaticWebAppCustomDomainInfo extends CustomDomain {
  /** The `azurerm_static_web_app_custom_domain`, when bound. */
  readonly resource?: StaticWebAppCustomDomain;
}

/**
 * An Azure Static Web App for a single-page front end. The deployment token stays in Terraform
 * state (sensitive) and is not exported; CI reads it with `az staticwebapp secrets list`.
 * Optional custom domains (subdomains), with their CNAME records in a public DNS zone.
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
  /** The custom domains, in the order of `customDomains`. */
  readonly customDomains: readonly StaticWebAppCustomDomainInfo[];

  constructor(scope: Construct, id: string, props: StaticWebAppProps) {
    super(scope, id);
    const location = props.location ?? props.resourceGroup.location;
    if (!Token.isUnresolved(location) && !(STATIC_WEB_APP_REGIONS as readonly string[]).includes(location)) {
      throw new ValidationError(this.node.path, `location ${JSON.stringify(location)} does not host Static Web Apps (allowed: ${STATIC_WEB_APP_REGIONS.join(", ")})`);
    }
    const sku = props.sku ?? "Free";
    const domains = props.customDomains ?? [];
    const maxDomains = STATIC_WEB_APP_CUSTOM_DOMAINS[sku];
    if (maxDomains !== undefined && domains.length > maxDomains) {
      throw new ValidationError(
        this.node.path,
        `customDomains has ${domains.length} entries (allowed: at most ${maxDomains} on the ${JSON.stringify(sku)} plan${sku === "Free" ? `; Standard allows ${STATIC_WEB_APP_CUSTOM_DOMAINS.Standard}` : ""})`,
      );
    }
    checkCustomDomains(this.node.path, "customDomains", domains);
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
    this.customDomains = domains.map((domain) => this.addCustomDomain(domain));
  }

  /** The CNAME of `domain` and, when bound, the custom domain validated through it. */
  private addCustomDomain(domain: CustomDomainProps): StaticWebAppCustomDomainInfo {
    const { subdomain, dnsZone } = domain;
    const hostName = customDomainHostName(domain);
    const cname = dnsZone.addCnameRecord(`Cname-${subdomain}`, subdomain, this.resource.defaultHostName);
    const common = { subdomain, hostName, bound: domain.bind, records: [cname] };
    if (!domain.bind) return common;
    const resource = new StaticWebAppCustomDomain(this, customDomainId(domain), {
      staticWebAppId: this.resource.id,
      domainName: hostName,
      validationType: "cname-delegation",
      dependsOn: [cname],
    });
    return { ...common, resource };
  }
}
