import { Token } from "cdktf";
import { ValidationError } from "../core/errors";
import type { IDnsRecord, IDnsZone } from "../network/interfaces";

/**
 * A custom domain of a web app (AppServiceWithSlots) or a static web app (StaticWebApp): a
 * subdomain of a public DNS zone the construct writes the domain's records into.
 *
 * Azure validates a custom domain through public DNS, and the certificate authority checks the
 * CNAME too, so the zone must be delegated (the registrar lists the zone's name servers) before
 * the domain can be bound. The records are written whether or not the domain is bound, so a
 * stack deploys in two steps:
 *
 * 1. `bind: false`: the zone and the records are created; delegate the domain at the registrar
 *    and wait until `nslookup -type=CNAME <host>` answers from the public internet.
 * 2. `bind: true` (typically a profile switch such as `dns.delegated: true`): the next apply
 *    binds the domain and issues its free managed certificate.
 *
 * Only subdomains (`api.example.com`): the zone apex needs an A or alias record (IDnsZone writes
 * CNAME and TXT records only), and its certificate needs the app to be publicly reachable for
 * HTTP validation.
 */
export interface CustomDomainProps {
  /**
   * The host name's labels below the zone: `api` for `api.example.com` in zone `example.com`;
   * several labels (`api.eu`) are allowed. Lowercase letters, digits and hyphens; no wildcard
   * (`*`), no zone apex (`@`).
   */
  readonly subdomain: string;
  /** The public DNS zone that holds the domain (a `DnsZone`, or a reference to a zone that exists). */
  readonly dnsZone: IDnsZone;
  /**
   * Bind the domain to the app and issue its free managed certificate. Needs the zone delegated:
   * Azure refuses the binding while the domain's CNAME does not resolve publicly. The DNS records
   * are written either way.
   */
  readonly bind: boolean;
}

/** A custom domain a construct set up: its records, and whether it is bound. */
export interface CustomDomain {
  readonly subdomain: string;
  /** `<subdomain>.<zone>`, e.g. `api.example.com`. */
  readonly hostName: string;
  /** Whether the domain is bound (its `bind`). */
  readonly bound: boolean;
  /** The records written into the zone: the CNAME, and for App Service the `asuid` TXT record. */
  readonly records: readonly IDnsRecord[];
}

/** One DNS label of a host name: RFC 1123, lowercase (Azure stores host names in lowercase). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Longest host name DNS allows (RFC 1035, without the trailing dot). */
const MAX_HOST_NAME = 253;

/**
 * Checks a construct's `customDomains` (literal values only): subdomains that are host-name
 * labels below the zone, host names within `maxHostName` characters (when the zone's name is a
 * literal), and each host name once.
 */
export function checkCustomDomains(
  constructPath: string,
  prop: string,
  domains: readonly CustomDomainProps[],
  limits: { readonly maxHostName?: number; readonly why?: string } = {},
  taken: Map<IDnsZone, Set<string>> = new Map(),
): void {
  const maxHostName = limits.maxHostName ?? MAX_HOST_NAME;
  domains.forEach((domain, i) => {
    const label = `${prop}[${i}].subdomain`;
    const sub = domain.subdomain;
    if (Token.isUnresolved(sub)) return;
    if (sub === "" || sub === "@") {
      throw new ValidationError(
        constructPath,
        `${label} ${JSON.stringify(sub)} is the zone apex (allowed: a subdomain such as "api" or "www"; an apex domain needs an A or alias record, which IDnsZone does not write)`,
      );
    }
    if (sub.split(".").includes("*")) {
      throw new ValidationError(constructPath, `${label} ${JSON.stringify(sub)} is a wildcard (allowed: one host name; free managed certificates do not cover wildcards)`);
    }
    const bad = sub.split(".").find((l) => !LABEL.test(l));
    if (bad !== undefined) {
      throw new ValidationError(
        constructPath,
        `${label} ${JSON.stringify(sub)} has the label ${JSON.stringify(bad)} (allowed: dot-separated labels of 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, relative to the zone: "api", not "api.example.com.")`,
      );
    }
    const zone = domain.dnsZone.name;
    if (!Token.isUnresolved(zone)) {
      if (sub === zone || sub.endsWith(`.${zone}`)) {
        throw new ValidationError(constructPath, `${label} ${JSON.stringify(sub)} includes the zone name ${JSON.stringify(zone)} (allowed: the labels below the zone, e.g. ${JSON.stringify(sub.slice(0, -zone.length - 1) || "api")})`);
      }
      const host = `${sub}.${zone}`;
      if (host.length > maxHostName) {
        throw new ValidationError(constructPath, `${prop}[${i}] host name ${JSON.stringify(host)} has ${host.length} characters (allowed: at most ${maxHostName}${limits.why ? `; ${limits.why}` : ""})`);
      }
    }
    const subs = taken.get(domain.dnsZone) ?? new Set<string>();
    if (subs.has(sub)) {
      throw new ValidationError(constructPath, `${prop}[${i}] subdomain ${JSON.stringify(sub)} of zone ${JSON.stringify(zone)} is defined twice (allowed: each host name once)`);
    }
    subs.add(sub);
    taken.set(domain.dnsZone, subs);
  });
}

/** `<subdomain>.<zone>`. */
export function customDomainHostName(domain: CustomDomainProps): string {
  return `${domain.subdomain}.${domain.dnsZone.name}`;
}

/**
 * The construct id of a domain's binding: `Domain-<host name>` (`Domain-api.example.com`), or
 * `Domain-<subdomain>` when the zone's name is not known at synth.
 */
export function customDomainId(domain: CustomDomainProps): string {
  const zone = domain.dnsZone.name;
  return Token.isUnresolved(zone) ? `Domain-${domain.subdomain}` : `Domain-${domain.subdomain}.${zone}`;
}
