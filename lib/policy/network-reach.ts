import * as ipaddr from "ipaddr.js";
import type { ResourceView } from "./rule";
import { get, isReference, references } from "./util";

/*
 * Whether traffic reaches a subnet, judged from a synthesized stack's network security groups
 * (Azure's evaluation: inbound rules by ascending priority, the first match decides; when none
 * matches, the default rules allow traffic from inside the virtual network and deny the rest:
 * learn.microsoft.com/azure/virtual-network/network-security-groups-overview, "Default security
 * rules"). Answers `undefined` when a value that decides is a Terraform reference.
 */

type Config = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Config {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** The first literal IPv4 CIDR of a subnet's `address_prefixes`, or undefined. */
export function subnetCidr(subnet: ResourceView): string | undefined {
  const prefixes = asList(get(subnet, "address_prefixes"));
  const first = prefixes.find((p): p is string => typeof p === "string" && !isReference(p));
  return first && ipaddr.IPv4.isValidCIDR(first) ? first : undefined;
}

/** The stack's resource a reference string points at (`${type.id.attr}`), if it is in the stack. */
export function referenced(value: unknown, resources: readonly ResourceView[], type?: string): ResourceView | undefined {
  return resources.find((r) => (type === undefined || r.type === type) && references(value, r));
}

function cidrContains(outer: string, inner: string): boolean {
  const [po, lo] = ipaddr.IPv4.parseCIDR(outer);
  const [pi, li] = ipaddr.IPv4.parseCIDR(inner);
  return li >= lo && pi.match(po, lo);
}

function cidrsOverlap(a: string, b: string): boolean {
  const [pa, la] = ipaddr.IPv4.parseCIDR(a);
  const [pb, lb] = ipaddr.IPv4.parseCIDR(b);
  return pa.match(pb, Math.min(la, lb));
}

/** An address prefix as a CIDR: `10.0.1.4` -> `10.0.1.4/32`; undefined for service tags. */
function toCidr(prefix: string): string | undefined {
  if (ipaddr.IPv4.isValidCIDR(prefix)) {
    const [address, length] = ipaddr.IPv4.parseCIDR(prefix);
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${length}`).toString()}/${length}`;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(prefix) ? `${prefix}/32` : undefined;
}

/**
 * Whether one address prefix of a rule covers `cidr` (a source inside the virtual network):
 * `*`, `Any` and `VirtualNetwork` do; `Internet` and other service tags do not.
 */
function prefixMatches(prefix: string, cidr: string, overlap: boolean): boolean {
  const p = prefix.trim();
  if (p === "*" || /^(any|virtualnetwork)$/i.test(p)) return true;
  const range = toCidr(p);
  if (!range) return false;
  return overlap ? cidrsOverlap(range, cidr) : cidrContains(range, cidr);
}

function portMatches(text: string, port: number): boolean {
  const t = text.trim();
  if (t === "*") return true;
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(t);
  if (!m) return false;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return port >= Math.min(from, to) && port <= Math.max(from, to);
}

/** Whether a rule's `singular`/`plural` attribute pair matches; undefined when a reference decides. */
function anyMatches(rule: Config, singular: string, plural: string, test: (v: string) => boolean): boolean | undefined {
  const values = [...asList(rule[singular]), ...asList(rule[plural])].filter((v) => v !== "");
  if (values.some(isReference)) return undefined;
  return values.some((v) => typeof v === "string" && test(v));
}

/** The inbound security rules of an NSG: standalone rules naming it, and its inline blocks. */
function inboundRules(nsg: ResourceView, resources: readonly ResourceView[]): Config[] {
  const standalone = resources.filter((r) => r.type === "azurerm_network_security_rule" && references(r.config.network_security_group_name, nsg)).map((r) => r.config);
  const inline = asList(nsg.config.security_rule).filter(isObject);
  return [...standalone, ...inline].filter((r) => typeof r.direction === "string" && r.direction.toLowerCase() === "inbound");
}

/**
 * Whether a TCP connection from `sourceCidr` (inside the virtual network) to `port` on the
 * private endpoints in `subnet` passes the subnet's NSG. The NSG applies to private endpoints
 * only when the subnet's `private_endpoint_network_policies` is `Enabled` or
 * `NetworkSecurityGroupEnabled` (azurerm's default `Disabled` bypasses it).
 */
export function nsgAdmitsToPrivateEndpoints(subnet: ResourceView, sourceCidr: string, port: number, resources: readonly ResourceView[]): boolean | undefined {
  const policies = get(subnet, "private_endpoint_network_policies");
  if (isReference(policies)) return undefined;
  if (policies === undefined || policies === "Disabled" || policies === "RouteTableEnabled") return true;
  const association = resources.find((r) => r.type === "azurerm_subnet_network_security_group_association" && references(r.config.subnet_id, subnet));
  if (!association) return true;
  const nsg = referenced(association.config.network_security_group_id, resources, "azurerm_network_security_group");
  if (!nsg) return undefined;
  const target = subnetCidr(subnet);
  const rules = inboundRules(nsg, resources)
    .filter((r) => typeof r.priority === "number")
    .sort((a, b) => (a.priority as number) - (b.priority as number));
  for (const rule of rules) {
    const protocol = rule.protocol;
    if (isReference(protocol)) return undefined;
    if (typeof protocol === "string" && !/^(\*|tcp)$/i.test(protocol)) continue;
    const source = anyMatches(rule, "source_address_prefix", "source_address_prefixes", (p) => prefixMatches(p, sourceCidr, false));
    const destination = anyMatches(rule, "destination_address_prefix", "destination_address_prefixes", (p) => (target ? prefixMatches(p, target, true) : true));
    const ports = anyMatches(rule, "destination_port_range", "destination_port_ranges", (p) => portMatches(p, port));
    if (source === undefined || destination === undefined || ports === undefined) return undefined;
    if (source && destination && ports) {
      const access = rule.access;
      if (isReference(access)) return undefined;
      return typeof access === "string" && access.toLowerCase() === "allow";
    }
  }
  return true; // AllowVnetInBound (65000): traffic from inside the virtual network
}
