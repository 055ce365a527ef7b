import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { SearchService as SearchServiceResource } from "@cdktf/provider-azurerm/lib/search-service";
import { SearchSharedPrivateLinkService } from "@cdktf/provider-azurerm/lib/search-shared-private-link-service";
import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkUnique } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { didYouMean } from "../core/suggest";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import { grantRole } from "../security/role-grant";

/*
 * Azure AI Search (`azurerm_search_service`, Microsoft.Search/searchServices).
 *
 * Sources, read 2026-11-29:
 * - azurerm `internal/services/search/search_service_resource.go` and the 4.55 bindings: the SKU
 *   list, `replica_count` 1-12, `partition_count` in {1, 2, 3, 4, 6, 12}, `sku` and `hosting_mode`
 *   force a new service, `authentication_failure_mode` is refused with local authentication off,
 *   local authentication on without a failure mode means API keys only, `semantic_search_sku`
 *   unset means "disabled", no semantic ranker on `free`; basic takes up to 3 partitions since
 *   hashicorp/terraform-provider-azurerm#28105 (azurerm 4.12);
 * - learn.microsoft.com/azure/search/search-limits-quotas-capacity (partitions and replicas per
 *   tier: Basic 3 and 3 for services created after 2024-04-03, S1-S3 and L1-L2 12 and 12, S3 HD 3
 *   partitions; 36 search units at most; the SLA needs 2 replicas for queries, 3 for queries and
 *   indexing) and search-capacity-planning (search units = replicas x partitions);
 * - learn.microsoft.com/azure/search/semantic-how-to-enable-disable (Basic or higher; free plan
 *   capped at 1,000 queries a month, standard plan billed per use);
 * - learn.microsoft.com/azure/search/search-howto-managed-identities-data-sources (managed
 *   identity: Basic or higher);
 * - learn.microsoft.com/azure/search/search-security-rbac (the built-in roles the grants use);
 * - learn.microsoft.com/azure/templates/microsoft.search/searchservices (`networkRuleSet.bypass`:
 *   None, AzureServices; IP rules apply only while public network access is on);
 * - learn.microsoft.com/azure/private-link/private-endpoint-dns (`searchService`,
 *   privatelink.search.windows.net).
 *
 * Vector search is an index feature (a `vectorSearch` section and vector fields in the index
 * definition), available on every tier; indexes, indexers, data sources and skillsets are data-plane
 * objects this construct does not create (Terraform's azurerm provider has no resource for them).
 */

/** Pricing tiers azurerm 4.55 accepts (`sku`); the tier cannot be changed in place (a new service). */
export const SEARCH_SKUS = ["free", "basic", "standard", "standard2", "standard3", "storage_optimized_l1", "storage_optimized_l2"] as const;
export type SearchSku = (typeof SEARCH_SKUS)[number];

/** Partition counts Azure accepts (`partition_count`): divisors of 12. */
export const SEARCH_PARTITION_COUNTS = [1, 2, 3, 4, 6, 12] as const;

/** Search units (replicas x partitions) a service can have at most (Basic: 9). */
export const SEARCH_MAX_SEARCH_UNITS = 36;

/** What one tier allows: replicas, partitions, search units, premium features. */
export interface SearchSkuLimits {
  readonly sku: SearchSku;
  readonly maxReplicas: number;
  readonly maxPartitions: number;
  readonly maxSearchUnits: number;
  /** Dedicated (billable) tier: managed identity, private endpoints, shared private links, semantic ranker, customer-managed keys. */
  readonly billable: boolean;
}

/** The limits of `sku` (learn.microsoft.com/azure/search/search-limits-quotas-capacity). */
export function searchSkuLimits(sku: SearchSku): SearchSkuLimits {
  if (sku === "free") return { sku, maxReplicas: 1, maxPartitions: 1, maxSearchUnits: 1, billable: false };
  if (sku === "basic") return { sku, maxReplicas: 3, maxPartitions: 3, maxSearchUnits: 9, billable: true };
  return { sku, maxReplicas: 12, maxPartitions: 12, maxSearchUnits: SEARCH_MAX_SEARCH_UNITS, billable: true };
}

