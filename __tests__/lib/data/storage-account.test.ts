import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount as AzStorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { StorageQueue } from "@cdktf/provider-azurerm/lib/storage-queue";
import { StorageShare } from "@cdktf/provider-azurerm/lib/storage-share";
import { Testing } from "cdktf";
import type { BlueprintStack } from "../../../lib/framework/blueprint-stack";
import { ValidationError } from "../../../lib/core/errors";
import type { ResourceGroup } from "../../../lib/core/resource-group";
import {
  StorageAccount,
  type StorageAccountProps,
  type StorageCorsRule,
  type StorageFileShare,
  type StorageLifecycle,
} from "../../../lib/data/storage-account";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

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

function endpointSubnet(stack: BlueprintStack, rg: ResourceGroup): ReturnType<typeof testSubnet> {
  return testSubnet({ stack, rg });
}

describe("StorageAccount extensions stay out of the JSON unless asked", () => {
  test("no shares, queues, lifecycle policy, CORS, large file shares or endpoints by default", () => {
    const { stack, storage } = storageStack();
    const json = synthJson(stack);
    for (const type of ["azurerm_storage_share", "azurerm_storage_queue", "azurerm_storage_management_policy", "azurerm_private_endpoint"]) {
      expect(resourcesOf(json, type)).toEqual({});
    }
    const account = onlyResource(json, "azurerm_storage_account");
    expect(account).not.toHaveProperty("large_file_share_enabled");
    expect(account.blob_properties).not.toHaveProperty("cors_rule");
    expect(storage.managementPolicy).toBeUndefined();
    expect(storage.privateEndpoints).toEqual([]);
  });
});

