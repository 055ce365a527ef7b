import type { PolicyRule, ResourceView } from "../rule";
import { expectBoolean, expectOneOf, get, isReference, references } from "../util";

/*
 * Azure Service Bus (ServiceBus, lib/integration/service-bus.ts). An attribute that is not in the
 * synthesized JSON is judged by azurerm 4.55's default (internal/services/servicebus/
 * servicebus_namespace_resource.go): local_auth_enabled true, public_network_access_enabled true,
 * minimum_tls_version "1.2", premium_messaging_partitions 0, no identity. checkov ids from
 * checkov/terraform/checks/resource/azure/AzureServicebus*.py: CKV_AZURE_203 local auth,
 * CKV_AZURE_205 TLS, CKV_AZURE_204 public network access, CKV_AZURE_202 managed identity
 * (CKV_AZURE_201 customer-managed key and CKV_AZURE_199 double encryption are not implemented:
 * Premium only, and see the README's CMK row).
 */

const NAMESPACE = "azurerm_servicebus_namespace";
const QUEUE = "azurerm_servicebus_queue";
const TOPIC = "azurerm_servicebus_topic";

function sku(resource: ResourceView): unknown {
  return resource.config.sku;
}

export const SERVICE_BUS_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-SB-001",
    severity: "error",
    description:
      "A Service Bus namespace accepts Entra ID only: shared access keys (SAS) off (local_auth_enabled = false; azurerm's default when unset is true) (learn.microsoft.com/azure/service-bus-messaging/disable-local-authentication).",
    fix: "Leave localAuth unset (false) on ServiceBus and grant roles (grantSend, grantReceive), or set local_auth_enabled = false on the resource.",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: ["CKV_AZURE_203"],
    check: (r) => expectBoolean(r, ["local_auth_enabled"], false, true),
  },
  {
    id: "AZ-SB-002",
    severity: "error",
    description: "A Service Bus namespace refuses TLS below 1.2 (minimum_tls_version = \"1.2\"; azurerm's default when unset).",
    fix: "Remove minimum_tls_version or set it to \"1.2\" (ServiceBus always does).",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: ["CKV_AZURE_205"],
    check: (r) => expectOneOf(r, ["minimum_tls_version"], ["1.2"], "1.2"),
  },
  {
    id: "AZ-SB-003",
    severity: "error",
    description:
      "A Premium Service Bus namespace is closed to public networks (public_network_access_enabled = false; the default when unset is true) and reached through private endpoints. Basic and Standard are not judged: they have no private endpoints or network rules, so Entra ID is their guard (AZ-SB-001).",
    fix: "Leave publicNetworkAccess unset (false on Premium) on ServiceBus and add privateEndpoints; suppress with a reason where a client has no private path.",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: ["CKV_AZURE_204"],
    check: (r) => (sku(r) === "Premium" ? expectBoolean(r, ["public_network_access_enabled"], false, true, " on a Premium namespace") : undefined),
  },
  {
    id: "AZ-SB-004",
    severity: "warning",
    description: "A Service Bus namespace has a managed identity (for customer-managed keys and, with it, other Azure services it calls).",
    fix: "Use ServiceBus (system-assigned by default, or identity), or add an identity block to the resource.",
    resourceTypes: [NAMESPACE],
    category: "security",
    checkov: ["CKV_AZURE_202"],
    check: (r) => (get(r, "identity", "type") === undefined ? "it has no identity block" : undefined),
  },
  {
    id: "AZ-SB-005",
    severity: "error",
    category: "deployability",
    description:
      "A Service Bus queue or topic suits its namespace's tier, which azurerm checks only at apply: max_message_size_in_kilobytes (large messages) only on Premium; on Premium, partitioning_enabled true in a namespace with 2 or 4 partitions and false with 1 (internal/services/servicebus/servicebus_queue_resource.go).",
    fix: "Use ServiceBus.addQueue / addTopic (it derives partitioning from the namespace and refuses large messages below Premium), or align the entity with the namespace.",
    resourceTypes: [QUEUE, TOPIC],
    checkov: [],
    check(resource, context) {
      const ns = context.resources.find((r) => r.type === NAMESPACE && references(resource.config.namespace_id, r));
      if (!ns || isReference(ns.config.sku)) return undefined;
      const size = resource.config.max_message_size_in_kilobytes;
      if (ns.config.sku !== "Premium") {
        return size !== undefined && !isReference(size) && size !== 256 ? `max_message_size_in_kilobytes is ${JSON.stringify(size)} in a ${String(ns.config.sku)} namespace (Premium only)` : undefined;
      }
      const partitions = ns.config.premium_messaging_partitions;
      const partitioning = resource.config.partitioning_enabled;
      if (isReference(partitions) || isReference(partitioning)) return undefined;
      const partitioned = partitions !== 1;
      const enabled = partitioning === true || partitioning === "true";
      if (partitioned && !enabled) return `partitioning_enabled is ${JSON.stringify(partitioning ?? false)} in a Premium namespace with ${JSON.stringify(partitions ?? 0)} partitions (it must be true)`;
      if (!partitioned && enabled) return "partitioning_enabled is true in a Premium namespace with 1 partition (it must be false)";
      return undefined;
    },
  },
];
