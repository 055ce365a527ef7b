import type { PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { verdictText } from "../../../helpers/policy";
import { NETWORK_RULES } from "../../../../lib/policy/rules/network";

/** An inbound Allow rule from the Internet to 443, as VnetWithSubnets synthesizes it. */
const HTTPS_FROM_INTERNET = {
  name: "AllowHTTPS",
  priority: 100,
  direction: "Inbound",
  access: "Allow",
  protocol: "Tcp",
  source_address_prefix: "Internet",
  source_port_range: "*",
  destination_address_prefix: "10.0.1.0/24",
  destination_port_range: "443",
};

function securityRule(overrides: Record<string, unknown>): ResourceView {
  return { type: "azurerm_network_security_rule", logicalId: "X", path: "stack/X", config: { ...HTTPS_FROM_INTERNET, ...overrides } };
}

function securityGroup(rules: Record<string, unknown>[]): ResourceView {
  return { type: "azurerm_network_security_group", logicalId: "X", path: "stack/X", config: { name: "nsg", security_rule: rules } };
}

function check(id: string, resource: ResourceView): string | undefined {
  const rule = NETWORK_RULES.find((r) => r.id === id) as PolicyRule;
  return verdictText(rule.check(resource, { stackName: "s", tier: "prod", resources: [resource] }));
}

describe("NETWORK_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and resource types", () => {
    const ids = NETWORK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-NSG-001", "AZ-NSG-002"]);
    for (const rule of NETWORK_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.severity).toBe("error");
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual(["azurerm_network_security_rule", "azurerm_network_security_group"]);
    }
  });

  test("HTTP and HTTPS from the Internet comply with both rules", () => {
    for (const rule of NETWORK_RULES) {
      expect(check(rule.id, securityRule({}))).toBeUndefined();
      expect(check(rule.id, securityRule({ destination_port_range: "80" }))).toBeUndefined();
      expect(check(rule.id, securityRule({ destination_port_range: undefined, destination_port_ranges: ["80", "443"] }))).toBeUndefined();
    }
  });

  describe("AZ-NSG-001 no inbound Allow from the Internet to every port", () => {
    test.each([
      [{ source_address_prefix: "*", destination_port_range: "*" }, 'inbound Allow from source_address_prefix "*" to every port (destination_port_range "*")'],
      [{ destination_port_range: "0-65535" }, 'inbound Allow from source_address_prefix "Internet" to every port (destination_port_range "0-65535")'],
      [{ source_address_prefix: "Any", destination_port_range: "1-65535" }, 'inbound Allow from source_address_prefix "Any" to every port (destination_port_range "1-65535")'],
      [
        { source_address_prefix: undefined, source_address_prefixes: ["10.0.0.0/8", "0.0.0.0/0"], destination_port_range: "*" },
        'inbound Allow from source_address_prefixes containing "0.0.0.0/0" to every port (destination_port_range "*")',
      ],
      [
        { destination_port_range: undefined, destination_port_ranges: ["0-1000", "1001-65535"] },
        'inbound Allow from source_address_prefix "Internet" to every port (destination_port_ranges ["0-1000","1001-65535"])',
      ],
      [{ direction: "inbound", access: "allow", source_address_prefix: "internet", destination_port_range: "*" }, 'inbound Allow from source_address_prefix "internet" to every port (destination_port_range "*")'],
    ])("%j is a violation", (overrides, message) => {
      expect(check("AZ-NSG-001", securityRule(overrides))).toBe(message);
    });

    test.each([
      ["a Deny rule", { access: "Deny", source_address_prefix: "*", destination_port_range: "*" }],
      ["an outbound rule", { direction: "Outbound", source_address_prefix: "*", destination_port_range: "*" }],
      ["a rule from a private range", { source_address_prefix: "10.0.1.0/24", destination_port_range: "*" }],
      ["a rule from a service tag", { source_address_prefix: "AzureFrontDoor.Backend", destination_port_range: "*" }],
      ["a rule from application security groups", { source_address_prefix: undefined, source_application_security_group_ids: ["${azurerm_application_security_group.A.id}"], destination_port_range: "*" }],
      ["a rule from a referenced prefix", { source_address_prefix: "${var.source}", destination_port_range: "*" }],
      ["a rule to referenced ports", { destination_port_range: "${var.ports}" }],
      ["a rule leaving a gap in the ports", { destination_port_range: undefined, destination_port_ranges: ["1-1000", "1002-65535"] }],
      ["an ICMP rule (no ports)", { protocol: "Icmp", source_address_prefix: "*", destination_port_range: "*" }],
    ])("%s complies", (_name, overrides) => {
      expect(check("AZ-NSG-001", securityRule(overrides))).toBeUndefined();
    });

    test("inline security_rule blocks of a network security group are judged one by one", () => {
      const nsg = securityGroup([
        HTTPS_FROM_INTERNET,
        { ...HTTPS_FROM_INTERNET, name: "AllowAll", source_address_prefix: "*", destination_port_range: "*" },
        { ...HTTPS_FROM_INTERNET, name: "DenyAll", access: "Deny", source_address_prefix: "*", destination_port_range: "*" },
      ]);
      expect(check("AZ-NSG-001", nsg)).toBe('security_rule "AllowAll": inbound Allow from source_address_prefix "*" to every port (destination_port_range "*")');
    });

    test("a network security group without inline rules complies", () => {
      expect(check("AZ-NSG-001", { type: "azurerm_network_security_group", logicalId: "X", path: "stack/X", config: { name: "nsg" } })).toBeUndefined();
    });
  });

  describe("AZ-NSG-002 inbound Allow from the Internet only to 80 and 443", () => {
    test.each([
      [{ destination_port_range: "22" }, 'inbound Allow from source_address_prefix "Internet" to destination_port_range "22": 22 is not 80 or 443'],
      [{ source_address_prefix: "0.0.0.0/0", destination_port_range: "8000-8080" }, 'inbound Allow from source_address_prefix "0.0.0.0/0" to destination_port_range "8000-8080": 8000-8080 is not 80 or 443'],
      [{ destination_port_range: "80-443" }, 'inbound Allow from source_address_prefix "Internet" to destination_port_range "80-443": 80-443 is not 80 or 443'],
      [
        { destination_port_range: undefined, destination_port_ranges: ["443", "3389", "5432"] },
        'inbound Allow from source_address_prefix "Internet" to destination_port_ranges ["443","3389","5432"]: 3389, 5432 are not 80 or 443',
      ],
      [{ source_address_prefix: "*", destination_port_range: "*" }, 'inbound Allow from source_address_prefix "*" to destination_port_range "*": * is not 80 or 443'],
    ])("%j is a violation", (overrides, message) => {
      expect(check("AZ-NSG-002", securityRule(overrides))).toBe(message);
    });

    test.each([
      ["a rule from a private range", { source_address_prefix: "10.0.1.0/24", destination_port_range: "8000" }],
      ["an outbound rule", { direction: "Outbound", destination_port_range: "5432" }],
      ["a Deny rule", { access: "Deny", destination_port_range: "22" }],
      ["a rule to referenced ports", { destination_port_range: "${var.port}" }],
      ["80-80 and 443-443 ranges", { destination_port_range: undefined, destination_port_ranges: ["80-80", "443-443"] }],
    ])("%s complies", (_name, overrides) => {
      expect(check("AZ-NSG-002", securityRule(overrides))).toBeUndefined();
    });

    test("inline security_rule blocks: every offending rule is named", () => {
      const nsg = securityGroup([
        HTTPS_FROM_INTERNET,
        { ...HTTPS_FROM_INTERNET, name: "AllowSSH", destination_port_range: "22" },
        { ...HTTPS_FROM_INTERNET, name: "AllowRDP", destination_port_range: "3389" },
      ]);
      expect(check("AZ-NSG-002", nsg)).toBe(
        'security_rule "AllowSSH": inbound Allow from source_address_prefix "Internet" to destination_port_range "22": 22 is not 80 or 443; ' +
          'security_rule "AllowRDP": inbound Allow from source_address_prefix "Internet" to destination_port_range "3389": 3389 is not 80 or 443',
      );
    });
  });
});
