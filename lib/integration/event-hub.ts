import { Eventhub } from "@cdktf/provider-azurerm/lib/eventhub";
import { EventhubConsumerGroup } from "@cdktf/provider-azurerm/lib/eventhub-consumer-group";
import { EventhubNamespace, type EventhubNamespaceIdentity } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IManagedIdentity, type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import { grantRole } from "../security/role-grant";

/*
 * Azure Event Hubs: a namespace (`azurerm_eventhub_namespace`), event hubs (`azurerm_eventhub`)
 * and consumer groups (`azurerm_eventhub_consumer_group`), Entra ID only, grants per namespace
 * or per hub.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings (`@cdktf/provider-azurerm` 14.23.1): namespace `sku`, `capacity`,
 *   `auto_inflate_enabled`, `maximum_throughput_units`, `local_authentication_enabled`,
 *   `minimum_tls_version`, `public_network_access_enabled`, `network_rulesets`, `identity`; no
 *   `zone_redundant` any more (removed in 4.0: Azure makes a namespace zone redundant where the
 *   region has availability zones); hub `namespace_id` (namespace_name/resource_group_name are
 *   deprecated), `partition_count`, `message_retention` (days), `capture_description`;
 * - internal/services/eventhub/eventhub_resource.go: `partition_count` cannot be decreased, and
 *   can be changed only on Premium; capture interval 60-900 s (default 300), size limit
 *   10485760-524288000 bytes (default 314572800), encoding Avro/AvroDeflate, destination
 *   `EventHubArchive.AzureBlockBlob`;
 * - learn.microsoft.com/azure/event-hubs/event-hubs-quotas (Basic/Standard/Premium column):
 *   consumer groups per event hub 1 / 20 / 100; retention 1 day / 7 days / 90 days; partitions
 *   per event hub 32 / 32 / 100; event hubs per namespace 10 / 10 / 100 per PU; Capture N/A on
 *   Basic; event hub names up to 256 characters, AMQP consumer group names up to 50; up to 128 IP
 *   rules; learn.microsoft.com/azure/event-hubs/event-hubs-faq (the tier cannot be changed after
 *   deployment);
 * - learn.microsoft.com/azure/event-hubs/private-link-service and event-hubs-ip-filtering (private
 *   endpoints and IP firewall rules: not on the Basic tier);
 * - learn.microsoft.com/azure/role-based-access-control/built-in-roles (Azure Event Hubs Data
 *   Sender 2b629674-e913-4c01-ae53-ef4638d8f975, Data Receiver a638d3c7-ab3a-418d-83e6-5f17a39d4fde);
 * - learn.microsoft.com/azure/private-link/private-endpoint-dns (`namespace` sub-resource,
 *   privatelink.servicebus.windows.net).
 */

/** Event Hubs tiers (`sku`). Dedicated clusters are not covered. */
export const EVENT_HUB_SKUS = ["Basic", "Standard", "Premium"] as const;
export type EventHubSku = (typeof EVENT_HUB_SKUS)[number];

/** Processing units a Premium namespace can have (`capacity`). */
export const EVENT_HUB_PREMIUM_CAPACITIES = [1, 2, 4, 8, 16] as const;

/** Throughput units of a Basic or Standard namespace, and the auto-inflate maximum: 1-40. */
export const EVENT_HUB_MAX_THROUGHPUT_UNITS = 40;

/** Where clients connect with Entra ID: `<namespace>.servicebus.windows.net` (Azure public cloud). */
export const EVENT_HUB_HOST_SUFFIX = "servicebus.windows.net";

/** The per-tier limits the construct validates against (Learn "Event Hubs quotas and limits"). */
export interface EventHubTierLimits {
  /** Partitions per event hub. */
  readonly maxPartitions: number;
  /** Longest retention, in days. */
  readonly maxRetentionDays: number;
  /** Consumer groups per event hub, `$Default` included. */
  readonly maxConsumerGroups: number;
  /** Event hubs per namespace (on Premium: per processing unit). */
  readonly maxHubs: number;
  /** Capture to Blob Storage. */
  readonly capture: boolean;
  /** Private endpoints and IP firewall rules. */
  readonly privateNetworking: boolean;
  /** Auto-inflate of throughput units. */
  readonly autoInflate: boolean;
}

