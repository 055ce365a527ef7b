import type { PolicyRule } from "../rule";
import { expectBoolean, expectOneOf, get } from "../util";

/*
 * Azure Event Hubs (EventHub, lib/integration/event-hub.ts). An attribute that is not in the
 * synthesized JSON is judged by azurerm 4.55's default (eventhub_namespace_resource.go):
 * local_authentication_enabled true, public_network_access_enabled true, minimum_tls_version
 * "1.2", no identity. checkov ids are left empty: not verified against checkov's sources here.
 */

const NAMESPACE = "azurerm_eventhub_namespace";

export const EVENT_HUB_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-EVH-001",
    severity: "error",
    description:
      "An Event Hubs namespace accepts Entra ID only: shared access keys (SAS) off (local_authentication_enabled = false; azurerm's default when unset is true) (learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature).",
    fix: "Leave localAuthentication unset (false) on EventHub and grant roles (grantSend, grantReceive), or set local_authentication_enabled = false on the resource.",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["local_authentication_enabled"], false, true),
  },
  {
    id: "AZ-EVH-002",
    severity: "error",
    description: "An Event Hubs namespace refuses TLS below 1.2 (minimum_tls_version = \"1.2\"; azurerm's default when unset).",
    fix: "Remove minimum_tls_version or set it to \"1.2\" (EventHub always does).",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: [],
    check: (r) => expectOneOf(r, ["minimum_tls_version"], ["1.2"], "1.2"),
  },
  {
    id: "AZ-EVH-003",
    severity: "error",
    description:
      "A Standard or Premium Event Hubs namespace is closed to public networks (public_network_access_enabled = false; the default when unset is true) and reached through private endpoints. Basic is not judged: it has no private endpoints or IP firewall, so Entra ID is its guard (AZ-EVH-001).",
    fix: "Leave publicNetworkAccess unset (false on Standard and Premium) on EventHub and add privateEndpoints; suppress with a reason where a client has no private path.",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: [],
    check: (r) => (r.config.sku === "Basic" ? undefined : expectBoolean(r, ["public_network_access_enabled"], false, true, " on a Standard or Premium namespace")),
  },
  {
    id: "AZ-EVH-004",
    severity: "warning",
    description: "An Event Hubs namespace has a managed identity (for Capture to storage and customer-managed keys without keys).",
    fix: "Use EventHub (system-assigned by default, or identity), or add an identity block to the resource.",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: [],
    check: (r) => (get(r, "identity", "type") === undefined ? "it has no identity block" : undefined),
  },
];
