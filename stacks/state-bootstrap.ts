import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { BlueprintStack } from "../lib/framework/blueprint-stack";
import type { EnvironmentConfig } from "../lib/framework/environment-config";
import { protect } from "../lib/core/interfaces";
import { checkName } from "../lib/core/naming";
import { Suppressions } from "../lib/policy/suppressions";
import { grantDeployer } from "../lib/security/role-grant";

/**
 * `state-<env>`: the resource group, storage account and container that hold every other
 * stack's Terraform state. Its own state starts in a local file, because the remote backend
 * cannot hold the state of storage that does not exist yet; once the storage exists it can move
 * in, under key `state/<env>.tfstate` (`stateBackend.bootstrapState: remote`; README, "Bootstrap").
 */
export class StateBootstrapStack extends BlueprintStack {
  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id, { environment: env, system: "state", workload: "tfstate", state: env.stateBackend.bootstrapState });
    const b = env.stateBackend;
    const rg = new ResourceGroup(this, "ResourceGroup", {
      name: checkName(`${id}/ResourceGroup`, "resourceGroup", b.resourceGroup),
      location: b.location,
    });
    const account = new StorageAccount(this, "StateStorage", {
      name: checkName(`${id}/StateStorage`, "storageAccount", b.storageAccount),
      resourceGroupName: rg.name,
      location: b.location,
      accountKind: "StorageV2",
      accountTier: "Standard",
      // Zone-redundant where the region has zones would be nicer, but GRS keeps a copy of the
      // state in the paired region, which is what a lost region needs.
      accountReplicationType: "GRS",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      allowNestedItemsToBePublic: false,
      // The azurerm backend authenticates with Entra ID (use_azuread_auth), so keys can be off.
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      infrastructureEncryptionEnabled: true,
      localUserEnabled: false,
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: 30 },
        containerDeleteRetentionPolicy: { days: 30 },
      },
    });
    protect(this, account, { lock: "CanNotDelete", preventDestroy: true }, b.storageAccount);
    Suppressions.of(account)
      .add("AZ-ST-001", "Terraform reads and writes state from operator machines and CI runners outside any VNet; access is Entra ID only (shared keys off) and needs Storage Blob Data Contributor")
      .add("AZ-ST-008", "an IP allow list would lock out every deployer not on it (CI runners change addresses); access is Entra ID only (shared keys off) and needs Storage Blob Data Contributor")
      .add("AZ-DIAG-001", "the bootstrap stack runs before any Log Analytics workspace exists; state access is audited in the storage account's Entra ID sign-in and activity logs");
    new StorageContainer(this, "StateContainer", {
      name: checkName(`${id}/StateContainer`, "storageContainer", b.container),
      storageAccountId: account.id,
      containerAccessType: "private",
    });
    // Whoever bootstraps the state can read and write it; grant others the same role on the account.
    grantDeployer(this, "DeployerStateAccess", account.id, "Storage Blob Data Contributor");
    new TerraformOutput(this, "state_backend", {
      value: { resource_group_name: b.resourceGroup, storage_account_name: b.storageAccount, container_name: b.container },
    });
  }
}
