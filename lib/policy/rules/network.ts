import { isReference } from "../util";
import type { PolicyRule, ResourceView } from "../rule";

/*
 * Network security group rules, over standalone azurerm_network_security_rule resources and the
 * inline `security_rule` blocks of azurerm_network_security_group (attribute names as in
 * azurerm 4.55's website/docs/r/network_security_rule.html.markdown). Only inbound Allow rules
 * whose source is the Internet count: `*`, `Internet`, `Any`, `0.0.0.0/0` or `::/0`, alone or in
 * source_address_prefixes. ICMP rules have no ports and are not judged here. Values that are
 * Terraform references are unknown until apply and never flagged.
 */

const NSG_TYPES = ["azurerm_network_security_rule", "azurerm_network_security_group"] as const;

/** Source prefixes that mean "anywhere on the Internet" (compared case-insensitively). */
const INTERNET_SOURCES = new Set(["*", "internet", "any", "0.0.0.0/0", "::/0"]);

/** Destination ports the Internet may reach on a web tier. */
const WEB_PORTS = new Set([80, 443]);

const MAX_PORT = 65535;

type Config = Readonly<Record<string, unknown>>;

/** One security rule and how a message names it (`security_rule "AllowAll": ` for inline ones). */
interface SecurityRule {
  readonly label: string;
  readonly config: Config;
}

interface PortRange {
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

function isObject(value: unknown): value is Config {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function rulesOf(resource: ResourceView): SecurityRule[] {
  if (resource.type === "azurerm_network_security_rule") return [{ label: "", config: resource.config }];
  const inline = resource.config.security_rule;
  const list: unknown[] = Array.isArray(inline) ? inline : isObject(inline) ? [inline] : [];
  return list.filter(isObject).map((config) => ({ label: `security_rule ${JSON.stringify(config.name ?? "(unnamed)")}: `, config }));
}

function equalsIgnoreCase(value: unknown, expected: string): boolean {
  return typeof value === "string" && value.toLowerCase() === expected.toLowerCase();
}

/** How the rule admits the Internet (`source_address_prefix "*"`), or undefined when it does not. */
function internetSource(rule: Config): string | undefined {
  if (!equalsIgnoreCase(rule.direction, "Inbound") || !equalsIgnoreCase(rule.access, "Allow")) return undefined;
  if (equalsIgnoreCase(rule.protocol, "Icmp")) return undefined;
  const isInternet = (v: unknown) => typeof v === "string" && INTERNET_SOURCES.has(v.trim().toLowerCase());
  if (isInternet(rule.source_address_prefix)) return `source_address_prefix ${JSON.stringify(rule.source_address_prefix)}`;
  const prefixes = rule.source_address_prefixes;
  const match = Array.isArray(prefixes) ? prefixes.find(isInternet) : undefined;
  return match === undefined ? undefined : `source_address_prefixes containing ${JSON.stringify(match)}`;
}

/** `443` -> 443-443, `8000-8080`, `*` -> 0-65535; undefined for references and anything unparsable. */
function parsePorts(text: unknown): PortRange | undefined {
  if (typeof text !== "string" || isReference(text)) return undefined;
  const value = text.trim();
  if (value === "*") return { text: value, from: 0, to: MAX_PORT };
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(value);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return { text: value, from: Math.min(from, to), to: Math.max(from, to) };
}

/** The destination ports a rule opens, and how a message names them. */
function destinationPorts(rule: Config): { readonly label: string; readonly ranges: PortRange[] } | undefined {
  const single = typeof rule.destination_port_range === "string" && rule.destination_port_range !== "" ? [rule.destination_port_range] : [];
  const list = Array.isArray(rule.destination_port_ranges) ? rule.destination_port_ranges : [];
  if (single.length === 0 && list.length === 0) return undefined;
  const label = [
    ...(single.length ? [`destination_port_range ${JSON.stringify(single[0])}`] : []),
    ...(list.length ? [`destination_port_ranges ${JSON.stringify(list)}`] : []),
  ].join(" and ");
  const ranges = [...single, ...list].map(parsePorts).filter((r): r is PortRange => r !== undefined);
  return { label, ranges };
}

/** Whether the ranges together open every usable port (1-65535). */
function coversEveryPort(ranges: readonly PortRange[]): boolean {
  let next = 1; // port 0 is reserved and never reachable
  for (const range of [...ranges].sort((a, b) => a.from - b.from)) {
    if (range.from > next) return false;
    next = Math.max(next, range.to + 1);
    if (next > MAX_PORT) return true;
  }
  return false;
}

/** Runs `judge` over each security rule of the resource; the violations joined, or undefined. */
function judgeRules(resource: ResourceView, judge: (rule: Config) => string | undefined): string | undefined {
  const problems = rulesOf(resource).flatMap(({ label, config }) => {
    const problem = judge(config);
    return problem === undefined ? [] : [`${label}${problem}`];
  });
  return problems.length ? problems.join("; ") : undefined;
}

export const NETWORK_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-NSG-001",
    severity: "error",
    description: "No inbound NSG rule allows the Internet (*, Internet, Any, 0.0.0.0/0) to every port (* or 0-65535).",
    fix: "Narrow the rule's destinationPorts (VnetWithSubnets securityRules) to the ports the tier serves, or its source to known address ranges or service tags.",
    resourceTypes: NSG_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_9", "CKV_AZURE_10"],
    check: (resource) =>
      judgeRules(resource, (rule) => {
        const source = internetSource(rule);
        const ports = source === undefined ? undefined : destinationPorts(rule);
        if (source === undefined || ports === undefined || !coversEveryPort(ports.ranges)) return undefined;
        return `inbound Allow from ${source} to every port (${ports.label})`;
      }),
  },
  {
    id: "AZ-NSG-002",
    severity: "error",
    description: "Inbound NSG rules from the Internet allow only ports 80 and 443 (web tiers); any other destination port (single, range or list) is a violation.",
    fix: "Limit the rule's destinationPorts (VnetWithSubnets securityRules) to 80 and 443, or its source to known address ranges, service tags (AzureFrontDoor.Backend) or a VPN/Bastion subnet.",
    resourceTypes: NSG_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_9", "CKV_AZURE_10"],
    check: (resource) =>
      judgeRules(resource, (rule) => {
        const source = internetSource(rule);
        const ports = source === undefined ? undefined : destinationPorts(rule);
        if (source === undefined || ports === undefined) return undefined;
        const others = ports.ranges.filter((r) => !(r.from === r.to && WEB_PORTS.has(r.from)));
        if (others.length === 0) return undefined;
        return `inbound Allow from ${source} to ${ports.label}: ${others.map((r) => r.text).join(", ")} ${others.length === 1 ? "is" : "are"} not 80 or 443`;
      }),
  },
];
