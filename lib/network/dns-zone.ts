import { DataAzurermDnsZone } from "@cdktf/provider-azurerm/lib/data-azurerm-dns-zone";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { DnsCaaRecord } from "@cdktf/provider-azurerm/lib/dns-caa-record";
import { DnsCnameRecord } from "@cdktf/provider-azurerm/lib/dns-cname-record";
import { DnsMxRecord } from "@cdktf/provider-azurerm/lib/dns-mx-record";
import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";
import { DnsZone as AzDnsZone } from "@cdktf/provider-azurerm/lib/dns-zone";
import { type TerraformResource, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { type ArmResourceKind, parseResourceId } from "../core/arm-id";
import { AzureStack } from "../core/azure-stack";
import { checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import type { IDnsRecord, IDnsZone } from "./interfaces";

/*
 * Public DNS zones (Azure DNS) and the names in them. Zone names and host names follow RFC 1035
 * and RFC 1123 (labels of letters, digits and hyphens, 1-63 characters, at most 253 in all);
 * record names are relative to the zone and may hold underscores (`_dmarc`, `asuid.api`,
 * `selector1-azurecomm-prod-net._domainkey`), because RFC 2181 allows any label and service
 * records use them.
 */

/** The default TTL of records, in seconds (Azure DNS's own default, and what Azure's services ask for). */
export const DNS_DEFAULT_TTL = 3600;
/** The largest TTL DNS allows: 2^31 - 1 seconds (RFC 2181 section 8). */
export const DNS_MAX_TTL = 2147483647;
/** The longest TXT value this library writes: Azure DNS's limit in every cloud (azurerm 4.55 allows 4096 in the public cloud). */
export const DNS_TXT_MAX_LENGTH = 1024;
/** Labels Azure DNS allows in a zone name (learn.microsoft.com/azure/templates/microsoft.network/dnszones). */
export const DNS_ZONE_MAX_LABELS = 34;

/**
 * The certificate authority of App Service managed certificates: "Free certificates are issued by
 * DigiCert. For some domains, you must explicitly allow DigiCert as a certificate issuer by
 * creating a CAA domain record with the value: `0 issue digicert.com`"
 * (learn.microsoft.com/azure/app-service/configure-ssl-certificate). `digicert.com` also
 * authorizes DigiCert's other brands (GeoTrust, Thawte, RapidSSL: DigiCert's CAA documentation).
 */
export const APP_SERVICE_MANAGED_CERTIFICATE_CA = "digicert.com";

/** The ARM type of a public DNS zone, for references by id. */
const DNS_ZONE_KIND: ArmResourceKind = { type: "Microsoft.Network/dnsZones", description: "public DNS zone", placeholders: ["<zone name>"] };

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const UNDERSCORE_LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/i;

export interface DomainNameOptions {
  /**
   * Allow underscores in labels (Azure DNS accepts them in zone names, such as `_msdcs.example.com`;
   * a host name or an email domain cannot have them).
   * @default false
   */
  readonly underscores?: boolean;
  /** At most this many labels. @default - no limit besides the 253 characters */
  readonly maxLabels?: number;
}

/**
 * Why `value` is not a domain name (RFC 1035 / RFC 1123 labels of 1-63 letters, digits and
 * hyphens, not starting or ending with a hyphen; at most 253 characters; at least two labels; a
 * top-level label that is not all digits), or undefined when it is one or is a token.
 */
export function domainNameProblem(value: string, options: DomainNameOptions = {}): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value !== "string" || value.trim() === "") return "is empty";
  if (/[:/@\s]/.test(value)) return `is not a domain name (give the host name only, such as "example.com": no scheme, path, port, address or spaces)`;
  if (value.endsWith(".")) return `ends with a dot; give it without the root dot (${show(value.replace(/\.+$/, ""))})`;
  if (value.length > 253) return `is ${value.length} characters (a DNS name has at most 253)`;
  const labels = value.split(".");
  if (labels.some((l) => l === "")) return "has an empty label (a leading dot, or two dots in a row)";
  const pattern = options.underscores ? UNDERSCORE_LABEL : HOST_LABEL;
  for (const label of labels) {
    if (label.length > 63) return `has a label of ${label.length} characters (${show(label.slice(0, 20) + "...")}; a label has at most 63)`;
    if (!pattern.test(label)) {
      const chars = options.underscores ? "letters, digits, hyphens and underscores" : "letters, digits and hyphens";
      return `has a label ${show(label)} that DNS does not allow (labels are ${chars}, 1-63 characters, not starting or ending with a hyphen)`;
    }
  }
  if (labels.length < 2) return `has one label; a domain needs at least two (such as ${show(`${value}.com`)})`;
  if (options.maxLabels !== undefined && labels.length > options.maxLabels) return `has ${labels.length} labels (at most ${options.maxLabels})`;
  if (/^\d+$/.test(labels[labels.length - 1])) return "ends in an all-numeric label (no top-level domain is all digits: is it an IP address?)";
  return undefined;
}

