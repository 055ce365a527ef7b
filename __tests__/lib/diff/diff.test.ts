import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { MapsAccount } from "@cdktf/provider-azurerm/lib/maps-account";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import type { Finding, PolicyReport } from "../../../lib/policy";
import { FORCE_NEW_ARGUMENTS, STATEFUL_RESOURCE_TYPES, diffSyntheses, forcingArgument, isSensitive, renderDiffMarkdown, renderDiffText, rowSource } from "../../../lib";
import { synthAll } from "../../helpers/synth-all";

interface Options {
  readonly storageId?: string;
  readonly accountTier?: string;
  readonly minimumTls?: string;
  readonly appSetting?: string;
  readonly extraSecret?: boolean;
  readonly passwordLength?: number;
}

/** A small stack: a storage account (stateful), a secret fed by random_password, a web app, an Azure Maps account (a type the force-new table does not cover). */
function stack(name: string, o: Options = {}): unknown {
  const app = Testing.app();
  const s = new TerraformStack(app as App, name);
  new AzurermProvider(s, "azurerm", { features: [{}] });
  new RandomProvider(s, "random");
  new StorageAccount(s, o.storageId ?? "Data", {
    name: "stdemo", resourceGroupName: "rg-demo", location: "eastus2", accountTier: o.accountTier ?? "Standard", accountReplicationType: "ZRS", minTlsVersion: o.minimumTls ?? "TLS1_2",
  });
  const password = new Password(s, "Password", { length: o.passwordLength ?? 32 });
  new KeyVaultSecret(s, "Secret", { name: "db-password", keyVaultId: "/subscriptions/x/kv", value: password.result });
  if (o.extraSecret) new KeyVaultSecret(s, "Extra", { name: "extra", keyVaultId: "/subscriptions/x/kv", value: "plain" });
  new LinuxWebApp(s, "Web", {
    name: "app-demo", resourceGroupName: "rg-demo", location: "eastus2", servicePlanId: "/subscriptions/x/plan", siteConfig: {},
    appSettings: { DB_PASSWORD: o.appSetting ?? "old-secret-value", MODE: o.appSetting ? "b" : "a" },
  });
  new MapsAccount(s, "Maps", { name: "map-demo", resourceGroupName: "rg-demo", location: "eastus2", skuName: "G2", tags: { mode: o.appSetting ? "b" : "a" } });
  return JSON.parse(Testing.synth(s));
}

const finding = (ruleId: string, path: string, suppressedBecause?: string): Finding => ({
  ruleId, category: "security", severity: "warning", path, resourceType: "azurerm_storage_account", logicalId: "Data", message: `${ruleId} broken`, fix: "set it", ...(suppressedBecause ? { suppressedBecause } : {}),
});
const report = (name: string, findings: Finding[]): PolicyReport => ({ stack: name, rulesEvaluated: 1, resourcesEvaluated: 1, findings, suppressions: [], errors: 0, warnings: findings.length });

