import { CommunicationService } from "@cdktf/provider-azurerm/lib/communication-service";
import { CommunicationServiceEmailDomainAssociation } from "@cdktf/provider-azurerm/lib/communication-service-email-domain-association";
import { EmailCommunicationService } from "@cdktf/provider-azurerm/lib/email-communication-service";
import { EmailCommunicationServiceDomain } from "@cdktf/provider-azurerm/lib/email-communication-service-domain";
import { EmailCommunicationServiceDomainSenderUsername } from "@cdktf/provider-azurerm/lib/email-communication-service-domain-sender-username";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { didYouMean } from "../core/suggest";
import { DNS_DEFAULT_TTL, DNS_MAX_TTL, checkDomainName, domainNameProblem, joinRecordName, relativeRecordName } from "../network/dns-zone";
import type { IDnsRecord, IDnsZone } from "../network/interfaces";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import type { IKeyVault, VaultSecret } from "../security/key-vault";
import { grantRole } from "../security/role-grant";

/**
 * Where Communication Services and Email Communication Services keep data at rest: the values
 * azurerm 4.55 accepts for `data_location` (case-sensitive). A domain can only be linked to a
 * Communication Services resource with the same data location.
 */
export const EMAIL_DATA_LOCATIONS = [
  "Africa", "Asia Pacific", "Australia", "Brazil", "Canada", "Europe", "France", "Germany", "India",
  "Japan", "Korea", "Norway", "Switzerland", "UAE", "UK", "United States", "usgov",
] as const;
export type EmailDataLocation = (typeof EMAIL_DATA_LOCATIONS)[number];

/** The SPF mechanism Azure Communication Services verifies (`v=spf1 include:spf.protection.outlook.com -all`). */
export const EMAIL_SPF_INCLUDE = "include:spf.protection.outlook.com";

/** The sender username every provisioned email domain has from the start (`DoNotReply@<domain>`). */
export const EMAIL_DEFAULT_SENDER = "DoNotReply";

/**
 * What an identity needs on a Communication Services resource to send email with Entra ID:
 * "a role with the Microsoft.Communication/CommunicationServices/Read,
 * Microsoft.Communication/CommunicationServices/Write and Microsoft.Communication/EmailServices/write
 * permissions on the Azure Communication Service Resource"
 * (learn.microsoft.com/azure/communication-services/quickstarts/email/send-email-smtp/smtp-authentication).
 * The built-in alternatives (Contributor, Communication and Email Service Owner) also read keys
 * and delete resources.
 */
export const EMAIL_SENDER_ACTIONS = [
  "Microsoft.Communication/CommunicationServices/Read",
  "Microsoft.Communication/CommunicationServices/Write",
  "Microsoft.Communication/EmailServices/write",
] as const;

/** The DMARC record (`_dmarc.<domain>`, RFC 7489) the construct writes for the email domain. */
export interface DmarcProps {
  /**
   * What receivers do with mail that fails DMARC (`p=`). `quarantine` (to spam) protects the
   * domain from spoofing without losing mail that a misconfiguration fails; go to `reject` once
   * the aggregate reports show only legitimate mail passing, or start at `none` when the domain
   * already sends mail from other services whose alignment is unknown.
   * @default "quarantine"
   */
  readonly policy?: "none" | "quarantine" | "reject";
  /** The policy for subdomains of the email domain (`sp=`). @default - the same as `policy` (DMARC's rule) */
  readonly subdomainPolicy?: "none" | "quarantine" | "reject";
  /**
   * Mailboxes that receive the daily aggregate reports (`rua=mailto:...`). A mailbox outside the
   * email domain must publish an authorization record (RFC 7489 section 7.1).
   * @default - none: no reports
   */
  readonly reportAddresses?: readonly string[];
}

/** A MailFrom address on the custom domain besides DoNotReply. */
export interface EmailSenderProps {
  /** The local part: `no-reply`, `billing`. `DoNotReply` exists already on every domain. */
  readonly username: string;
  /** The display name recipients see (1-253 characters). @default - none (Azure shows the username) */
  readonly displayName?: string;
}