/** Throws a ValidationError at `where` when `value` is not a domain name (see domainNameProblem). */
export function checkDomainName(where: string, prop: string, value: string, options: DomainNameOptions = {}): void {
  const problem = domainNameProblem(value, options);
  if (problem) throw new ValidationError(where, `${prop} ${show(value)} ${problem}`);
}

/**
 * The name of `domain` relative to zone `zoneName`: `@` for the apex, `mail` for
 * `mail.example.com` in `example.com`; undefined when the domain is not in the zone. Compared
 * case-insensitively, as DNS does.
 */
export function relativeRecordName(zoneName: string, domain: string): string | undefined {
  const zone = zoneName.toLowerCase();
  const name = domain.toLowerCase();
  if (name === zone) return "@";
  if (name.endsWith(`.${zone}`)) return domain.slice(0, domain.length - zone.length - 1);
  return undefined;
}

/** `sub` inside the name `relative` of a zone (`_dmarc` in `mail` is `_dmarc.mail`; in `@` it is `_dmarc`). */
export function joinRecordName(sub: string, relative: string): string {
  return relative === "@" ? sub : `${sub}.${relative}`;
}

/** A record set a zone created, for `dependsOn` and outputs (`fqdn` ends with a dot). */
export interface DnsRecord extends IDnsRecord {
  /** The record set's name, relative to the zone (`@` for the apex). */
  readonly name: string;
  /** The azurerm record set resource. */
  readonly resource: TerraformResource;
}

/** Where an A record points: IPv4 addresses, or (an alias record) an Azure resource whose addresses Azure DNS follows. */
export type ARecordTarget =
  | { readonly addresses: readonly string[] }
  /**
   * ARM id of a public IP address, a Front Door (Standard/Premium) endpoint, a Traffic Manager
   * profile or another record set of the zone; Azure DNS answers with its current addresses, so
   * the record follows the resource and is deleted with it. An App Service app is not an alias
   * target: point a CNAME at its host name, or an A record at its inbound address.
   */
  | { readonly targetResourceId: string };

/** One mail exchanger of an MX record set. */
export interface MxRecordValue {
  /** Lower is tried first (0-65535). */
  readonly preference: number;
  /** The mail server's host name (never an IP address, RFC 2181 section 10.3). */
  readonly exchange: string;
}

/** Which certificate authorities may issue certificates for a name and its subdomains (RFC 8659). */
export interface CaaRecordProps {
  /**
   * CA domains allowed to issue certificates (`issue`). `[]` writes `issue ";"`: no CA may.
   * Static Web Apps, Front Door and other services issue their own certificates: add their CAs
   * before restricting a zone they serve names of (a CAA set at the apex applies to every name below it).
   * @default ["digicert.com"] - App Service managed certificates (APP_SERVICE_MANAGED_CERTIFICATE_CA)
   */
  readonly issuers?: readonly string[];
  /**
   * CA domains allowed to issue wildcard certificates (`issuewild`). `[]` writes `issuewild ";"`:
   * none (App Service managed certificates are never wildcards).
   * @default - none written: wildcards follow `issuers` (RFC 8659)
   */
  readonly wildcardIssuers?: readonly string[];
  /** Where CAs report refused requests (`iodef`): a `mailto:` or `https:` URL. @default - none */
  readonly iodef?: string;
}

