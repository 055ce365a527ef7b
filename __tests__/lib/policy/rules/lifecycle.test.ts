import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyRule, ResourceView, RuleVerdict } from "../../../../lib/policy/rule";
import { LIFECYCLE_RULES } from "../../../../lib/policy/rules/lifecycle";
import { verdictText } from "../../../helpers/policy";

/** The date every case is judged at: never today's. */
const DATE = "2026-11-29";

function rule(id: string): PolicyRule {
  return LIFECYCLE_RULES.find((r) => r.id === id) as PolicyRule;
}

function verdict(id: string, type: string, config: Record<string, unknown>, date = DATE): RuleVerdict | undefined {
  const r = rule(id);
  expect(r.resourceTypes).toContain(type);
  const resource: ResourceView = { type, logicalId: "X", path: "stack/X", config };
  const v = r.check(resource, { stackName: "s", resources: [resource], date });
  expect(typeof v).not.toBe("string"); // lifecycle verdicts always carry their own severity and fix
  return v as RuleVerdict | undefined;
}

function check(id: string, type: string, config: Record<string, unknown>, date = DATE): string | undefined {
  return verdictText(verdict(id, type, config, date));
}

const NODE_20_EOS = "Node.js 20 LTS on App Service (Linux) reached end of support on 2026-04-30 (App Service follows the community end of life: no security patches or support for it)";
const NODE_FIX = 'node_version "22-lts" ("22" on function apps; azurerm 4.55 accepts up to 22-lts; 24-lts needs a newer provider)';