export const EVENT_HUB_TIER_LIMITS: Readonly<Record<EventHubSku, EventHubTierLimits>> = {
  Basic: { maxPartitions: 32, maxRetentionDays: 1, maxConsumerGroups: 1, maxHubs: 10, capture: false, privateNetworking: false, autoInflate: false },
  Standard: { maxPartitions: 32, maxRetentionDays: 7, maxConsumerGroups: 20, maxHubs: 10, capture: true, privateNetworking: true, autoInflate: true },
  Premium: { maxPartitions: 100, maxRetentionDays: 90, maxConsumerGroups: 100, maxHubs: 100, capture: true, privateNetworking: true, autoInflate: false },
};

export interface EventHubProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * 6-50 letters, digits and hyphens, starting with a letter, globally unique
   * (`<name>.servicebus.windows.net`). Forces a new namespace when changed.
   * @default - generated: `evhns-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Distinguishes several namespaces in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** Tier. Cannot be changed in place by Azure (a move to Premium recreates the namespace). @default "Standard" */
  readonly sku?: EventHubSku;
  /**
   * Throughput units (Basic, Standard: 1-40) or processing units (Premium: 1, 2, 4, 8 or 16).
   * @default 1
   */
  readonly capacity?: number;
  /**
   * Auto-inflate (Standard only): Azure raises the throughput units up to this maximum (1-40, at
   * least `capacity`) under load; it never lowers them.
   * @default - off
   */
  readonly autoInflateMaxThroughputUnits?: number;
  /**
   * The public endpoint. Off, clients connect through `privateEndpoints` (Standard and Premium).
   * Basic has no private path, so it stays on there, with Entra ID as the guard.
   * @default false on Standard and Premium, true on Basic
   */
  readonly publicNetworkAccess?: boolean;
  /** Public IPv4 addresses or CIDRs allowed in when `publicNetworkAccess` is on (Standard and Premium; up to 128). @default - none: every network */
  readonly allowedIpRanges?: readonly string[];
  /** Private endpoints (sub-resource `namespace`, zone `privatelink.servicebus.windows.net`; Standard and Premium). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Shared access keys (SAS). Off, clients use Entra ID (`grantSend`, `grantReceive`) with
   * `fullyQualifiedNamespace`. AZ-EVH-001 flags it on.
   * @default false
   */
  readonly localAuthentication?: boolean;
  /** The namespace's identity (for capture to storage, customer-managed keys). @default - system-assigned */
  readonly identity?: IManagedIdentity;
  /** Resource logs (ArchiveLogs, OperationalLogs, AutoScaleLogs, KafkaCoordinatorLogs, ...) and metrics to Log Analytics. @default - none */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/**
 * Capture of a hub's events to Blob Storage (Avro files). Standard and Premium. azurerm 4.55's
 * `capture_description.destination` has no identity setting, so Event Hubs uses its default
 * (SAS-based) capture authentication (learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity):
 * the storage account must be in the same subscription and accept shared-key authorization.
 */
export interface EventHubCaptureOptions {
  /** ARM id of the storage account. */
  readonly storageAccountResourceId: string;
  /** The blob container. */
  readonly containerName: string;
  /** Seconds between captures, 60-900. @default 300 */
  readonly intervalSeconds?: number;
  /** Bytes before a capture, 10485760-524288000. @default 314572800 */
  readonly sizeLimitBytes?: number;
  /** @default "Avro" */
  readonly encoding?: "Avro" | "AvroDeflate";
  /** Skip empty files when no events arrived. @default true */
  readonly skipEmptyArchives?: boolean;
  /** @default "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}" */
  readonly archiveNameFormat?: string;
}

/** Options of an event hub (`namespace.addHub`). */
export interface EventHubHubOptions {
  /**
   * Partitions (the hub's parallelism): 1-32 on Basic and Standard, 1-100 on Premium. Fixed below
   * Premium; Premium can raise it, never lower it.
   * @default 2
   */
  readonly partitionCount?: number;
  /**
   * Days events are kept (`message_retention`): 1 on Basic, 1-7 on Standard, 1-90 on Premium.
   * (azurerm 4.55's `retention_description`, with hours and log compaction, is not offered here.)
   * @default 1
   */
  readonly retentionDays?: number;
  /** Capture to Blob Storage (not on Basic). @default - none */
  readonly captureToStorage?: EventHubCaptureOptions;
}

const DEFAULT_ARCHIVE_FORMAT = "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}";

/**
 * An Azure Event Hubs namespace: Entra ID only (SAS keys off), TLS 1.2, a managed identity, no
 * public endpoint on Standard and Premium (private endpoints instead), zone redundant where the
 * region has zones (Azure's default; azurerm 4.x has no setting for it). Hubs come from `addHub`,
 * consumer groups from `hub.addConsumerGroup`; apps get access with `grantSend` / `grantReceive`
 * on the namespace or one hub, and connect to `fullyQualifiedNamespace`. Per-tier limits
 * (partitions, retention, consumer groups, hubs, capture, private networking) are refused at synth.
 */
export class EventHub extends Construct {
  readonly resource: EventhubNamespace;
  readonly id: string;
  readonly name: string;
  readonly sku: EventHubSku;
  readonly capacity: number;
  /** `<name>.servicebus.windows.net`, for identity-based clients (`__fullyQualifiedNamespace`). */
  readonly fullyQualifiedNamespace: string;
  readonly resourceGroupName: string;
  /** Object id of the namespace's identity (the user-assigned one when given). */
  readonly principalId: string;
  readonly hubs: Record<string, EventHubHub> = {};
  readonly grants: Record<string, RoleAssignment> = {};
  readonly privateEndpoints: PrivateEndpoint[];
  readonly diagnosticSetting?: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: EventHubProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "Standard";
    if (!Token.isUnresolved(sku) && !(EVENT_HUB_SKUS as readonly string[]).includes(sku)) {
      throw new ValidationError(path, `sku ${show(sku)} is not an Event Hubs tier (allowed: ${EVENT_HUB_SKUS.join(", ")})`);
    }
    this.sku = sku;
    const limits = EVENT_HUB_TIER_LIMITS[sku];
    const capacity = props.capacity ?? 1;
    if (!Token.isUnresolved(capacity)) {
      if (sku === "Premium") {
        if (!(EVENT_HUB_PREMIUM_CAPACITIES as readonly number[]).includes(capacity)) {
          throw new ValidationError(path, `capacity ${capacity} is not a Premium processing unit count (allowed: ${EVENT_HUB_PREMIUM_CAPACITIES.join(", ")})`);
        }
      } else {
        checkWholeNumber(path, "capacity", capacity, 1, EVENT_HUB_MAX_THROUGHPUT_UNITS);
      }
    }
    this.capacity = capacity;
    const inflate = props.autoInflateMaxThroughputUnits;
    if (inflate !== undefined && !Token.isUnresolved(inflate)) {
      if (!limits.autoInflate) {
        throw new ValidationError(path, `autoInflateMaxThroughputUnits is set, and the tier is ${sku}; auto-inflate is a Standard feature (Premium scales by processing units); drop it or use sku "Standard"`);
      }
      checkWholeNumber(path, "autoInflateMaxThroughputUnits", inflate, 1, EVENT_HUB_MAX_THROUGHPUT_UNITS);
      if (!Token.isUnresolved(capacity) && inflate < capacity) {
        throw new ValidationError(path, `autoInflateMaxThroughputUnits ${inflate} is below capacity ${capacity}; the maximum must be at least the starting throughput units`);
      }
    }
    const publicAccess = props.publicNetworkAccess ?? !limits.privateNetworking;
    if (props.privateEndpoints?.length && !limits.privateNetworking) {
      throw new ValidationError(path, `privateEndpoints need the Standard or Premium tier (Basic has no private endpoints); use sku "Standard" or drop privateEndpoints`);
    }
    if (props.allowedIpRanges?.length) {
      if (!limits.privateNetworking) throw new ValidationError(path, `allowedIpRanges need the Standard or Premium tier (Basic has no IP firewall); use sku "Standard" or drop allowedIpRanges`);
      if (!publicAccess) throw new ValidationError(path, "allowedIpRanges need publicNetworkAccess: true (they filter the public endpoint)");
      if (props.allowedIpRanges.length > 128) throw new ValidationError(path, `allowedIpRanges has ${props.allowedIpRanges.length} entries (allowed: at most 128 IP rules)`);
      for (const range of props.allowedIpRanges) {
        if (Token.isUnresolved(range)) continue;
        if (!ipaddr.IPv4.isValid(range) && !ipaddr.IPv4.isValidCIDR(range)) throw new ValidationError(path, `allowedIpRanges entry ${show(range)} is not an IPv4 address or CIDR`);
      }
    }

    const location = props.location ?? props.resourceGroup.location;
    this.name = resourceName(this, "eventHubNamespace", props.name, props.instance);
    this.resourceGroupName = props.resourceGroup.name;
    const identity: EventhubNamespaceIdentity = props.identity ? { type: "UserAssigned", identityIds: [props.identity.id] } : { type: "SystemAssigned" };
    this.resource = new EventhubNamespace(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      capacity,
      autoInflateEnabled: inflate !== undefined ? true : undefined,
      maximumThroughputUnits: inflate,
      localAuthenticationEnabled: props.localAuthentication ?? false,
      minimumTlsVersion: "1.2",
      publicNetworkAccessEnabled: publicAccess,
      networkRulesets: props.allowedIpRanges?.length
        ? [
            {
              defaultAction: "Deny",
              publicNetworkAccessEnabled: true,
              trustedServiceAccessEnabled: false,
              ipRule: props.allowedIpRanges.map((ipMask) => ({ ipMask, action: "Allow" })),
            },
          ]
        : undefined,
      identity,
    });
    this.id = this.resource.id;
    this.fullyQualifiedNamespace = `${this.name}.${EVENT_HUB_HOST_SUFFIX}`;
    this.principalId = props.identity ? props.identity.principalId : this.resource.identity.principalId;
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "eventHub/namespace",
      instance: props.instance ? `evhns-${props.instance}` : "evhns",
    });
    if (props.diagnosticSettings) this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings);
    protect(this, this.resource, props, this.name);
  }

  /** An event hub in this namespace. */
  addHub(name: string, options: EventHubHubOptions = {}): EventHubHub {
    checkUnique(this.node.path, "event hub", name, this.hubs);
    const limits = EVENT_HUB_TIER_LIMITS[this.sku];
    const count = Object.keys(this.hubs).length + 1;
    const max = this.sku === "Premium" && !Token.isUnresolved(this.capacity) ? limits.maxHubs * this.capacity : limits.maxHubs;
    if (count > max) {
      throw new ValidationError(this.node.path, `event hub ${show(name)} would be hub ${count} of the namespace; ${this.sku} allows ${max}${this.sku === "Premium" ? ` (100 per processing unit, capacity ${this.capacity})` : ""}; use another namespace${this.sku === "Premium" ? " or more processing units" : " or Premium"}`);
    }
    const hub = new EventHubHub(this, `Hub-${name}`, this, name, options);
    this.hubs[name] = hub;
    return hub;
  }

  /** "Azure Event Hubs Data Sender" on the whole namespace: send to every hub. */
  grantSend(principal: IPrincipal, id = "DataSender"): RoleAssignment {
    checkUnique(this.node.path, "grant", id, this.grants);
    return (this.grants[id] = grantRole(this, id, { scope: this.id, role: "Azure Event Hubs Data Sender", principal }));
  }

  /** "Azure Event Hubs Data Receiver" on the whole namespace: receive from every hub and consumer group. */
  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    checkUnique(this.node.path, "grant", id, this.grants);
    return (this.grants[id] = grantRole(this, id, { scope: this.id, role: "Azure Event Hubs Data Receiver", principal }));
  }
}

/** An event hub of an EventHub namespace (`namespace.addHub`). */
export class EventHubHub extends Construct {
  readonly resource: Eventhub;
  readonly namespace: EventHub;
  readonly name: string;
  readonly id: string;
  readonly partitionCount: number;
  readonly consumerGroups: Record<string, EventhubConsumerGroup> = {};
  readonly grants: Record<string, RoleAssignment> = {};

  constructor(scope: Construct, id: string, namespace: EventHub, name: string, options: EventHubHubOptions) {
    super(scope, id);
    const path = this.node.path;
    this.name = checkName(path, "eventHub", name);
    this.namespace = namespace;
    const sku = namespace.sku;
    const limits = EVENT_HUB_TIER_LIMITS[sku];
    const what = `event hub ${show(name)}`;
    const partitions = options.partitionCount ?? 2;
    if (!Token.isUnresolved(partitions) && (!Number.isInteger(partitions) || partitions < 1 || partitions > limits.maxPartitions)) {
      throw new ValidationError(path, `${what} partitionCount ${partitions} is not allowed on ${sku} (allowed: 1 to ${limits.maxPartitions})`);
    }
    const retention = options.retentionDays ?? 1;
    if (!Token.isUnresolved(retention) && (!Number.isInteger(retention) || retention < 1 || retention > limits.maxRetentionDays)) {
      throw new ValidationError(path, `${what} retentionDays ${retention} is not allowed on ${sku} (allowed: ${limits.maxRetentionDays === 1 ? "1" : `1 to ${limits.maxRetentionDays}`}${sku === "Premium" ? "" : "; Premium keeps events up to 90 days"})`);
    }
    const capture = options.captureToStorage;
    if (capture && !limits.capture) {
      throw new ValidationError(path, `${what} has captureToStorage, and the namespace is Basic (Capture is not available on Basic); use sku "Standard" or drop captureToStorage`);
    }
    if (capture) {
      checkWholeNumber(path, "captureToStorage.intervalSeconds", capture.intervalSeconds, 60, 900);
      checkWholeNumber(path, "captureToStorage.sizeLimitBytes", capture.sizeLimitBytes, 10_485_760, 524_288_000);
    }
    this.partitionCount = partitions;
    this.resource = new Eventhub(this, "Resource", {
      name: this.name,
      namespaceId: namespace.id,
      partitionCount: partitions,
      messageRetention: retention,
      captureDescription: capture
        ? {
            enabled: true,
            encoding: capture.encoding ?? "Avro",
            intervalInSeconds: capture.intervalSeconds ?? 300,
            sizeLimitInBytes: capture.sizeLimitBytes ?? 314_572_800,
            skipEmptyArchives: capture.skipEmptyArchives ?? true,
            destination: {
              name: "EventHubArchive.AzureBlockBlob",
              archiveNameFormat: capture.archiveNameFormat ?? DEFAULT_ARCHIVE_FORMAT,
              blobContainerName: capture.containerName,
              storageAccountId: capture.storageAccountResourceId,
            },
          }
        : undefined,
    });
    this.id = this.resource.id;
  }

  /** A consumer group (one per independent reader: an analytics job, an archiver). Not on Basic, which has `$Default` only. */
  addConsumerGroup(name: string, options: { readonly userMetadata?: string } = {}): EventhubConsumerGroup {
    const path = this.node.path;
    checkName(path, "eventHubConsumerGroup", name);
    if (name === "$Default") throw new ValidationError(path, `consumer group "$Default" exists in every event hub; choose another name`);
    checkUnique(path, "consumer group", name, this.consumerGroups);
    const limits = EVENT_HUB_TIER_LIMITS[this.namespace.sku];
    const count = Object.keys(this.consumerGroups).length + 2; // $Default is the first
    if (count > limits.maxConsumerGroups) {
      throw new ValidationError(
        path,
        `consumer group ${show(name)} would be group ${count} of event hub ${show(this.name)} ($Default included); ${this.namespace.sku} allows ${limits.maxConsumerGroups}${this.namespace.sku === "Basic" ? " (only $Default): use sku \"Standard\"" : ""}`,
      );
    }
    const group = new EventhubConsumerGroup(this, `ConsumerGroup-${name}`, {
      name,
      namespaceName: this.namespace.resource.name,
      eventhubName: this.resource.name,
      resourceGroupName: this.namespace.resourceGroupName,
      userMetadata: options.userMetadata,
    });
    this.consumerGroups[name] = group;
    return group;
  }

  /** "Azure Event Hubs Data Sender" on this hub only. */
  grantSend(principal: IPrincipal, id = "DataSender"): RoleAssignment {
    checkUnique(this.node.path, "grant", id, this.grants);
    return (this.grants[id] = grantRole(this, id, { scope: this.id, role: "Azure Event Hubs Data Sender", principal }));
  }

  /** "Azure Event Hubs Data Receiver" on this hub only. */
  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    checkUnique(this.node.path, "grant", id, this.grants);
    return (this.grants[id] = grantRole(this, id, { scope: this.id, role: "Azure Event Hubs Data Receiver", principal }));
  }
}
