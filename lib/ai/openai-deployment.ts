import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { CognitiveAccountRaiPolicy, type CognitiveAccountRaiPolicyContentFilter } from "@cdktf/provider-azurerm/lib/cognitive-account-rai-policy";
import { CognitiveDeployment } from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkUnique } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IManagedIdentity, type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { grantRole } from "../security/role-grant";

/**
 * Deployment SKUs azurerm 4.55 accepts for `azurerm_cognitive_deployment.sku.name` (its
 * `validation.StringInSlice`, and the resource docs: "Possible values include Standard,
 * DataZoneBatch, DataZoneStandard, DataZoneProvisionedManaged, GlobalBatch,
 * GlobalProvisionedManaged, GlobalStandard, and ProvisionedManaged"). The *ProvisionedManaged
 * SKUs bill reserved PTUs, bought outside Terraform.
 */
export const OPENAI_DEPLOYMENT_SKUS = [
  "Standard",
  "GlobalStandard",
  "DataZoneStandard",
  "GlobalBatch",
  "DataZoneBatch",
  "ProvisionedManaged",
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
] as const;
export type OpenAIDeploymentSku = (typeof OPENAI_DEPLOYMENT_SKUS)[number];

/** `version_upgrade_option` values (azurerm docs for `azurerm_cognitive_deployment`). */
export type OpenAIVersionUpgrade = "OnceNewDefaultVersionAvailable" | "OnceCurrentVersionExpired" | "NoAutoUpgrade";

/** Content-filter severity threshold: the lowest severity that is blocked (`Medium` blocks medium and high). */
export type OpenAIContentFilterSeverity = "Low" | "Medium" | "High";

/** One model deployment on the account. */
export interface OpenAIModelDeploymentProps {
  /** Deployment name: what clients pass as `model`/deployment id (2-64 letters, digits, `_`, `.`, `-`). */
  readonly name: string;
  readonly model: {
    /** Model name, e.g. `gpt-4o`, `text-embedding-3-large`. */
    readonly name: string;
    /** Model version, e.g. `2024-08-06`. */
    readonly version: string;
    /** @default "OpenAI" */
    readonly format?: string;
  };
  readonly sku: {
    readonly name: OpenAIDeploymentSku;
    /**
     * Thousands of tokens per minute for the Standard, Global and Data Zone SKUs; PTUs for the
     * provisioned ones. A positive whole number, within the subscription's regional quota.
     */
    readonly capacity: number;
  };
  /**
   * When Azure moves the deployment to a newer model version. The default keeps the version
   * written here until Microsoft retires it (then Azure upgrades rather than the deployment
   * stopping), so Terraform and Azure do not fight over `model.version` in between.
   * @default "OnceCurrentVersionExpired"
   */
  readonly versionUpgrade?: OpenAIVersionUpgrade;
}

export interface OpenAINetworkProps {
  /**
   * What happens to public traffic that matches no rule. Takes effect only with
   * `publicNetworkAccess: true`; private endpoints are never filtered by it.
   * @default "Deny"
   */
  readonly defaultAction?: "Allow" | "Deny";
  /** Public IPv4 addresses or CIDR ranges allowed in. Requires `publicNetworkAccess: true`. @default - none */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Let trusted Azure services (for example Azure AI Search calling the account with its
   * managed identity) through the firewall (`bypass = "AzureServices"`).
   * @default true
   */
  readonly trustedAzureServices?: boolean;
}

export interface OpenAIContentFilterProps {
  /** Name of the RAI policy (`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`). @default "blueprints-default" */
  readonly name?: string;
  /**
   * Threshold of the hate, sexual, violence and self-harm filters, on prompts and completions.
   * Microsoft's default is `Medium`; `High` (filter less) needs Microsoft's approval for
   * modified content filtering.
   * @default "Medium"
   */
  readonly severityThreshold?: OpenAIContentFilterSeverity;
  /**
   * Prompt Shields for indirect attacks (instructions hidden in grounding documents). Detection
   * needs the documents to be marked up as Microsoft documents; it blocks when it detects one.
   * @default true
   */
  readonly indirectAttackShield?: boolean;
}

