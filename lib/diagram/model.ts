import { FOLD_RULES, type FoldRule } from "./fold-rules";
import { compare } from "./order";
import { DATA_STORES, genericServiceName, serviceName } from "./services";

/** A stack's synthesized Terraform JSON (`cdk.tf.json`), as much of it as a diagram reads. */
export interface TerraformJsonDocument {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The relations a diagram draws. */
export type EdgeKind = "private-endpoint" | "role" | "setting" | "origin" | "backend" | "diagnostics" | "runs-on";

export const EDGE_KINDS: readonly EdgeKind[] = ["private-endpoint", "role", "setting", "origin", "backend", "diagnostics", "runs-on"];

/** A resource folded into a node or group, with the rule's noun (`secret`, `lock`). */
export interface FoldedResource {
  readonly address: string;
  readonly noun: string;
  readonly plural: string;
}

export interface DiagramNode {
  /** Stable id, unique in the diagram, made of `[A-Za-z0-9_]` (from the Terraform address). */
  readonly id: string;
  /**
   * `resource`: a managed resource of the stack; `existing`: a resource the stack references
   * without managing it (a data source); `diagnostics`: the collapsed diagnostic settings of one
   * resource group.
   */
  readonly kind: "resource" | "existing" | "diagnostics";
  /** The Terraform address it was made from (`azurerm_key_vault.KeyVault_EBBC7C6F`); for `diagnostics`, empty. */
  readonly address: string;
  /** Azure service name (`Key Vault`). */
  readonly service: string;
  /** The resource's Azure name, or its logical id when the name is computed. */
  readonly name: string;
  /** The group it is drawn in; `undefined` at the top level. */
  readonly group?: string;
  readonly folded: readonly FoldedResource[];
  /** Drawn as a cylinder. */
  readonly dataStore: boolean;
}

export interface DiagramGroup {
  readonly id: string;
  readonly kind: "resource-group" | "virtual-network" | "subnet";
  /** `undefined` for a resource group the stack references but does not manage. */
  readonly address?: string;
  readonly name: string;
  /** Address prefixes of a virtual network or subnet. */
  readonly addressSpace: readonly string[];
  readonly parent?: string;
  readonly folded: readonly FoldedResource[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** What the edge stands for, sorted: role names, setting names, origin groups, API paths, diagnostic sources. */
  readonly labels: readonly string[];
}

/** Where each managed resource went: drawn as a node or group, or folded into one. */
export interface Placement {
  readonly as: "node" | "group" | "folded";
  /** The node or group id. */
  readonly id: string;
}

/** An architecture diagram of one stack: groups (resource group > virtual network > subnet), nodes and edges, all sorted. */
export interface Diagram {
  readonly stack: string;
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Every managed resource's address, and where it is in the diagram. */
  readonly placement: Readonly<Record<string, Placement>>;
}

interface Resource {
  readonly address: string;
  readonly type: string;
  readonly logicalId: string;
  readonly body: Readonly<Record<string, unknown>>;
  refs: Ref[];
}

/** A reference from one attribute (`path`, array indices removed) to a resource or data source. */
interface Ref {
  readonly path: string;
  readonly address: string;
  readonly attribute?: string;
  /** The path's first map key below `app_settings` (the setting's name). */
  readonly key?: string;
}

const ADDRESS = /\b(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?/g;

/** Attributes that put a resource in a subnet: NIC IP configurations, private endpoints, VNet integration, delegation, node pools, gateways. */
const SUBNET_PATH = /(^|\.|_)subnet_id$/;

/** Attributes holding an app's settings (names → values): a reference in a value is a "setting" edge. */
const SETTINGS = [/^app_settings\./, /^site_config\.application_insights_connection_string$/, /^site_config\.app_setting\./];

/**
 * Builds the architecture diagram of one stack from its synthesized JSON: pure, deterministic
 * (everything sorted; ids from Terraform addresses).
 */
export function buildDiagram(stack: string, json: TerraformJsonDocument): Diagram {
  return new Builder(stack, json).build();
}

class Builder {
  private readonly resources = new Map<string, Resource>();
  private readonly data = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly byName = new Map<string, string>(); // `${type}/${name}` → address
  private readonly referencedBy = new Map<string, { from: string; path: string }[]>();
  private readonly target = new Map<string, string | null>(); // address → address it folds into (null: itself)
  private readonly resolving = new Set<string>();
  private readonly ids = new Map<string, string>();
  private readonly usedIds = new Set<string>();

  constructor(
    private readonly stack: string,
    json: TerraformJsonDocument,
  ) {
    for (const type of Object.keys(json.resource ?? {}).sort()) {
      const byLogical = json.resource![type];
      for (const logicalId of Object.keys(byLogical).sort()) {
        const body = (byLogical[logicalId] ?? {}) as Record<string, unknown>;
        const address = `${type}.${logicalId}`;
        this.resources.set(address, { address, type, logicalId, body, refs: [] });
        if (typeof body.name === "string" && !body.name.includes("${")) this.byName.set(`${type}/${body.name}`, address);
      }
    }
    for (const type of Object.keys(json.data ?? {}).sort()) {
      for (const [logicalId, body] of Object.entries(json.data![type])) this.data.set(`data.${type}.${logicalId}`, (body ?? {}) as Record<string, unknown>);
    }
    for (const r of this.resources.values()) {
      const refs: Ref[] = [];
      collectRefs(r.body, "", (path, text) => {
        if (path === "depends_on" && this.resources.has(text)) refs.push({ path, address: text });
        if (!text.includes("${")) return;
        for (const [, data, type, name, attribute] of text.matchAll(ADDRESS)) {
          const address = `${data ?? ""}${type}.${name}`;
          if (!this.resources.has(address) && !this.data.has(address)) continue;
          const key = path.startsWith("app_settings.") ? path.slice("app_settings.".length) : path.startsWith("site_config.app_setting.") ? path.slice(24) : undefined;
          refs.push({ path, address, attribute, key });
        }
      });
      r.refs = refs;
      for (const ref of refs) {
        const list = this.referencedBy.get(ref.address) ?? [];
        list.push({ from: r.address, path: ref.path });
        this.referencedBy.set(ref.address, list);
      }
    }
  }

  build(): Diagram {
    const groups = this.groups();
    const groupByAddress = new Map(groups.filter((g) => g.address).map((g) => [g.address!, g]));
    const placement: Record<string, Placement> = {};
    const members = new Map<string, Resource[]>(); // node or group address → folded resources
    for (const r of this.resources.values()) {
      const home = this.representative(r.address);
      if (home === r.address) {
        placement[r.address] = groupByAddress.has(r.address) ? { as: "group", id: groupByAddress.get(r.address)!.id } : { as: "node", id: this.id("n", r.address) };
      } else {
        const list = members.get(home) ?? [];
        list.push(r);
        members.set(home, list);
      }
    }
    for (const [home, list] of members) for (const r of list) placement[r.address] = { as: "folded", id: placement[home].id };

    const nodes = new Map<string, DiagramNode>();
    const groupOfNode = (address: string): string | undefined => this.groupOf(address, members.get(address) ?? [], groupByAddress);
    for (const r of this.resources.values()) {
      if (placement[r.address].as !== "node") continue;
      nodes.set(r.address, {
        id: placement[r.address].id,
        kind: "resource",
        address: r.address,
        service: serviceName(r.type, r.body),
        name: displayName(r),
        group: groupOfNode(r.address),
        folded: folded(members.get(r.address) ?? []),
        dataStore: DATA_STORES.has(r.type),
      });
    }
    const finalGroups = groups.map((g) => (g.address ? { ...g, folded: folded(members.get(g.address) ?? []) } : g));

    const edges = new EdgeSet();
    /** The node a reference lands on: a managed resource's node, or a node for an existing resource. */
    const endpoint = (address: string): DiagramNode | undefined => {
      if (this.resources.has(address)) return nodes.get(this.representative(address));
      const body = this.data.get(address);
      if (!body) return undefined;
      const type = address.split(".")[1];
      const id = this.id("x", address);
      if (!nodes.has(address)) {
        const deployer = type === "azurerm_client_config";
        nodes.set(address, {
          id,
          kind: "existing",
          address,
          service: deployer ? "Deployer" : serviceName(type, body),
          name: deployer ? "the identity running Terraform" : (literalName(body) ?? address.split(".")[2]),
          folded: [],
          dataStore: DATA_STORES.has(type),
        });
      }
      return nodes.get(address);
    };
    const add = (from: DiagramNode | undefined, to: DiagramNode | undefined, kind: EdgeKind, label?: string) => {
      if (from && to && from.id !== to.id) edges.add(from.id, to.id, kind, label);
    };
    const refAt = (r: Resource, path: string) => r.refs.find((x) => x.path === path);

    const diagnostics = new Map<string, { group?: string; workspace: DiagramNode; sources: Set<string> }>();
    for (const r of this.resources.values()) {
      const self = nodes.get(this.representative(r.address));
      switch (r.type) {
        case "azurerm_private_endpoint": {
          const to = refAt(r, "private_service_connection.private_connection_resource_id");
          const sub = ((r.body.private_service_connection as Record<string, unknown> | undefined)?.subresource_names ?? []) as string[];
          if (to) add(self, endpoint(to.address), "private-endpoint", Array.isArray(sub) && sub.length ? sub.join(", ") : "private link");
          break;
        }
        case "azurerm_search_shared_private_link_service": {
          const to = refAt(r, "target_resource_id");
          if (to) add(self, endpoint(to.address), "private-endpoint", `shared private link${typeof r.body.subresource_name === "string" ? `: ${r.body.subresource_name}` : ""}`);
          break;
        }
        case "azurerm_role_assignment": {
          const principal = refAt(r, "principal_id");
          const scope = refAt(r, "scope");
          const role = typeof r.body.role_definition_name === "string" ? r.body.role_definition_name : "custom role";
          if (principal && scope) add(endpoint(principal.address), endpoint(scope.address), "role", role);
          break;
        }
        case "azurerm_cosmosdb_sql_role_assignment":
        case "azurerm_mongo_cluster_user":
        case "azurerm_redis_cache_access_policy_assignment": {
          const principal = refAt(r, "principal_id") ?? refAt(r, "object_id");
          const label = r.type === "azurerm_cosmosdb_sql_role_assignment" ? "Cosmos DB data role" : r.type === "azurerm_mongo_cluster_user" ? "database user" : "Redis access policy";
          if (principal) add(endpoint(principal.address), self, "role", label);
          break;
        }
        case "azurerm_cdn_frontdoor_origin": {
          const group = refAt(r, "cdn_frontdoor_origin_group_id");
          const groupName = group && typeof this.resources.get(group.address)?.body.name === "string" ? (this.resources.get(group.address)!.body.name as string) : "origin";
          add(self, this.hostTarget(r, "host_name", endpoint), "origin", groupName);
          break;
        }
        case "azurerm_api_management_api":
        case "azurerm_api_management_backend": {
          const path = r.type === "azurerm_api_management_api" ? "service_url" : "url";
          const label = r.type === "azurerm_api_management_api" && typeof r.body.path === "string" ? `/${r.body.path}` : "backend";
          add(self, this.hostTarget(r, path, endpoint), "backend", label);
          break;
        }
        case "azurerm_monitor_diagnostic_setting": {
          const source = self;
          const dest = refAt(r, "log_analytics_workspace_id") ?? refAt(r, "storage_account_id") ?? refAt(r, "eventhub_authorization_rule_id");
          const workspace = dest && endpoint(dest.address);
          if (!source || !workspace) break;
          const group = this.resourceGroupOf(source.group, finalGroups);
          const key = `${group ?? ""}|${workspace.id}`;
          const entry = diagnostics.get(key) ?? { group, workspace, sources: new Set<string>() };
          entry.sources.add(source.name);
          diagnostics.set(key, entry);
          break;
        }
        default:
          break;
      }
      // An app's settings that name another resource (its endpoint, a Key Vault secret reference, a connection string).
      for (const ref of r.refs) {
        if (!SETTINGS.some((p) => p.test(ref.path))) continue;
        add(self, endpoint(ref.address), "setting", ref.key ?? ref.path.split(".").pop());
      }
      // Apps on a shared App Service plan (a plan hosting one app is folded into it).
      const plan = refAt(r, "service_plan_id");
      if (plan) add(self, endpoint(plan.address), "runs-on", "runs on");
    }
    let hub = 0;
    for (const [key, d] of [...diagnostics].sort(([a], [b]) => compare(a, b))) {
      const id = this.id("diag", String(++hub));
      const node: DiagramNode = { id, kind: "diagnostics", address: "", service: "Diagnostic settings", name: `${d.sources.size} ${d.sources.size === 1 ? "resource" : "resources"}`, group: d.group, folded: [], dataStore: false };
      nodes.set(`diagnostics:${key}`, node);
      edges.add(node.id, d.workspace.id, "diagnostics", undefined, [...d.sources]);
    }

    return {
      stack: this.stack,
      groups: finalGroups.sort((a, b) => compare(a.id, b.id)),
      nodes: [...nodes.values()].sort((a, b) => compare(a.id, b.id)),
      edges: edges.sorted(),
      placement: Object.fromEntries(Object.keys(placement).sort().map((k) => [k, placement[k]])),
    };
  }

  /** The resource group (top-level group) holding `group`, for the diagnostics hub. */
  private resourceGroupOf(group: string | undefined, groups: readonly DiagramGroup[]): string | undefined {
    let g = groups.find((x) => x.id === group);
    while (g?.parent) g = groups.find((x) => x.id === g!.parent);
    return g?.id;
  }

  /** The node a URL or host name points at: a reference, or a literal host whose first label is a resource's name. */
  private hostTarget(r: Resource, path: string, endpoint: (address: string) => DiagramNode | undefined): DiagramNode | undefined {
    const ref = r.refs.find((x) => x.path === path);
    if (ref) return endpoint(ref.address);
    const value = r.body[path];
    if (typeof value !== "string") return undefined;
    const host = value.replace(/^[a-z]+:\/\//i, "").split(/[/:]/)[0];
    const label = host.split(".")[0];
    const candidates = HOSTED_TYPES.map((t) => this.byName.get(`${t}/${label}`)).filter((a): a is string => a !== undefined);
    return candidates.length ? endpoint(candidates[0]) : undefined;
  }

  /** Resource groups, virtual networks and subnets the stack manages, and resource groups it names without managing. */
  private groups(): DiagramGroup[] {
    const groups: DiagramGroup[] = [];
    const rgOf = (r: Resource): string | undefined => {
      const ref = r.refs.find((x) => x.path === "resource_group_name");
      if (ref && this.resources.get(ref.address)?.type === "azurerm_resource_group") return this.id("rg", ref.address);
      return undefined;
    };
    for (const r of this.resources.values()) {
      if (r.type === "azurerm_resource_group") {
        groups.push({ id: this.id("rg", r.address), kind: "resource-group", address: r.address, name: displayName(r), addressSpace: [], folded: [] });
      }
    }
    for (const r of this.resources.values()) {
      if (r.type === "azurerm_virtual_network") {
        groups.push({ id: this.id("vnet", r.address), kind: "virtual-network", address: r.address, name: displayName(r), addressSpace: strings(r.body.address_space), parent: rgOf(r), folded: [] });
      }
    }
    for (const r of this.resources.values()) {
      if (r.type !== "azurerm_subnet") continue;
      const vnet = r.refs.find((x) => (x.path === "virtual_network_name" || x.path === "virtual_network_id") && this.resources.get(x.address)?.type === "azurerm_virtual_network");
      const byName = typeof r.body.virtual_network_name === "string" ? this.byName.get(`azurerm_virtual_network/${r.body.virtual_network_name}`) : undefined;
      const vnetAddress = vnet?.address ?? byName;
      groups.push({
        id: this.id("snet", r.address),
        kind: "subnet",
        address: r.address,
        name: displayName(r),
        addressSpace: strings(r.body.address_prefixes),
        parent: vnetAddress ? this.id("vnet", vnetAddress) : rgOf(r),
        folded: [],
      });
    }
    // Resource groups named by a literal (an existing group): a group of their own, so their resources are not drawn loose.
    for (const r of this.resources.values()) {
      const rg = r.body.resource_group_name;
      if (typeof rg === "string" && !rg.includes("${") && r.type !== "azurerm_resource_group") {
        const id = this.id("rg", `existing.${rg}`);
        if (!groups.some((g) => g.id === id)) groups.push({ id, kind: "resource-group", name: rg, addressSpace: [], folded: [] });
      }
    }
    return groups;
  }

  /** The group a node is drawn in: the subnet it (or what is folded into it) sits in, else its resource group. */
  private groupOf(address: string, folded: readonly Resource[], groups: ReadonlyMap<string, DiagramGroup>): string | undefined {
    const r = this.resources.get(address)!;
    for (const m of [r, ...folded]) {
      for (const ref of m.refs) {
        if (SUBNET_PATH.test(ref.path) && groups.get(ref.address)?.kind === "subnet") return groups.get(ref.address)!.id;
      }
    }
    for (const m of [r, ...folded]) {
      const ref = m.refs.find((x) => x.path === "resource_group_name");
      if (ref && groups.has(ref.address)) return groups.get(ref.address)!.id;
      const rg = m.body.resource_group_name;
      if (typeof rg === "string" && !rg.includes("${")) return this.id("rg", `existing.${rg}`);
    }
    return undefined;
  }

  /** The address of the node or group a resource is drawn as or folded into (following chains of folds). */
  private representative(address: string): string {
    let current = address;
    for (let hops = 0; hops < 32; hops++) {
      const next = this.foldTarget(current);
      if (next === null) return current;
      current = next;
    }
    return address;
  }

  /** The resource `address` folds into directly, or null when it is drawn itself. */
  private foldTarget(address: string): string | null {
    if (this.target.has(address)) return this.target.get(address)!;
    if (this.resolving.has(address)) return null; // a cycle: the resource is drawn itself
    this.resolving.add(address);
    const r = this.resources.get(address)!;
    const rule: FoldRule | undefined = FOLD_RULES[r.type];
    let result: string | null = null;
    if (rule?.via) {
      for (const via of rule.via) {
        const found = typeof via === "string" ? r.refs.find((x) => x.path === via && this.resources.has(x.address))?.address : this.byLiteralName(r, via.path, via.type);
        if (found && found !== address) {
          result = found;
          break;
        }
      }
    } else if (rule?.usedBy) {
      for (const path of rule.usedBy) {
        const users = (this.referencedBy.get(address) ?? []).filter((u) => u.path === path).map((u) => u.from).sort();
        if (!users.length) continue;
        const homes = [...new Set(users.map((u) => this.representative(u)))].filter((h) => h !== address);
        if ((rule.pick ?? "unique") === "first") result = homes[0] ?? null;
        else result = homes.length === 1 ? homes[0] : null;
        break;
      }
    }
    this.resolving.delete(address);
    this.target.set(address, result);
    return result;
  }

  private byLiteralName(r: Resource, path: string, type: string): string | undefined {
    const ref = r.refs.find((x) => x.path === path && x.address.startsWith(`${type}.`));
    if (ref) return ref.address;
    const value = r.body[path];
    return typeof value === "string" ? this.byName.get(`${type}/${value}`) : undefined;
  }

  /** A stable id: a prefix and the address with every other character as `_`, numbered when two collide. */
  private id(prefix: string, address: string): string {
    const key = `${prefix}:${address}`;
    const known = this.ids.get(key);
    if (known) return known;
    // The logical id alone (cdktf makes it unique in the stack); data sources keep their type.
    const short = address.startsWith("data.") ? address.slice(5).replace(/^azurerm_/, "") : address.slice(address.indexOf(".") + 1);
    const base = `${prefix}_${short.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}_${i}`;
    this.usedIds.add(id);
    this.ids.set(key, id);
    return id;
  }
}

/** Resource types a Front Door origin or an API backend may name by host (`<name>.azurewebsites.net`). */
const HOSTED_TYPES = [
  "azurerm_api_management",
  "azurerm_linux_web_app",
  "azurerm_windows_web_app",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
  "azurerm_function_app_flex_consumption",
  "azurerm_static_web_app",
  "azurerm_container_app",
  "azurerm_storage_account",
  "azurerm_cdn_frontdoor_endpoint",
];

class EdgeSet {
  private readonly edges = new Map<string, { from: string; to: string; kind: EdgeKind; labels: Set<string> }>();

  add(from: string, to: string, kind: EdgeKind, label?: string, labels: readonly string[] = []): void {
    const key = `${from}|${to}|${kind}`;
    const edge = this.edges.get(key) ?? { from, to, kind, labels: new Set<string>() };
    if (label) edge.labels.add(label);
    for (const l of labels) edge.labels.add(l);
    this.edges.set(key, edge);
  }

  sorted(): DiagramEdge[] {
    return [...this.edges.values()]
      .map((e) => ({ from: e.from, to: e.to, kind: e.kind, labels: [...e.labels].sort(compare) }))
      .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || EDGE_KINDS.indexOf(a.kind) - EDGE_KINDS.indexOf(b.kind));
  }
}


function folded(list: readonly Resource[]): FoldedResource[] {
  return list
    .map((r) => {
      const rule = FOLD_RULES[r.type];
      const noun = rule?.noun ?? genericServiceName(r.type);
      return { address: r.address, noun, plural: rule?.plural ?? `${noun}s` };
    })
    .sort((a, b) => compare(a.address, b.address));
}

function literalName(body: Readonly<Record<string, unknown>>): string | undefined {
  return typeof body.name === "string" && !body.name.includes("${") ? body.name : undefined;
}

function displayName(r: Resource): string {
  return literalName(r.body) ?? r.logicalId;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Calls `visit(path, text)` for every string in `value`; the path has array indices removed and skips `//` metadata and tags. */
function collectRefs(value: unknown, path: string, visit: (path: string, text: string) => void): void {
  if (typeof value === "string") visit(path, value);
  else if (Array.isArray(value)) for (const v of value) collectRefs(v, path, visit);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "//" || k === "tags") continue;
      collectRefs(v, path ? `${path}.${k}` : k, visit);
    }
  }
}
