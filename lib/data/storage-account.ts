import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount as AzStorageAccount, type StorageAccountNetworkRules, type StorageAccountBlobPropertiesCorsRule } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { StorageQueue } from "@cdktf/provider-azurerm/lib/storage-queue";
import { StorageShare } from "@cdktf/provider-azurerm/lib/storage-share";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { grantRole } from "../security/role-grant";

export const STORAGE_REPLICATIONS = ["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"] as const;
export type StorageReplication = (typeof STORAGE_REPLICATIONS)[number];

/**
 * Replications the archive tier supports: "The Archive tier is not supported for ZRS, GZRS, or
 * RA-GZRS accounts" (learn.microsoft.com/azure/storage/blobs/access-tiers-overview).
 */
export const ARCHIVE_REPLICATIONS: readonly StorageReplication[] = ["LRS", "GRS", "RAGRS"];

/**
 * Access tiers of a file share in a StorageV2 (standard) account; `Premium` exists only in
 * FileStorage accounts (azurerm_storage_share `access_tier`; learn.microsoft.com/azure/storage/files/storage-files-planning).
 */
export const FILE_SHARE_ACCESS_TIERS = ["TransactionOptimized", "Hot", "Cool"] as const;

/** Largest standard file share without large file shares (5 TiB); up to 100 TiB with them. */
const STANDARD_SHARE_MAX_GB = 5120;
const LARGE_SHARE_MAX_GB = 102400;

export interface StorageFileShare {
  /** 3-63 lowercase letters, digits and single hyphens. */
  readonly name: string;
  /**
   * Maximum size in GiB (1-102400). Above 5120 the account gets large file shares, which
   * cannot be turned off again.
   */
  readonly quotaGb: number;
  /** @default "TransactionOptimized" */
  readonly accessTier?: (typeof FILE_SHARE_ACCESS_TIERS)[number];
}

/**
 * Blob lifecycle: block blobs move hot → cool → cold → archive by days since their last modification
 * and are deleted after the retention (Azure acts when the age is greater than the number of
 * days). Set at least one action.
 */
export interface StorageLifecycle {
  /** @default - blobs stay in the hot tier */
  readonly coolAfterDays?: number;
  /**
   * The cold tier: online like cool, cheaper to keep and dearer to read; offered with every
   * redundancy, so zone-redundant accounts can tier beyond cool without archive.
   * @default - blobs are never moved to cold
   */
  readonly coldAfterDays?: number;
  /**
   * Not available with zone-redundant replication (ZRS, GZRS, RAGZRS). Archived blobs are offline
   * (hours to rehydrate) and cost an early-deletion fee if they leave the tier within 180 days.
   * @default - blobs are never archived
   */
  readonly archiveAfterDays?: number;
  /**
   * Deletes blobs (block and append) this many days after their last modification, and previous
   * versions and snapshots this many days after they were created, so the data is really gone.
   * A version is created when its blob is overwritten or deleted: with versioning on, a blob
   * deleted by this rule stays restorable as a previous version for `deleteAfterDays` more.
   * @default - blobs are kept
   */
  readonly deleteAfterDays?: number;
  /**
   * Blob name prefixes the policy applies to, each starting with a container name
   * (`logs/` for the `logs` container, `exports/daily/`); up to 10.
   * @default - every blob in the account
   */
  readonly prefixes?: readonly string[];
}

/** HTTP methods a blob CORS rule can allow (azurerm `cors_rule.allowed_methods` for blobs). */
export const STORAGE_CORS_METHODS = ["DELETE", "GET", "HEAD", "MERGE", "POST", "OPTIONS", "PUT", "PATCH"] as const;
export type StorageCorsMethod = (typeof STORAGE_CORS_METHODS)[number];