/** The semantic ranker's billing plan (`semantic_search_sku`). */
export type SearchSemanticRanker = "free" | "standard";

/** What a request with a missing or invalid Entra ID token gets while API keys are on too. */
export type SearchAuthenticationFailureMode = "http401WithBearerChallenge" | "http403";

export interface SearchServiceProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * Globally unique; the endpoint is `https://<name>.search.windows.net`. Changing it replaces
   * the service (indexes lost).
   * @default - generated: `srch-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Distinguishes several services in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** Changing it replaces the service. @default - the resource group's location */
  readonly location?: string;
  /**
   * Pricing tier (`SEARCH_SKUS`). Changing it replaces the service (indexes lost: Azure has no
   * in-place tier change). `free` is a shared service without SLA, managed identity, private
   * endpoints or semantic ranker: for experiments only.
   * @default "basic"
   */
  readonly sku?: SearchSku;
  /**
   * Replicas (copies of every index, serving queries). The SLA needs 2 for queries and 3 for
   * queries and indexing (AZ-SRCH-003 and AZ-SRCH-004 warn in prod); in regions with
   * availability zones Azure spreads replicas over zones. Basic: 1-3; Standard and Storage
   * Optimized: 1-12; Free: 1. Changed in place.
   * @default 1
   */
  readonly replicaCount?: number;
  /**
   * Partitions (index storage and I/O): 1, 2, 3, 4, 6 or 12; Basic: 1-3; `standard3` with
   * `hostingMode: "highDensity"`: 1-3; Free: 1. Replicas x partitions is at most 36 search units
   * (Basic: 9). Changed in place; adding partitions can take up to an hour.
   * @default 1
   */
  readonly partitionCount?: number;
  /**
   * `highDensity`: up to 1,000 indexes per partition for multi-tenant apps, `standard3` only (at
   * most 3 partitions, no indexers). Changing it replaces the service.
   * @default "default"
   */
  readonly hostingMode?: "default" | "highDensity";
  /**
   * The semantic ranker's plan (Basic or higher): `free` (1,000 semantic queries a month) or
   * `standard` (billed per 1,000 queries beyond the free ones). Agentic retrieval is billed through
   * the same setting. Changed in place.
   * @default - disabled (semantic queries are refused, nothing is billed)
   */
  readonly semanticRanker?: SearchSemanticRanker;
  /**
   * API keys (admin and query keys) besides Entra ID. Off (Microsoft's recommendation), clients
   * use Entra ID tokens and the roles `grantIndexDataReader` / `grantIndexDataContributor` /
   * `grantServiceContributor` give. AZ-AI-001 flags it on. Changed in place.
   * @default false
   */
  readonly localAuthentication?: boolean;
  /**
   * With `localAuthentication` on, what a request with a bad Entra ID token gets. Without a mode
   * azurerm turns Entra ID off (API keys only), so the construct always sends one. Refused with
   * `localAuthentication` off (azurerm rejects it).
   * @default "http401WithBearerChallenge" (with local authentication on)
   */
  readonly authenticationFailureMode?: SearchAuthenticationFailureMode;
  /**
   * The public endpoint. Off, clients connect through `privateEndpoints` (and trusted Azure
   * services, see `trustedAzureServices`). AZ-AI-002 flags it on. Changed in place.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Public IPv4 addresses or CIDR ranges allowed in (the service firewall), e.g. an office or a CI
   * runner. Needs `publicNetworkAccess: true`; with public access on and no ranges, the whole
   * internet can reach the endpoint. `0.0.0.0/0` is refused (AZ-SRCH-002). Changed in place.
   * @default - none
   */
  readonly allowedIps?: readonly string[];
  /**
   * Let trusted Azure services (Azure OpenAI "on your data", Azure AI Foundry agents) through the
   * firewall with their managed identity (`network_rule_bypass_option = "AzureServices"`); they
   * still need a role on the service. Changed in place.
   * @default true
   */
  readonly trustedAzureServices?: boolean;
  /**
   * Refuse to create indexes, synonym maps and other objects that are not encrypted with a
   * customer-managed key (`customer_managed_key_enforcement_enabled`; the key itself is set per
   * object through the data plane). Billable tiers only. Changed in place.
   * @default false
   */
  readonly customerManagedKeyEnforcement?: boolean;
  /** Private endpoints (`searchService` sub-resource, zone `privatelink.search.windows.net`); Basic or higher. @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Operation logs (`OperationLogs`: queries, indexing, management calls; table
   * `AzureDiagnostics`) and metrics to Log Analytics: `monitoring.diagnosticSettings()`.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** A shared private link: the search service's own private endpoint into a private data source (indexers, skills). */
export interface SearchSharedPrivateLinkProps {
  /** Name of the link, unique in the service. @default - the construct id */
  readonly name?: string;
  /** ARM id of the private resource: a storage account, Cosmos DB account, SQL server, key vault, Azure OpenAI account, ... */
  readonly targetResourceId: string;
  /** The target's Private Link sub-resource (group id): `blob`, `dfs`, `table`, `Sql`, `sqlServer`, `vault`, `openai_account`, ... */
  readonly subresourceName: string;
  /** Shown to whoever approves the connection on the target. @default - none */
  readonly requestMessage?: string;
}

/**
 * An Azure AI Search service for keyword, vector and hybrid search: Entra ID only (no API keys),
 * closed to public networks, with a system-assigned identity (indexers reaching data sources,
 * vectorizers calling Azure OpenAI), replicas and partitions checked against the tier's limits at
 * synth, private endpoints, shared private links and intent grants. Indexes (including their
 * vector fields and vector search profiles) are data-plane objects, created by the application or
 * a deployment script, not here.
 */
export class SearchService extends Construct {
  readonly resource: SearchServiceResource;
  readonly id: string;
  readonly name: string;
  /** `https://<name>.search.windows.net`, what SDKs take as the endpoint. */
  readonly endpoint: string;
  readonly sku: SearchSku;
  readonly replicaCount: number;
  readonly partitionCount: number;
  /** Principal id of the service's system-assigned identity (undefined on the Free tier, which has none). */
  readonly principalId?: string;
  readonly privateEndpoints: PrivateEndpoint[];
  readonly diagnosticSettings?: MonitorDiagnosticSetting;
  /** Shared private links, by construct id. */
  readonly sharedPrivateLinks: Record<string, SearchSharedPrivateLinkService> = {};

  constructor(scope: Construct, id: string, props: SearchServiceProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "basic";
    const replicas = props.replicaCount ?? 1;
    const partitions = props.partitionCount ?? 1;
    const hostingMode = props.hostingMode ?? "default";
    const localAuth = props.localAuthentication ?? false;
    const publicAccess = props.publicNetworkAccess ?? false;
    const allowedIps = props.allowedIps ?? [];
    const limits = checkSku(path, sku);
    checkOneOf(path, "hostingMode", hostingMode, ["default", "highDensity"]);
    if (props.semanticRanker !== undefined) checkOneOf(path, "semanticRanker", props.semanticRanker, ["free", "standard"]);
    if (props.authenticationFailureMode !== undefined) checkOneOf(path, "authenticationFailureMode", props.authenticationFailureMode, ["http401WithBearerChallenge", "http403"]);
    if (limits) checkCapacity(path, limits, replicas, partitions, hostingMode);
    if (limits && !limits.billable) {
      const premium: [string, boolean][] = [
        ["semanticRanker", props.semanticRanker !== undefined],
        ["privateEndpoints", (props.privateEndpoints ?? []).length > 0],
        ["customerManagedKeyEnforcement", props.customerManagedKeyEnforcement === true],
      ];
      for (const [prop, used] of premium) {
        if (used) throw new ValidationError(path, `${prop} is not available on sku "free" (a shared service); use "basic" or higher`);
      }
    }
    if (!Token.isUnresolved(hostingMode) && hostingMode === "highDensity" && !Token.isUnresolved(sku) && sku !== "standard3") {
      throw new ValidationError(path, `hostingMode "highDensity" is available on sku "standard3" only (got ${show(sku)}); leave hostingMode unset`);
    }
    if (!localAuth && props.authenticationFailureMode !== undefined) {
      throw new ValidationError(path, `authenticationFailureMode ${show(props.authenticationFailureMode)} applies only with localAuthentication: true (with API keys off every request needs an Entra ID token); leave it out`);
    }
    if (!publicAccess && allowedIps.length > 0) {
      throw new ValidationError(path, `allowedIps need publicNetworkAccess: true (Azure applies IP rules to the public endpoint only); turn public access on, or reach the service through privateEndpoints`);
    }
    checkIps(path, allowedIps);

    this.name = resourceName(this, "searchService", props.name, props.instance);
    this.sku = sku;
    this.replicaCount = replicas;
    this.partitionCount = partitions;
    const location = props.location ?? props.resourceGroup.location;
    const identity = limits?.billable === false ? undefined : { type: "SystemAssigned" };
    this.resource = new SearchServiceResource(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      replicaCount: replicas,
      partitionCount: partitions,
      hostingMode,
      semanticSearchSku: props.semanticRanker,
      localAuthenticationEnabled: localAuth,
      authenticationFailureMode: localAuth ? (props.authenticationFailureMode ?? "http401WithBearerChallenge") : undefined,
      publicNetworkAccessEnabled: publicAccess,
      allowedIps: allowedIps.length ? [...allowedIps] : undefined,
      networkRuleBypassOption: (props.trustedAzureServices ?? true) ? "AzureServices" : "None",
      customerManagedKeyEnforcementEnabled: props.customerManagedKeyEnforcement ?? false,
      identity,
    });
    this.id = this.resource.id;
    this.endpoint = `https://${this.name}.search.windows.net`;
    this.principalId = identity ? this.resource.identity.principalId : undefined;

    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "search/searchService",
      instance: props.instance ? `search-${props.instance}` : "search",
    });
    this.diagnosticSettings = props.diagnosticSettings ? addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings) : undefined;
    protect(this, this.resource, props, this.name);
  }

  /**
   * A shared private link from the service into a private data source, for indexers and skills
   * (Basic or higher). Azure creates a private endpoint the target's owner must approve (on the
   * target's Networking page, or `az network private-endpoint-connection approve`) before
   * indexers can use it; the service's identity also needs a data role on the target.
   */
  addSharedPrivateLink(id: string, props: SearchSharedPrivateLinkProps): SearchSharedPrivateLinkService {
    const path = `${this.node.path}/${id}`;
    checkUnique(this.node.path, "shared private link", id, this.sharedPrivateLinks);
    if (!Token.isUnresolved(this.sku) && this.sku === "free") {
      throw new ValidationError(path, `shared private links are not available on sku "free"; use "basic" or higher`);
    }
    const name = props.name ?? id;
    if (!Token.isUnresolved(name) && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(name)) {
      throw new ValidationError(path, `shared private link name ${show(name)} has characters Azure rejects (allowed: 1-80 letters, digits, "_", "." and "-", starting with a letter or digit)`);
    }
    if (!Token.isUnresolved(props.subresourceName) && props.subresourceName.trim() === "") {
      throw new ValidationError(path, `subresourceName is empty (give the target's Private Link group id, e.g. "blob")`);
    }
    const link = new SearchSharedPrivateLinkService(this, id, {
      name,
      searchServiceId: this.id,
      targetResourceId: props.targetResourceId,
      subresourceName: props.subresourceName,
      requestMessage: props.requestMessage,
    });
    this.sharedPrivateLinks[id] = link;
    return link;
  }

  /** `Search Index Data Reader` on the service: query every index (read documents), nothing else. */
  grantIndexDataReader(principal: IPrincipal, id = "IndexDataReader"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Search Index Data Reader", principal });
  }

  /** `Search Index Data Contributor` on the service: load, change and delete documents in every index (not create indexes). */
  grantIndexDataContributor(principal: IPrincipal, id = "IndexDataContributor"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Search Index Data Contributor", principal });
  }

  /**
   * `Search Service Contributor` on the service: create and change indexes, indexers, data
   * sources and skillsets (and the service's control-plane settings); no document access.
   */
  grantServiceContributor(principal: IPrincipal, id = "ServiceContributor"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Search Service Contributor", principal });
  }
}

