import { Fn, Token } from "cdktf";
import type { IConstruct } from "constructs";
import { AzureStack } from "../core/azure-stack";
import { ValidationError, show } from "../core/errors";

/*
 * Azure Resource Manager resource ids, for references to resources that already exist:
 * `/subscriptions/<subscription>/resourceGroups/<group>/providers/<namespace>/<type>/<name>[/<child type>/<child name>]`.
 * ARM treats the keywords, namespaces and types case-insensitively (the azurerm provider and the
 * portal do not always agree on case), so does the parser; names are kept as written.
 */

/** A kind of resource an id can be checked against. */
export interface ArmResourceKind {
  /** The resource type path, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  readonly type: string;
  /** What to call it in messages, e.g. `subnet`. */
  readonly description: string;
  /** Placeholders of its names in the expected shape, one per level, e.g. `["<virtual network>", "<subnet>"]`. */
  readonly placeholders: readonly string[];
}

/** The kinds of resource the library references by id. */
export const ARM_RESOURCE_KINDS = {
  virtualNetwork: { type: "Microsoft.Network/virtualNetworks", description: "virtual network", placeholders: ["<virtual network>"] },
  subnet: { type: "Microsoft.Network/virtualNetworks/subnets", description: "subnet", placeholders: ["<virtual network>", "<subnet>"] },
  privateDnsZone: { type: "Microsoft.Network/privateDnsZones", description: "private DNS zone", placeholders: ["<zone name>"] },
  keyVault: { type: "Microsoft.KeyVault/vaults", description: "key vault", placeholders: ["<vault>"] },
  logAnalyticsWorkspace: { type: "Microsoft.OperationalInsights/workspaces", description: "Log Analytics workspace", placeholders: ["<workspace>"] },
  userAssignedIdentity: { type: "Microsoft.ManagedIdentity/userAssignedIdentities", description: "user-assigned managed identity", placeholders: ["<identity>"] },
} as const satisfies Record<string, ArmResourceKind>;

/** The parts of a resource id. For an unresolved id (a Terraform reference), each part is a Terraform expression on it. */
export interface ParsedResourceId {
  /** The id as given. */
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  /** The names along the type path: `[<virtual network>, <subnet>]` for a subnet. */
  readonly names: readonly string[];
  /** The resource's own name (the last of `names`). */
  readonly name: string;
  /** The id of the parent resource (the virtual network of a subnet); undefined for a top-level resource. */
  readonly parentId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
const RESOURCE_GROUP_NAME = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;

/** The shape an id of `kind` has, for messages. */
export function expectedShape(kind: ArmResourceKind): string {
  const [namespace, ...types] = kind.type.split("/");
  const path = types.map((t, i) => `${t}/${kind.placeholders[i]}`).join("/");
  return `/subscriptions/<subscription id>/resourceGroups/<resource group>/providers/${namespace}/${path}`;
}

/**
 * Parses the ARM id of a resource of `kind`, throwing a ValidationError (at `where`, naming
 * `prop`) when it is not one. An unresolved id (a Terraform variable or another resource's
 * attribute) cannot be checked: its parts become `element(split("/", id), n)` expressions.
 */
export function parseResourceId(where: string, prop: string, id: string, kind: ArmResourceKind): ParsedResourceId {
  const levels = kind.type.split("/").length - 1;
  if (Token.isUnresolved(id)) {
    const part = (index: number) => Token.asString(Fn.element(Fn.split("/", id), index));
    // "", "subscriptions", <sub>, "resourceGroups", <group>, "providers", <namespace>, <type>, <name>, <child type>, <child name>
    const names = Array.from({ length: levels }, (_, level) => part(8 + 2 * level));
    return {
      id,
      subscriptionId: part(2),
      resourceGroupName: part(4),
      names,
      name: names[names.length - 1],
      parentId: levels > 1 ? Token.asString(Fn.join("/", Fn.slice(Fn.split("/", id), 0, 7 + 2 * (levels - 1)))) : undefined,
    };
  }
  const fail = (why: string): never => {
    throw new ValidationError(where, `${prop} ${show(id)} is not the id of a ${kind.description}${why} (expected ${expectedShape(kind)})`);
  };
  const segments = id.split("/");
  if (segments[0] !== "" || segments.some((s, i) => i > 0 && s.trim() === "")) fail("");
  const [, subscriptions, subscriptionId, resourceGroups, resourceGroupName, providers, namespace, ...rest] = segments;
  if (subscriptions?.toLowerCase() !== "subscriptions" || resourceGroups?.toLowerCase() !== "resourcegroups" || providers?.toLowerCase() !== "providers") fail("");
  if (!GUID.test(subscriptionId)) fail(`: ${show(subscriptionId)} is not a subscription id (a GUID)`);
  if (!RESOURCE_GROUP_NAME.test(resourceGroupName)) fail(`: ${show(resourceGroupName)} is not a resource group name`);
  if (rest.length === 0 || rest.length % 2 !== 0 || namespace === undefined) fail("");
  const names = rest.filter((_, i) => i % 2 === 1);
  const actualType = [namespace, ...rest.filter((_, i) => i % 2 === 0)].join("/");
  if (actualType.toLowerCase() !== kind.type.toLowerCase()) fail(`: it is the id of a ${actualType} resource`);
  return {
    id,
    subscriptionId,
    resourceGroupName,
    names,
    name: names[names.length - 1],
    parentId: levels > 1 ? segments.slice(0, segments.length - 2).join("/") : undefined,
  };
}

/** The parts of a resource group id (`/subscriptions/<subscription>/resourceGroups/<group>`). */
export interface ParsedResourceGroupId {
  readonly id: string;
  readonly subscriptionId: string;
  readonly name: string;
}

/** Parses a resource group's id; an unresolved id yields Terraform expressions, as parseResourceId. */
export function parseResourceGroupId(where: string, prop: string, id: string): ParsedResourceGroupId {
  if (Token.isUnresolved(id)) {
    const part = (index: number) => Token.asString(Fn.element(Fn.split("/", id), index));
    return { id, subscriptionId: part(2), name: part(4) };
  }
  const expected = "/subscriptions/<subscription id>/resourceGroups/<resource group>";
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(id);
  if (!m) throw new ValidationError(where, `${prop} ${show(id)} is not the id of a resource group (expected ${expected})`);
  if (!GUID.test(m[1])) throw new ValidationError(where, `${prop} ${show(id)} is not the id of a resource group: ${show(m[1])} is not a subscription id (a GUID) (expected ${expected})`);
  if (!RESOURCE_GROUP_NAME.test(m[2])) throw new ValidationError(where, `${prop} ${show(id)} is not the id of a resource group: ${show(m[2])} is not a resource group name (expected ${expected})`);
  return { id, subscriptionId: m[1], name: m[2] };
}

/**
 * Throws when a data source of `scope`'s stack would have to read a resource in another
 * subscription: data sources use the stack's azurerm provider, which reads its own subscription
 * only. Skipped when either subscription is unknown at synth (a reference, a stack that is not an AzureStack).
 */
export function checkLookupSubscription(scope: IConstruct, subscriptionId: string, what: string, fix: string): void {
  const stackSubscription = AzureStack.find(scope)?.subscriptionId;
  if (stackSubscription === undefined || Token.isUnresolved(subscriptionId) || Token.isUnresolved(stackSubscription)) return;
  if (subscriptionId.toLowerCase() === stackSubscription.toLowerCase()) return;
  throw new ValidationError(
    scope.node.path,
    `${what} is in subscription ${subscriptionId}, which the stack's azurerm provider (subscription ${stackSubscription}) cannot read with a data source; ${fix}`,
  );
}