/** A CORS rule of the blob service, for browsers calling it directly (with Entra ID tokens). */
export interface StorageCorsRule {
  /** Origins (`https://app.example.com`) or `*`; 1-64. */
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly StorageCorsMethod[];
  /** Request headers the browser may send; 1-64. @default ["*"] */
  readonly allowedHeaders?: readonly string[];
  /** Response headers the browser may read; 1-64. @default ["*"] */
  readonly exposedHeaders?: readonly string[];
  /** How long a browser caches the preflight response (0-2000000000). @default 3600 */
  readonly maxAgeSeconds?: number;
}

/** Storage services a private endpoint can connect to (the endpoint's `groupId`). */
export const STORAGE_SUBRESOURCES = ["blob", "file", "queue", "table", "dfs", "web"] as const;
export type StorageSubresource = (typeof STORAGE_SUBRESOURCES)[number];

/** A private endpoint for one storage service. */
export interface StoragePrivateEndpointProps extends PrivateEndpointProps {
  readonly subresource: StorageSubresource;
}

export interface StorageAccountProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `st<workload><env><region>[<instance>]<suffix>` (globally unique, 3-24 lowercase letters and digits) */
  readonly name?: string;
  /**
   * Distinguishes several accounts in one stack, in the generated name and in the names of its
   * private endpoints (`files`, `logs`). Keep it short: the name has 24 characters in all.
   * @default - none
   */
  readonly instance?: string;
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
  /**
   * Who may use the public endpoint, with `publicNetworkAccess`: everything else is denied
   * (`network_rules.default_action = "Deny"`, trusted Azure services bypass). Subnets need the
   * `Microsoft.Storage` service endpoint. IP ranges must be public, and IP rules have no effect on
   * requests from the account's own Azure region (Microsoft, "Configure Azure Storage firewalls
   * and virtual networks"): admit an App Service there through its integration subnet. Azure
   * takes no /31 or /32 ranges: those become single addresses.
   * @default - none: with publicNetworkAccess, every network is admitted (AZ-ST-008 warns)
   */
  readonly networkRules?: StorageNetworkRules;
  /**
   * SMB file shares, created through the management plane (works with shared keys off). Clients
   * cannot mount them with the account key, since shared keys are off: SMB mounts need
   * identity-based authentication (AD DS, Microsoft Entra Domain Services, or Microsoft Entra
   * Kerberos for hybrid identities) set on the account's `azure_files_authentication` (escape
   * hatch: `resource.azureFilesAuthentication`); App Service and Container Apps storage mounts
   * take an account key and do not work. Applications can use the File REST API/SDKs with Entra
   * ID (OAuth over REST, `Storage File Data Privileged Reader/Contributor` roles, backup intent).
   * @default - none
   */
  readonly fileShares?: readonly StorageFileShare[];
  /**
   * Local users (SFTP and local SMB users with their own passwords or SSH keys, outside Entra ID).
   * Turn on only for an account that serves SFTP.
   * @default false
   */
  readonly localUsers?: boolean;
  /** Queues to create (through the management plane). Clients use Entra ID (`Storage Queue Data *` roles). @default - none */
  readonly queues?: readonly string[];
  /** Blob lifecycle management (tiering and deletion by age). @default - none: blobs stay hot and are kept */
  readonly lifecycle?: StorageLifecycle;
  /** CORS rules of the blob service (up to 5). @default - none: browsers cannot call the blob service cross-origin */
  readonly cors?: readonly StorageCorsRule[];
  /**
   * Private endpoints, one per entry, named `pep-...-st-<subresource>` (`-2`, `-3` for further
   * endpoints to the same service). @default - none
   */
  readonly privateEndpoints?: readonly StoragePrivateEndpointProps[];
}

/**
 * A StorageV2 account: HTTPS only, TLS 1.2, no anonymous blob access, no shared-key or SAS
 * access (Entra ID only), no local users, no cross-tenant replication, infrastructure encryption, blob
 * versioning and soft delete for blobs and containers. Containers, file shares and queues are
 * created through the management plane; optional blob lifecycle policy, blob CORS rules and
 * private endpoints per storage service.
 */