export interface OpenAIDeploymentProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * Account name, also its custom subdomain (`https://<name>.openai.azure.com/`), so it must be
   * globally unique. Changing it replaces the account.
   * @default - generated: `oai-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Distinguishes several accounts in one stack (`eus`, `swc`); part of generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * Identity the account runs as (for calls it makes to other services). A user-assigned one
   * exists, with its role assignments, before the account does.
   * @default - a system-assigned identity
   */
  readonly identity?: IManagedIdentity;
  /**
   * Reachable from public networks (still Entra ID only, and filtered by `network`). Turn on
   * only where callers have no private path, e.g. developers in a dev environment.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /** Firewall for public traffic. @default - deny everything except trusted Azure services */
  readonly network?: OpenAINetworkProps;
  /** Model deployments, created one after another. More can be added with `addDeployment`. @default - none */
  readonly deployments?: readonly OpenAIModelDeploymentProps[];
  /** The content filter (RAI policy) every deployment uses. @default - Microsoft's default strength, see OpenAIContentFilterProps */
  readonly contentFilter?: OpenAIContentFilterProps;
  /** Private endpoints (`account` sub-resource, zone `privatelink.openai.azure.com`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
}

/** The four harm categories, by their RAI content-filter names (ARM `raiContentFilters` list: Hate, Sexual, Violence, Selfharm). */
const HARM_FILTERS = ["Hate", "Sexual", "Violence", "Selfharm"] as const;

/**
 * azurerm requires `severity_threshold` on every content filter, although Azure ignores it for
 * the on/off filters (Prompt Shields, protected material): hashicorp/terraform-provider-azurerm#28653.
 * This placeholder is what such filters carry.
 */
const UNUSED_SEVERITY = "High";

/**
 * An Azure OpenAI account (`kind = "OpenAI"`, the only tier `S0`) that accepts Entra ID tokens
 * only (no keys), is private by default, has a managed identity, a content filter at Microsoft's
 * default strength plus Prompt Shields on every deployment, and model deployments created one at
 * a time (Azure rejects concurrent deployment operations on one account).
 *
 * A `lock` on the account also applies to its deployments and content filter: removing a
 * deployment then fails until the lock is lifted.
 */
export class OpenAIDeployment extends Construct {
  readonly resource: CognitiveAccount;
  readonly id: string;
  readonly name: string;
  /** `https://<name>.openai.azure.com/`. */
  readonly endpoint: string;
  /** Principal id of the account's identity (the user-assigned one when given). */
  readonly principalId: string;
  /** The content filter every deployment uses. */
  readonly contentFilter: CognitiveAccountRaiPolicy;
  /** Model deployments, by deployment name. */
  readonly deployments: Record<string, CognitiveDeployment> = {};
  readonly privateEndpoints: PrivateEndpoint[];
  private lastDeployment?: CognitiveDeployment;

  constructor(scope: Construct, id: string, props: OpenAIDeploymentProps) {
    super(scope, id);
    const path = this.node.path;
    const publicAccess = props.publicNetworkAccess ?? false;
    const network = props.network ?? {};
    const defaultAction = network.defaultAction ?? "Deny";
    const ipRanges = network.allowedIpRanges ?? [];
    if (!publicAccess && defaultAction === "Allow") {
      throw new ValidationError(path, `network.defaultAction "Allow" has no effect without publicNetworkAccess: true (allowed: "Deny", or turn public access on)`);
    }
    if (!publicAccess && ipRanges.length > 0) {
      throw new ValidationError(path, `network.allowedIpRanges need publicNetworkAccess: true`);
    }
    for (const range of ipRanges) {
      if (Token.isUnresolved(range)) continue;
      if (!ipaddr.IPv4.isValidFourPartDecimal(range) && !ipaddr.IPv4.isValidCIDR(range)) {
        throw new ValidationError(path, `network.allowedIpRanges ${show(range)} is not an IPv4 address or CIDR (allowed: e.g. "203.0.113.7" or "203.0.113.0/24")`);
      }
    }
    const filter = props.contentFilter ?? {};
    const filterName = filter.name ?? "blueprints-default";
    // Pattern of the raiPolicyName path parameter (REST API, Rai Policies - Create Or Update).
    if (!Token.isUnresolved(filterName) && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(filterName)) {
      throw new ValidationError(path, `contentFilter.name ${show(filterName)} has characters Azure rejects (allowed: letters, digits, "_", "." and "-", starting with a letter or digit)`);
    }

    this.name = resourceName(this, "openAi", props.name, props.instance);
    const location = props.location ?? props.resourceGroup.location;
    this.resource = new CognitiveAccount(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      kind: "OpenAI",
      // Azure OpenAI has one pricing tier, Standard S0 (the azurerm examples for kind OpenAI use it too).
      skuName: "S0",
      // Needed for Entra ID tokens, network_acls and private endpoints (azurerm docs: custom_subdomain_name).
      customSubdomainName: this.name,
      localAuthEnabled: false,
      publicNetworkAccessEnabled: publicAccess,
      // Valid with public access off: the rules then have nothing to filter, and they are already
      // deny-by-default if public access is turned on later. azurerm accepts `bypass` for kinds OpenAI and AIServices only.
      networkAcls: {
        defaultAction,
        bypass: (network.trustedAzureServices ?? true) ? "AzureServices" : "None",
        ipRules: [...ipRanges],
      },
      identity: props.identity ? { type: "UserAssigned", identityIds: [props.identity.id] } : { type: "SystemAssigned" },
    });
    this.id = this.resource.id;
    this.endpoint = this.resource.endpoint;
    this.principalId = props.identity ? props.identity.principalId : this.resource.identity.principalId;

    this.contentFilter = new CognitiveAccountRaiPolicy(this, "ContentFilter", {
      name: filterName,
      cognitiveAccountId: this.id,
      // Microsoft's current default policy; every filter below is stated explicitly anyway.
      basePolicyName: "Microsoft.DefaultV2",
      contentFilter: contentFilters(filter.severityThreshold ?? "Medium", filter.indirectAttackShield ?? true),
    });

    protect(this, this.resource, props, this.name);
    for (const deployment of props.deployments ?? []) this.addDeployment(deployment);
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "openAi/account",
      instance: props.instance ? `openai-${props.instance}` : "openai",
    });
  }

  /**
   * Adds a model deployment using the account's content filter. Each deployment depends on the
   * previous one: Azure answers 409 to a second deployment operation while one is running on the
   * same account.
   */
  addDeployment(props: OpenAIModelDeploymentProps): CognitiveDeployment {
    const path = this.node.path;
    checkName(`${path}/Deployment[${props.name}]`, "openAiDeployment", props.name);
    checkUnique(path, "deployment", props.name, this.deployments);
    const sku = props.sku.name as string;
    if (!Token.isUnresolved(sku) && !(OPENAI_DEPLOYMENT_SKUS as readonly string[]).includes(sku)) {
      throw new ValidationError(path, `deployment ${show(props.name)} sku.name ${show(sku)} is not a deployment SKU (allowed: ${OPENAI_DEPLOYMENT_SKUS.join(", ")})`);
    }
    const capacity = props.sku.capacity;
    if (!Token.isUnresolved(capacity) && (!Number.isInteger(capacity) || capacity < 1)) {
      throw new ValidationError(path, `deployment ${show(props.name)} sku.capacity ${capacity} is not a positive whole number (allowed: 1 or more, in thousands of tokens per minute, or PTUs for provisioned SKUs)`);
    }
    const deployment = new CognitiveDeployment(this, `Deployment-${props.name}`, {
      name: props.name,
      cognitiveAccountId: this.id,
      model: { format: props.model.format ?? "OpenAI", name: props.model.name, version: props.model.version },
      sku: { name: props.sku.name, capacity },
      versionUpgradeOption: props.versionUpgrade ?? "OnceCurrentVersionExpired",
      // A reference, so the policy exists before the first deployment uses it.
      raiPolicyName: this.contentFilter.name,
      dependsOn: this.lastDeployment ? [this.lastDeployment] : undefined,
    });
    this.deployments[props.name] = deployment;
    this.lastDeployment = deployment;
    return deployment;
  }

  /** `Cognitive Services OpenAI User` on the account: call the deployments (inference), nothing else. */
  grantOpenAIUser(principal: IPrincipal, id = "OpenAIUser"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Cognitive Services OpenAI User", principal });
  }
}

