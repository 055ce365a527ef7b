import type { DeployerNetwork } from "../../../../lib/core/deployer";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { DEPLOYABILITY_RULES } from "../../../../lib/policy/rules/deployability";
import { verdictText } from "../../../helpers/policy";

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; provider?: Record<string, unknown> };

function rule(id: string): PolicyRule {
  return DEPLOYABILITY_RULES.find((r) => r.id === id)!;
}

/** Runs one rule over a stack JSON, returning `path: message (severity)` lines. */
function run(id: string, json: Json, deployer?: DeployerNetwork): string[] {
  const report = evaluate([rule(id)], { name: "s", tier: "prod", json, deployer, date: "2026-11-29" }, []);
  return report.findings.map((f) => `${f.path}: ${f.message} (${f.severity})`);
}

const meta = (path: string) => ({ "//": { metadata: { path } } });

/** A vault with the given network settings and one secret Terraform writes into it. */
function vaultStack(vault: Record<string, unknown>, extra: Json["resource"] = {}): Json {
  return {
    resource: {
      azurerm_key_vault: { kv: { ...meta("s/Vault/Resource"), name: "kv-x", ...vault } },
      azurerm_key_vault_secret: { sec: { ...meta("s/Vault/Password/Secret"), name: "password", key_vault_id: "${azurerm_key_vault.kv.id}", value: "${random_password.p.result}" } },
      ...extra,
    },
  };
}

const DENY = (ipRules: string[]) => ({ public_network_access_enabled: true, network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: ipRules } });