describe("diffSyntheses", () => {
  test("a renamed construct id is an address change at the top, with its moved block and the cdktf call", () => {
    const d = diffSyntheses([{ name: "demo-dev", json: stack("demo-dev") }], [{ name: "demo-dev", json: stack("demo-dev", { storageId: "Files" }) }]);
    const s = d.stacks[0];
    expect(s.moved).toEqual([expect.objectContaining({
      type: "azurerm_storage_account", from: "azurerm_storage_account.Data", to: "azurerm_storage_account.Files", stateful: "storage",
      movedBlock: "moved {\n  from = azurerm_storage_account.Data\n  to   = azurerm_storage_account.Files\n}",
      cdktf: 'resource.moveFromId("azurerm_storage_account.Data")',
    })]);
    expect(s.removed).toEqual([]);
    expect(s.added).toEqual([]);
    expect(d.statefulRisks).toEqual(["demo-dev: azurerm_storage_account.Data (storage) would be destroyed and created again as azurerm_storage_account.Files unless a moved block keeps it"]);
    const text = renderDiffText(d);
    const lines = text.split("\n");
    expect(lines[1]).toBe("demo-dev  1 stateful resource at risk; 1 address change");
    expect(text.indexOf("moved {")).toBeLessThan(text.indexOf("== demo-dev") + 200);
    const md = renderDiffMarkdown(d);
    expect(md).toContain("```hcl\n  moved {\n    from = azurerm_storage_account.Data\n    to   = azurerm_storage_account.Files\n  }\n  ```");
    expect(md.indexOf("**Replacement risk**")).toBeGreaterThan(0);
  });

  test("a renamed id whose configuration also changed is a destroy and a create, not a move", () => {
    const d = diffSyntheses([{ name: "x", json: stack("x") }], [{ name: "x", json: stack("x", { storageId: "Files", minimumTls: "TLS1_3" }) }]);
    expect(d.stacks[0].moved).toEqual([]);
    expect(d.stacks[0].removed.map((r) => r.address)).toEqual(["azurerm_storage_account.Data"]);
    expect(d.stacks[0].added.map((r) => r.address)).toEqual(["azurerm_storage_account.Files"]);
    expect(d.statefulRisks).toEqual(["x: azurerm_storage_account.Data (storage) would be destroyed"]);
  });

  test("a force-new argument change is a replacement; an update of a covered type is in place; an uncovered type says so", () => {
    const d = diffSyntheses([{ name: "x", json: stack("x") }], [{ name: "x", json: stack("x", { accountTier: "Premium", appSetting: "new-secret-value" }) }]);
    const s = d.stacks[0];
    expect(s.replaced.map((c) => [c.address, c.replacement, c.attributes])).toEqual([
      ["azurerm_storage_account.Data", "replace", [{ path: "account_tier", before: "Standard", after: "Premium", forcesReplacement: "account_tier" }]],
    ]);
    expect(d.statefulRisks).toEqual(["x: azurerm_storage_account.Data (storage) would be replaced: account_tier forces a new resource"]);
    expect(s.changed.map((c) => [c.address, c.replacement])).toEqual([["azurerm_linux_web_app.Web", "update"], ["azurerm_maps_account.Maps", "unknown"]]);
    expect(d.typesNotInTable).toEqual(["azurerm_maps_account"]);
    expect(renderDiffText(d)).toContain("~ change azurerm_maps_account.Maps: replacement behaviour not in the table");
    const tier = diffSyntheses([{ name: "x", json: stack("x") }], [{ name: "x", json: stack("x", { minimumTls: "TLS1_3" }) }]).stacks[0];
    expect(tier.changed.map((c) => [c.address, c.replacement])).toEqual([["azurerm_storage_account.Data", "update"]]);
    expect(tier.statefulRisks).toEqual([]);
  });

  test("sensitive values are masked: a secret-looking key, a value random_password feeds, a Key Vault secret's value", () => {
    const d = diffSyntheses([{ name: "x", json: stack("x") }], [{ name: "x", json: stack("x", { appSetting: "new-secret-value", extraSecret: true }) }]);
    const web = d.stacks[0].changed.find((c) => c.type === "azurerm_linux_web_app")!;
    expect(web.attributes).toEqual([
      { path: "app_settings.DB_PASSWORD", before: "(sensitive)", after: "(sensitive)" },
      { path: "app_settings.MODE", before: "a", after: "b" },
    ]);
    const all = JSON.stringify(d) + renderDiffText(d) + renderDiffMarkdown(d);
    expect(all).not.toContain("secret-value");
    expect(isSensitive("azurerm_key_vault_secret", "value", "plain")).toBe(true);
    expect(isSensitive("azurerm_linux_web_app", "app_settings.DATABASE_URL", "${random_password.Password.result}")).toBe(true);
    expect(isSensitive("azurerm_mssql_server", "administrator_login_password", "x")).toBe(true);
    expect(isSensitive("azurerm_storage_account", "primary_connection_string", "x")).toBe(true);
    expect(isSensitive("azurerm_key_vault_secret", "key_vault_id", "/subscriptions/x/kv")).toBe(false);
    expect(isSensitive("azurerm_linux_web_app", "app_settings.MODE", "a")).toBe(false);
  });

  test("stacks added and removed; unchanged stacks say so", () => {
    const d = diffSyntheses([{ name: "a-dev", json: stack("a-dev") }, { name: "gone-dev", json: stack("gone-dev") }], [{ name: "a-dev", json: stack("a-dev") }, { name: "new-dev", json: stack("new-dev") }]);
    expect(d.stacksAdded).toEqual(["new-dev"]);
    expect(d.stacksRemoved).toEqual(["gone-dev"]);
    expect(d.stacks.map((s) => [s.stack, s.status])).toEqual([["a-dev", "unchanged"], ["new-dev", "added"], ["gone-dev", "removed"]]);
    expect(d.statefulRisks).toEqual([]);
    expect(renderDiffText(d).split("\n").slice(0, 4)).toEqual([
      "STACK     CHANGE",
      "a-dev     no resource changes",
      "new-dev   new stack",
      "gone-dev  stack removed (its deployed resources are not destroyed by synth; run terraform destroy first if they should go)",
    ]);
  });

  test("policy delta: new and resolved unsuppressed findings; suppressed ones are neither; no cost line without an estimator", () => {
    const json = stack("x");
    const d = diffSyntheses(
      [{ name: "x", json, policy: report("x", [finding("AZ-ST-001", "x/Data"), finding("AZ-ST-002", "x/Data"), finding("AZ-ST-009", "x/Data", "accepted")])}],
      [{ name: "x", json, policy: report("x", [finding("AZ-ST-002", "x/Data"), finding("AZ-ST-003", "x/Data")])}],
    );
    expect(d.stacks[0].policy.added.map((f) => f.ruleId)).toEqual(["AZ-ST-003"]);
    expect(d.stacks[0].policy.resolved.map((f) => f.ruleId)).toEqual(["AZ-ST-001"]);
    expect(d.stacks[0].costDelta).toBeUndefined();
    expect(renderDiffMarkdown(d)).not.toContain("**Cost**");
    const withCost = diffSyntheses([{ name: "x", json }], [{ name: "x", json: stack("x", { minimumTls: "TLS1_3" }) }], { costDelta: () => ({ currency: "USD", monthlyBefore: 1, monthlyAfter: 2 }) });
    expect(renderDiffMarkdown(withCost)).toContain("**Cost**: 1.00 → 2.00 USD per month");
  });
});

