import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AZURE_RULES } from "../../../../lib/policy/rules";
import { SERVICE_BUS_RULES } from "../../../../lib/policy/rules/service-bus";
import { verdictText } from "../../../helpers/policy";

function view(type: string, logicalId: string, config: Record<string, unknown> = {}): ResourceView {
  return { type, logicalId, path: `stack/${logicalId}`, config };
}

function check(id: string, resource: ResourceView, others: ResourceView[] = []): string | undefined {
  const rule = SERVICE_BUS_RULES.find((r) => r.id === id) as PolicyRule;
  const context: PolicyContext = { stackName: "s", tier: "dev", resources: [resource, ...others] };
  return verdictText(rule.check(resource, context));
}

const NS = "azurerm_servicebus_namespace";
const ns = (config: Record<string, unknown>) => view(NS, "Bus", { name: "sbns-x", sku: "Standard", ...config });

describe("SERVICE_BUS_RULES", () => {
  test("ids, categories, severities, types and registration in the rule pack", () => {
    expect(SERVICE_BUS_RULES.map((r) => [r.id, r.category, r.severity, r.resourceTypes])).toEqual([
      ["AZ-SB-001", "security", "error", [NS]],
      ["AZ-SB-002", "security", "error", [NS]],
      ["AZ-SB-003", "security", "error", [NS]],
      ["AZ-SB-004", "security", "warning", [NS]],
      ["AZ-SB-005", "deployability", "error", ["azurerm_servicebus_queue", "azurerm_servicebus_topic"]],
    ]);
    for (const rule of SERVICE_BUS_RULES) {
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(AZURE_RULES).toContain(rule);
    }
  });

  test("AZ-SB-001 local auth off; unset is azurerm's true", () => {
    expect(check("AZ-SB-001", ns({}))).toBe("local_auth_enabled is true (Azure's default when unset)");
    expect(check("AZ-SB-001", ns({ local_auth_enabled: true }))).toBe("local_auth_enabled is true");
    expect(check("AZ-SB-001", ns({ local_auth_enabled: false }))).toBeUndefined();
    expect(check("AZ-SB-001", ns({ local_auth_enabled: "${var.x}" }))).toBeUndefined();
  });

  test("AZ-SB-002 TLS 1.2; unset is azurerm's 1.2", () => {
    expect(check("AZ-SB-002", ns({ minimum_tls_version: "1.0" }))).toBe('minimum_tls_version is "1.0"');
    expect(check("AZ-SB-002", ns({ minimum_tls_version: "1.1" }))).toBe('minimum_tls_version is "1.1"');
    expect(check("AZ-SB-002", ns({ minimum_tls_version: "1.2" }))).toBeUndefined();
    expect(check("AZ-SB-002", ns({}))).toBeUndefined();
  });

  test("AZ-SB-003 a Premium namespace's public endpoint is off; Standard and Basic are not judged", () => {
    expect(check("AZ-SB-003", ns({ sku: "Premium" }))).toBe("public_network_access_enabled is true (Azure's default when unset) on a Premium namespace");
    expect(check("AZ-SB-003", ns({ sku: "Premium", public_network_access_enabled: true }))).toBe("public_network_access_enabled is true on a Premium namespace");
    expect(check("AZ-SB-003", ns({ sku: "Premium", public_network_access_enabled: false }))).toBeUndefined();
    expect(check("AZ-SB-003", ns({ sku: "Standard", public_network_access_enabled: true }))).toBeUndefined();
    expect(check("AZ-SB-003", ns({ sku: "Basic" }))).toBeUndefined();
  });

  test("AZ-SB-004 a managed identity", () => {
    expect(check("AZ-SB-004", ns({}))).toBe("it has no identity block");
    expect(check("AZ-SB-004", ns({ identity: { type: "SystemAssigned" } }))).toBeUndefined();
  });

  describe("AZ-SB-005 queues and topics suit the namespace's tier", () => {
    const queue = (config: Record<string, unknown>) => view("azurerm_servicebus_queue", "Q", { name: "q", namespace_id: "${azurerm_servicebus_namespace.Bus.id}", ...config });

    test("large messages below Premium are a violation", () => {
      expect(check("AZ-SB-005", queue({ max_message_size_in_kilobytes: 102400 }), [ns({ sku: "Standard" })])).toBe("max_message_size_in_kilobytes is 102400 in a Standard namespace (Premium only)");
      expect(check("AZ-SB-005", queue({ max_message_size_in_kilobytes: 256 }), [ns({ sku: "Standard" })])).toBeUndefined();
      expect(check("AZ-SB-005", queue({}), [ns({ sku: "Basic" })])).toBeUndefined();
      expect(check("AZ-SB-005", queue({ max_message_size_in_kilobytes: 102400, partitioning_enabled: false }), [ns({ sku: "Premium", premium_messaging_partitions: 1 })])).toBeUndefined();
    });

    test("on Premium, partitioning follows the namespace's partitions", () => {
      expect(check("AZ-SB-005", queue({}), [ns({ sku: "Premium", premium_messaging_partitions: 2 })])).toBe("partitioning_enabled is false in a Premium namespace with 2 partitions (it must be true)");
      expect(check("AZ-SB-005", queue({ partitioning_enabled: true }), [ns({ sku: "Premium", premium_messaging_partitions: 2 })])).toBeUndefined();
      expect(check("AZ-SB-005", queue({ partitioning_enabled: true }), [ns({ sku: "Premium", premium_messaging_partitions: 1 })])).toBe("partitioning_enabled is true in a Premium namespace with 1 partition (it must be false)");
      expect(check("AZ-SB-005", queue({}), [ns({ sku: "Premium", premium_messaging_partitions: 1 })])).toBeUndefined();
    });

    test("a namespace outside the stack or a referenced tier is not judged", () => {
      expect(check("AZ-SB-005", queue({ max_message_size_in_kilobytes: 102400 }), [])).toBeUndefined();
      expect(check("AZ-SB-005", queue({ max_message_size_in_kilobytes: 102400 }), [ns({ sku: "${var.sku}" })])).toBeUndefined();
    });
  });
});