export class StorageAccount extends Construct {
  readonly resource: AzStorageAccount;
  readonly id: string;
  readonly name: string;
  readonly containers: Record<string, StorageContainer> = {};
  readonly fileShares: Record<string, StorageShare> = {};
  readonly queues: Record<string, StorageQueue> = {};
  /** The lifecycle policy, when `lifecycle` is set. */
  readonly managementPolicy?: StorageManagementPolicy;
  readonly privateEndpoints: readonly PrivateEndpoint[];

  constructor(scope: Construct, id: string, props: StorageAccountProps) {
    super(scope, id);
    checkWholeNumber(this.node.path, "blobSoftDeleteDays", props.blobSoftDeleteDays, 1, 365);
    checkWholeNumber(this.node.path, "containerSoftDeleteDays", props.containerSoftDeleteDays, 1, 365);
    const replication = props.replication ?? "ZRS";
    const location = props.location ?? props.resourceGroup.location;
    if (replication.includes("ZRS")) requireZones(this.node.path, location, `replication ${JSON.stringify(replication)}`);
    if (props.lifecycle) checkLifecycle(this.node.path, props.lifecycle, replication);
    const corsRules = props.cors ? corsRulesOf(this.node.path, props.cors) : undefined;
    for (const [i, endpoint] of (props.privateEndpoints ?? []).entries()) {
      if (!Token.isUnresolved(endpoint.subresource) && !(STORAGE_SUBRESOURCES as readonly string[]).includes(endpoint.subresource)) {
        throw new ValidationError(this.node.path, `privateEndpoints[${i}].subresource ${JSON.stringify(endpoint.subresource)} is not a storage service (allowed: ${STORAGE_SUBRESOURCES.join(", ")})`);
      }
    }
    this.name = resourceName(this, "storageAccount", props.name, props.instance);
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
      localUserEnabled: props.localUsers ?? false,
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? false,
      networkRules: props.networkRules && storageNetworkRules(this.node.path, props.networkRules, props.publicNetworkAccess ?? false),
      blobProperties: {
        versioningEnabled: props.versioning ?? true,
        deleteRetentionPolicy: { days: props.blobSoftDeleteDays ?? 7 },
        containerDeleteRetentionPolicy: { days: props.containerSoftDeleteDays ?? 7 },
        corsRule: corsRules,
      },
    });
    this.id = this.resource.id;
    for (const name of props.containers ?? []) this.addContainer(name);
    for (const share of props.fileShares ?? []) this.addFileShare(share);
    for (const name of props.queues ?? []) this.addQueue(name);
    if (props.lifecycle) this.managementPolicy = this.addLifecyclePolicy(props.lifecycle);
    const perService = new Map<string, number>();
    this.privateEndpoints = (props.privateEndpoints ?? []).flatMap((endpoint) => {
      const n = (perService.get(endpoint.subresource) ?? 0) + 1;
      perService.set(endpoint.subresource, n);
      return addPrivateEndpoints(this, [endpoint], {
        resourceGroup: props.resourceGroup,
        targetLocation: location,
        targetResourceId: this.id,
        target: `storage/${endpoint.subresource}`,
        instance: [props.instance ? `st-${props.instance}` : "st", endpoint.subresource, n === 1 ? undefined : String(n)].filter(Boolean).join("-"),
      });
    });
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

  /**
   * An SMB file share, created through the management plane (`storage_account_id`), so it works
   * with shared keys off; see `fileShares` for how clients can reach it.
   */
  addFileShare(share: StorageFileShare): StorageShare {
    const path = `${this.node.path}/FileShare[${share.name}]`;
    checkName(path, "fileShare", share.name);
    checkUnique(this.node.path, "file share", share.name, this.fileShares);
    checkWholeNumber(path, "quotaGb", share.quotaGb, 1, LARGE_SHARE_MAX_GB);
    const tier = share.accessTier ?? "TransactionOptimized";
    if (!Token.isUnresolved(tier) && !(FILE_SHARE_ACCESS_TIERS as readonly string[]).includes(tier)) {
      throw new ValidationError(path, `accessTier ${JSON.stringify(tier)} is not available for a share in a StorageV2 account (allowed: ${FILE_SHARE_ACCESS_TIERS.join(", ")})`);
    }
    // Standard shares above 5 TiB need large file shares on the account (learn.microsoft.com/azure/storage/files/storage-files-scale-targets);
    // every redundancy supports them (learn.microsoft.com/azure/storage/files/geo-redundant-storage-for-large-file-shares).
    if (!Token.isUnresolved(share.quotaGb) && share.quotaGb > STANDARD_SHARE_MAX_GB) this.resource.largeFileShareEnabled = true;
    const resource = new StorageShare(this, `FileShare-${share.name}`, {
      name: share.name,
      storageAccountId: this.id,
      quota: share.quotaGb,
      accessTier: tier,
      enabledProtocol: "SMB",
    });
    this.fileShares[share.name] = resource;
    return resource;
  }

  /** A queue, created through the management plane (`storage_account_id`), so it works with shared keys off. */
  addQueue(name: string): StorageQueue {
    checkName(`${this.node.path}/Queue[${name}]`, "storageQueue", name);
    checkUnique(this.node.path, "queue", name, this.queues);
    const queue = new StorageQueue(this, `Queue-${name}`, { name, storageAccountId: this.id });
    this.queues[name] = queue;
    return queue;
  }

  private addLifecyclePolicy(lifecycle: StorageLifecycle): StorageManagementPolicy {
    const { coolAfterDays: cool, coldAfterDays: cold, archiveAfterDays: archive, deleteAfterDays: del } = lifecycle;
    const prefixMatch = lifecycle.prefixes ? [...lifecycle.prefixes] : undefined;
    return new StorageManagementPolicy(this, "Lifecycle", {
      storageAccountId: this.id,
      rule: [
        {
          name: "lifecycle",
          enabled: true,
          // Tiering applies to block blobs only; append blobs support the delete action alone
          // (learn.microsoft.com/azure/storage/blobs/lifecycle-management-policy-structure).
          filters: { blobTypes: ["blockBlob"], prefixMatch },
          actions: {
            baseBlob: {
              tierToCoolAfterDaysSinceModificationGreaterThan: cool,
              tierToColdAfterDaysSinceModificationGreaterThan: cold,
              tierToArchiveAfterDaysSinceModificationGreaterThan: archive,
              deleteAfterDaysSinceModificationGreaterThan: del,
            },
            version: del === undefined ? undefined : { deleteAfterDaysSinceCreation: del },
            snapshot: del === undefined ? undefined : { deleteAfterDaysSinceCreationGreaterThan: del },
          },
        },
        // Append blobs (logs an application appends to, for one) can only be deleted, not tiered,
        // so they get a rule of their own.
        ...(del === undefined
          ? []
          : [
              {
                name: "lifecycle-append-blobs",
                enabled: true,
                filters: { blobTypes: ["appendBlob"], prefixMatch },
                actions: { baseBlob: { deleteAfterDaysSinceModificationGreaterThan: del } },
              },
            ]),
      ],
    });
  }

  /** `Storage Blob Data Contributor` on the account: read, write and delete blobs. */
  grantBlobDataContributor(principal: IPrincipal, id = "BlobDataContributor"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage Blob Data Contributor", principal });
  }

  /** `Storage Blob Data Reader` on the account. */
  grantBlobDataReader(principal: IPrincipal, id = "BlobDataReader"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage Blob Data Reader", principal });
  }

  /** `Storage Queue Data Contributor` on the account: read, add, update and delete queue messages with Entra ID. */
  grantQueueDataContributor(principal: IPrincipal, id = "QueueDataContributor"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage Queue Data Contributor", principal });
  }

  /** `Storage Queue Data Reader` on the account: peek and read queue messages. */
  grantQueueDataReader(principal: IPrincipal, id = "QueueDataReader"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage Queue Data Reader", principal });
  }

  /**
   * `Storage File Data Privileged Contributor` on the account: read, write and delete files and
   * directories in every share through the Files REST API and SDKs with an Entra ID token and the
   * backup intent (`x-ms-file-request-intent: backup`; `token_intent="backup"` in the Python SDK),
   * past file ACLs ("Azure Files OAuth over REST", learn.microsoft.com/azure/storage/files/authorize-oauth-rest).
   * This is how an app identity reaches a share when shared keys are off: SMB mounts need a key
   * or a domain identity.
   */
  grantFileDataPrivilegedContributor(principal: IPrincipal, id = "FileDataPrivilegedContributor"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Storage File Data Privileged Contributor", principal });
  }
}