export interface EmailCommunicationProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * Name of the Communication Services resource (the sending endpoint,
   * `<name>.<geography>.communication.azure.com`).
   * @default - generated: `acs-<workload>-<env>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Name of the Email Communication Services resource. @default - generated: `ecs-<workload>-<env>[-<instance>]-<suffix>` */
  readonly emailServiceName?: string;
  /** Distinguishes several email constructs in one stack, in generated names. @default - none */
  readonly instance?: string;
  /**
   * Where both resources keep data at rest: one of EMAIL_DATA_LOCATIONS (`"Europe"`,
   * `"United States"`, ...), exactly as written there. A data-residency decision, so there is no
   * default; it cannot be changed later (changing it replaces both resources and the domains).
   */
  readonly dataLocation: EmailDataLocation;
  /**
   * The custom (customer-managed) email domain mail is sent from: the zone's apex
   * (`example.com`) or a subdomain (`mail.example.com`; recommended when the apex already sends
   * mail, since the construct writes the domain's SPF and DMARC records). A host name: letters,
   * digits and hyphens, at least two labels. Azure verifies it through public DNS, which only
   * works once the records resolve (the zone delegated).
   * @default - no custom domain (then `azureManagedDomain` must be on)
   */
  readonly domain?: string;
  /**
   * The public zone that holds `domain` (the apex or a parent): the construct writes the
   * verification TXT (`ms-domain-verification=...`) and SPF values in one TXT set at the domain's
   * name, the two DKIM CNAMEs (`selector1-azurecomm-prod-net._domainkey`, `selector2-...`, their
   * names and targets read from the domain's `verification_records`), and the DMARC TXT at
   * `_dmarc`, all relative to the zone. Without a zone the records to publish are in the
   * `dns_records` output.
   * @default - none: publish the records yourself
   */
  readonly dnsZone?: IDnsZone;
  /**
   * Link (connect) the custom domain to the Communication Services resource, so mail can be sent
   * from it. Azure links only a fully verified domain, and verification happens outside
   * Terraform once the records resolve publicly: after the zone is delegated, start it with
   * `az communication email domain initiate-verification` (`--domain-name <domain>`,
   * `--email-service-name <emailServiceName>`, `--resource-group <group>`, `--verification-type`
   * `Domain`, then `SPF`, `DKIM`, `DKIM2`, `DMARC`), or from the portal, and wait for `Verified`. So a first
   * deployment leaves it off and succeeds before delegation; turn it on (a system's
   * `dns.delegated` switch) once the domain is verified. On before verification, the apply fails
   * at the link.
   * @default false
   */
  readonly linkDomain?: boolean;
  /**
   * An Azure-managed domain (`<guid>.azurecomm.net`) as well, linked at once: verified at creation,
   * so mail can be sent before the custom domain is, from `DoNotReply@` only and at low volume
   * (learn.microsoft.com/azure/communication-services/concepts/email/email-domain-and-sender-authentication).
   * For development and for the time until the custom domain is verified; production mail
   * belongs on the custom domain.
   * @default false
   */
  readonly azureManagedDomain?: boolean;
  /**
   * More MailFrom addresses on the custom domain. Azure offers them only on custom domains whose
   * sending limit has been raised above the default (a support request): on a domain at the
   * default limit the apply fails here
   * (learn.microsoft.com/azure/communication-services/quickstarts/email/add-multiple-senders).
   * @default - none (DoNotReply only)
   */
  readonly senderUsernames?: readonly EmailSenderProps[];
  /** The DMARC record at `_dmarc.<domain>` (with `dnsZone`); `false` leaves it to you. @default - `v=DMARC1; p=quarantine` */
  readonly dmarc?: DmarcProps | false;
  /**
   * The SPF value written at the domain's name, replacing the one Azure asks for; for a domain
   * that also sends mail from elsewhere (one SPF record per name: two are an error, RFC 7208).
   * Must start with `v=spf1` and include `include:spf.protection.outlook.com`, which Azure verifies.
   * @default - the value in the domain's `verification_records` (`v=spf1 include:spf.protection.outlook.com -all`)
   */
  readonly spfRecord?: string;
  /**
   * Other TXT values that live at the email domain's name (another service's site verification):
   * Azure DNS keeps one TXT set per name, so they must be in the set this construct writes.
   * @default - none
   */
  readonly extraTxtValues?: readonly string[];
  /** TTL of the records written into `dnsZone`, in seconds. @default 3600 */
  readonly dnsTtl?: number;
  /**
   * Open and click tracking on the custom domain (tracking pixels and rewritten links): personal
   * data about recipients, so off unless the product needs it. Not available on Azure-managed domains.
   * @default false
   */
  readonly userEngagementTracking?: boolean;
  /**
   * Where the Communication Services resource sends its logs (email send, delivery status and
   * engagement logs), usually `monitoring.diagnosticSettings()`.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /**
   * The role `grantSendEmail` assigns: `"custom"` creates a role definition with exactly
   * EMAIL_SENDER_ACTIONS, assignable in the resource group (creating it needs
   * `Microsoft.Authorization/roleDefinitions/write` there: Owner or User Access Administrator;
   * Role Based Access Control Administrator cannot); the built-in role needs no definition but
   * also lets the app read keys and delete the resources.
   * @default "custom"
   */
  readonly senderRole?: "custom" | "Communication and Email Service Owner";
}

/**
 * Transactional email with Azure Communication Services: an Email Communication Services
 * resource with a custom domain (and, optionally, an Azure-managed one), the Communication
 * Services resource apps send through, the domain's verification, SPF, DKIM and DMARC records
 * written into an IDnsZone, MailFrom addresses, and the grant an app identity needs to send with
 * Entra ID (no keys in app settings: `endpoint` plus `grantSendEmail`).
 *
 * The custom domain goes through three states, and the order of deployment follows them:
 * 1. First apply (zone not yet delegated): the zone, the domain and its records are created;
 *    `linkDomain` stays off, so nothing waits on verification and the apply succeeds.
 * 2. Delegate the zone (`DnsZone.nameServers` at the registrar), then start verification
 *    (`az communication email domain initiate-verification`, see `linkDomain`); Terraform
 *    cannot start or await it.
 * 3. Once the domain shows `Verified`, turn `linkDomain` on and apply: the domain is linked and
 *    mail can be sent from it. Until then `azureManagedDomain` can carry development mail.
 *
 * Both resources are `global` with data kept in `dataLocation`; a domain can only be linked to a
 * Communication Services resource in the same data location, which one prop guarantees.
 * Communication Services in azurerm 4.55 cannot turn off its access keys or public network
 * access (the API's `disableLocalAuth` and `publicNetworkAccess` are not exposed); the construct
 * never reads the keys unless `storeConnectionString` is called.
 */
export class EmailCommunication extends Construct {
  /** The Communication Services resource (`azurerm_communication_service`). */
  readonly resource: CommunicationService;
  readonly id: string;
  readonly name: string;
  /** `https://<name>.<geography>.communication.azure.com`: the endpoint an EmailClient with a token credential uses. */
  readonly endpoint: string;
  readonly emailService: EmailCommunicationService;
  readonly emailServiceName: string;
  readonly dataLocation: EmailDataLocation;
  /** The custom email domain, when there is one. */
  readonly domain?: string;
  readonly customDomain?: EmailCommunicationServiceDomain;
  readonly azureManagedDomain?: EmailCommunicationServiceDomain;
  /** The custom domain's link to the Communication Services resource, when `linkDomain`. */
  readonly customDomainLink?: CommunicationServiceEmailDomainAssociation;
  readonly azureManagedDomainLink?: CommunicationServiceEmailDomainAssociation;
  /** MailFrom addresses added to the custom domain, by username. */
  readonly senders: Readonly<Record<string, EmailCommunicationServiceDomainSenderUsername>>;
  /** The records written into `dnsZone` (verification and SPF TXT, the DKIM CNAMEs, DMARC). */
  readonly dnsRecords: { readonly domain?: IDnsRecord; readonly dkim?: IDnsRecord; readonly dkim2?: IDnsRecord; readonly dmarc?: IDnsRecord };
  /** The `dns_records` output (the custom domain's `verification_records`), when there is no `dnsZone`. */
  readonly dnsRecordsOutput?: TerraformOutput;
  readonly diagnosticSetting?: MonitorDiagnosticSetting;
  private readonly resourceGroup: IResourceGroup;
  private readonly senderRole: "custom" | "Communication and Email Service Owner";
  private senderRoleDefinition?: RoleDefinition;

  constructor(scope: Construct, id: string, props: EmailCommunicationProps) {
    super(scope, id);
    const path = this.node.path;
    checkDataLocation(path, props.dataLocation);
    const managed = props.azureManagedDomain ?? false;
    const domain = props.domain;
    if (domain === undefined && !managed) {
      throw new ValidationError(path, "no email domain: give a custom `domain` (such as \"mail.example.com\"), or `azureManagedDomain: true` for an Azure-managed one");
    }
    if (domain !== undefined) checkDomainName(path, "domain", domain);
    if (domain === undefined) {
      for (const [prop, set] of [["dnsZone", props.dnsZone !== undefined], ["linkDomain", props.linkDomain === true], ["senderUsernames", (props.senderUsernames?.length ?? 0) > 0], ["userEngagementTracking", props.userEngagementTracking === true], ["spfRecord", props.spfRecord !== undefined], ["extraTxtValues", (props.extraTxtValues?.length ?? 0) > 0]] as const) {
        if (set) throw new ValidationError(path, `${prop} needs a custom \`domain\` (an Azure-managed domain has its records, sender and tracking fixed by Azure)`);
      }
    }
    if (props.lock === "ReadOnly") {
      throw new ValidationError(path, `lock "ReadOnly" would block the key listing (a POST) azurerm makes on every refresh of the Communication Services resource, and the domain link; use "CanNotDelete"`);
    }
    const ttl = props.dnsTtl ?? DNS_DEFAULT_TTL;
    checkWholeNumber(path, "dnsTtl", ttl, 1, DNS_MAX_TTL);
    const relative = domain !== undefined && props.dnsZone ? zoneRelativeName(path, props.dnsZone, domain) : undefined;
    const senders = checkSenders(path, props.senderUsernames ?? []);
    const spf = props.spfRecord;
    if (spf !== undefined) checkSpf(path, spf);
    (props.extraTxtValues ?? []).forEach((value, i) => {
      if (!Token.isUnresolved(value) && /^v=spf1(\s|$)/i.test(value)) {
        throw new ValidationError(path, `extraTxtValues[${i}] is an SPF record; a name has one SPF record (RFC 7208), which this construct writes: put the mechanisms in spfRecord (with ${EMAIL_SPF_INCLUDE})`);
      }
    });
    const dmarc = props.dmarc === false ? undefined : dmarcValue(path, props.dmarc ?? {});

    this.resourceGroup = props.resourceGroup;
    this.senderRole = props.senderRole ?? "custom";
    this.dataLocation = props.dataLocation;
    this.domain = domain;
    this.emailServiceName = resourceName(this, "emailCommunicationService", props.emailServiceName, props.instance);
    this.name = resourceName(this, "communicationService", props.name, props.instance);

    this.emailService = new EmailCommunicationService(this, "EmailService", {
      name: this.emailServiceName,
      resourceGroupName: props.resourceGroup.name,
      dataLocation: props.dataLocation,
    });
    this.resource = new CommunicationService(this, "Resource", {
      name: this.name,
      resourceGroupName: props.resourceGroup.name,
      dataLocation: props.dataLocation,
    });
    this.id = this.resource.id;
    this.endpoint = `https://${this.resource.hostname}`;

    const records: { domain?: IDnsRecord; dkim?: IDnsRecord; dkim2?: IDnsRecord; dmarc?: IDnsRecord } = {};
    const senderResources: Record<string, EmailCommunicationServiceDomainSenderUsername> = {};
    if (domain !== undefined) {
      const custom = new EmailCommunicationServiceDomain(this, "CustomDomain", {
        name: domain,
        emailServiceId: this.emailService.id,
        domainManagement: "CustomerManaged",
        userEngagementTrackingEnabled: props.userEngagementTracking ?? false,
      });
      this.customDomain = custom;
      const verification = custom.verificationRecords.get(0);
      if (props.dnsZone && relative !== undefined) {
        const zone = props.dnsZone;
        const txt = [verification.domain.get(0).value, spf ?? verification.spf.get(0).value, ...(props.extraTxtValues ?? [])];
        records.domain = zone.addTxtRecord(`${id}-DomainTxt`, relative, txt, ttl);
        // DKIM record names come relative to the email domain (`selector1-azurecomm-prod-net._domainkey`).
        const dkim = verification.dkim.get(0);
        const dkim2 = verification.dkim2.get(0);
        records.dkim = zone.addCnameRecord(`${id}-Dkim`, joinRecordName(dkim.name, relative), dkim.value, ttl);
        records.dkim2 = zone.addCnameRecord(`${id}-Dkim2`, joinRecordName(dkim2.name, relative), dkim2.value, ttl);
        if (dmarc !== undefined) records.dmarc = zone.addTxtRecord(`${id}-Dmarc`, joinRecordName("_dmarc", relative), [dmarc], ttl);
      } else {
        this.dnsRecordsOutput = new TerraformOutput(this, "dns_records", {
          value: Token.asAny(custom.interpolationForAttribute("verification_records")),
          description: `DNS records to publish for the email domain ${domain} (names relative to it; the domain and SPF records at its own name), then verify it`
            + (dmarc !== undefined ? `; also a TXT record _dmarc with "${dmarc}"` : ""),
        });
      }
      for (const sender of senders) {
        senderResources[sender.username] = new EmailCommunicationServiceDomainSenderUsername(this, `Sender-${sender.username}`, {
          name: sender.username,
          emailServiceDomainId: custom.id,
          displayName: sender.displayName,
        });
      }
      if (props.linkDomain) {
        this.customDomainLink = new CommunicationServiceEmailDomainAssociation(this, "CustomDomainLink", {
          communicationServiceId: this.resource.id,
          emailServiceDomainId: custom.id,
        });
      }
    }
    this.dnsRecords = records;
    this.senders = senderResources;

    if (managed) {
      this.azureManagedDomain = new EmailCommunicationServiceDomain(this, "AzureManagedDomain", {
        name: "AzureManagedDomain",
        emailServiceId: this.emailService.id,
        domainManagement: "AzureManaged",
      });
      this.azureManagedDomainLink = new CommunicationServiceEmailDomainAssociation(this, "AzureManagedDomainLink", {
        communicationServiceId: this.resource.id,
        emailServiceDomainId: this.azureManagedDomain.id,
      });
    }

    if (props.diagnosticSettings) this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.resource.id, props.diagnosticSettings);

    if (props.preventDestroy) {
      for (const r of [this.emailService, this.customDomain, this.azureManagedDomain]) {
        if (r) r.lifecycle = { ...(r.lifecycle ?? {}), preventDestroy: true };
      }
    }
    protect(this, this.resource, props, this.name);
    if (props.lock) {
      new ManagementLock(this, "EmailServiceLock", {
        name: `lock-${this.emailServiceName}`,
        scope: this.emailService.id,
        lockLevel: props.lock,
        notes: `Protects ${this.emailServiceName} and its domains (verification, DKIM keys) from deletion; remove the lock deliberately before decommissioning.`,
      });
    }
  }

  /**
   * The MailFrom address for `username`: on the custom domain when there is one (`DoNotReply` or
   * one of `senderUsernames`), else `DoNotReply@` the Azure-managed domain.
   */
  senderAddress(username: string = EMAIL_DEFAULT_SENDER): string {
    const isDefault = username.toLowerCase() === EMAIL_DEFAULT_SENDER.toLowerCase();
    if (this.domain !== undefined) {
      if (!isDefault && !Object.keys(this.senders).some((u) => u.toLowerCase() === username.toLowerCase())) {
        throw new ValidationError(this.node.path, `sender ${show(username)} is not a MailFrom address of ${this.domain} (allowed: ${[EMAIL_DEFAULT_SENDER, ...Object.keys(this.senders)].map((u) => show(u)).join(", ")}; add it to senderUsernames)`);
      }
      return `${username}@${this.domain}`;
    }
    if (!isDefault) throw new ValidationError(this.node.path, `sender ${show(username)}: an Azure-managed domain sends from ${EMAIL_DEFAULT_SENDER} only`);
    return `${EMAIL_DEFAULT_SENDER}@${this.azureManagedDomain!.fromSenderDomain}`;
  }

  /**
   * Lets `principal` (an app's managed identity) send email through this resource with Entra ID:
   * the `senderRole` on the Communication Services resource. The app uses `endpoint` with a token
   * credential (`new EmailClient(endpoint, new DefaultAzureCredential())`); no key is involved.
   */
  grantSendEmail(principal: IPrincipal, id = "EmailSender"): RoleAssignment {
    if (this.senderRole === "Communication and Email Service Owner") {
      return grantRole(this, id, { scope: this.id, role: "Communication and Email Service Owner", principal });
    }
    this.senderRoleDefinition ??= new RoleDefinition(this, "SenderRole", {
      // Role names are unique in the tenant; the resource's name is globally unique.
      name: `Email sender for ${this.name}`,
      description: `Send email through the Communication Services resource ${this.name} with Entra ID (the permissions Microsoft documents for email senders).`,
      scope: this.resourceGroup.id,
      assignableScopes: [this.resourceGroup.id],
      permissions: [{ actions: [...EMAIL_SENDER_ACTIONS], notActions: [], dataActions: [], notDataActions: [] }],
    });
    return new RoleAssignment(this, id, {
      scope: this.id,
      roleDefinitionId: this.senderRoleDefinition.roleDefinitionResourceId,
      principalId: principal.principalId,
      principalType: principal.principalType === "Unknown" ? undefined : (principal.principalType ?? "ServicePrincipal"),
    });
  }

  /** The custom role definition `grantSendEmail` created, if any. */
  get senderRoleDefinitionResource(): RoleDefinition | undefined {
    return this.senderRoleDefinition;
  }

  /**
   * Stores the primary connection string (it carries an access key) in `vault`, for a client that
   * cannot use Entra ID. Prefer `grantSendEmail`: a key never expires and is shared by every holder.
   */
  storeConnectionString(vault: IKeyVault, secretName = "acs-connection-string"): VaultSecret {
    return vault.addSecret(`${this.node.id}ConnectionString`, { name: secretName, value: this.resource.primaryConnectionString });
  }
}