/** The record helpers and checks shared by a zone made here (DnsZone) and one referenced (ExistingDnsZone). */
export abstract class DnsZoneBase extends Construct implements IDnsZone {
  abstract readonly name: string;
  abstract readonly id: string;
  abstract readonly resourceGroupName: string;
  /** TTL of records added without one. */
  protected abstract readonly defaultTtl: number;
  /**
   * The zone name records are written with: a reference to the zone resource when the zone is made
   * here (so Terraform creates records after their zone), else the name.
   */
  protected abstract readonly zoneNameReference: string;
  /** Record sets added so far, keyed `<TYPE>:<name>`, with the construct path that added each. */
  private readonly recordSets = new Map<string, string>();

  /**
   * A CNAME record `name` pointing at `target`, a host name (`app-x.azurewebsites.net`). Not at the
   * apex (`@`): the apex holds the zone's SOA and NS records, and a CNAME shares its name with no
   * other record (RFC 1034 section 3.6.2); use addARecord with an alias there.
   */
  addCnameRecord(id: string, name: string, target: string, ttl?: number): DnsRecord {
    const scope = new Construct(this, id);
    const where = scope.node.path;
    this.checkName(where, name);
    if (!Token.isUnresolved(name) && name === "@") {
      throw new ValidationError(where, `a CNAME record cannot be at the zone apex "@" of ${show(this.name)} (the apex holds the SOA and NS records, and a CNAME shares its name with no other record); use addARecord with an alias (targetResourceId) or a subdomain`);
    }
    checkTarget(where, "target", target);
    this.claim(where, "CNAME", name);
    const resource = new DnsCnameRecord(scope, "Record", {
      name,
      zoneName: this.zoneNameReference,
      resourceGroupName: this.resourceGroupName,
      ttl: this.ttl(where, ttl),
      record: target,
    });
    return { id: resource.id, fqdn: resource.fqdn, fqn: resource.fqn, name, resource };
  }

  /** A TXT record set `name` with `values`, one record per value (each 1-1024 characters). */
  addTxtRecord(id: string, name: string, values: readonly string[], ttl?: number): DnsRecord {
    const scope = new Construct(this, id);
    const where = scope.node.path;
    this.checkName(where, name);
    if (values.length === 0) throw new ValidationError(where, `TXT record ${show(name)} has no values (give at least one)`);
    values.forEach((value, i) => {
      if (Token.isUnresolved(value)) return;
      if (value.length < 1 || value.length > DNS_TXT_MAX_LENGTH) {
        throw new ValidationError(where, `TXT record ${show(name)}: values[${i}] is ${value.length} characters (allowed: 1 to ${DNS_TXT_MAX_LENGTH})`);
      }
    });
    const literal = values.filter((v) => !Token.isUnresolved(v));
    const repeated = literal.find((v, i) => literal.indexOf(v) !== i);
    if (repeated !== undefined) throw new ValidationError(where, `TXT record ${show(name)} has the value ${show(repeated)} twice (a record set holds each value once)`);
    this.claim(where, "TXT", name);
    const resource = new DnsTxtRecord(scope, "Record", {
      name,
      zoneName: this.zoneNameReference,
      resourceGroupName: this.resourceGroupName,
      ttl: this.ttl(where, ttl),
      record: values.map((value) => ({ value })),
    });
    return { id: resource.id, fqdn: resource.fqdn, fqn: resource.fqn, name, resource };
  }