describe("FORCE_NEW_ARGUMENTS", () => {
  test("every row names its repo, file and commit: the azurerm doc, or a provider source file; nested paths match under list indexes", () => {
    for (const [type, row] of Object.entries(FORCE_NEW_ARGUMENTS)) {
      if (row.doc.startsWith("website/")) {
        expect(row.repo).toBeUndefined();
        expect(row.doc).toBe(`website/docs/r/${type.replace(/^azurerm_/, "")}.html.markdown`);
      } else {
        expect(row.doc).toMatch(/^internal\/.+\.go$/);
        expect(row.repo ?? "hashicorp/terraform-provider-azurerm").toBe(`hashicorp/terraform-provider-${type.split("_")[0]}`);
        expect(SOURCE_ROWS).toContain(type);
      }
      expect(row.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(row.arguments.length).toBeGreaterThan(0);
    }
    const redis = FORCE_NEW_ARGUMENTS.azurerm_managed_redis;
    expect(forcingArgument(redis, "default_database[0].module[1].name")).toBe("default_database.module");
    expect(forcingArgument(redis, "default_database.eviction_policy")).toBeUndefined();
    expect(forcingArgument(redis, "name_suffix")).toBeUndefined();
  });

  test("covers every stateful type the shipped stacks emit", () => {
    const emitted = new Set(synthAll().flatMap((s) => Object.keys(s.json.resource)));
    const stateful = [...emitted].filter((t) => t in STATEFUL_RESOURCE_TYPES).sort();
    const missing = stateful.filter((t) => !(t in FORCE_NEW_ARGUMENTS));
    expect(missing).toEqual(KNOWN_GAPS);
  });

  test("covers every type the shipped stacks emit but the README's listed gaps", () => {
    const emitted = new Set(synthAll().flatMap((s) => Object.keys(s.json.resource)));
    expect([...emitted].filter((t) => !(t in FORCE_NEW_ARGUMENTS)).sort()).toEqual(UNCOVERED_TYPES);
  });

  test("rows added from whole-block marks and value conditions match nested paths and keep the conditions", () => {
    const aks = FORCE_NEW_ARGUMENTS.azurerm_kubernetes_cluster;
    expect(forcingArgument(aks, "network_profile[0].outbound_type")).toBe("network_profile");
    expect(forcingArgument(aks, "default_node_pool[0].proximity_placement_group_id")).toBe("default_node_pool.proximity_placement_group_id");
    expect(forcingArgument(aks, "default_node_pool[0].vm_size")).toBeUndefined();
    expect(forcingArgument(aks, "linux_profile[0].ssh_key[0].key_data")).toBe("linux_profile.ssh_key.key_data");
    expect(forcingArgument(FORCE_NEW_ARGUMENTS.azurerm_firewall, "management_ip_configuration[0].subnet_id")).toBe("management_ip_configuration.subnet_id");
    expect(forcingArgument(FORCE_NEW_ARGUMENTS.azurerm_firewall, "management_ip_configuration[0].public_ip_address_id")).toBeUndefined();
    expect(FORCE_NEW_ARGUMENTS.azurerm_monitor_data_collection_rule.conditions).toBe("changing kind once it has been set");
  });

  test("rows read from provider source: whole blocks, other providers' repos, printed with their repo and path", () => {
    expect(Object.entries(FORCE_NEW_ARGUMENTS).filter(([, r]) => !r.doc.startsWith("website/")).map(([t]) => t).sort()).toEqual(SOURCE_ROWS);
    const zone = FORCE_NEW_ARGUMENTS.azurerm_private_dns_zone;
    expect(forcingArgument(zone, "soa_record[0].email")).toBe("soa_record");
    expect(forcingArgument(zone, "name")).toBe("name");
    expect(forcingArgument(zone, "tags.env")).toBeUndefined();
    expect(forcingArgument(FORCE_NEW_ARGUMENTS.azurerm_storage_share, "quota")).toBeUndefined();
    expect(forcingArgument(FORCE_NEW_ARGUMENTS.azurerm_storage_management_policy, "rule[0].enabled")).toBeUndefined();
    expect(forcingArgument(FORCE_NEW_ARGUMENTS.random_password, "keepers.rotation")).toBe("keepers");
    expect(forcingArgument(FORCE_NEW_ARGUMENTS.tls_private_key, "rsa_bits")).toBe("rsa_bits");
    expect(rowSource(zone)).toBe("hashicorp/terraform-provider-azurerm internal/services/privatedns/private_dns_zone_resource.go@3a75b1d62db2");
    expect(rowSource(FORCE_NEW_ARGUMENTS.tls_private_key)).toBe("hashicorp/terraform-provider-tls internal/provider/resource_private_key.go@b49f7040d061");
    expect(rowSource(FORCE_NEW_ARGUMENTS.azurerm_key_vault)).toBe("hashicorp/terraform-provider-azurerm website/docs/r/key_vault.html.markdown@000eff94f646");

    const d = diffSyntheses([{ name: "x", json: stack("x") }], [{ name: "x", json: stack("x", { passwordLength: 40, accountTier: "Premium" }) }]);
    expect(d.stacks[0].replaced.map((c) => [c.address, c.attributes.map((a) => a.forcesReplacement)])).toEqual([
      ["azurerm_storage_account.Data", ["account_tier"]],
      ["random_password.Password", ["length"]],
    ]);
    const source = "hashicorp/terraform-provider-random internal/provider/resource_password.go@c054b4769837";
    expect(renderDiffText(d)).toContain(`! replace random_password.Password: forced by length (${source})`);
    expect(renderDiffText(d)).toContain("! replace azurerm_storage_account.Data [stateful: storage]: forced by account_tier (hashicorp/terraform-provider-azurerm website/docs/r/storage_account.html.markdown@00050b51fbaf)");
    expect(renderDiffMarkdown(d)).toContain(`\`random_password.Password\` — replace: forced by length (source: \`${source}\`)`);
  });
});

/** Types whose row was read from the provider source, because their stored docs do not mark the arguments (README "Diffing a change offline"). */
const SOURCE_ROWS: string[] = [
  "azurerm_private_dns_zone", "azurerm_storage_management_policy", "azurerm_storage_share", "random_password", "tls_private_key",
];

/** Every type the shipped stacks emit that the table does not cover (README "Diffing a change offline"): none since the five source rows. */
const UNCOVERED_TYPES: string[] = [];

/** Stateful types the shipped stacks emit that the table does not cover yet (README "Diffing a change offline"). */
const KNOWN_GAPS: string[] = [];