function checkDataLocation(path: string, value: string): void {
  if (Token.isUnresolved(value) || (EMAIL_DATA_LOCATIONS as readonly string[]).includes(value)) return;
  const hint = didYouMean(value, EMAIL_DATA_LOCATIONS);
  throw new ValidationError(
    path,
    `dataLocation ${show(value)} is not a Communication Services data location${hint ? `; did you mean ${show(hint)}?` : ""} (allowed: ${EMAIL_DATA_LOCATIONS.map((l) => show(l)).join(", ")})`,
  );
}

/** The email domain's name relative to the zone (`@` or a prefix); throws when it is not in the zone. */
function zoneRelativeName(path: string, zone: IDnsZone, domain: string): string {
  if (Token.isUnresolved(zone.name)) {
    throw new ValidationError(path, "dnsZone's name is a Terraform reference, so the email domain's record names cannot be made relative to it; reference the zone by name (DnsZone.fromName) or by a literal id");
  }
  const relative = relativeRecordName(zone.name, domain);
  if (relative === undefined) {
    throw new ValidationError(path, `domain ${show(domain)} is not in the DNS zone ${show(zone.name)} (it must be the zone's apex or a name under it, such as ${show(`mail.${zone.name}`)})`);
  }
  return relative;
}

function checkSenders(path: string, senders: readonly EmailSenderProps[]): readonly EmailSenderProps[] {
  const seen = new Set<string>();
  senders.forEach((sender, i) => {
    checkName(path, "emailSenderUsername", sender.username);
    const key = sender.username.toLowerCase();
    if (key === EMAIL_DEFAULT_SENDER.toLowerCase()) {
      throw new ValidationError(path, `senderUsernames[${i}] ${show(sender.username)} exists on every email domain already (Azure creates it); leave it out`);
    }
    if (seen.has(key)) throw new ValidationError(path, `sender username ${show(sender.username)} is defined twice`);
    seen.add(key);
    if (sender.displayName !== undefined && !Token.isUnresolved(sender.displayName) && (sender.displayName.length < 1 || sender.displayName.length > 253)) {
      throw new ValidationError(path, `senderUsernames[${i}] displayName is ${sender.displayName.length} characters (allowed: 1 to 253)`);
    }
  });
  return senders;
}

