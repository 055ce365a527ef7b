import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount as AzStorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { StorageAccount, type StorageAccountProps } from "../../../lib/data/storage-account";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

function storageStack(props: Partial<StorageAccountProps> = {}) {
  const { stack, rg } = testStack();
  const storage = new StorageAccount(stack, "Storage", { resourceGroup: rg, ...props });
  return { stack, rg, storage };
}

describe("StorageAccount", () => {
  test("secure defaults: TLS 1.2, HTTPS only, no anonymous or shared-key access, private network", () => {
    const { stack } = storageStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStorageAccount, {
      account_kind: "StorageV2",
      account_tier: "Standard",
      account_replication_type: "ZRS",
      access_tier: "Hot",
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      cross_tenant_replication_enabled: false,
      infrastructure_encryption_enabled: true,
      public_network_access_enabled: false,
      location: "eastus2",
    });
  });

  test("versioning and soft delete for blobs and containers by default", () => {
    const { stack } = storageStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStorageAccount, {
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 7 },
        container_delete_retention_policy: { days: 7 },
      },
    });
  });

  test("versioning, soft delete days, replication and public access are configurable", () => {
    const { stack } = storageStack({
      versioning: false,
      blobSoftDeleteDays: 30,
      containerSoftDeleteDays: 365,
      replication: "LRS",
      publicNetworkAccess: true,
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStorageAccount, {
      account_replication_type: "LRS",
      public_network_access_enabled: true,
      blob_properties: {
        versioning_enabled: false,
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 365 },
      },
    });
  });

  test("generated name is compact, lowercase and globally unique", () => {
    const { storage } = storageStack();
    expect(storage.name).toMatch(/^stdemodeveus2[a-z0-9]{4}$/);
  });

  test("containers are private and created through the management plane (storage_account_id)", () => {
    const { stack, storage } = storageStack({ containers: ["uploads"] });
    storage.addContainer("exports");
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_storage_account");
    const containers = Object.values(resourcesOf(json, "azurerm_storage_container"));
    expect(containers).toHaveLength(2);
    for (const name of ["uploads", "exports"]) {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(StorageContainer, {
        name,
        storage_account_id: `\${azurerm_storage_account.${accountId}.id}`,
        container_access_type: "private",
      });
    }
    for (const c of containers) expect(c).not.toHaveProperty("storage_account_name");
    expect(Object.keys(storage.containers).sort()).toEqual(["exports", "uploads"]);
  });

  test("a container defined twice is rejected", () => {
    const attempt = () => storageStack({ containers: ["uploads", "uploads"] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Storage: container "uploads" is defined twice');

    const { storage } = storageStack({ containers: ["uploads"] });
    expect(() => storage.addContainer("uploads")).toThrow('test/Storage: container "uploads" is defined twice');
  });

  test.each([
    ["Uploads"],
    ["a--b"],
    ["ab"],
  ])("container name %j breaking the Azure rule is rejected", (name) => {
    const { storage } = storageStack();
    const rule = "Azure allows 3-63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit; unique within its parent resource";
    const reason = name.length < 3 ? `is ${name.length} characters` : "has characters or a shape Azure rejects";
    expect(() => storage.addContainer(name)).toThrow(`test/Storage/Container[${name}]: blob container name "${name}" ${reason}; ${rule}`);
  });

  test.each([
    [{ blobSoftDeleteDays: 0 }, "test/Storage: blobSoftDeleteDays 0 is out of range (allowed: 1 to 365)"],
    [{ containerSoftDeleteDays: 366 }, "test/Storage: containerSoftDeleteDays 366 is out of range (allowed: 1 to 365)"],
  ])("soft delete days out of range (%j) are rejected", (props, message) => {
    const attempt = () => storageStack(props);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("grantBlobDataContributor assigns the role on the account", () => {
    const { stack, rg, storage } = storageStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg });
    storage.grantBlobDataContributor(identity);
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_storage_account");
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    expect(onlyResource(json, "azurerm_role_assignment")).toEqual({
      role_definition_name: "Storage Blob Data Contributor",
      scope: `\${azurerm_storage_account.${accountId}.id}`,
      principal_id: `\${azurerm_user_assigned_identity.${identityId}.principal_id}`,
      principal_type: "ServicePrincipal",
    });
  });

  test("grantBlobDataReader assigns the read-only role", () => {
    const { stack, storage } = storageStack();
    storage.grantBlobDataReader({ principalId: "33333333-3333-3333-3333-333333333333", principalType: "User" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Storage Blob Data Reader",
      principal_id: "33333333-3333-3333-3333-333333333333",
      principal_type: "User",
    });
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, storage } = storageStack({ lock: "CanNotDelete", preventDestroy: true });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(AzStorageAccount, { lifecycle: { prevent_destroy: true } });
    expect(synth).toHaveResourceWithProperties(ManagementLock, { name: `lock-${storage.name}`, lock_level: "CanNotDelete" });
  });
});

describe("StorageAccount region checks", () => {
  test("zone-redundant replication in a region without zones is rejected at synth", () => {
    const { stack, rg } = testStack({ environment: { location: "westus" } });
    expect(() => new StorageAccount(stack, "Storage", { resourceGroup: rg })).toThrow('test/Storage: replication "ZRS" needs availability zones, and region "westus" has none');
    expect(() => new StorageAccount(stack, "Geo", { resourceGroup: rg, replication: "GRS" })).not.toThrow();
  });

  test("a fractional soft-delete period is 'not a whole number'", () => {
    const { stack, rg } = testStack();
    expect(() => new StorageAccount(stack, "Storage", { resourceGroup: rg, blobSoftDeleteDays: 7.5 })).toThrow("test/Storage: blobSoftDeleteDays 7.5 is not a whole number (allowed: 1 to 365)");
  });
});