const LIFECYCLE_MAX_DAYS = 99999; // azurerm_storage_management_policy: every *_days is 0-99999

/** Throws unless the lifecycle has an action, its days run cool < cold < archive < delete, and archive suits the replication. */
function checkLifecycle(path: string, lifecycle: StorageLifecycle, replication: StorageReplication): void {
  const steps = [
    ["coolAfterDays", lifecycle.coolAfterDays],
    ["coldAfterDays", lifecycle.coldAfterDays],
    ["archiveAfterDays", lifecycle.archiveAfterDays],
    ["deleteAfterDays", lifecycle.deleteAfterDays],
  ] as const;
  const set = steps.filter((s): s is readonly [(typeof s)[0], number] => s[1] !== undefined);
  if (set.length === 0) {
    throw new ValidationError(path, "lifecycle sets no action (allowed: at least one of coolAfterDays, coldAfterDays, archiveAfterDays, deleteAfterDays)");
  }
  for (const [prop, days] of set) checkWholeNumber(path, `lifecycle.${prop}`, days, 0, LIFECYCLE_MAX_DAYS);
  for (let i = 1; i < set.length; i++) {
    const [prevProp, prev] = set[i - 1];
    const [prop, days] = set[i];
    if (Token.isUnresolved(prev) || Token.isUnresolved(days)) continue;
    if (days <= prev) {
      throw new ValidationError(path, `lifecycle.${prop} ${days} is not after ${prevProp} ${prev} (allowed: more than ${prev}; blobs go hot → cool → cold → archive → deleted)`);
    }
  }
  if (lifecycle.archiveAfterDays !== undefined && !Token.isUnresolved(replication) && !ARCHIVE_REPLICATIONS.includes(replication)) {
    throw new ValidationError(
      path,
      `lifecycle.archiveAfterDays ${lifecycle.archiveAfterDays} is not available with replication ${JSON.stringify(replication)}: the archive tier does not support zone-redundant accounts (allowed: replication ${ARCHIVE_REPLICATIONS.join(", ")}, or no archiveAfterDays)`,
    );
  }
  const prefixes = lifecycle.prefixes;
  if (prefixes && !Token.isUnresolved(prefixes)) {
    if (prefixes.length < 1 || prefixes.length > 10) {
      throw new ValidationError(path, `lifecycle.prefixes has ${prefixes.length} entries (allowed: 1 to 10; leave it out for every blob)`);
    }
    for (const prefix of prefixes) {
      if (Token.isUnresolved(prefix)) continue;
      if (prefix === "" || prefix.startsWith("/")) {
        throw new ValidationError(path, `lifecycle.prefixes entry ${JSON.stringify(prefix)} does not start with a container name (allowed: "<container>/<path>", e.g. "logs/")`);
      }
    }
  }
}