  /**
   * An A record set `name`: IPv4 `addresses`, or an alias to an Azure resource
   * (`targetResourceId`), which may also sit at the apex (`@`).
   */
  addARecord(id: string, name: string, target: ARecordTarget, ttl?: number): DnsRecord {
    const scope = new Construct(this, id);
    const where = scope.node.path;
    this.checkName(where, name);
    let records: string[] | undefined;
    let targetResourceId: string | undefined;
    if ("targetResourceId" in target) {
      targetResourceId = target.targetResourceId;
      if (!Token.isUnresolved(targetResourceId) && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+/i.test(targetResourceId)) {
        throw new ValidationError(where, `A record ${show(name)}: targetResourceId ${show(targetResourceId)} is not an ARM resource id (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/...)`);
      }
    } else {
      if (target.addresses.length === 0) throw new ValidationError(where, `A record ${show(name)} has no addresses (give at least one IPv4 address, or a targetResourceId)`);
      for (const address of target.addresses) {
        if (Token.isUnresolved(address)) continue;
        if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
          throw new ValidationError(where, `A record ${show(name)}: ${show(address)} is not an IPv4 address (an A record holds dotted-quad IPv4 addresses; AAAA records hold IPv6)`);
        }
      }
      records = [...target.addresses];
    }
    this.claim(where, "A", name);
    const resource = new DnsARecord(scope, "Record", {
      name,
      zoneName: this.zoneNameReference,
      resourceGroupName: this.resourceGroupName,
      ttl: this.ttl(where, ttl),
      records,
      targetResourceId,
    });
    return { id: resource.id, fqdn: resource.fqdn, fqn: resource.fqn, name, resource };
  }

  /** An MX record set `name` (`@` for mail to the domain itself). */
  addMxRecord(id: string, name: string, exchanges: readonly MxRecordValue[], ttl?: number): DnsRecord {
    const scope = new Construct(this, id);
    const where = scope.node.path;
    this.checkName(where, name);
    if (exchanges.length === 0) throw new ValidationError(where, `MX record ${show(name)} has no exchanges (give at least one)`);
    exchanges.forEach((mx, i) => {
      checkWholeNumber(where, `MX record ${show(name)}: exchanges[${i}].preference`, mx.preference, 0, 65535);
      if (!Token.isUnresolved(mx.exchange) && ipaddr.isValid(mx.exchange)) {
        throw new ValidationError(where, `MX record ${show(name)}: exchanges[${i}].exchange ${show(mx.exchange)} is an IP address; an MX record names a host (RFC 2181 section 10.3): point it at a name with an A record`);
      }
      checkTarget(where, `exchanges[${i}].exchange`, mx.exchange);
    });
    this.claim(where, "MX", name);
    const resource = new DnsMxRecord(scope, "Record", {
      name,
      zoneName: this.zoneNameReference,
      resourceGroupName: this.resourceGroupName,
      ttl: this.ttl(where, ttl),
      record: exchanges.map((mx) => ({ preference: String(mx.preference), exchange: mx.exchange })),
    });
    return { id: resource.id, fqdn: resource.fqdn, fqn: resource.fqn, name, resource };
  }

  /**
   * A CAA record set `name` (default the apex, which covers every name below it that has no CAA
   * set of its own): which certificate authorities may issue certificates. The default allows the
   * CA of App Service managed certificates (DigiCert) and no other.
   */
  addCaaRecord(id: string, name = "@", props: CaaRecordProps = {}, ttl?: number): DnsRecord {
    const scope = new Construct(this, id);
    const where = scope.node.path;
    this.checkName(where, name);
    const issuers = props.issuers ?? [APP_SERVICE_MANAGED_CERTIFICATE_CA];
    const entries: { flags: number; tag: string; value: string }[] = [];
    const add = (tag: string, prop: string, domains: readonly string[]) => {
      if (domains.length === 0) {
        entries.push({ flags: 0, tag, value: ";" });
        return;
      }
      domains.forEach((ca, i) => {
        checkDomainName(where, `CAA record ${show(name)}: ${prop}[${i}]`, ca);
        entries.push({ flags: 0, tag, value: ca });
      });
    };
    add("issue", "issuers", issuers);
    if (props.wildcardIssuers) add("issuewild", "wildcardIssuers", props.wildcardIssuers);
    if (props.iodef !== undefined) {
      if (!Token.isUnresolved(props.iodef) && !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/.test(props.iodef)) {
        throw new ValidationError(where, `CAA record ${show(name)}: iodef ${show(props.iodef)} is not a mailto: or https: URL (such as "mailto:security@example.com")`);
      }
      entries.push({ flags: 0, tag: "iodef", value: props.iodef });
    }
    this.claim(where, "CAA", name);
    const resource = new DnsCaaRecord(scope, "Record", {
      name,
      zoneName: this.zoneNameReference,
      resourceGroupName: this.resourceGroupName,
      ttl: this.ttl(where, ttl),
      record: entries,
    });
    return { id: resource.id, fqdn: resource.fqdn, fqn: resource.fqn, name, resource };
  }

  /** Checks a record name relative to this zone: `@`, or labels, not the fully qualified name. */
  private checkName(where: string, name: string): void {
    if (Token.isUnresolved(name)) return;
    const fail = (why: string): never => {
      throw new ValidationError(where, `record name ${show(name)} ${why}`);
    };
    if (name === "@") return;
    if (name.trim() === "") fail(`is empty (use "@" for the apex of ${show(this.name)})`);
    if (!Token.isUnresolved(this.name)) {
      const relative = relativeRecordName(this.name, name.replace(/\.$/, ""));
      if (relative !== undefined) fail(`is fully qualified; record names are relative to the zone ${show(this.name)}: use ${show(relative)}`);
    }
    if (name.endsWith(".")) fail(`ends with a dot; record names are relative to the zone ${show(this.name)} (such as "api", "@" for the apex)`);
    const labels = name.split(".");
    labels.forEach((label, i) => {
      if (label === "") fail("has an empty label (a leading dot, or two dots in a row)");
      if (label === "*" && i === 0) return;
      if (label.length > 63) fail(`has a label of ${label.length} characters (at most 63)`);
      if (!UNDERSCORE_LABEL.test(label)) {
        fail(`has a label ${show(label)} that a record name cannot have (letters, digits, hyphens and underscores, not starting or ending with a hyphen; "*" only as the first label)`);
      }
    });
    if (!Token.isUnresolved(this.name) && name.length + 1 + this.name.length > 253) {
      fail(`makes a name of ${name.length + 1 + this.name.length} characters with the zone ${show(this.name)} (a DNS name has at most 253)`);
    }
  }

  /** Records that `type` records named `name` exist, refusing a second set of the same type and name (Azure DNS keeps one per name and type) and a CNAME beside anything. */
  private claim(where: string, type: string, name: string): void {
    if (Token.isUnresolved(name)) return;
    const key = name.toLowerCase();
    const same = this.recordSets.get(`${type}:${key}`);
    if (same !== undefined) {
      throw new ValidationError(where, `a ${type} record set ${show(name)} was already added by ${same}; Azure DNS keeps one record set per name and type: put all values in one call`);
    }
    for (const [other, path] of this.recordSets) {
      const [otherType, otherName] = [other.slice(0, other.indexOf(":")), other.slice(other.indexOf(":") + 1)];
      if (otherName === key && (type === "CNAME" || otherType === "CNAME")) {
        throw new ValidationError(where, `a ${type} record ${show(name)} cannot share its name with the ${otherType} record added by ${path} (a CNAME shares its name with no other record, RFC 1034 section 3.6.2)`);
      }
    }
    this.recordSets.set(`${type}:${key}`, where);
  }

  private ttl(where: string, ttl: number | undefined): number {
    const value = ttl ?? this.defaultTtl;
    checkWholeNumber(where, "ttl", value, 1, DNS_MAX_TTL);
    return value;
  }
}

