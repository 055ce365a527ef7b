import type { PolicyRule, ResourceView } from "../rule";
import { isReference, references } from "../util";

/*
 * Public DNS zones and Azure Communication Services email: the names a product is reached at
 * and the domain it mails from. checkov has no checks for these resource types.
 */

/** The resource `value` references, among `resources` of `type`. */
function referenced(value: unknown, type: string, resources: readonly ResourceView[]): ResourceView | undefined {
  return resources.find((r) => r.type === type && references(value, r));
}

export const INTEGRATION_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-DNS-001",
    severity: "error",
    description:
      "In prod, a public DNS zone has a CanNotDelete management lock: deleting it breaks the delegation (a new zone gets other name servers) and with it every web address and mail record in it (learn.microsoft.com/azure/dns/dns-protect-zones-recordsets).",
    fix: "Set lock: \"CanNotDelete\" on the DnsZone (a system's prod tier: protection.lockStatefulResources).",
    resourceTypes: ["azurerm_dns_zone"],
    category: "security",
    checkov: [],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      const locked = context.resources.some((r) => r.type === "azurerm_management_lock" && r.config.lock_level === "CanNotDelete" && references(r.config.scope, resource));
      return locked ? undefined : "no CanNotDelete management lock is scoped to it";
    },
  },
  {
    id: "AZ-ACS-001",
    severity: "error",
    category: "deployability",
    description:
      "An email domain is linked only to a Communication Services resource with the same data location as its Email Communication Services resource; Azure refuses to connect domains across geographies (learn.microsoft.com/azure/communication-services/quickstarts/email/connect-email-communication-resource).",
    fix: "Give both resources the same data location (EmailCommunication's single dataLocation prop does).",
    resourceTypes: ["azurerm_communication_service_email_domain_association"],
    checkov: [],
    check(resource, context) {
      const service = referenced(resource.config.communication_service_id, "azurerm_communication_service", context.resources);
      const domain = referenced(resource.config.email_service_domain_id, "azurerm_email_communication_service_domain", context.resources);
      const emailService = domain && referenced(domain.config.email_service_id, "azurerm_email_communication_service", context.resources);
      if (!service || !emailService) return undefined; // a resource outside the stack: nothing to compare
      // azurerm's default for a Communication Services resource without data_location.
      const serviceLocation = service.config.data_location ?? "United States";
      const emailLocation = emailService.config.data_location;
      if (isReference(serviceLocation) || isReference(emailLocation) || serviceLocation === emailLocation) return undefined;
      return `the Communication Services resource keeps data in ${JSON.stringify(serviceLocation)} and the domain's Email Communication Services resource in ${JSON.stringify(emailLocation)}`;
    },
  },
];