describe("AZ-DEP-001: Terraform reaches every data plane it writes to", () => {
  test("is a deployability error rule covering vaults and storage accounts", () => {
    expect(rule("AZ-DEP-001")).toMatchObject({ category: "deployability", severity: "error" });
    expect(rule("AZ-DEP-001").resourceTypes).toEqual(["azurerm_key_vault", "azurerm_storage_account"]);
  });

  test("a vault that denies every network, with no deployer declared: the apply would fail at the first secret", () => {
    expect(run("AZ-DEP-001", vaultStack(DENY([])))).toEqual([
      's/Vault/Resource: Terraform writes 1 azurerm_key_vault_secret (s/Vault/Password/Secret) through its data plane, which the deployer cannot reach: network_acls.default_action is "Deny" with no ip_rules, and the stack declares no deployer ranges; it has no private endpoint (error)',
    ]);
  });

  test("the deployer's ranges must all be admitted by the firewall", () => {
    const json = vaultStack(DENY(["198.51.100.7"]));
    expect(run("AZ-DEP-001", json, { ipRanges: ["198.51.100.7/32", "192.0.2.0/28"] })).toEqual([
      's/Vault/Resource: Terraform writes 1 azurerm_key_vault_secret (s/Vault/Password/Secret) through its data plane, which the deployer cannot reach: network_acls.default_action is "Deny" and ip_rules ["198.51.100.7"] do not admit the deployer\'s 192.0.2.0/28; it has no private endpoint (error)',
    ]);
    expect(run("AZ-DEP-001", vaultStack(DENY(["20.0.0.0/8"])), { ipRanges: ["20.1.2.0/24"] })).toEqual([]);
  });

  test("ranges that are all RFC 5737 documentation placeholders are a warning: the apply fails from a real network", () => {
    const findings = run("AZ-DEP-001", vaultStack(DENY(["203.0.113.0/24"])), { ipRanges: ["203.0.113.0/24"] });
    expect(findings).toEqual([expect.stringMatching(/admitted only from the deployer's 203\.0\.113\.0\/24, a documentation range \(RFC 5737\): a placeholder, so the apply will fail from a real network \(warning\)$/)]);
  });

  test("complies: an open firewall, no block at all (Azure allows every network), listed ranges without a declared deployer, or no writes", () => {
    expect(run("AZ-DEP-001", vaultStack({ network_acls: { default_action: "Allow" } }))).toEqual([]);
    expect(run("AZ-DEP-001", vaultStack({}))).toEqual([]);
    expect(run("AZ-DEP-001", vaultStack(DENY(["20.1.2.0/24"])))).toEqual([]);
    expect(run("AZ-DEP-001", { resource: { azurerm_key_vault: { kv: { ...meta("s/V"), ...DENY([]) } } } })).toEqual([]);
  });

  test("references are not judged", () => {
    expect(run("AZ-DEP-001", vaultStack({ public_network_access_enabled: "${var.public}" }))).toEqual([]);
    expect(run("AZ-DEP-001", vaultStack({ public_network_access_enabled: true, network_acls: { default_action: "Deny", ip_rules: "${var.ranges}" } }))).toEqual([]);
  });

  /** A VNet with an endpoints subnet (NSG admitting `admitFrom` on 443, then deny) and a runner subnet. */
  function privateVault(admitFrom: string | undefined): Json["resource"] {
    return {
      azurerm_subnet: {
        endpoints: { ...meta("s/Net/endpoints"), name: "snet-endpoints", address_prefixes: ["10.0.2.0/24"], private_endpoint_network_policies: "Enabled" },
        runners: { ...meta("s/Net/runners"), name: "snet-runners", address_prefixes: ["10.0.9.0/24"] },
      },
      azurerm_network_security_group: { nsg: { ...meta("s/Net/nsg"), name: "nsg-endpoints" } },
      azurerm_subnet_network_security_group_association: { a: { subnet_id: "${azurerm_subnet.endpoints.id}", network_security_group_id: "${azurerm_network_security_group.nsg.id}" } },
      azurerm_network_security_rule: {
        ...(admitFrom ? { allow: { ...meta("s/Net/allow"), name: "AllowRunners", network_security_group_name: "${azurerm_network_security_group.nsg.name}", direction: "Inbound", priority: 100, access: "Allow", protocol: "Tcp", source_address_prefix: admitFrom, destination_address_prefix: "*", source_port_range: "*", destination_port_range: "443" } } : {}),
        deny: { ...meta("s/Net/deny"), name: "DenyAll", network_security_group_name: "${azurerm_network_security_group.nsg.name}", direction: "Inbound", priority: 130, access: "Deny", protocol: "*", source_address_prefix: "*", destination_address_prefix: "*", source_port_range: "*", destination_port_range: "*" },
      },
      azurerm_private_endpoint: { pe: { ...meta("s/Vault/Pe"), subnet_id: "${azurerm_subnet.endpoints.id}", private_service_connection: { private_connection_resource_id: "${azurerm_key_vault.kv.id}", subresource_names: ["vault"] } } },
    };
  }

  test("a private vault is reachable from a declared deployer subnet the endpoint subnet's NSG admits", () => {
    const closed = { public_network_access_enabled: false };
    expect(run("AZ-DEP-001", vaultStack(closed, privateVault("10.0.9.0/24")), { subnetIds: ["${azurerm_subnet.runners.id}"] })).toEqual([]);
    expect(run("AZ-DEP-001", vaultStack(closed, privateVault("VirtualNetwork")), { subnetIds: ["${azurerm_subnet.runners.id}"] })).toEqual([]);
  });

  test("...and not when the NSG denies the deployer subnet first, or no deployer subnet is declared", () => {
    const closed = { public_network_access_enabled: false };
    expect(run("AZ-DEP-001", vaultStack(closed, privateVault(undefined)), { subnetIds: ["${azurerm_subnet.runners.id}"] })).toEqual([
      "s/Vault/Resource: Terraform writes 1 azurerm_key_vault_secret (s/Vault/Password/Secret) through its data plane, which the deployer cannot reach: public_network_access_enabled is false; the deployer subnet's traffic to its private endpoint is denied by the endpoint subnet's network security group (error)",
    ]);
    expect(run("AZ-DEP-001", vaultStack(closed, privateVault("10.0.9.0/24")))).toEqual([
      "s/Vault/Resource: Terraform writes 1 azurerm_key_vault_secret (s/Vault/Password/Secret) through its data plane, which the deployer cannot reach: public_network_access_enabled is false; its private endpoint is reachable only from inside its network, and the stack declares no deployer subnet (error)",
    ]);
  });

  test("a deployer subnet outside the stack cannot be judged: not flagged", () => {
    expect(run("AZ-DEP-001", vaultStack({ public_network_access_enabled: false }, privateVault(undefined)), { subnetIds: ["/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/runners"] })).toEqual([]);
  });

  test("storage: data-plane children on a private account (by name, blobs through a container) are flagged; ARM children are not", () => {
    const account = { ...meta("s/Storage/Resource"), name: "stx", public_network_access_enabled: false };
    const json: Json = {
      resource: {
        azurerm_storage_account: { st: account },
        azurerm_storage_container: {
          arm: { ...meta("s/Storage/Arm"), name: "arm", storage_account_id: "${azurerm_storage_account.st.id}" },
          byName: { ...meta("s/Storage/ByName"), name: "byname", storage_account_name: "${azurerm_storage_account.st.name}" },
        },
        azurerm_storage_blob: { blob: { ...meta("s/Storage/Blob"), name: "b", storage_container_id: "${azurerm_storage_container.arm.id}" } },
      },
    };
    expect(run("AZ-DEP-001", json)).toEqual([
      "s/Storage/Resource: Terraform writes 1 azurerm_storage_container and 1 azurerm_storage_blob (s/Storage/ByName, s/Storage/Blob) through its data plane, which the deployer cannot reach: public_network_access_enabled is false; it has no private endpoint (error)",
    ]);
    delete json.resource.azurerm_storage_blob;
    delete json.resource.azurerm_storage_container.byName;
    expect(run("AZ-DEP-001", json)).toEqual([]);
  });
});

describe("AZ-DEP-002: the provider's storage data-plane setting", () => {
  const provider = (available?: boolean) => ({ azurerm: [{ features: [available === undefined ? {} : { storage: [{ data_plane_available: available }] }] }] });
  const account = (config: Record<string, unknown>): Json["resource"] => ({ azurerm_storage_account: { st: { ...meta("s/St"), name: "stx", ...config } } });

  test("a private account with azurerm's default (data plane available) fails at create", () => {
    expect(run("AZ-DEP-002", { resource: account({ public_network_access_enabled: false }), provider: provider() })).toEqual([
      "s/St: public_network_access_enabled is false, and the azurerm provider's features.storage.data_plane_available is true (its default): the create polls the blob, queue and file endpoints and fails with 403 from outside the account's network (error)",
    ]);
    expect(run("AZ-DEP-002", { resource: account({ network_rules: { default_action: "Deny" } }), provider: provider(true) })).toEqual([
      expect.stringMatching(/^s\/St: network_rules\.default_action is "Deny", and the azurerm provider's features\.storage\.data_plane_available is true/),
    ]);
  });

  test("with data_plane_available = false, queue_properties and static_website are refused", () => {
    expect(run("AZ-DEP-002", { resource: account({ public_network_access_enabled: false, static_website: { index_document: "index.html" } }), provider: provider(false) })).toEqual([
      "s/St: static_website is set, which the azurerm provider refuses with features.storage.data_plane_available = false (error)",
    ]);
  });

  test("complies: a public account with the default, a private one with the feature off", () => {
    expect(run("AZ-DEP-002", { resource: account({}), provider: provider() })).toEqual([]);
    expect(run("AZ-DEP-002", { resource: account({ public_network_access_enabled: false }), provider: provider(false) })).toEqual([]);
  });
});

describe("AZ-DEP-003: one name per uniqueness scope", () => {
  test("two vaults with one (globally unique) name, in different resource groups, and names compared without case", () => {
    const json: Json = {
      resource: {
        azurerm_key_vault: {
          a: { ...meta("s/A/Resource"), name: "kv-shared", resource_group_name: "rg-a" },
          b: { ...meta("s/B/Resource"), name: "KV-Shared", resource_group_name: "rg-b" },
        },
      },
    };
    expect(run("AZ-DEP-003", json)).toEqual([
      's/B/Resource: name "KV-Shared" is also the name of s/A/Resource (azurerm_key_vault.a); key vault names are globally unique (error)',
    ]);
  });

  test("web and function apps share one namespace; a name per resource group elsewhere", () => {
    const json: Json = {
      resource: {
        azurerm_linux_web_app: { web: { ...meta("s/Web"), name: "app-x", resource_group_name: "rg" } },
        azurerm_windows_function_app: { fn: { ...meta("s/Fn"), name: "app-x", resource_group_name: "rg2" } },
        azurerm_log_analytics_workspace: {
          a: { ...meta("s/LogA"), name: "log-x", resource_group_name: "rg" },
          b: { ...meta("s/LogB"), name: "log-x", resource_group_name: "rg2" },
          c: { ...meta("s/LogC"), name: "log-x", resource_group_name: "rg" },
        },
      },
    };
    expect(run("AZ-DEP-003", json)).toEqual([
      's/Fn: name "app-x" is also the name of s/Web (azurerm_linux_web_app.web); App Service app names are globally unique (error)',
      's/LogC: name "log-x" is also the name of s/LogA (azurerm_log_analytics_workspace.a); same azurerm_log_analytics_workspace parent (resource_group_name) (error)',
    ]);
  });

  test("children are unique within their parent; references and unnamed resources are not judged", () => {
    const json: Json = {
      resource: {
        azurerm_key_vault_secret: {
          a: { ...meta("s/A"), name: "password", key_vault_id: "${azurerm_key_vault.one.id}" },
          b: { ...meta("s/B"), name: "password", key_vault_id: "${azurerm_key_vault.two.id}" },
        },
        azurerm_storage_account: { x: { ...meta("s/X"), name: "${var.name}" }, y: { ...meta("s/Y"), name: "${var.name}" } },
        azurerm_role_assignment: { r1: { ...meta("s/R1"), scope: "x" }, r2: { ...meta("s/R2"), scope: "x" } },
      },
    };
    expect(run("AZ-DEP-003", json)).toEqual([]);
  });

  test("a Cognitive Services custom subdomain is global even where the account name is not", () => {
    const json: Json = {
      resource: {
        azurerm_cognitive_account: {
          a: { ...meta("s/A"), name: "oai-a", custom_subdomain_name: "oai-shared", resource_group_name: "rg" },
          b: { ...meta("s/B"), name: "oai-b", custom_subdomain_name: "oai-shared", resource_group_name: "rg2" },
        },
      },
    };
    expect(run("AZ-DEP-003", json)).toEqual([
      's/B: custom_subdomain_name "oai-shared" is also the custom_subdomain_name of s/A (azurerm_cognitive_account.a); custom subdomain names are globally unique (error)',
    ]);
  });
});

describe("every deployability rule", () => {
  test("has a stable AZ-DEP id, a description, a fix and no checkov equivalent", () => {
    expect(DEPLOYABILITY_RULES.map((r) => r.id)).toEqual(["AZ-DEP-001", "AZ-DEP-002", "AZ-DEP-003"]);
    for (const r of DEPLOYABILITY_RULES) {
      expect(r.category).toBe("deployability");
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
      expect(r.checkov).toEqual([]);
      // A rule answers for one resource: the verdict text helper reads it.
      const view: ResourceView = { type: "azurerm_key_vault", logicalId: "kv", path: "s/kv", config: {} };
      expect(verdictText(r.check(view, { stackName: "s", resources: [view] }))).toBeUndefined();
    }
  });
});