/** A CNAME target or an MX exchange: a host name (underscores allowed, as in DKIM targets), a trailing dot accepted. */
function checkTarget(where: string, prop: string, target: string): void {
  if (Token.isUnresolved(target)) return;
  const problem = domainNameProblem(target.replace(/\.$/, ""), { underscores: true });
  if (problem) throw new ValidationError(where, `${prop} ${show(target)} ${problem}`);
}

export interface DnsZoneProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * The domain, e.g. `example.com`, or a subdomain delegated to this zone (`dev.example.com`):
   * letters, digits and hyphens in labels (underscores are accepted too), at least two labels,
   * at most 253 characters, no trailing dot. Changing it replaces the zone, and with it the name
   * servers the registrar points at.
   */
  readonly name: string;
  /** TTL of records added without one, in seconds (1 to 2147483647). @default 3600 */
  readonly defaultTtl?: number;
  /**
   * A Terraform output `name_servers` with the zone's name servers, the NS records to give the
   * registrar (or the parent zone) to delegate the domain.
   * @default true
   */
  readonly nameServersOutput?: boolean;
}

/** Options of a reference to a zone that exists. */
export interface ExistingDnsZoneOptions {
  /** TTL of records added without one, in seconds. @default 3600 */
  readonly defaultTtl?: number;
}

