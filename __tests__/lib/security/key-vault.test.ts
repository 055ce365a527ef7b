import { KeyVault as AzKeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { KeyVault } from "../../../lib/security/key-vault";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function vaultStack(props: Partial<ConstructorParameters<typeof KeyVault>[2]> = {}, environment = {}) {
  const { stack, rg } = testStack({ environment });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg, ...props });
  return { stack, rg, vault };
}

function roleAssignmentId(json: ReturnType<typeof synthJson>, role: string): string {
  const entry = Object.entries(resourcesOf(json, "azurerm_role_assignment")).find(([, r]) => r.role_definition_name === role);
  if (!entry) throw new Error(`no role assignment of ${role}`);
  return entry[0];
}

describe("KeyVault", () => {
  test("secure defaults: RBAC data plane, purge protection, 90-day soft delete, deny-by-default firewall", () => {
    const { stack } = vaultStack();
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(AzKeyVault, {
      sku_name: "standard",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      location: "eastus2",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/),
      network_acls: { bypass: "AzureServices", default_action: "Deny", ip_rules: [], virtual_network_subnet_ids: [] },
    });
    // No protection unless asked for.
    expect(synth).not.toHaveResource(ManagementLock);
    expect(onlyResource(synthJson(stack), "azurerm_key_vault").lifecycle).toBeUndefined();
  });

  test("generated name leaves out the region and carries the unique suffix", () => {
    const { vault } = vaultStack();
    expect(vault.name).toMatch(/^kv-demo-dev-[a-z0-9]{4}$/);
    expect(vault.name.length).toBeLessThanOrEqual(24);
  });

  test("a given name, SKU and retention are used as written", () => {
    const { stack } = vaultStack({ name: "kv-custom", sku: "premium", softDeleteRetentionDays: 7, purgeProtection: false });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzKeyVault, {
      name: "kv-custom",
      sku_name: "premium",
      soft_delete_retention_days: 7,
      purge_protection_enabled: false,
    });
  });

  test("tenant comes from azurerm_client_config when the environment has none", () => {
    const { stack } = vaultStack();
    const synth = Testing.synth(stack);
    expect(synth).toHaveDataSource(DataAzurermClientConfig);
    expect(synth).toHaveResourceWithProperties(AzKeyVault, { tenant_id: "${data.azurerm_client_config.ClientConfig.tenant_id}" });
  });

  test("tenant comes from the environment when it sets one", () => {
    const { stack } = vaultStack({}, { tenantId: "11111111-1111-1111-1111-111111111111" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzKeyVault, { tenant_id: "11111111-1111-1111-1111-111111111111" });
  });

  test("network rules can allow IP ranges and subnets, or open the default action", () => {
    const { stack } = vaultStack({
      network: { defaultAction: "Allow", allowedIpRanges: ["203.0.113.0/24"], subnetIds: ["/subscriptions/x/subnets/a"] },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzKeyVault, {
      network_acls: {
        bypass: "AzureServices",
        default_action: "Allow",
        ip_rules: ["203.0.113.0/24"],
        virtual_network_subnet_ids: ["/subscriptions/x/subnets/a"],
      },
    });
  });

  test("grants the deployer Key Vault Secrets Officer on the vault through azurerm_client_config", () => {
    const { stack } = vaultStack();
    const json = synthJson(stack);
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Key Vault Secrets Officer",
      principal_id: "${data.azurerm_client_config.ClientConfig.object_id}",
      scope: `\${azurerm_key_vault.${vaultId}.id}`,
    });
  });

  test("deployerAccess: false leaves out the deployer grant", () => {
    const { stack, vault } = vaultStack({ deployerAccess: false });
    vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_role_assignment")).toEqual({});
    expect(onlyResource(json, "azurerm_key_vault_secret").depends_on).toBeUndefined();
  });

  describe("addGeneratedSecret", () => {
    test("stores a random_password result, never a literal, after the deployer grant exists", () => {
      const { stack, vault } = vaultStack();
      const secret = vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
      const json = synthJson(stack);
      const synth = Testing.synth(stack);
      const passwordId = onlyResourceId(json, "random_password");
      const vaultId = onlyResourceId(json, "azurerm_key_vault");

      expect(synth).toHaveProvider(RandomProvider);
      expect(synth).toHaveResourceWithProperties(Password, { length: 32, special: false, min_lower: 1, min_upper: 1, min_numeric: 1 });
      expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({
        name: "jwt-secret",
        key_vault_id: `\${azurerm_key_vault.${vaultId}.id}`,
        value: `\${random_password.${passwordId}.result}`,
        content_type: "generated by Terraform (random_password)",
        depends_on: [`azurerm_role_assignment.${roleAssignmentId(json, "Key Vault Secrets Officer")}`],
      });

      const secretId = onlyResourceId(json, "azurerm_key_vault_secret");
      expect(rendered(stack, secret.reference)).toBe(`@Microsoft.KeyVault(SecretUri=\${azurerm_key_vault_secret.${secretId}.versionless_id})`);
      expect(rendered(stack, secret.value)).toBe(`\${random_password.${passwordId}.result}`);
      expect(secret.name).toBe("jwt-secret");
    });

    test("length and punctuation are configurable", () => {
      const { stack, vault } = vaultStack();
      vault.addGeneratedSecret("Jwt", { name: "jwt-secret", length: 64, special: true });
      expect(Testing.synth(stack)).toHaveResourceWithProperties(Password, { length: 64, special: true });
    });

    test("declares the random provider once for several secrets", () => {
      const { stack, vault } = vaultStack();
      vault.addGeneratedSecret("A", { name: "secret-a" });
      vault.addGeneratedSecret("B", { name: "secret-b" });
      const json = synthJson(stack);
      expect(json.provider?.random).toHaveLength(1);
      expect(Object.keys(resourcesOf(json, "random_password"))).toHaveLength(2);
      expect(Object.keys(resourcesOf(json, "azurerm_key_vault_secret"))).toHaveLength(2);
    });

    test("rejects a secret name Azure rejects", () => {
      const { vault } = vaultStack();
      expect(() => vault.addGeneratedSecret("Api", { name: "api_key" })).toThrow(
        'test/Vault/Api: key vault secret name "api_key" has characters or a shape Azure rejects; Azure allows 1-127 characters, letters, digits and hyphens; unique within its parent resource',
      );
    });
  });

  describe("addSecret", () => {
    test("stores a Terraform reference", () => {
      const { stack, rg, vault } = vaultStack();
      const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg });
      vault.addSecret("ClientId", { name: "client-id", value: identity.clientId, contentType: "text/plain" });
      const json = synthJson(stack);
      const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
      expect(Testing.synth(stack)).toHaveResourceWithProperties(KeyVaultSecret, {
        name: "client-id",
        value: `\${azurerm_user_assigned_identity.${identityId}.client_id}`,
        content_type: "text/plain",
      });
    });

    test("rejects a literal value", () => {
      const { vault } = vaultStack();
      const attempt = () => vault.addSecret("Api", { name: "api-key", value: "hunter2" });
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow('test/Vault/Api: secret "api-key" has a literal value; pass a Terraform reference or use addGeneratedSecret');
    });
  });

  test("grantSecretsRead assigns Key Vault Secrets User on the vault to the principal", () => {
    const { stack, rg, vault } = vaultStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg });
    vault.grantSecretsRead(identity);
    const json = synthJson(stack);
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Key Vault Secrets User",
      scope: `\${azurerm_key_vault.${vaultId}.id}`,
      principal_id: `\${azurerm_user_assigned_identity.${identityId}.principal_id}`,
      principal_type: "ServicePrincipal",
    });
  });

  test("grantSecretsRead keeps the principal type of a group", () => {
    const { stack, vault } = vaultStack();
    vault.grantSecretsRead({ principalId: "22222222-2222-2222-2222-222222222222", principalType: "Group" }, "Readers");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Key Vault Secrets User",
      principal_id: "22222222-2222-2222-2222-222222222222",
      principal_type: "Group",
    });
  });

  test("lock: CanNotDelete adds a management lock scoped to the vault", () => {
    const { stack, vault } = vaultStack({ lock: "CanNotDelete" });
    const json = synthJson(stack);
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    expect(onlyResource(json, "azurerm_management_lock")).toEqual({
      name: `lock-${vault.name}`,
      lock_level: "CanNotDelete",
      scope: `\${azurerm_key_vault.${vaultId}.id}`,
      notes: `Protects ${vault.name} from deletion; remove the lock deliberately before decommissioning.`,
    });
  });

  test("preventDestroy sets lifecycle.prevent_destroy", () => {
    const { stack } = vaultStack({ preventDestroy: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzKeyVault, { lifecycle: { prevent_destroy: true } });
  });

  test.each([
    [6, "test/Vault: softDeleteRetentionDays 6 is out of range (allowed: 7 to 90)"],
    [91, "test/Vault: softDeleteRetentionDays 91 is out of range (allowed: 7 to 90)"],
  ])("softDeleteRetentionDays %d is rejected", (days, message) => {
    const attempt = () => vaultStack({ softDeleteRetentionDays: days });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("an invalid given name is rejected with the Azure rule", () => {
    expect(() => vaultStack({ name: "1kv" })).toThrow(
      'test/Vault: key vault name "1kv" has characters or a shape Azure rejects; Azure allows 3-24 characters, letters, digits and single hyphens, starting with a letter and ending with a letter or digit; globally unique',
    );
  });
});

describe("KeyVault deployer grant and secret names", () => {
  test("the deployer grant leaves principal_type to ARM (a person or a service principal may run Terraform)", () => {
    const { stack } = vaultStack();
    const json = synthJson(stack);
    const grant = Object.values(resourcesOf(json, "azurerm_role_assignment")).find((r) => r.role_definition_name === "Key Vault Secrets Officer");
    expect(grant).toBeDefined();
    expect(grant).not.toHaveProperty("principal_type");
  });

  test("a secret name used twice", () => {
    const { vault } = vaultStack();
    vault.addGeneratedSecret("A", { name: "api-key" });
    expect(() => vault.addGeneratedSecret("B", { name: "api-key" })).toThrow('test/Vault: secret "api-key" is defined twice');
  });

  test("a fractional soft-delete retention is 'not a whole number'", () => {
    expect(() => vaultStack({ softDeleteRetentionDays: 7.5 })).toThrow("test/Vault: softDeleteRetentionDays 7.5 is not a whole number (allowed: 7 to 90)");
  });
});

describe("KeyVault.fromId / fromName: a vault that already exists", () => {
  const VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared";

  test("by id: secrets go into the given vault, grants are scoped to it, and no vault, lookup or deployer grant is created", () => {
    const { stack } = testStack();
    const vault = KeyVault.fromId(stack, "Shared", { keyVaultId: VAULT_ID });
    expect(vault).toMatchObject({ id: VAULT_ID, name: "kv-shared", resourceGroupName: "rg-shared" });
    vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
    vault.grantSecretsRead({ principalId: "22222222-2222-2222-2222-222222222222" });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_key_vault")).toEqual({});
    expect(json.data?.azurerm_key_vault).toBeUndefined();
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({ name: "jwt-secret", key_vault_id: VAULT_ID });
    expect(onlyResource(json, "azurerm_key_vault_secret").depends_on).toBeUndefined();
    expect(onlyResource(json, "azurerm_role_assignment")).toMatchObject({ scope: VAULT_ID, role_definition_name: "Key Vault Secrets User" });
  });

  test("deployerAccess: the identity running Terraform gets Secrets Officer on the vault, and secrets wait for it", () => {
    const { stack } = testStack();
    const vault = KeyVault.fromId(stack, "Shared", { keyVaultId: VAULT_ID, deployerAccess: true });
    vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
    const json = synthJson(stack);
    const grant = roleAssignmentId(json, "Key Vault Secrets Officer");
    expect(resourcesOf(json, "azurerm_role_assignment")[grant]).toMatchObject({ scope: VAULT_ID });
    expect(onlyResource(json, "azurerm_key_vault_secret").depends_on).toEqual([`azurerm_role_assignment.${grant}`]);
  });

  test("by id, vaultUri is looked up with an azurerm_key_vault data source only when read; a literal one needs none", () => {
    const { stack } = testStack();
    const looked = KeyVault.fromId(stack, "Shared", { keyVaultId: VAULT_ID });
    expect(looked.lookupDataSource).toBeUndefined();
    const uri = looked.vaultUri;
    const data = synthJson(stack).data?.azurerm_key_vault ?? {};
    expect(Object.values(data)).toEqual([expect.objectContaining({ name: "kv-shared", resource_group_name: "rg-shared" })]);
    expect(rendered(stack, uri)).toBe(`\${data.azurerm_key_vault.${Object.keys(data)[0]}.vault_uri}`);
    const given = KeyVault.fromId(stack, "Given", { keyVaultId: VAULT_ID.replace("kv-shared", "kv-given"), vaultUri: "https://kv-given.vault.azure.net/" });
    expect(given.vaultUri).toBe("https://kv-given.vault.azure.net/");
    expect(given.lookupDataSource).toBeUndefined();
  });

  test("by name: the data source supplies the id the secrets use", () => {
    const { stack } = testStack();
    const vault = KeyVault.fromName(stack, "Shared", { name: "kv-shared", resourceGroupName: "rg-shared" });
    vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
    const json = synthJson(stack);
    const dataId = Object.keys(json.data?.azurerm_key_vault ?? {})[0];
    expect(json.data?.azurerm_key_vault?.[dataId]).toMatchObject({ name: "kv-shared", resource_group_name: "rg-shared" });
    expect(onlyResource(json, "azurerm_key_vault_secret").key_vault_id).toBe(`\${data.azurerm_key_vault.${dataId}.id}`);
  });

  test("a vault in another subscription cannot be looked up by the stack's provider", () => {
    const { stack } = testStack();
    const vault = KeyVault.fromId(stack, "Shared", { keyVaultId: VAULT_ID.replace("00000000-0000-0000-0000-000000000000", "11111111-2222-3333-4444-555555555555") });
    expect(() => vault.vaultUri).toThrow(
      'test/Shared: key vault "kv-shared" is in subscription 11111111-2222-3333-4444-555555555555, which the stack\'s azurerm provider (subscription 00000000-0000-0000-0000-000000000000) cannot read with a data source; give its vaultUri as a literal',
    );
  });

  test("an id that is not a vault's is refused, naming the expected shape", () => {
    const { stack } = testStack();
    const bad = VAULT_ID.replace("Microsoft.KeyVault/vaults", "Microsoft.Storage/storageAccounts");
    expect(() => KeyVault.fromId(stack, "Shared", { keyVaultId: bad })).toThrow(
      `test/Shared: keyVaultId "${bad}" is not the id of a key vault: it is the id of a Microsoft.Storage/storageAccounts resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.KeyVault/vaults/<vault>)`,
    );
  });

  test("an empty name is refused", () => {
    const { stack } = testStack();
    expect(() => KeyVault.fromName(stack, "Shared", { name: " ", resourceGroupName: "rg" })).toThrow('test/Shared: name " " is empty (give the name of the existing vault)');
  });
});

describe("KeyVault private endpoints carry the instance", () => {
  test("kv-<instance>, so two vaults' endpoints have different names", () => {
    const { stack, rg } = testStack();
    const subnet = testSubnet({ stack, rg });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet }] });
    new KeyVault(stack, "Ops", { resourceGroup: rg, instance: "ops", privateEndpoints: [{ subnet }] });
    expect(Object.values(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).map((e) => e.name).sort()).toEqual(["pep-demo-dev-eus2-kv", "pep-demo-dev-eus2-kv-ops"]);
  });
});