describe("StorageAccount file shares", () => {
  test("SMB shares through the management plane, transaction optimized by default", () => {
    const { stack, storage } = storageStack({ fileShares: [{ name: "profiles", quotaGb: 100 }] });
    storage.addFileShare({ name: "archive", quotaGb: 1024, accessTier: "Cool" });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_storage_account");
    const shares = Object.values(resourcesOf(json, "azurerm_storage_share"));
    expect(shares).toHaveLength(2);
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(StorageShare, {
      name: "profiles",
      storage_account_id: `\${azurerm_storage_account.${accountId}.id}`,
      quota: 100,
      access_tier: "TransactionOptimized",
      enabled_protocol: "SMB",
    });
    expect(synth).toHaveResourceWithProperties(StorageShare, { name: "archive", quota: 1024, access_tier: "Cool" });
    for (const s of shares) expect(s).not.toHaveProperty("storage_account_name");
    expect(Object.keys(storage.fileShares).sort()).toEqual(["archive", "profiles"]);
    expect(onlyResource(json, "azurerm_storage_account")).not.toHaveProperty("large_file_share_enabled");
  });

  test("a share above 5 TiB turns on large file shares for the account", () => {
    const { stack, storage } = storageStack({ fileShares: [{ name: "small", quotaGb: 5120 }] });
    expect(onlyResource(synthJson(stack), "azurerm_storage_account")).not.toHaveProperty("large_file_share_enabled");
    storage.addFileShare({ name: "large", quotaGb: 102400 });
    expect(onlyResource(synthJson(stack), "azurerm_storage_account")).toMatchObject({ large_file_share_enabled: true });
  });

  test("a share defined twice is rejected", () => {
    const attempt = () => storageStack({ fileShares: [{ name: "data", quotaGb: 1 }, { name: "data", quotaGb: 2 }] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Storage: file share "data" is defined twice');
    const { storage } = storageStack({ fileShares: [{ name: "data", quotaGb: 1 }] });
    expect(() => storage.addFileShare({ name: "data", quotaGb: 1 })).toThrow('test/Storage: file share "data" is defined twice');
  });

  test.each([["Data"], ["a--b"], ["ab"]])("share name %j breaking the Azure rule is rejected", (name) => {
    const { storage } = storageStack();
    const rule = "Azure allows 3-63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit; unique within its parent resource";
    const reason = name.length < 3 ? `is ${name.length} characters` : "has characters or a shape Azure rejects";
    expect(() => storage.addFileShare({ name, quotaGb: 1 })).toThrow(`test/Storage/FileShare[${name}]: file share name "${name}" ${reason}; ${rule}`);
  });

  test.each<[StorageFileShare, string]>([
    [{ name: "data", quotaGb: 0 }, "test/Storage/FileShare[data]: quotaGb 0 is out of range (allowed: 1 to 102400)"],
    [{ name: "data", quotaGb: 102401 }, "test/Storage/FileShare[data]: quotaGb 102401 is out of range (allowed: 1 to 102400)"],
    [{ name: "data", quotaGb: 10.5 }, "test/Storage/FileShare[data]: quotaGb 10.5 is not a whole number (allowed: 1 to 102400)"],
    [{ name: "data", quotaGb: 100, accessTier: "Premium" as never }, 'test/Storage/FileShare[data]: accessTier "Premium" is not available for a share in a StorageV2 account (allowed: TransactionOptimized, Hot, Cool)'],
  ])("share %j is rejected", (share, message) => {
    const attempt = () => storageStack({ fileShares: [share] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });
});

describe("StorageAccount queues", () => {
  test("queues through the management plane (storage_account_id)", () => {
    const { stack, storage } = storageStack({ queues: ["jobs"] });
    storage.addQueue("jobs-poison");
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_storage_account");
    expect(Object.values(resourcesOf(json, "azurerm_storage_queue")).sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: "jobs", storage_account_id: `\${azurerm_storage_account.${accountId}.id}` },
      { name: "jobs-poison", storage_account_id: `\${azurerm_storage_account.${accountId}.id}` },
    ]);
    expect(Object.keys(storage.queues).sort()).toEqual(["jobs", "jobs-poison"]);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(StorageQueue, { name: "jobs" });
  });

  test("a queue defined twice is rejected", () => {
    const attempt = () => storageStack({ queues: ["jobs", "jobs"] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Storage: queue "jobs" is defined twice');
    const { storage } = storageStack({ queues: ["jobs"] });
    expect(() => storage.addQueue("jobs")).toThrow('test/Storage: queue "jobs" is defined twice');
  });

  test.each([["Jobs"], ["-jobs"], ["q"]])("queue name %j breaking the Azure rule is rejected", (name) => {
    const { storage } = storageStack();
    const rule = "Azure allows 3-63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit; unique within its parent resource";
    const reason = name.length < 3 ? `is ${name.length} characters` : "has characters or a shape Azure rejects";
    expect(() => storage.addQueue(name)).toThrow(`test/Storage/Queue[${name}]: storage queue name "${name}" ${reason}; ${rule}`);
  });
});

describe("StorageAccount lifecycle", () => {
  test("hot → cool → archive → delete by days since modification; versions, snapshots and append blobs deleted too", () => {
    const { stack, storage } = storageStack({ replication: "GRS", lifecycle: { coolAfterDays: 30, archiveAfterDays: 180, deleteAfterDays: 2555, prefixes: ["logs/", "exports/daily/"] } });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_storage_account");
    expect(onlyResource(json, "azurerm_storage_management_policy")).toEqual({
      storage_account_id: `\${azurerm_storage_account.${accountId}.id}`,
      rule: [
        {
          name: "lifecycle",
          enabled: true,
          filters: { blob_types: ["blockBlob"], prefix_match: ["logs/", "exports/daily/"] },
          actions: {
            base_blob: {
              tier_to_cool_after_days_since_modification_greater_than: 30,
              tier_to_archive_after_days_since_modification_greater_than: 180,
              delete_after_days_since_modification_greater_than: 2555,
            },
            version: { delete_after_days_since_creation: 2555 },
            snapshot: { delete_after_days_since_creation_greater_than: 2555 },
          },
        },
        {
          name: "lifecycle-append-blobs",
          enabled: true,
          filters: { blob_types: ["appendBlob"], prefix_match: ["logs/", "exports/daily/"] },
          actions: { base_blob: { delete_after_days_since_modification_greater_than: 2555 } },
        },
      ],
    });
    expect(storage.managementPolicy).toBeInstanceOf(StorageManagementPolicy);
  });

  test("cool then delete on a zone-redundant account, for every blob; no version, snapshot or append-blob action without deletion", () => {
    const { stack } = storageStack({ lifecycle: { coolAfterDays: 0, deleteAfterDays: 90 } });
    const rules = onlyResource(synthJson(stack), "azurerm_storage_management_policy").rule as Record<string, Record<string, unknown>>[];
    expect(rules.map((r) => r.filters)).toEqual([{ blob_types: ["blockBlob"] }, { blob_types: ["appendBlob"] }]);
    const rule = rules[0];
    expect(rule.actions.base_blob).toEqual({
      tier_to_cool_after_days_since_modification_greater_than: 0,
      delete_after_days_since_modification_greater_than: 90,
    });

    const cooling = storageStack({ lifecycle: { coolAfterDays: 30 } });
    const coolOnly = onlyResource(synthJson(cooling.stack), "azurerm_storage_management_policy").rule as Record<string, Record<string, unknown>>[];
    expect(coolOnly).toHaveLength(1);
    expect(coolOnly[0].actions).toEqual({ base_blob: { tier_to_cool_after_days_since_modification_greater_than: 30 } });
  });

  test.each(["LRS", "GRS", "RAGRS"] as const)("archive is allowed with %s", (replication) => {
    expect(() => storageStack({ replication, lifecycle: { archiveAfterDays: 90 } })).not.toThrow();
  });

  test.each(["ZRS", "GZRS", "RAGZRS"] as const)("archive is rejected with %s (the archive tier has no zone redundancy)", (replication) => {
    const attempt = () => storageStack({ replication, lifecycle: { coolAfterDays: 30, archiveAfterDays: 90 } });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(
      `test/Storage: lifecycle.archiveAfterDays 90 is not available with replication "${replication}": the archive tier does not support zone-redundant accounts (allowed: replication LRS, GRS, RAGRS, or no archiveAfterDays)`,
    );
  });

  test.each<[StorageLifecycle, string]>([
    [{}, "test/Storage: lifecycle sets no action (allowed: at least one of coolAfterDays, coldAfterDays, archiveAfterDays, deleteAfterDays)"],
    [{ prefixes: ["logs/"] }, "test/Storage: lifecycle sets no action (allowed: at least one of coolAfterDays, coldAfterDays, archiveAfterDays, deleteAfterDays)"],
    [{ coolAfterDays: 90, archiveAfterDays: 90 }, "test/Storage: lifecycle.archiveAfterDays 90 is not after coolAfterDays 90 (allowed: more than 90; blobs go hot → cool → cold → archive → deleted)"],
    [{ coolAfterDays: 30, archiveAfterDays: 180, deleteAfterDays: 100 }, "test/Storage: lifecycle.deleteAfterDays 100 is not after archiveAfterDays 180 (allowed: more than 180; blobs go hot → cool → cold → archive → deleted)"],
    [{ coolAfterDays: 30, deleteAfterDays: 7 }, "test/Storage: lifecycle.deleteAfterDays 7 is not after coolAfterDays 30 (allowed: more than 30; blobs go hot → cool → cold → archive → deleted)"],
    [{ archiveAfterDays: 365, deleteAfterDays: 365 }, "test/Storage: lifecycle.deleteAfterDays 365 is not after archiveAfterDays 365 (allowed: more than 365; blobs go hot → cool → cold → archive → deleted)"],
    [{ coolAfterDays: -1 }, "test/Storage: lifecycle.coolAfterDays -1 is out of range (allowed: 0 to 99999)"],
    [{ deleteAfterDays: 100000 }, "test/Storage: lifecycle.deleteAfterDays 100000 is out of range (allowed: 0 to 99999)"],
    [{ archiveAfterDays: 1.5 }, "test/Storage: lifecycle.archiveAfterDays 1.5 is not a whole number (allowed: 0 to 99999)"],
    [{ deleteAfterDays: 30, prefixes: [] }, "test/Storage: lifecycle.prefixes has 0 entries (allowed: 1 to 10; leave it out for every blob)"],
    [{ deleteAfterDays: 30, prefixes: Array.from({ length: 11 }, (_, i) => `c${i}/`) }, "test/Storage: lifecycle.prefixes has 11 entries (allowed: 1 to 10; leave it out for every blob)"],
    [{ deleteAfterDays: 30, prefixes: ["/logs"] }, 'test/Storage: lifecycle.prefixes entry "/logs" does not start with a container name (allowed: "<container>/<path>", e.g. "logs/")'],
    [{ deleteAfterDays: 30, prefixes: [""] }, 'test/Storage: lifecycle.prefixes entry "" does not start with a container name (allowed: "<container>/<path>", e.g. "logs/")'],
  ])("lifecycle %j is rejected", (lifecycle, message) => {
    const attempt = () => storageStack({ replication: "LRS", lifecycle });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });
});

describe("StorageAccount CORS", () => {
  test("rules on the blob service, with permissive headers and a one-hour preflight cache by default", () => {
    const { stack } = storageStack({
      cors: [
        { allowedOrigins: ["https://app.example.com"], allowedMethods: ["GET", "PUT", "OPTIONS"] },
        { allowedOrigins: ["https://admin.example.com"], allowedMethods: ["DELETE"], allowedHeaders: ["x-ms-*", "content-type"], exposedHeaders: ["x-ms-request-id"], maxAgeSeconds: 0 },
      ],
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStorageAccount, {
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 7 },
        container_delete_retention_policy: { days: 7 },
        cors_rule: [
          { allowed_origins: ["https://app.example.com"], allowed_methods: ["GET", "PUT", "OPTIONS"], allowed_headers: ["*"], exposed_headers: ["*"], max_age_in_seconds: 3600 },
          { allowed_origins: ["https://admin.example.com"], allowed_methods: ["DELETE"], allowed_headers: ["x-ms-*", "content-type"], exposed_headers: ["x-ms-request-id"], max_age_in_seconds: 0 },
        ],
      },
    });
  });

  test("an origin computed by Terraform (a front end's host name) is passed through", () => {
    const { stack, rg } = testStack();
    const other = new StorageAccount(stack, "Other", { resourceGroup: rg });
    new StorageAccount(stack, "Storage", { resourceGroup: rg, name: "stcorsdemo", cors: [{ allowedOrigins: [`https://${other.name}.z13.web.core.windows.net`, other.resource.primaryWebHost], allowedMethods: ["GET"] }] });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStorageAccount, { name: "stcorsdemo" });
  });

  const rule = { allowedOrigins: ["https://app.example.com"], allowedMethods: ["GET"] } as const;
  test.each<[readonly StorageCorsRule[], string]>([
    [[], "test/Storage: cors has 0 rules (allowed: 1 to 5; leave it out for none)"],
    [Array.from({ length: 6 }, () => rule), "test/Storage: cors has 6 rules (allowed: 1 to 5; leave it out for none)"],
    [[{ ...rule, allowedOrigins: [] }], "test/Storage: cors[0].allowedOrigins has 0 entries (allowed: 1 to 64)"],
    [[rule, { ...rule, allowedOrigins: [""] }], "test/Storage: cors[1].allowedOrigins has an empty entry (allowed: non-empty strings)"],
    [[{ ...rule, allowedMethods: [] }], "test/Storage: cors[0].allowedMethods has 0 entries (allowed: 1 to 64)"],
    [[{ ...rule, allowedMethods: ["FETCH" as never] }], 'test/Storage: cors[0].allowedMethods "FETCH" is not a method the blob service allows (allowed: DELETE, GET, HEAD, MERGE, POST, OPTIONS, PUT, PATCH)'],
    [[{ ...rule, allowedHeaders: [] }], "test/Storage: cors[0].allowedHeaders has 0 entries (allowed: 1 to 64)"],
    [[{ ...rule, exposedHeaders: Array.from({ length: 65 }, (_, i) => `x-h-${i}`) }], "test/Storage: cors[0].exposedHeaders has 65 entries (allowed: 1 to 64)"],
    [[{ ...rule, maxAgeSeconds: -1 }], "test/Storage: cors[0].maxAgeSeconds -1 is out of range (allowed: 0 to 2000000000)"],
    [[{ ...rule, maxAgeSeconds: 2000000001 }], "test/Storage: cors[0].maxAgeSeconds 2000000001 is out of range (allowed: 0 to 2000000000)"],
  ])("cors %j is rejected", (cors, message) => {
    const attempt = () => storageStack({ cors });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });
});

describe("StorageAccount private endpoints", () => {
  test("one endpoint per entry, in each service's privatelink zone, named by service", () => {
    const { stack, rg } = testStack();
    const subnet = endpointSubnet(stack, rg);
    const storage = new StorageAccount(stack, "Storage", {
      resourceGroup: rg,
      privateEndpoints: [
        { subnet, subresource: "blob" },
        { subnet, subresource: "file" },
        { subnet, subresource: "blob", location: "centralus" },
        { subnet, subresource: "dfs" },
      ],
    });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_storage_account");
    const endpoints = Object.values(resourcesOf(json, "azurerm_private_endpoint"));
    const byName = Object.fromEntries(endpoints.map((e) => [e.name as string, e]));
    expect(Object.keys(byName).sort()).toEqual(["pep-demo-dev-eus2-st-blob", "pep-demo-dev-eus2-st-blob-2", "pep-demo-dev-eus2-st-dfs", "pep-demo-dev-eus2-st-file"]);
    for (const [name, groupId] of [["pep-demo-dev-eus2-st-blob", "blob"], ["pep-demo-dev-eus2-st-blob-2", "blob"], ["pep-demo-dev-eus2-st-file", "file"], ["pep-demo-dev-eus2-st-dfs", "dfs"]]) {
      expect(byName[name].private_service_connection).toEqual({
        name: `${name}-connection`,
        private_connection_resource_id: `\${azurerm_storage_account.${accountId}.id}`,
        subresource_names: [groupId],
        is_manual_connection: false,
      });
      expect(byName[name].subnet_id).toBe("/subscriptions/0/vnet/subnets/snet-endpoints");
    }
    expect(byName["pep-demo-dev-eus2-st-blob"].location).toBe("eastus2");
    expect(byName["pep-demo-dev-eus2-st-blob-2"].location).toBe("centralus");
    const zones = Object.values(resourcesOf(json, "azurerm_private_dns_zone")).map((z) => z.name).sort();
    expect(zones).toEqual(["privatelink.blob.core.windows.net", "privatelink.dfs.core.windows.net", "privatelink.file.core.windows.net"]);
    expect(storage.privateEndpoints.map((e) => e.zoneName)).toEqual([
      "privatelink.blob.core.windows.net",
      "privatelink.file.core.windows.net",
      "privatelink.blob.core.windows.net",
      "privatelink.dfs.core.windows.net",
    ]);
    expect(onlyResource(json, "azurerm_storage_account").public_network_access_enabled).toBe(false);
  });

  test.each(["queue", "table", "web"] as const)("the %s service gets its own zone", (subresource) => {
    const { stack, rg } = testStack();
    new StorageAccount(stack, "Storage", { resourceGroup: rg, privateEndpoints: [{ subnet: endpointSubnet(stack, rg), subresource }] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({ name: `pep-demo-dev-eus2-st-${subresource}` });
    expect(onlyResource(json, "azurerm_private_dns_zone")).toMatchObject({ name: `privatelink.${subresource}.core.windows.net` });
  });

  test("an unknown sub-resource is rejected", () => {
    const attempt = () => {
      const { stack, rg } = testStack();
      return new StorageAccount(stack, "Storage", { resourceGroup: rg, privateEndpoints: [{ subnet: endpointSubnet(stack, rg), subresource: "blobs" as never }] });
    };
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Storage: privateEndpoints[0].subresource "blobs" is not a storage service (allowed: blob, file, queue, table, dfs, web)');
  });
});

describe("StorageAccount cold tier", () => {
  test("zone-redundant accounts tier hot → cool → cold, then delete", () => {
    const { stack } = storageStack({ replication: "ZRS", lifecycle: { coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 365 } });
    const policy = onlyResource(synthJson(stack), "azurerm_storage_management_policy") as { rule: { actions: { base_blob: Record<string, number> } }[] };
    expect(policy.rule[0].actions.base_blob).toEqual({
      tier_to_cool_after_days_since_modification_greater_than: 30,
      tier_to_cold_after_days_since_modification_greater_than: 90,
      delete_after_days_since_modification_greater_than: 365,
    });
  });

  test("cold must come after cool", () => {
    expect(() => storageStack({ lifecycle: { coolAfterDays: 90, coldAfterDays: 60 } })).toThrow(
      "test/Storage: lifecycle.coldAfterDays 60 is not after coolAfterDays 90 (allowed: more than 90; blobs go hot → cool → cold → archive → deleted)",
    );
  });
});

describe("StorageAccount instances", () => {
  test("two accounts in one stack get distinct names and endpoint names through `instance`", () => {
    const { stack, rg } = testStack();
    const subnet = testSubnet({ stack, rg });
    const a = new StorageAccount(stack, "Files", { resourceGroup: rg, instance: "files", privateEndpoints: [{ subnet, subresource: "blob" }] });
    const b = new StorageAccount(stack, "Logs", { resourceGroup: rg, instance: "logs", privateEndpoints: [{ subnet, subresource: "blob" }] });
    expect(a.name).toMatch(/^stdemodeveus2files[0-9a-z]{4}$/);
    expect(b.name).toMatch(/^stdemodeveus2logs[0-9a-z]{4}$/);
    const endpoints = Object.values(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).map((e) => e.name).sort();
    expect(endpoints).toEqual(["pep-demo-dev-eus2-st-files-blob", "pep-demo-dev-eus2-st-logs-blob"]);
  });
});

describe("StorageAccount networkRules", () => {
  test("deny by default, the subnets and the ranges (a /32 and a /31 as single addresses), Azure services bypass", () => {
    const { stack, rg } = testStack();
    new StorageAccount(stack, "Storage", {
      resourceGroup: rg,
      publicNetworkAccess: true,
      networkRules: { allowedIpRanges: ["203.0.113.0/24", "198.51.100.7/32", "198.51.100.9/31"], allowedSubnets: [{ id: "/subscriptions/x/subnets/app" }] },
    });
    expect(onlyResource(synthJson(stack), "azurerm_storage_account").network_rules).toEqual({
      default_action: "Deny",
      bypass: ["AzureServices"],
      ip_rules: ["203.0.113.0/24", "198.51.100.7", "198.51.100.8", "198.51.100.9"],
      virtual_network_subnet_ids: ["/subscriptions/x/subnets/app"],
    });
  });

  test("needs publicNetworkAccess, and IPv4 CIDRs", () => {
    const { stack, rg } = testStack();
    expectValidationError(
      () => new StorageAccount(stack, "A", { resourceGroup: rg, networkRules: { allowedIpRanges: ["203.0.113.0/24"] } }),
      "test/A: networkRules is set without publicNetworkAccess (allowed: networkRules with publicNetworkAccess: true; a closed account admits no public network)",
    );
    expectValidationError(
      () => new StorageAccount(stack, "B", { resourceGroup: rg, instance: "b", publicNetworkAccess: true, networkRules: { allowedIpRanges: ["203.0.113"] } }),
      'test/B: networkRules.allowedIpRanges "203.0.113" is not an IPv4 CIDR (allowed: e.g. 203.0.113.0/24)',
    );
  });
});