/** The blob service's CORS rules in the provider's shape, after checking the limits Azure and the provider enforce. */
function corsRulesOf(path: string, rules: readonly StorageCorsRule[]): StorageAccountBlobPropertiesCorsRule[] {
  // Up to five rules per service (learn.microsoft.com/rest/api/storageservices/cross-origin-resource-sharing--cors--support-for-the-azure-storage-services);
  // up to 64 origins and headers per rule (azurerm cors_rule schema).
  if (rules.length < 1 || rules.length > 5) {
    throw new ValidationError(path, `cors has ${rules.length} rules (allowed: 1 to 5; leave it out for none)`);
  }
  return rules.map((rule, i) => {
    const where = `cors[${i}]`;
    const list = (prop: string, values: readonly string[]) => {
      if (Token.isUnresolved(values)) return;
      if (values.length < 1 || values.length > 64) {
        throw new ValidationError(path, `${where}.${prop} has ${values.length} entries (allowed: 1 to 64)`);
      }
      if (values.some((v) => v === "")) throw new ValidationError(path, `${where}.${prop} has an empty entry (allowed: non-empty strings)`);
    };
    const allowedHeaders = rule.allowedHeaders ?? ["*"];
    const exposedHeaders = rule.exposedHeaders ?? ["*"];
    list("allowedOrigins", rule.allowedOrigins);
    list("allowedMethods", rule.allowedMethods);
    list("allowedHeaders", allowedHeaders);
    list("exposedHeaders", exposedHeaders);
    for (const method of rule.allowedMethods) {
      if (!Token.isUnresolved(method) && !(STORAGE_CORS_METHODS as readonly string[]).includes(method)) {
        throw new ValidationError(path, `${where}.allowedMethods ${JSON.stringify(method)} is not a method the blob service allows (allowed: ${STORAGE_CORS_METHODS.join(", ")})`);
      }
    }
    const maxAge = rule.maxAgeSeconds ?? 3600;
    checkWholeNumber(path, `${where}.maxAgeSeconds`, maxAge, 0, 2000000000);
    return {
      allowedOrigins: [...rule.allowedOrigins],
      allowedMethods: [...rule.allowedMethods],
      allowedHeaders: [...allowedHeaders],
      exposedHeaders: [...exposedHeaders],
      maxAgeInSeconds: maxAge,
    };
  });
}

