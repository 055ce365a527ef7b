import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount as AzStorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Construct } from "constructs";
import { resourceName } from "../core/blueprint-stack";
import { checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { grantRole } from "../security/role-grant";

export const STORAGE_REPLICATIONS = ["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"] as const;
export type StorageReplication = (typeof STORAGE_REPLICATIONS)[number];

export interface StorageAccountProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `st<workload><env><region><suffix>` (globally unique, 3-24 lowercase letters and digits) */
  readonly name?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** @default "ZRS" */
  readonly replication?: StorageReplication;
  /** Private blob containers to create. @default - none */
  readonly containers?: readonly string[];
  /** Keep previous blob versions. @default true */
  readonly versioning?: boolean;
  /** Days deleted blobs can be restored (1-365). @default 7 */
  readonly blobSoftDeleteDays?: number;
  /** Days deleted containers can be restored (1-365). @default 7 */
  readonly containerSoftDeleteDays?: number;
  /**
   * Reachable from public networks (still Entra ID only, no anonymous access, no shared keys).
   * Turn on only for callers without a private path. @default false
   */
  readonly publicNetworkAccess?: boolean;
}

/**
 * A StorageV2 account: HTTPS only, TLS 1.2, no anonymous blob access, no shared-key or SAS
 * access (Entra ID only), no cross-tenant replication, infrastructure encryption, blob
 * versioning and soft delete for blobs and containers.
 */
export class StorageAccount extends Construct {
  readonly resource: AzStorageAccount;
  readonly id: string;
  readonly name: string;
  readonly containers: Record<string, StorageContainer> = {};

  constructor(scope: Construct, id: string, props: StorageAccountProps) {
    super(scope, id);
    checkWholeNumber(this.node.path, "blobSoftDeleteDays", props.blobSoftDeleteDays, 1, 365);
    checkWholeNumber(this.node.path, "containerSoftDeleteDays", props.containerSoftDeleteDays, 1, 365);
    const replication = props.replication ?? "ZRS";
    const location = props.location ?? props.resourceGroup.location;
    if (replication.includes("ZRS")) requireZones(this.node.path, location, `replication ${JSON.stringify(replication)}`);
    this.name = resourceName(this, "storageAccount", props.name);
    this.resource = new AzStorageAccount(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: replication,
      accessTier: "Hot",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      infrastructureEncryptionEnabled: true,
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? false,
      blobProperties: {
        versioningEnabled: props.versioning ?? true,
        deleteRetentionPolicy: { days: props.blobSoftDeleteDays ?? 7 },
        containerDeleteRetentionPolicy: { days: props.containerSoftDeleteDays ?? 7 },
      },
    });
    this.id = this.resource.id;
    for (const name of props.containers ?? []) this.addContainer(name);
    protect(this, this.resource, props, this.name);
  }

  /** A private blob container, created through the management plane (works with shared keys off). */
  addContainer(name: string): StorageContainer {
    checkName(`${this.node.path}/Container[${name}]`, "storageContainer", name);
    checkUnique(this.node.path, "container", name, this.containers);
    const container = new StorageContainer(this, `Container-${name}`, {
      name,
      storageAccountId: this.id,
      containerAccessType: "private",
    });
    this.containers[name] = container;
    return container;
  }

  /** `Storage Blob Data Contributor` on the account: read, write and delete blobs. */
  grantBlobDataContributor(principal: IPrincipal, id = "BlobDataContributor"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage Blob Data Contributor", principal });
  }

  /** `Storage Blob Data Reader` on the account. */
  grantBlobDataReader(principal: IPrincipal, id = "BlobDataReader"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage Blob Data Reader", principal });
  }
}