/**
 * Microsoft's default safety for text models ("Default content safety policies", Microsoft
 * Learn): hate, sexual, violence and self-harm at Medium on prompts and completions; Prompt
 * Shields for jailbreaks on prompts; protected material (text and code) on completions. Plus,
 * unless turned off, Prompt Shields for indirect attacks. Filter names are those ARM lists in
 * `raiContentFilters`.
 */
function contentFilters(severity: OpenAIContentFilterSeverity, indirectAttack: boolean): CognitiveAccountRaiPolicyContentFilter[] {
  const on = (name: string, source: "Prompt" | "Completion", severityThreshold: string): CognitiveAccountRaiPolicyContentFilter => ({
    name,
    source,
    severityThreshold,
    filterEnabled: true,
    blockEnabled: true,
  });
  const filters: CognitiveAccountRaiPolicyContentFilter[] = [];
  for (const name of HARM_FILTERS) {
    filters.push(on(name, "Prompt", severity), on(name, "Completion", severity));
  }
  filters.push(on("Jailbreak", "Prompt", UNUSED_SEVERITY));
  if (indirectAttack) filters.push(on("Indirect Attack", "Prompt", UNUSED_SEVERITY));
  filters.push(on("Protected Material Text", "Completion", UNUSED_SEVERITY), on("Protected Material Code", "Completion", UNUSED_SEVERITY));
  return filters;
}