/** Throws for a tier azurerm does not have; returns its limits (undefined for an unresolved token). */
function checkSku(path: string, sku: string): SearchSkuLimits | undefined {
  if (Token.isUnresolved(sku)) return undefined;
  if ((SEARCH_SKUS as readonly string[]).includes(sku)) return searchSkuLimits(sku as SearchSku);
  const portal: Record<string, SearchSku> = { s1: "standard", s2: "standard2", s3: "standard3", l1: "storage_optimized_l1", l2: "storage_optimized_l2", b: "basic", f: "free" };
  const close = portal[sku.toLowerCase().replace(/\s+hd$/, "")] ?? didYouMean(sku, SEARCH_SKUS);
  throw new ValidationError(path, `sku ${show(sku)} is not an Azure AI Search tier${close ? `; did you mean ${show(close)}?` : ""} (allowed: ${SEARCH_SKUS.join(", ")})`);
}

/** Replicas, partitions and search units within the tier's limits. */
function checkCapacity(path: string, limits: SearchSkuLimits, replicas: number, partitions: number, hostingMode: string): void {
  const tier = show(limits.sku);
  if (!Token.isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 1 || replicas > limits.maxReplicas)) {
    throw new ValidationError(path, `replicaCount ${replicas} is not allowed on sku ${tier} (allowed: 1 to ${limits.maxReplicas})`);
  }
  if (!Token.isUnresolved(partitions)) {
    const max = limits.sku === "standard3" && hostingMode === "highDensity" ? 3 : limits.maxPartitions;
    const allowed = SEARCH_PARTITION_COUNTS.filter((p) => p <= max);
    if (!(allowed as readonly number[]).includes(partitions)) {
      const why = max === 3 && limits.sku === "standard3" ? ' with hostingMode "highDensity"' : "";
      throw new ValidationError(path, `partitionCount ${partitions} is not allowed on sku ${tier}${why} (allowed: ${allowed.join(", ")})`);
    }
    if (!Token.isUnresolved(replicas) && replicas * partitions > limits.maxSearchUnits) {
      throw new ValidationError(
        path,
        `replicaCount ${replicas} x partitionCount ${partitions} is ${replicas * partitions} search units; sku ${tier} allows at most ${limits.maxSearchUnits}: lower one of them`,
      );
    }
  }
}

function checkOneOf(path: string, prop: string, value: string, allowed: readonly string[]): void {
  if (Token.isUnresolved(value) || allowed.includes(value)) return;
  const close = didYouMean(value, allowed);
  throw new ValidationError(path, `${prop} ${show(value)} is not allowed${close ? `; did you mean ${show(close)}?` : ""} (allowed: ${allowed.join(", ")})`);
}

/** IPv4 addresses or CIDR ranges, never the whole internet. */
function checkIps(path: string, ips: readonly string[]): void {
  for (const ip of ips) {
    if (Token.isUnresolved(ip)) continue;
    if (!ipaddr.IPv4.isValidFourPartDecimal(ip) && !ipaddr.IPv4.isValidCIDR(ip)) {
      throw new ValidationError(path, `allowedIps ${show(ip)} is not an IPv4 address or CIDR (allowed: e.g. "203.0.113.7" or "203.0.113.0/24")`);
    }
    if (ipaddr.IPv4.isValidCIDR(ip) && ipaddr.IPv4.parseCIDR(ip)[1] === 0) {
      throw new ValidationError(path, `allowedIps ${show(ip)} admits every IPv4 address; list the addresses that need access, or reach the service through privateEndpoints`);
    }
  }
}