function checkSpf(path: string, spf: string): void {
  if (Token.isUnresolved(spf)) return;
  if (!/^v=spf1(\s|$)/.test(spf)) throw new ValidationError(path, `spfRecord ${show(spf)} is not an SPF record (it starts with "v=spf1 ")`);
  if (!spf.toLowerCase().split(/\s+/).some((term) => term.replace(/^[+?~-]/, "") === EMAIL_SPF_INCLUDE)) {
    throw new ValidationError(path, `spfRecord ${show(spf)} lacks ${EMAIL_SPF_INCLUDE}, which Azure Communication Services verifies (such as "v=spf1 ${EMAIL_SPF_INCLUDE} -all")`);
  }
  if (spf.length > 1024) throw new ValidationError(path, `spfRecord is ${spf.length} characters (allowed: 1 to 1024)`);
}

const DMARC_POLICIES = ["none", "quarantine", "reject"] as const;

/** `v=DMARC1; p=<policy>[; sp=<policy>][; rua=mailto:a,mailto:b]`, checked. */
function dmarcValue(path: string, props: DmarcProps): string {
  const policy = props.policy ?? "quarantine";
  for (const [prop, value] of [["dmarc.policy", policy], ["dmarc.subdomainPolicy", props.subdomainPolicy]] as const) {
    if (value !== undefined && !(DMARC_POLICIES as readonly string[]).includes(value)) {
      throw new ValidationError(path, `${prop} ${show(value)} is not a DMARC policy (allowed: ${DMARC_POLICIES.map((p) => show(p)).join(", ")})`);
    }
  }
  const parts = ["v=DMARC1", `p=${policy}`];
  if (props.subdomainPolicy !== undefined) parts.push(`sp=${props.subdomainPolicy}`);
  const reports = props.reportAddresses ?? [];
  reports.forEach((address, i) => {
    if (Token.isUnresolved(address)) return;
    const at = address.lastIndexOf("@");
    const local = address.slice(0, at);
    const host = address.slice(at + 1);
    if (at < 1 || /[\s,;:!<>]/.test(local) || domainNameProblem(host) !== undefined) {
      throw new ValidationError(path, `dmarc.reportAddresses[${i}] ${show(address)} is not an email address (give a mailbox, such as "dmarc-reports@example.com", without "mailto:")`);
    }
  });
  if (reports.length > 0) parts.push(`rua=${reports.map((a) => `mailto:${a}`).join(",")}`);
  return parts.join("; ");
}
