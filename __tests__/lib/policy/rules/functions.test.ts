import type { ResourceView } from "../../../../lib/policy/rule";
import { FUNCTION_RULES } from "../../../../lib/policy/rules/functions";
import { verdictText } from "../../../helpers/policy";

function run(id: string, type: string, config: Record<string, unknown>, others: ResourceView[] = []): string | undefined {
  const rule = FUNCTION_RULES.find((r) => r.id === id)!;
  expect(rule.resourceTypes).toContain(type);
  const resource: ResourceView = { type, logicalId: "Fn", path: "s/Fn", config };
  return verdictText(rule.check(resource, { stackName: "s", resources: [resource, ...others] }));
}

const FLEX = "azurerm_function_app_flex_consumption";
const GOOD_FLEX = {
  https_only: true,
  identity: { type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.Id.id}"] },
  webdeploy_publish_basic_authentication_enabled: false,
  storage_authentication_type: "UserAssignedIdentity",
  site_config: { minimum_tls_version: "1.2" },
  app_settings: { AzureWebJobsStorage__accountName: "st", AzureWebJobsStorage__credential: "managedidentity" },
};

describe("FUNCTION_RULES", () => {
  test("ids, categories and no checkov ids", () => {
    expect(FUNCTION_RULES.map((r) => [r.id, r.category, r.checkov])).toEqual([
      ["AZ-FUNC-001", "security", []],
      ["AZ-FUNC-002", "security", []],
      ["AZ-FUNC-003", "deployability", []],
    ]);
  });

  describe("AZ-FUNC-001 host storage by identity", () => {
    test("keys on App Service plan function apps", () => {
      expect(run("AZ-FUNC-001", "azurerm_linux_function_app", { storage_account_name: "st", storage_account_access_key: "${azurerm_storage_account.St.primary_access_key}" })).toBe("storage_account_access_key is set");
      expect(run("AZ-FUNC-001", "azurerm_windows_function_app_slot", { storage_key_vault_secret_id: "https://kv.vault.azure.net/secrets/st" })).toBe("storage_key_vault_secret_id is set (a connection string in Key Vault)");
      expect(run("AZ-FUNC-001", "azurerm_linux_function_app", { storage_uses_managed_identity: true, app_settings: { WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: "x" } })).toBe(
        "app setting WEBSITE_CONTENTAZUREFILECONNECTIONSTRING is set (a connection string with the account key)",
      );
    });

    test("connection strings on Flex Consumption", () => {
      expect(run("AZ-FUNC-001", FLEX, { storage_authentication_type: "StorageAccountConnectionString", storage_access_key: "k", app_settings: { AzureWebJobsStorage: "x" } })).toBe(
        'storage_authentication_type is "StorageAccountConnectionString"; storage_access_key is set; app setting AzureWebJobsStorage is set (a connection string with the account key)',
      );
    });

    test("identity-based apps comply", () => {
      expect(run("AZ-FUNC-001", "azurerm_linux_function_app", { storage_account_name: "st", storage_uses_managed_identity: true, app_settings: { AzureWebJobsStorage__credential: "managedidentity" } })).toBeUndefined();
      expect(run("AZ-FUNC-001", FLEX, GOOD_FLEX)).toBeUndefined();
    });
  });

  describe("AZ-FUNC-002 Flex Consumption baseline", () => {
    test("azurerm's defaults violate it", () => {
      expect(run("AZ-FUNC-002", FLEX, { site_config: {} })).toBe(
        "https_only is false (Azure's default when unset); identity is unset (no managed identity); webdeploy_publish_basic_authentication_enabled is true (Azure's default when unset)",
      );
      expect(run("AZ-FUNC-002", FLEX, { ...GOOD_FLEX, site_config: { minimum_tls_version: "1.1", remote_debugging_enabled: true } })).toBe(
        'site_config.minimum_tls_version is "1.1"; site_config.remote_debugging_enabled is true',
      );
    });

    test("FunctionApp's settings comply", () => {
      expect(run("AZ-FUNC-002", FLEX, GOOD_FLEX)).toBeUndefined();
      expect(run("AZ-FUNC-002", FLEX, { ...GOOD_FLEX, site_config: { minimum_tls_version: "1.3", scm_minimum_tls_version: "1.3" } })).toBeUndefined();
    });
  });

  describe("AZ-FUNC-003 Flex Consumption subnet delegation", () => {
    const subnet = (delegation: unknown): ResourceView => ({ type: "azurerm_subnet", logicalId: "Net_Subnet", path: "s/Net/Subnet", config: { name: "snet-flex", delegation } });
    const app = { virtual_network_subnet_id: "${azurerm_subnet.Net_Subnet.id}" };

    test("a subnet delegated to Microsoft.Web/serverFarms, or to nothing, is refused", () => {
      const web = [{ name: "Microsoft.Web.serverFarms", service_delegation: { name: "Microsoft.Web/serverFarms" } }];
      expect(run("AZ-FUNC-003", FLEX, app, [subnet(web)])).toBe('virtual_network_subnet_id is subnet "snet-flex", which is not delegated to Microsoft.App/environments (its delegations: Microsoft.Web/serverFarms)');
      expect(run("AZ-FUNC-003", FLEX, app, [subnet(undefined)])).toBe('virtual_network_subnet_id is subnet "snet-flex", which is not delegated to Microsoft.App/environments (its delegations: none)');
    });

    test("a Microsoft.App/environments subnet, a subnet outside the stack or no integration complies", () => {
      expect(run("AZ-FUNC-003", FLEX, app, [subnet([{ name: "Microsoft.App.environments", service_delegation: { name: "Microsoft.App/environments" } }])])).toBeUndefined();
      expect(run("AZ-FUNC-003", FLEX, { virtual_network_subnet_id: "/subscriptions/0/subnets/x" })).toBeUndefined();
      expect(run("AZ-FUNC-003", FLEX, {})).toBeUndefined();
    });
  });
});