export interface ExistingDnsZoneByIdProps extends ExistingDnsZoneOptions {
  /**
   * ARM id of the zone (`/subscriptions/.../providers/Microsoft.Network/dnsZones/<name>`), in the
   * stack's subscription: records are written with the stack's azurerm provider.
   */
  readonly dnsZoneId: string;
}

export interface ExistingDnsZoneByNameProps extends ExistingDnsZoneOptions {
  /** The zone's domain name, e.g. `example.com`. */
  readonly name: string;
  /** Resource group of the zone, in the stack's subscription. */
  readonly resourceGroupName: string;
}

export type ExistingDnsZoneProps = ExistingDnsZoneByIdProps | ExistingDnsZoneByNameProps;

/**
 * A public DNS zone that already exists (a platform team's, or one another stack owns), for every
 * prop that takes an IDnsZone: records are added to it, nothing else is created. Record sets
 * that already exist in the zone (an apex TXT set, a `_dmarc` record) make the apply fail with
 * "already exists - to be managed via Terraform this resource needs to be imported": add values
 * to those sets where they are managed, or import them. By id, nothing is looked up until
 * `nameServers` is read.
 */
export class ExistingDnsZone extends DnsZoneBase {
  readonly name: string;
  readonly resourceGroupName: string;
  protected readonly defaultTtl: number;
  private readonly givenId?: string;
  private lookup?: DataAzurermDnsZone;

  protected get zoneNameReference(): string {
    return this.name;
  }

  constructor(scope: Construct, id: string, props: ExistingDnsZoneProps) {
    super(scope, id);
    this.defaultTtl = props.defaultTtl ?? DNS_DEFAULT_TTL;
    checkWholeNumber(this.node.path, "defaultTtl", this.defaultTtl, 1, DNS_MAX_TTL);
    if ("dnsZoneId" in props) {
      const parsed = parseResourceId(this.node.path, "dnsZoneId", props.dnsZoneId, DNS_ZONE_KIND);
      this.givenId = props.dnsZoneId;
      this.name = parsed.name;
      this.resourceGroupName = parsed.resourceGroupName;
      const stackSubscription = AzureStack.find(this)?.subscriptionId;
      if (stackSubscription !== undefined && !Token.isUnresolved(stackSubscription) && !Token.isUnresolved(parsed.subscriptionId) && parsed.subscriptionId.toLowerCase() !== stackSubscription.toLowerCase()) {
        throw new ValidationError(
          this.node.path,
          `DNS zone ${show(this.name)} is in subscription ${parsed.subscriptionId}, and its records would be written with the stack's azurerm provider (subscription ${stackSubscription}); add the records from a stack in the zone's subscription, or delegate a subdomain to a zone in this one`,
        );
      }
    } else {
      for (const [prop, value] of [["name", props.name], ["resourceGroupName", props.resourceGroupName]] as const) {
        if (!Token.isUnresolved(value) && value.trim() === "") throw new ValidationError(this.node.path, `${prop} ${show(value)} is empty (give the ${prop === "name" ? "zone's domain name" : "zone's resource group"})`);
      }
      checkDomainName(this.node.path, "name", props.name, { underscores: true, maxLabels: DNS_ZONE_MAX_LABELS });
      this.name = props.name;
      this.resourceGroupName = props.resourceGroupName;
    }
  }

