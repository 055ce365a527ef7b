import { TerraformStack, Testing } from "cdktf";
import {
  type BlueprintStack,
  ExistingLogAnalyticsWorkspace,
  KeyVault,
  ManagedIdentity,
  Monitoring,
  PostgresFlexible,
  PrivateDnsZones,
  StorageAccount,
  VnetWithSubnets,
} from "../../lib";
import { AZURE_RULES, evaluate, formatFinding } from "../../lib/policy";
import { resourcesOf, synthJson, testStack } from "../helpers/stack";

/*
 * A landing zone's app: the spoke VNet, the central private DNS zones, the platform's workspace and
 * a shared vault all exist already. The README's "Bring your own resources" example is
 * readmeExample() below (the same calls, with the ids the README shortens), so it stays true.
 */

const CONNECTIVITY = "11111111-1111-1111-1111-111111111111";
const MANAGEMENT = "22222222-2222-2222-2222-222222222222";
const SPOKE = "00000000-0000-0000-0000-000000000000"; // the test environment's subscription

/** The README example, with `stack` and `rg` from the caller. */
function readmeExample(stack: BlueprintStack, rg: { name: string; location: string; id: string }) {
  // Private DNS zones kept in the connectivity subscription: nothing is created or linked.
  const dns = PrivateDnsZones.fromResourceGroup(stack, "CentralDns", `/subscriptions/${CONNECTIVITY}/resourceGroups/rg-private-dns`);
  // The landing zone's spoke VNet, by ARM id (no lookup), and its subnet for private endpoints.
  const spoke = VnetWithSubnets.fromId(stack, "Spoke", {
    virtualNetworkId: `/subscriptions/${SPOKE}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-billing`,
    privateDnsZones: dns,
  });
  const endpoints = [{ subnet: spoke.subnet("snet-endpoints") }];
  // The platform's shared workspace, and a vault the platform team made for this app.
  const monitoring = new Monitoring(stack, "Monitoring", {
    resourceGroup: rg,
    workspace: ExistingLogAnalyticsWorkspace.fromId(stack, "Logs", `/subscriptions/${MANAGEMENT}/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-platform`),
    recipients: [{ name: "ops", address: "ops@example.com" }],
    shortName: "billing",
  });
  const vault = KeyVault.fromId(stack, "Vault", { keyVaultId: `/subscriptions/${SPOKE}/resourceGroups/rg-billing-shared/providers/Microsoft.KeyVault/vaults/kv-billing` });
  const db = new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, privateEndpoints: endpoints });
  monitoring.addDiagnostics("DatabaseDiagnostics", db.id);
  return { dns, spoke, endpoints, monitoring, vault, db };
}

/** The example plus what an app adds next: a storage account behind the same subnet, and its identity reading the vault. */
function landingZoneApp(stack: BlueprintStack, rg: { name: string; location: string; id: string }) {
  const example = readmeExample(stack, rg);
  new StorageAccount(stack, "Storage", { resourceGroup: rg, containers: ["invoices"], privateEndpoints: [{ ...example.endpoints[0], subresource: "blob" }] });
  example.vault.grantSecretsRead(new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" }));
  return example;
}

describe("bring your own resources (the README example)", () => {
  test("uses the given ids and creates no VNet, subnet, zone, link, workspace or vault, and looks nothing up", () => {
    const { stack, rg } = testStack();
    landingZoneApp(stack, rg);
    const json = synthJson(stack);
    for (const type of ["azurerm_virtual_network", "azurerm_subnet", "azurerm_private_dns_zone", "azurerm_private_dns_zone_virtual_network_link", "azurerm_log_analytics_workspace", "azurerm_key_vault"]) {
      expect([type, resourcesOf(json, type)]).toEqual([type, {}]);
    }
    expect(Object.keys(json.data ?? {})).toEqual(["azurerm_client_config"]); // the tenant for Entra ID auth, as before
    const zoneGroups = Object.values(resourcesOf(json, "azurerm_private_endpoint")).map((e) => (e.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids[0]);
    expect(zoneGroups.sort()).toEqual([
      `/subscriptions/${CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
      `/subscriptions/${CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
    ]);
    const workspace = `/subscriptions/${MANAGEMENT}/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-platform`;
    expect(Object.values(resourcesOf(json, "azurerm_application_insights"))[0]).toMatchObject({ workspace_id: workspace });
    expect(Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting"))[0]).toMatchObject({ log_analytics_workspace_id: workspace });
    expect(Object.values(resourcesOf(json, "azurerm_key_vault_secret"))[0]).toMatchObject({ key_vault_id: `/subscriptions/${SPOKE}/resourceGroups/rg-billing-shared/providers/Microsoft.KeyVault/vaults/kv-billing` });
  });

  test("the policy rules run over it without tripping on references they cannot see", () => {
    const { stack, rg } = testStack();
    landingZoneApp(stack, rg);
    const report = evaluate(AZURE_RULES, { name: "test", tier: "dev", json: JSON.parse(Testing.synth(stack)) }, []);
    // The referenced vault is outside the stack, so AZ-DEP-001 has no vault to reason about, and no rule fails.
    expect(report.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([]);
  });
});

describe("references in a plain TerraformStack", () => {
  test("by id, no BlueprintStack is needed: names come from the ids", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const spoke = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: `/subscriptions/${SPOKE}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-app` });
    const vault = KeyVault.fromId(stack, "Vault", { keyVaultId: `/subscriptions/${SPOKE}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app` });
    expect([spoke.name, spoke.subnet("snet-a").id, vault.name]).toEqual(["vnet-app", `/subscriptions/${SPOKE}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-a`, "kv-app"]);
    // Without a BlueprintStack the stack's subscription is unknown, so a lookup is not refused.
    expect(() => vault.vaultUri).not.toThrow();
  });
});
