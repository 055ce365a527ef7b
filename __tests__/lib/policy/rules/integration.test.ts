import type { Tier } from "../../../../lib/core/tier";
import { EmailCommunication } from "../../../../lib/integration/email-communication";
import { DnsZone } from "../../../../lib/network/dns-zone";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AZURE_RULES } from "../../../../lib/policy/rules";
import { INTEGRATION_RULES } from "../../../../lib/policy/rules/integration";
import { verdictText } from "../../../helpers/policy";
import { synthJson, testStack } from "../../../helpers/stack";

function view(type: string, logicalId: string, config: Record<string, unknown> = {}): ResourceView {
  return { type, logicalId, path: `stack/${logicalId}`, config };
}

/** Runs rule `id` over `resource` in a stack of `others`; tier "none" is a stack without a tier. */
function check(id: string, resource: ResourceView, others: ResourceView[], tier: Tier | "none" = "prod"): string | undefined {
  const rule = INTEGRATION_RULES.find((r) => r.id === id) as PolicyRule;
  const context: PolicyContext = { stackName: "s", tier: tier === "none" ? undefined : tier, resources: [resource, ...others] };
  return verdictText(rule.check(resource, context));
}

describe("INTEGRATION_RULES", () => {
  test("ids, categories and registration in the rule pack", () => {
    expect(INTEGRATION_RULES.map((r) => [r.id, r.category, r.severity, r.resourceTypes])).toEqual([
      ["AZ-DNS-001", "security", "error", ["azurerm_dns_zone"]],
      ["AZ-ACS-001", "deployability", "error", ["azurerm_communication_service_email_domain_association"]],
    ]);
    for (const rule of INTEGRATION_RULES) {
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(AZURE_RULES).toContain(rule);
    }
  });

  describe("AZ-DNS-001 a prod DNS zone is locked against deletion", () => {
    const zone = view("azurerm_dns_zone", "Zone", { name: "example.com" });
    const lock = (level: string, scope = "${azurerm_dns_zone.Zone.id}") => view("azurerm_management_lock", `Lock${level}`, { lock_level: level, scope });

    test("no lock in prod is a violation; a CanNotDelete lock on it complies", () => {
      expect(check("AZ-DNS-001", zone, [])).toBe("no CanNotDelete management lock is scoped to it");
      expect(check("AZ-DNS-001", zone, [lock("CanNotDelete")])).toBeUndefined();
    });

    test("a lock on another resource, or a ReadOnly lock, does not count", () => {
      expect(check("AZ-DNS-001", zone, [lock("CanNotDelete", "${azurerm_dns_zone.Other.id}")])).toBe("no CanNotDelete management lock is scoped to it");
      expect(check("AZ-DNS-001", zone, [lock("ReadOnly")])).toBe("no CanNotDelete management lock is scoped to it");
    });

    test("dev, staging and stacks without a tier are not judged", () => {
      for (const tier of ["dev", "staging", "none"] as const) expect(check("AZ-DNS-001", zone, [], tier)).toBeUndefined();
    });
  });

  describe("AZ-ACS-001 an email domain is linked within one data location", () => {
    const stackOf = (serviceLocation: unknown, emailLocation: unknown) => {
      const association = view("azurerm_communication_service_email_domain_association", "Link", {
        communication_service_id: "${azurerm_communication_service.Acs.id}",
        email_service_domain_id: "${azurerm_email_communication_service_domain.Domain.id}",
      });
      return {
        association,
        others: [
          view("azurerm_communication_service", "Acs", serviceLocation === undefined ? {} : { data_location: serviceLocation }),
          view("azurerm_email_communication_service_domain", "Domain", { email_service_id: "${azurerm_email_communication_service.Ecs.id}" }),
          view("azurerm_email_communication_service", "Ecs", { data_location: emailLocation }),
        ],
      };
    };

    test("different data locations are a violation, in every tier", () => {
      const { association, others } = stackOf("United States", "Europe");
      for (const tier of ["dev", "prod", "none"] as const) {
        expect(check("AZ-ACS-001", association, others, tier)).toBe('the Communication Services resource keeps data in "United States" and the domain\'s Email Communication Services resource in "Europe"');
      }
    });

    test("a Communication Services resource without data_location keeps data in the United States (azurerm's default)", () => {
      const { association, others } = stackOf(undefined, "Europe");
      expect(check("AZ-ACS-001", association, others)).toBe('the Communication Services resource keeps data in "United States" and the domain\'s Email Communication Services resource in "Europe"');
      const same = stackOf(undefined, "United States");
      expect(check("AZ-ACS-001", same.association, same.others)).toBeUndefined();
    });

    test("the same location, a reference, or a resource outside the stack is not judged", () => {
      const same = stackOf("Europe", "Europe");
      expect(check("AZ-ACS-001", same.association, same.others)).toBeUndefined();
      const ref = stackOf("${var.location}", "Europe");
      expect(check("AZ-ACS-001", ref.association, ref.others)).toBeUndefined();
      const outside = view("azurerm_communication_service_email_domain_association", "Link", {
        communication_service_id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
        email_service_domain_id: "${azurerm_email_communication_service_domain.Domain.id}",
      });
      expect(check("AZ-ACS-001", outside, stackOf("Europe", "UK").others)).toBeUndefined();
    });
  });

  test("end to end: a prod stack's unlocked zone fails AZ-DNS-001; EmailCommunication's links pass AZ-ACS-001", () => {
    const { stack, rg } = testStack({ environment: { name: "prod", tier: "prod" } });
    const zone = new DnsZone(stack, "Zone", { resourceGroup: rg, name: "augeo.app" });
    new EmailCommunication(stack, "Email", { resourceGroup: rg, dataLocation: "Europe", domain: "mail.augeo.app", dnsZone: zone, linkDomain: true, azureManagedDomain: true });
    const report = evaluate(INTEGRATION_RULES, { name: "test", tier: "prod", json: synthJson(stack) as never }, []);
    expect(report.findings.map((f) => [f.ruleId, f.resourceType])).toEqual([["AZ-DNS-001", "azurerm_dns_zone"]]);

    const locked = testStack({ environment: { name: "prod", tier: "prod" } });
    new DnsZone(locked.stack, "Zone", { resourceGroup: locked.rg, name: "augeo.app", lock: "CanNotDelete" });
    expect(evaluate(INTEGRATION_RULES, { name: "test", tier: "prod", json: synthJson(locked.stack) as never }, []).findings).toEqual([]);
  });
});