  /** ARM id of the zone: the one given, or the data source's. */
  get id(): string {
    return this.givenId ?? this.dataSource().id;
  }

  /** The zone's name servers, from an `azurerm_dns_zone` data source (added when first read). */
  get nameServers(): string[] {
    return this.dataSource().nameServers;
  }

  /** The `azurerm_dns_zone` data source, once something needed it. */
  get lookupDataSource(): DataAzurermDnsZone | undefined {
    return this.lookup;
  }

  private dataSource(): DataAzurermDnsZone {
    this.lookup ??= new DataAzurermDnsZone(this, "Lookup", { name: this.name, resourceGroupName: this.resourceGroupName });
    return this.lookup;
  }
}

/**
 * A public Azure DNS zone for a product's domain, with typed record helpers other constructs add
 * their records through (IDnsZone): custom domains' verification and alias records, an email
 * domain's SPF, DKIM and DMARC records, CAA.
 *
 * Azure answers for the zone only once the domain is delegated to it: give the registrar (or the
 * parent zone) the name servers in `nameServers` (the `name_servers` output) as NS records.
 * Until then nothing on the internet sees the records, so anything Azure verifies through public
 * DNS (managed certificates, email domains) must wait; deploy the zone first, delegate, then turn
 * on what needs verification. Deleting the zone breaks the delegation (a new zone gets other name
 * servers) and with it the product's web addresses and mail: protect it (`lock: "CanNotDelete"`,
 * `preventDestroy`); AZ-DNS-001 asks for the lock in prod.
 *
 * Record names are relative to the zone (`api`, `asuid.api`, `_dmarc.mail`, `@` for the apex);
 * names, TTLs and values are checked at synth, as is the one record set per name and type that
 * Azure DNS keeps. Azure DNS public zones have metrics but no resource logs, so there is no
 * `diagnosticSettings` prop; DNSSEC signing is not in azurerm 4.55.
 */
export class DnsZone extends DnsZoneBase {
  /**
   * A zone that already exists, by ARM id (no data source unless `nameServers` is read); it must
   * be in the stack's subscription.
   */
  static fromId(scope: Construct, id: string, props: ExistingDnsZoneByIdProps): ExistingDnsZone {
    return new ExistingDnsZone(scope, id, props);
  }

  /** A zone that already exists in the stack's subscription, by domain name and resource group. */
  static fromName(scope: Construct, id: string, props: ExistingDnsZoneByNameProps): ExistingDnsZone {
    return new ExistingDnsZone(scope, id, props);
  }

  readonly resource: AzDnsZone;
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
  /** The zone's four Azure DNS name servers: the NS records the registrar must be given (delegation). */
  readonly nameServers: string[];
  /** The `name_servers` output, unless `nameServersOutput: false`. */
  readonly nameServersOutput?: TerraformOutput;
  protected readonly defaultTtl: number;

  protected get zoneNameReference(): string {
    return this.resource.name;
  }

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    const path = this.node.path;
    checkDomainName(path, "name", props.name, { underscores: true, maxLabels: DNS_ZONE_MAX_LABELS });
    this.defaultTtl = props.defaultTtl ?? DNS_DEFAULT_TTL;
    checkWholeNumber(path, "defaultTtl", this.defaultTtl, 1, DNS_MAX_TTL);
    if (props.lock === "ReadOnly") {
      throw new ValidationError(path, `lock "ReadOnly" would refuse every record change, including the records constructs add to the zone in the same apply; use "CanNotDelete"`);
    }
    this.name = props.name;
    this.resourceGroupName = props.resourceGroup.name;
    this.resource = new AzDnsZone(this, "Resource", { name: props.name, resourceGroupName: props.resourceGroup.name });
    this.id = this.resource.id;
    this.nameServers = this.resource.nameServers;
    if (props.nameServersOutput ?? true) {
      this.nameServersOutput = new TerraformOutput(this, "name_servers", {
        value: this.nameServers,
        description: `Name servers of the DNS zone ${props.name}: give them to the registrar (or the parent zone) as its NS records to delegate the domain.`,
      });
    }
    protect(this, this.resource, props, props.name);
  }
}