describe("LIFECYCLE_RULES", () => {
  test("ids, category deployability, default severity error, no checkov ids, one-line descriptions and fixes", () => {
    expect(LIFECYCLE_RULES.map((r) => r.id)).toEqual(["AZ-LIFE-001", "AZ-LIFE-002", "AZ-LIFE-003", "AZ-LIFE-004", "AZ-LIFE-005", "AZ-LIFE-006", "AZ-LIFE-007"]);
    for (const r of LIFECYCLE_RULES) {
      expect(r.category).toBe("deployability");
      expect(r.severity).toBe("error");
      expect(r.checkov).toEqual([]);
      expect(r.description.trim()).not.toBe("");
      expect(r.description).not.toContain("\n");
      expect(r.fix.trim()).not.toBe("");
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  describe("AZ-LIFE-001 App Service language stacks", () => {
    const TYPES = ["azurerm_linux_web_app", "azurerm_linux_web_app_slot", "azurerm_linux_function_app", "azurerm_linux_function_app_slot", "azurerm_function_app_flex_consumption"];
    const stack = (application_stack: Record<string, unknown>) => ({ site_config: { application_stack } });

    test("covers Linux web apps, function apps and their slots", () => {
      expect([...rule("AZ-LIFE-001").resourceTypes].sort()).toEqual([...TYPES].sort());
    });

    test("Node.js 20 after its end of life is an error on every type, with the successor as fix", () => {
      expect(verdict("AZ-LIFE-001", "azurerm_linux_web_app", stack({ node_version: "20-lts" }))).toEqual({
        severity: "error",
        message: `site_config.application_stack.node_version "20-lts": ${NODE_20_EOS}`,
        fix: NODE_FIX,
      });
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app_slot", stack({ node_version: "20-lts" }))).toBe(`site_config.application_stack.node_version "20-lts": ${NODE_20_EOS}`);
      // Function apps write the major alone.
      expect(check("AZ-LIFE-001", "azurerm_linux_function_app", stack({ node_version: "20" }))).toBe(`site_config.application_stack.node_version "20": ${NODE_20_EOS}`);
      expect(check("AZ-LIFE-001", "azurerm_linux_function_app_slot", stack({ node_version: "18" }))).toContain("Node.js 18 LTS on App Service (Linux) reached end of support on 2025-04-30");
    });

    test("Python: 3.10 ended on 2026-10-31; 3.11 is a warning from 180 days before 2027-10-31; 3.12 complies", () => {
      expect(verdict("AZ-LIFE-001", "azurerm_linux_function_app", stack({ python_version: "3.10" }))?.severity).toBe("error");
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", stack({ python_version: "3.11" }))).toBeUndefined();
      expect(verdict("AZ-LIFE-001", "azurerm_linux_web_app", stack({ python_version: "3.11" }), "2027-05-04")).toEqual({
        severity: "warning",
        message: 'site_config.application_stack.python_version "3.11": Python 3.11 on App Service (Linux) reaches end of support on 2027-10-31, in 180 days',
        fix: 'python_version "3.13" (azurerm 4.55 accepts up to 3.13; 3.14 needs a newer provider)',
      });
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", stack({ python_version: "3.11" }), "2027-05-03")).toBeUndefined();
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", stack({ python_version: "3.12" }))).toBeUndefined();
    });

    test("Node.js 22 ends within 180 days of 2026-11-29: a warning whose fix needs a newer provider", () => {
      expect(verdict("AZ-LIFE-001", "azurerm_linux_function_app", stack({ node_version: "22" }))).toEqual({
        severity: "warning",
        message: 'site_config.application_stack.node_version "22": Node.js 22 LTS on App Service (Linux) reaches end of support on 2027-04-30, in 152 days',
        fix: 'node_version "24-lts" ("24" on function apps) once the azurerm provider accepts it (4.55 does not; hashicorp/terraform-provider-azurerm PR #31098)',
      });
    });

    test("the day before the end of life is a warning, the day itself an error", () => {
      expect(verdict("AZ-LIFE-001", "azurerm_linux_web_app", stack({ node_version: "20-lts" }), "2026-04-29")?.severity).toBe("warning");
      expect(verdict("AZ-LIFE-001", "azurerm_linux_web_app", stack({ node_version: "20-lts" }), "2026-04-30")?.severity).toBe("error");
    });

    test("a supported stack, no stack, a reference, or other stacks comply", () => {
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", stack({ node_version: "22-lts" }), "2026-10-31")).toBeUndefined();
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", {})).toBeUndefined();
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", stack({ node_version: "${var.node}" }))).toBeUndefined();
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", { site_config: { application_stack: "${var.stack}" } })).toBeUndefined();
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app", stack({ dotnet_version: "8.0" }))).toBeUndefined();
    });

    test("blocks synthesized as lists are read", () => {
      expect(check("AZ-LIFE-001", "azurerm_linux_web_app_slot", { site_config: [{ application_stack: [{ node_version: "20-lts" }] }] })).toBe(
        `site_config.application_stack.node_version "20-lts": ${NODE_20_EOS}`,
      );
    });
  });

  describe("AZ-LIFE-002 database engine versions", () => {
    const PG = "azurerm_postgresql_flexible_server";
    const CPG = "azurerm_cosmosdb_postgresql_cluster";

    test("PostgreSQL Flexible Server 13 is an error; 14 a warning 12 days before its end of standard support; 16 complies", () => {
      expect(verdict("AZ-LIFE-002", PG, { version: "13" })).toEqual({
        severity: "error",
        message:
          'version "13": PostgreSQL 13 on Azure Database for PostgreSQL Flexible Server reached end of support on 2026-03-31 (end of standard support: no new servers on it, existing servers move to paid extended support)',
        fix: 'version "17" (standard support until 2029-11-08)',
      });
      expect(verdict("AZ-LIFE-002", PG, { version: "14" })).toEqual({
        severity: "warning",
        message: 'version "14": PostgreSQL 14 on Azure Database for PostgreSQL Flexible Server reaches end of support on 2026-12-11, in 12 days',
        fix: 'version "17" (standard support until 2029-11-08)',
      });
      expect(check("AZ-LIFE-002", PG, { version: "16" })).toBeUndefined();
      expect(check("AZ-LIFE-002", PG, {})).toBeUndefined();
      expect(check("AZ-LIFE-002", PG, { version: "${var.pg}" })).toBeUndefined();
    });

    test("Cosmos DB for PostgreSQL sql_version 14 is retired for new clusters; 16 complies", () => {
      expect(verdict("AZ-LIFE-002", CPG, { sql_version: "14" })).toEqual({
        severity: "error",
        message: 'sql_version "14": PostgreSQL 14 on Azure Cosmos DB for PostgreSQL reached end of support on 2026-11-12 (retired: new clusters cannot use it)',
        fix: 'sql_version "16" (Citus 12.1), and plan the move to Azure Database for PostgreSQL Flexible Server elastic clusters',
      });
      expect(check("AZ-LIFE-002", CPG, { sql_version: "16" })).toBeUndefined();
      expect(check("AZ-LIFE-002", CPG, { sql_version: "${var.v}" })).toBeUndefined();
      // The Flexible Server attribute is not read on a cluster, and the other way round.
      expect(check("AZ-LIFE-002", CPG, { version: "11" })).toBeUndefined();
      expect(check("AZ-LIFE-002", PG, { sql_version: "11" })).toBeUndefined();
    });
  });

  describe("AZ-LIFE-003 Kubernetes versions", () => {
    const AKS = "azurerm_kubernetes_cluster";
    const POOL = "azurerm_kubernetes_cluster_node_pool";

    test("a cluster on 1.29.7 is an error; the default node pool's orchestrator_version is judged too, in one verdict", () => {
      expect(check("AZ-LIFE-003", AKS, { kubernetes_version: "1.29.7" })).toBe(
        'kubernetes_version "1.29.7": Kubernetes 1.29 on AKS reached end of support on 2025-03-31 (AKS: no new clusters on it, platform support only unless LTS is enabled)',
      );
      const both = verdict("AZ-LIFE-003", AKS, { kubernetes_version: "1.34", default_node_pool: { name: "system", orchestrator_version: "1.31.2" } });
      expect(both?.severity).toBe("error"); // the worst of a warning (1.34) and an error (1.31)
      expect(both?.message).toBe(
        'kubernetes_version "1.34": Kubernetes 1.34 on AKS reaches end of support on 2026-11-30, in 1 day; ' +
          'default_node_pool.orchestrator_version "1.31.2": Kubernetes 1.31 on AKS reached end of support on 2025-11-01 (AKS: no new clusters on it, platform support only unless LTS is enabled)',
      );
      expect(both?.fix?.split("; LTS").length).toBe(3); // two distinct successors
    });

    test("the same successor is given once", () => {
      const same = verdict("AZ-LIFE-003", AKS, { kubernetes_version: "1.30", default_node_pool: [{ orchestrator_version: "1.30.1" }] });
      expect(same?.message.split("; ").length).toBe(2);
      expect(same?.fix).toBe('a minor version AKS still supports: 1.36 or later (az aks get-versions --location <region>); LTS (sku_tier "Premium", support_plan "AKSLongTermSupport") supports 1.30 until 2026-07-31');
    });

    test("node pools: orchestrator_version", () => {
      expect(verdict("AZ-LIFE-003", POOL, { orchestrator_version: "1.32" })?.severity).toBe("error");
      expect(verdict("AZ-LIFE-003", POOL, { orchestrator_version: "1.35.0" }, "2026-10-02")?.message).toBe('orchestrator_version "1.35.0": Kubernetes 1.35 on AKS reaches end of support on 2027-03-31, in 180 days');
      expect(check("AZ-LIFE-003", POOL, { orchestrator_version: "1.35.0" }, "2026-10-01")).toBeUndefined();
    });

    test("unset (AKS's default), references and versions without a row are not judged", () => {
      expect(check("AZ-LIFE-003", AKS, {})).toBeUndefined();
      expect(check("AZ-LIFE-003", AKS, { default_node_pool: { name: "system" } })).toBeUndefined();
      expect(check("AZ-LIFE-003", AKS, { kubernetes_version: "${var.k8s}", default_node_pool: "${var.pool}" })).toBeUndefined();
      expect(check("AZ-LIFE-003", POOL, { orchestrator_version: "${azurerm_kubernetes_cluster.A.kubernetes_version}" })).toBeUndefined();
      expect(check("AZ-LIFE-003", AKS, { kubernetes_version: "1.36.1" })).toBeUndefined();
    });
  });

  describe("AZ-LIFE-004 AI models", () => {
    const D = "azurerm_cognitive_deployment";
    const model = (m: Record<string, unknown>) => ({ model: { format: "OpenAI", ...m }, sku: { name: "GlobalStandard", capacity: 10 } });

    test("a retired model version is an error with Microsoft's replacement as fix", () => {
      expect(verdict("AZ-LIFE-004", D, model({ name: "gpt-4.1", version: "2025-04-14" }))).toEqual({
        severity: "error",
        message: 'model.name "gpt-4.1", model.version "2025-04-14": Azure OpenAI model gpt-4.1 version 2025-04-14 reached end of support on 2026-10-14 (retired: its deployments return errors)',
        fix: 'model "gpt-5" (Microsoft\'s replacement, itself retiring on 2027-02-06) or a newer model with a later retirement date',
      });
    });

    test("closed to new customers is a warning; the day before, a warning that it closes", () => {
      expect(verdict("AZ-LIFE-004", D, model({ name: "gpt-5.4", version: "2026-03-05" }))?.severity).toBe("warning");
      expect(check("AZ-LIFE-004", D, model({ name: "gpt-5.4", version: "2026-03-05" }), "2026-09-04")).toBe(
        'model.name "gpt-5.4", model.version "2026-03-05": Azure OpenAI model gpt-5.4 version 2026-03-05 closes to new customers on 2026-09-05, in 1 day',
      );
      expect(check("AZ-LIFE-004", D, model({ name: "gpt-5.4", version: "2026-03-05" }), "2026-03-05")).toBeUndefined();
    });

    test("embedding models without a retirement date comply; so do unknown models", () => {
      expect(check("AZ-LIFE-004", D, model({ name: "text-embedding-3-small", version: "1" }))).toBeUndefined();
      expect(check("AZ-LIFE-004", D, model({ name: "gpt-9", version: "2030-01-01" }))).toBeUndefined();
    });

    test("an unset version is Azure's default: rows that name a version do not apply", () => {
      expect(check("AZ-LIFE-004", D, model({ name: "gpt-4o" }))).toBeUndefined();
    });

    test("references, list-form blocks and other formats", () => {
      expect(check("AZ-LIFE-004", D, model({ name: "${var.model}", version: "2024-08-06" }))).toBeUndefined();
      expect(check("AZ-LIFE-004", D, model({ name: "gpt-4o", version: "${var.version}" }))).toBeUndefined();
      expect(check("AZ-LIFE-004", D, { model: "${var.model}" })).toBeUndefined();
      expect(verdict("AZ-LIFE-004", D, { model: [{ format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }] })?.severity).toBe("error");
      // format unset: OpenAI models are judged; another publisher's model is not.
      expect(verdict("AZ-LIFE-004", D, { model: { name: "gpt-4o-mini", version: "2024-07-18" } })?.severity).toBe("error");
      expect(check("AZ-LIFE-004", D, { model: { format: "Cohere", name: "gpt-4o-mini", version: "2024-07-18" } })).toBeUndefined();
    });
  });

  describe("AZ-LIFE-005 VM sizes", () => {
    test("covers VMs, scale sets and AKS node pools", () => {
      expect([...rule("AZ-LIFE-005").resourceTypes].sort()).toEqual(
        [
          "azurerm_kubernetes_cluster",
          "azurerm_kubernetes_cluster_node_pool",
          "azurerm_linux_virtual_machine",
          "azurerm_linux_virtual_machine_scale_set",
          "azurerm_windows_virtual_machine",
          "azurerm_windows_virtual_machine_scale_set",
        ].sort(),
      );
    });

    test("a retired size is an error on each attribute", () => {
      const message = 'size "Standard_NC6s_v3": NCv3-series VM size reached end of support on 2025-09-30 (retired: no longer available and cannot be provisioned)';
      expect(check("AZ-LIFE-005", "azurerm_linux_virtual_machine", { size: "Standard_NC6s_v3" })).toBe(message);
      expect(verdict("AZ-LIFE-005", "azurerm_windows_virtual_machine", { size: "Standard_A2" })?.severity).toBe("error");
      expect(check("AZ-LIFE-005", "azurerm_linux_virtual_machine_scale_set", { sku: "Standard_NV12s_v3" })).toBe(
        'sku "Standard_NV12s_v3": NVv3-series VM size reached end of support on 2026-09-30 (retired: no longer available and cannot be provisioned)',
      );
      expect(verdict("AZ-LIFE-005", "azurerm_windows_virtual_machine_scale_set", { sku: "Standard_NC24rs_v3" })?.severity).toBe("error");
      expect(check("AZ-LIFE-005", "azurerm_kubernetes_cluster", { default_node_pool: { vm_size: "Standard_NC6" } })).toContain('default_node_pool.vm_size "Standard_NC6": NC-series (v1)');
      expect(check("AZ-LIFE-005", "azurerm_kubernetes_cluster", { default_node_pool: [{ vm_size: "Standard_NC6" }] })).toContain('default_node_pool.vm_size "Standard_NC6"');
      expect(check("AZ-LIFE-005", "azurerm_kubernetes_cluster_node_pool", { vm_size: "Standard_ND6s" })).toContain('vm_size "Standard_ND6s": ND-series (v1)');
    });

    test("a size retiring in 2028 complies today and warns within 180 days of its date", () => {
      expect(check("AZ-LIFE-005", "azurerm_linux_virtual_machine", { size: "Standard_B2s" })).toBeUndefined();
      expect(verdict("AZ-LIFE-005", "azurerm_linux_virtual_machine", { size: "Standard_B2s" }, "2028-06-01")).toEqual({
        severity: "warning",
        message: 'size "Standard_B2s": B-series (v1) VM size reaches end of support on 2028-11-15, in 167 days',
        fix: "a current B-series size (Bsv2, Basv2 or Bpsv2, e.g. Standard_B2s_v2)",
      });
      expect(verdict("AZ-LIFE-005", "azurerm_kubernetes_cluster_node_pool", { vm_size: "Standard_DS2_v2" }, "2028-05-01")?.severity).toBe("error");
    });

    test("current sizes, references and unset sizes comply", () => {
      expect(check("AZ-LIFE-005", "azurerm_linux_virtual_machine", { size: "Standard_B2s_v2" })).toBeUndefined();
      expect(check("AZ-LIFE-005", "azurerm_linux_virtual_machine", { size: "Standard_D2s_v5" })).toBeUndefined();
      expect(check("AZ-LIFE-005", "azurerm_linux_virtual_machine", { size: "${var.size}" })).toBeUndefined();
      expect(check("AZ-LIFE-005", "azurerm_kubernetes_cluster", { default_node_pool: { vm_size: "${var.size}" } })).toBeUndefined();
      expect(check("AZ-LIFE-005", "azurerm_kubernetes_cluster", {})).toBeUndefined();
    });
  });

  describe("AZ-LIFE-006 services on a retirement path", () => {
    test("Cosmos DB for PostgreSQL is closed to new deployments", () => {
      expect(verdict("AZ-LIFE-006", "azurerm_cosmosdb_postgresql_cluster", { sql_version: "16" })).toEqual({
        severity: "error",
        message: "Azure Cosmos DB for PostgreSQL is closed to new deployments (as stated by Microsoft on 2026-11-29)",
        fix: "Azure Database for PostgreSQL Flexible Server (azurerm_postgresql_flexible_server), with elastic clusters for Citus workloads",
      });
      // Before the project read the statement, the service was not judged.
      expect(check("AZ-LIFE-006", "azurerm_cosmosdb_postgresql_cluster", {}, "2026-11-28")).toBeUndefined();
    });

    test("Azure Cache for Redis is a warning (closed to new customers) until 2028-09-30, then an error", () => {
      expect(verdict("AZ-LIFE-006", "azurerm_redis_cache", { sku_name: "Premium" })).toEqual({
        severity: "warning",
        message:
          "Azure Cache for Redis (Basic, Standard, Premium) is closed to new customers since 2026-04-01 (existing customers can still deploy it, new customers cannot) and reaches end of support on 2028-09-30, in 671 days",
        fix: "Azure Managed Redis (azurerm_managed_redis)",
      });
      expect(check("AZ-LIFE-006", "azurerm_redis_cache", {}, "2026-03-31")).toBe("Azure Cache for Redis (Basic, Standard, Premium) closes to new customers on 2026-04-01, in 1 day");
      expect(verdict("AZ-LIFE-006", "azurerm_redis_cache", {}, "2028-09-30")?.severity).toBe("error");
    });

    test("Redis Enterprise retires 2027-03-31", () => {
      expect(verdict("AZ-LIFE-006", "azurerm_redis_enterprise_cluster", {})?.severity).toBe("warning");
      expect(verdict("AZ-LIFE-006", "azurerm_redis_enterprise_cluster", {}, "2027-03-31")?.severity).toBe("error");
      expect(check("AZ-LIFE-006", "azurerm_redis_enterprise_cluster", {}, "2026-10-01")).toBeUndefined();
    });

    // AvailabilityTest (lib/observability/availability-test.ts)
    test("classic URL ping tests retired on 2026-09-30; standard tests are not judged", () => {
      expect(verdict("AZ-LIFE-006", "azurerm_application_insights_web_test", { kind: "ping" })?.severity).toBe("error");
      expect(check("AZ-LIFE-006", "azurerm_application_insights_web_test", { kind: "ping" })).toContain("2026-09-30");
      expect(verdict("AZ-LIFE-006", "azurerm_application_insights_web_test", {}, "2026-06-01")?.severity).toBe("warning");
      expect(rule("AZ-LIFE-006").resourceTypes).not.toContain("azurerm_application_insights_standard_web_test");
    });
  });

  test("through the engine: findings carry the verdict's severity and fix, and the deployability category", () => {
    const json = {
      resource: {
        azurerm_linux_web_app: { Api: { "//": { metadata: { path: "s/Api/Resource" } }, site_config: { application_stack: { node_version: "20-lts" } } } },
        azurerm_redis_cache: { Cache: { "//": { metadata: { path: "s/Cache/Resource" } }, sku_name: "Standard" } },
      },
    };
    const report = evaluate(LIFECYCLE_RULES, { name: "s", json, date: DATE }, []);
    expect(report.findings.map((f) => [f.ruleId, f.category, f.severity, f.path, f.fix])).toEqual([
      ["AZ-LIFE-001", "deployability", "error", "s/Api/Resource", NODE_FIX],
      ["AZ-LIFE-006", "deployability", "warning", "s/Cache/Resource", "Azure Managed Redis (azurerm_managed_redis)"],
    ]);
    expect(report.errors).toBe(1);
    expect(report.warnings).toBe(1);
  });
});

// FunctionApp (lib/web/function-app.ts)
describe("AZ-LIFE-007 the Linux Consumption plan, and Flex Consumption runtimes in AZ-LIFE-001", () => {
  const plan = (config: Record<string, unknown>): ResourceView => ({ type: "azurerm_service_plan", logicalId: "Plan", path: "s/Plan", config });
  const app = (type = "azurerm_linux_function_app"): ResourceView => ({ type, logicalId: "Fn", path: "s/Fn", config: { service_plan_id: "${azurerm_service_plan.Plan.id}" } });
  const judgeOn = (planConfig: Record<string, unknown>, date = DATE, type = "azurerm_linux_function_app") => {
    const resources = [plan(planConfig), app(type)];
    return rule("AZ-LIFE-007").check(resources[1], { stackName: "s", resources, date }) as RuleVerdict | undefined;
  };
  const FIX =
    "the Flex Consumption plan (sku_name FC1, azurerm_function_app_flex_consumption; FunctionApp plan kind FlexConsumption); Microsoft's migration guide: https://learn.microsoft.com/azure/azure-functions/migration/migrate-plan-consumption-to-flex";

  test("a Linux function app on Y1 is a warning now: the retirement is announced", () => {
    expect(judgeOn({ os_type: "Linux", sku_name: "Y1" })).toEqual({
      severity: "warning",
      message: 'service_plan_id (sku_name "Y1", os_type "Linux"): The Azure Functions Linux Consumption plan (Y1 on Linux) is retiring on 2028-09-30, in 671 days, and gets no new features or language versions',
      fix: FIX,
    });
    expect(judgeOn({ os_type: "Linux", sku_name: "Y1" }, DATE, "azurerm_linux_function_app_slot")?.severity).toBe("warning");
  });

  test("within 180 days of 2028-09-30 the lifecycle warning, after it an error", () => {
    expect(judgeOn({ os_type: "Linux", sku_name: "Y1" }, "2028-06-01")?.message).toBe(
      'service_plan_id (sku_name "Y1", os_type "Linux"): The Azure Functions Linux Consumption plan (Y1 on Linux) reaches end of support on 2028-09-30, in 121 days',
    );
    expect(judgeOn({ os_type: "Linux", sku_name: "Y1" }, "2028-09-30")).toEqual({
      severity: "error",
      message: 'service_plan_id (sku_name "Y1", os_type "Linux"): The Azure Functions Linux Consumption plan (Y1 on Linux) reached end of support on 2028-09-30 (retired: function apps on it are no longer supported)',
      fix: FIX,
    });
  });

  test("Flex Consumption, Elastic Premium, Windows Consumption, references and plans outside the stack are not judged", () => {
    expect(judgeOn({ os_type: "Linux", sku_name: "FC1" })).toBeUndefined();
    expect(judgeOn({ os_type: "Linux", sku_name: "EP1" })).toBeUndefined();
    expect(judgeOn({ os_type: "Windows", sku_name: "Y1" })).toBeUndefined();
    expect(judgeOn({ os_type: "Linux", sku_name: "${var.sku}" })).toBeUndefined();
    const lone = app();
    expect(rule("AZ-LIFE-007").check(lone, { stackName: "s", resources: [lone], date: DATE })).toBeUndefined();
  });

  test("AZ-LIFE-001 judges a Flex Consumption app's runtime_name and runtime_version", () => {
    expect(check("AZ-LIFE-001", "azurerm_function_app_flex_consumption", { runtime_name: "node", runtime_version: "20" })).toBe(`runtime_version "20": ${NODE_20_EOS}`);
    expect(verdict("AZ-LIFE-001", "azurerm_function_app_flex_consumption", { runtime_name: "python", runtime_version: "3.10" })?.severity).toBe("error");
    expect(check("AZ-LIFE-001", "azurerm_function_app_flex_consumption", { runtime_name: "dotnet-isolated", runtime_version: "8.0" })).toBeUndefined();
  });
});