// StorageAccount network rules (issue 15: DOT-Copilot's "Firewall Rules -> STORAGE").
/** The networks a storage account's public endpoint admits (`StorageAccountProps.networkRules`). */
export interface StorageNetworkRules {
  /** Public IPv4 CIDRs (operators, CI). @default - none */
  readonly allowedIpRanges?: readonly string[];
  /** Subnets with the `Microsoft.Storage` service endpoint (an App Service integration subnet). @default - none */
  readonly allowedSubnets?: readonly { readonly id: string }[];
}

/** The `network_rules` block: deny by default, the given ranges (a /31 or /32 as single addresses) and subnets. */
function storageNetworkRules(path: string, rules: StorageNetworkRules, publicNetworkAccess: boolean): StorageAccountNetworkRules {
  if (!publicNetworkAccess) {
    throw new ValidationError(path, "networkRules is set without publicNetworkAccess (allowed: networkRules with publicNetworkAccess: true; a closed account admits no public network)");
  }
  const ipRules = (rules.allowedIpRanges ?? []).flatMap((cidr) => {
    if (Token.isUnresolved(cidr)) return [cidr];
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!m) throw new ValidationError(path, `networkRules.allowedIpRanges ${JSON.stringify(cidr)} is not an IPv4 CIDR (allowed: e.g. 203.0.113.0/24)`);
    const prefix = Number(m[5]);
    if (prefix === 32) return [`${m[1]}.${m[2]}.${m[3]}.${m[4]}`];
    if (prefix === 31) {
      const last = Number(m[4]) & ~1;
      return [`${m[1]}.${m[2]}.${m[3]}.${last}`, `${m[1]}.${m[2]}.${m[3]}.${last + 1}`];
    }
    return [cidr];
  });
  return {
    defaultAction: "Deny",
    bypass: ["AzureServices"],
    ipRules,
    virtualNetworkSubnetIds: (rules.allowedSubnets ?? []).map((s) => s.id),
  };
}
