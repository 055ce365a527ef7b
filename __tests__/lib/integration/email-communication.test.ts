import { CommunicationServiceEmailDomainAssociation } from "@cdktf/provider-azurerm/lib/communication-service-email-domain-association";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { Testing } from "cdktf";
import { EMAIL_DATA_LOCATIONS, EmailCommunication, type EmailCommunicationProps } from "../../../lib/integration/email-communication";
import { DnsZone } from "../../../lib/network/dns-zone";
import { KeyVault } from "../../../lib/security/key-vault";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack } from "../../helpers/stack";

type Json = ReturnType<typeof synthJson>;

/** A stack with a zone `zoneName` (none when null) and an EmailCommunication for it. */
function emailStack(props: Partial<EmailCommunicationProps> = {}, zoneName: string | null = "augeo.app") {
  const { stack, rg } = testStack();
  const zone = zoneName === null ? undefined : new DnsZone(stack, "Zone", { resourceGroup: rg, name: zoneName });
  const email = new EmailCommunication(stack, "Email", { resourceGroup: rg, dataLocation: "Europe", domain: zoneName ?? undefined, dnsZone: zone, ...props });
  return { stack, rg, zone, email };
}

/** `${azurerm_email_communication_service_domain.<custom domain>.verification_records[0].<kind>[0].<attr>}`. */
function verification(json: Json, kind: string, attr: string): string {
  const id = Object.entries(resourcesOf(json, "azurerm_email_communication_service_domain")).find(([, d]) => d.domain_management === "CustomerManaged")?.[0];
  return `\${azurerm_email_communication_service_domain.${id}.verification_records[0].${kind}[0].${attr}}`;
}

function records(json: Json, type: string): Record<string, unknown>[] {
  return Object.values(resourcesOf(json, type));
}

describe("EmailCommunication", () => {
  test("an email service with a custom domain and a Communication Services resource, both in the data location; the domain is not linked yet", () => {
    const { stack, email } = emailStack();
    const json = synthJson(stack);
    const emailService = onlyResource(json, "azurerm_email_communication_service");
    expect(emailService).toMatchObject({ name: "ecs-demo-dev-krpe", data_location: "Europe", resource_group_name: expect.stringMatching(/ResourceGroup_[A-F0-9]+\.name/) });
    expect(onlyResource(json, "azurerm_communication_service")).toMatchObject({ name: "acs-demo-dev-krpe", data_location: "Europe" });
    expect(onlyResource(json, "azurerm_email_communication_service_domain")).toMatchObject({
      name: "augeo.app",
      domain_management: "CustomerManaged",
      user_engagement_tracking_enabled: false,
      email_service_id: `\${azurerm_email_communication_service.${onlyResourceId(json, "azurerm_email_communication_service")}.id}`,
    });
    expect(Testing.synth(stack)).not.toHaveResource(CommunicationServiceEmailDomainAssociation);
    expect(resourcesOf(json, "azurerm_email_communication_service_domain_sender_username")).toEqual({});
    expect(resourcesOf(json, "azurerm_management_lock")).toEqual({});
    expect(email.customDomainLink).toBeUndefined();
    expect(rendered(stack, email.endpoint)).toBe(`https://\${azurerm_communication_service.${onlyResourceId(json, "azurerm_communication_service")}.hostname}`);
  });

  test("apex email domain: verification and SPF in one TXT set at @, DKIM CNAMEs named as Azure reports them, DMARC at _dmarc", () => {
    const { stack, email } = emailStack();
    const json = synthJson(stack);
    const txt = records(json, "azurerm_dns_txt_record");
    expect(txt.find((r) => r.name === "@")).toMatchObject({
      record: [{ value: verification(json, "domain", "value") }, { value: verification(json, "spf", "value") }],
      ttl: 3600,
      zone_name: `\${azurerm_dns_zone.${onlyResourceId(json, "azurerm_dns_zone")}.name}`,
    });
    expect(txt.find((r) => r.name === "_dmarc")).toMatchObject({ record: [{ value: "v=DMARC1; p=quarantine" }] });
    expect(records(json, "azurerm_dns_cname_record")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: verification(json, "dkim", "name"), record: verification(json, "dkim", "value") }),
        expect.objectContaining({ name: verification(json, "dkim2", "name"), record: verification(json, "dkim2", "value") }),
      ]),
    );
    expect(records(json, "azurerm_dns_cname_record")).toHaveLength(2);
    expect(Object.keys(email.dnsRecords).sort()).toEqual(["dkim", "dkim2", "dmarc", "domain"]);
    expect(json.output?.["Email_dns_records"]).toBeUndefined();
    expect(Object.keys(json.output ?? {}).some((k) => k.startsWith("Email_dns_records"))).toBe(false);
  });

  test("subdomain email domain: every record name is relative to the zone (mail, <selector>.mail, _dmarc.mail)", () => {
    const { stack, rg } = testStack();
    const zone = new DnsZone(stack, "Zone", { resourceGroup: rg, name: "augeo.app" });
    new EmailCommunication(stack, "Email", { resourceGroup: rg, dataLocation: "United States", domain: "mail.augeo.app", dnsZone: zone });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_email_communication_service_domain").name).toBe("mail.augeo.app");
    const txt = records(json, "azurerm_dns_txt_record");
    expect(txt.map((r) => r.name).sort()).toEqual(["_dmarc.mail", "mail"]);
    expect(txt.find((r) => r.name === "mail")?.record).toEqual([{ value: verification(json, "domain", "value") }, { value: verification(json, "spf", "value") }]);
    expect(records(json, "azurerm_dns_cname_record").map((r) => r.name).sort()).toEqual([`${verification(json, "dkim", "name")}.mail`, `${verification(json, "dkim2", "name")}.mail`].sort());
    expect(onlyResource(json, "azurerm_communication_service").data_location).toBe("United States");
  });

  test("records go into a zone that exists, referenced by name", () => {
    const { stack, rg } = testStack();
    const zone = DnsZone.fromName(stack, "Zone", { name: "example.com", resourceGroupName: "rg-dns" });
    new EmailCommunication(stack, "Email", { resourceGroup: rg, dataLocation: "Europe", domain: "notify.example.com", dnsZone: zone, dnsTtl: 600 });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_dns_zone")).toEqual({});
    for (const r of [...records(json, "azurerm_dns_txt_record"), ...records(json, "azurerm_dns_cname_record")]) {
      expect(r).toMatchObject({ zone_name: "example.com", resource_group_name: "rg-dns", ttl: 600 });
    }
    expect(records(json, "azurerm_dns_txt_record").map((r) => r.name).sort()).toEqual(["_dmarc.notify", "notify"]);
  });

  test("linkDomain links the (verified) custom domain; an Azure-managed domain is created and linked at once", () => {
    const { stack, email } = emailStack({ linkDomain: true, azureManagedDomain: true });
    const json = synthJson(stack);
    const domains = resourcesOf(json, "azurerm_email_communication_service_domain");
    const managedId = Object.entries(domains).find(([, d]) => d.domain_management === "AzureManaged")?.[0];
    const customId = Object.entries(domains).find(([, d]) => d.domain_management === "CustomerManaged")?.[0];
    expect(domains[managedId as string]).toMatchObject({ name: "AzureManagedDomain" });
    expect(domains[managedId as string].user_engagement_tracking_enabled).toBeUndefined();
    const acs = `\${azurerm_communication_service.${onlyResourceId(json, "azurerm_communication_service")}.id}`;
    expect(records(json, "azurerm_communication_service_email_domain_association")).toEqual(
      expect.arrayContaining([
        { communication_service_id: acs, email_service_domain_id: `\${azurerm_email_communication_service_domain.${customId}.id}` },
        { communication_service_id: acs, email_service_domain_id: `\${azurerm_email_communication_service_domain.${managedId}.id}` },
      ]),
    );
    expect(email.customDomainLink).toBeDefined();
    expect(email.azureManagedDomainLink).toBeDefined();
  });

  test("an Azure-managed domain alone: no custom domain, no records, sender DoNotReply@ the managed domain", () => {
    const { stack, email } = emailStack({ domain: undefined, dnsZone: undefined, azureManagedDomain: true }, null);
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_email_communication_service_domain")).toMatchObject({ name: "AzureManagedDomain", domain_management: "AzureManaged" });
    expect(onlyResource(json, "azurerm_communication_service_email_domain_association")).toBeDefined();
    expect(json.output).toBeUndefined();
    const managed = onlyResourceId(json, "azurerm_email_communication_service_domain");
    expect(rendered(stack, email.senderAddress())).toBe(`DoNotReply@\${azurerm_email_communication_service_domain.${managed}.from_sender_domain}`);
    expectValidationError(() => email.senderAddress("billing"), 'test/Email: sender "billing": an Azure-managed domain sends from DoNotReply only');
  });

  test("without a zone, the records to publish are the dns_records output", () => {
    const { stack, email } = emailStack({ domain: "mail.example.org", dnsZone: undefined }, null);
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_dns_txt_record")).toEqual({});
    const [key, output] = Object.entries(json.output ?? {})[0];
    expect(key).toMatch(/^Email_dns_records_/);
    expect(output.value).toBe(`\${azurerm_email_communication_service_domain.${onlyResourceId(json, "azurerm_email_communication_service_domain")}.verification_records}`);
    expect((output as unknown as { description: string }).description).toContain('also a TXT record _dmarc with "v=DMARC1; p=quarantine"');
    expect(email.dnsRecordsOutput).toBeDefined();
  });

  test("MailFrom addresses on the custom domain, and their sender addresses", () => {
    const { stack, email } = emailStack({ domain: "mail.augeo.app", senderUsernames: [{ username: "no-reply", displayName: "Augeo" }, { username: "billing" }] });
    const json = synthJson(stack);
    const custom = onlyResourceId(json, "azurerm_email_communication_service_domain");
    const senders = records(json, "azurerm_email_communication_service_domain_sender_username");
    expect(senders).toHaveLength(2);
    expect(senders).toEqual(
      expect.arrayContaining([
        { name: "no-reply", display_name: "Augeo", email_service_domain_id: `\${azurerm_email_communication_service_domain.${custom}.id}` },
        { name: "billing", email_service_domain_id: `\${azurerm_email_communication_service_domain.${custom}.id}` },
      ]),
    );
    expect(email.senderAddress()).toBe("DoNotReply@mail.augeo.app");
    expect(email.senderAddress("no-reply")).toBe("no-reply@mail.augeo.app");
    expectValidationError(() => email.senderAddress("support"), 'test/Email: sender "support" is not a MailFrom address of mail.augeo.app (allowed: "DoNotReply", "no-reply", "billing"; add it to senderUsernames)');
  });

  test("DMARC: policy, subdomain policy and report addresses; false writes none", () => {
    const strict = emailStack({ dmarc: { policy: "reject", subdomainPolicy: "quarantine", reportAddresses: ["dmarc@augeo.app", "reports@example.net"] } });
    expect(records(synthJson(strict.stack), "azurerm_dns_txt_record").find((r) => r.name === "_dmarc")?.record).toEqual([
      { value: "v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@augeo.app,mailto:reports@example.net" },
    ]);
    const none = emailStack({ dmarc: false });
    expect(records(synthJson(none.stack), "azurerm_dns_txt_record").map((r) => r.name)).toEqual(["@"]);
    expect(none.email.dnsRecords.dmarc).toBeUndefined();
  });

  test("spfRecord replaces Azure's SPF value; extraTxtValues join the same TXT set", () => {
    const spf = "v=spf1 include:spf.protection.outlook.com include:_spf.google.com -all";
    const { stack } = emailStack({ spfRecord: spf, extraTxtValues: ["google-site-verification=abc"] });
    const json = synthJson(stack);
    expect(records(json, "azurerm_dns_txt_record").find((r) => r.name === "@")?.record).toEqual([
      { value: verification(json, "domain", "value") },
      { value: spf },
      { value: "google-site-verification=abc" },
    ]);
  });

  test("user engagement tracking is opt-in, on the custom domain", () => {
    const { stack } = emailStack({ userEngagementTracking: true });
    expect(onlyResource(synthJson(stack), "azurerm_email_communication_service_domain").user_engagement_tracking_enabled).toBe(true);
  });

  test("grantSendEmail: a custom role with exactly the documented sender permissions, assignable in the resource group, assigned on the resource", () => {
    const { stack, rg, email } = emailStack();
    const api = new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" });
    const worker = new ManagedIdentity(stack, "Worker", { resourceGroup: rg, instance: "worker" });
    email.grantSendEmail(api);
    email.grantSendEmail(worker, "WorkerSender");
    const json = synthJson(stack);
    const rgId = `\${azurerm_resource_group.${onlyResourceId(json, "azurerm_resource_group")}.id}`;
    expect(onlyResource(json, "azurerm_role_definition")).toMatchObject({
      name: "Email sender for acs-demo-dev-krpe",
      scope: rgId,
      assignable_scopes: [rgId],
      permissions: [{ actions: ["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write", "Microsoft.Communication/EmailServices/write"], data_actions: [], not_actions: [], not_data_actions: [] }],
    });
    const definition = `\${azurerm_role_definition.${onlyResourceId(json, "azurerm_role_definition")}.role_definition_resource_id}`;
    const assignments = records(json, "azurerm_role_assignment");
    expect(assignments).toHaveLength(2);
    for (const a of assignments) {
      expect(a).toMatchObject({ scope: `\${azurerm_communication_service.${onlyResourceId(json, "azurerm_communication_service")}.id}`, role_definition_id: definition, principal_type: "ServicePrincipal" });
    }
  });

  test("senderRole: the built-in role needs no definition", () => {
    const { stack, rg, email } = emailStack({ senderRole: "Communication and Email Service Owner" });
    email.grantSendEmail(new ManagedIdentity(stack, "Api", { resourceGroup: rg }));
    const json = synthJson(stack);
    expect(Testing.synth(stack)).not.toHaveResource(RoleDefinition);
    expect(onlyResource(json, "azurerm_role_assignment")).toMatchObject({ role_definition_name: "Communication and Email Service Owner" });
  });

  test("storeConnectionString puts the key-bearing connection string in a vault as a reference, never a literal", () => {
    const { stack, rg, email } = emailStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const secret = email.storeConnectionString(vault);
    expect(secret.name).toBe("acs-connection-string");
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({
      name: "acs-connection-string",
      value: `\${azurerm_communication_service.${onlyResourceId(json, "azurerm_communication_service")}.primary_connection_string}`,
    });
  });

  test("diagnosticSettings send the Communication Services logs to the workspace", () => {
    const { stack } = emailStack({ diagnosticSettings: { workspaceId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log" } });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: `\${azurerm_communication_service.${onlyResourceId(json, "azurerm_communication_service")}.id}`,
      enabled_log: [{ category_group: "allLogs" }],
    });
  });

  test("lock and preventDestroy protect both services and the domains", () => {
    const { stack } = emailStack({ lock: "CanNotDelete", preventDestroy: true, azureManagedDomain: true });
    const json = synthJson(stack);
    const locks = records(json, "azurerm_management_lock");
    expect(locks.map((l) => [l.name, l.lock_level, l.scope]).sort()).toEqual(
      [
        ["lock-acs-demo-dev-krpe", "CanNotDelete", `\${azurerm_communication_service.${onlyResourceId(json, "azurerm_communication_service")}.id}`],
        ["lock-ecs-demo-dev-krpe", "CanNotDelete", `\${azurerm_email_communication_service.${onlyResourceId(json, "azurerm_email_communication_service")}.id}`],
      ].sort(),
    );
    for (const type of ["azurerm_communication_service", "azurerm_email_communication_service", "azurerm_email_communication_service_domain"]) {
      for (const r of records(json, type)) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test("given names are checked against Azure's rule", () => {
    expectValidationError(
      () => emailStack({ name: "1-acs" }),
      'test/Email: Communication Services resource name "1-acs" has characters or a shape Azure rejects; Azure allows 1-64 characters, letters, digits and hyphens, starting with a letter and ending with a letter or digit; globally unique',
    );
  });

  describe("bad input", () => {
    test.each<[string, Partial<EmailCommunicationProps>, string | null, string]>([
      ["an email domain that is not a DNS name", { domain: "mail_augeo.app", dnsZone: undefined }, null, 'domain "mail_augeo.app" has a label "mail_augeo" that DNS does not allow (labels are letters, digits and hyphens, 1-63 characters, not starting or ending with a hyphen)'],
      ["an email domain with one label", { domain: "augeo", dnsZone: undefined }, null, 'domain "augeo" has one label; a domain needs at least two (such as "augeo.com")'],
      ["an email address as the domain", { domain: "no-reply@augeo.app", dnsZone: undefined }, null, 'domain "no-reply@augeo.app" is not a domain name (give the host name only, such as "example.com": no scheme, path, port, address or spaces)'],
      ["an email domain outside the zone", { domain: "mail.example.com" }, "augeo.app", 'domain "mail.example.com" is not in the DNS zone "augeo.app" (it must be the zone\'s apex or a name under it, such as "mail.augeo.app")'],
      ["a data location in another case", { dataLocation: "europe" as never }, "augeo.app", 'dataLocation "europe" is not a Communication Services data location; did you mean "Europe"? (allowed: "Africa", "Asia Pacific", "Australia", "Brazil", "Canada", "Europe", "France", "Germany", "India", "Japan", "Korea", "Norway", "Switzerland", "UAE", "UK", "United States", "usgov")'],
      ["a region as the data location", { dataLocation: "westeurope" as never }, "augeo.app", `dataLocation "westeurope" is not a Communication Services data location (allowed: ${EMAIL_DATA_LOCATIONS.map((l) => JSON.stringify(l)).join(", ")})`],
      ["no domain at all", { domain: undefined, dnsZone: undefined }, null, 'no email domain: give a custom `domain` (such as "mail.example.com"), or `azureManagedDomain: true` for an Azure-managed one'],
      ["a zone without a custom domain", { domain: undefined, azureManagedDomain: true }, "augeo.app", "dnsZone needs a custom `domain` (an Azure-managed domain has its records, sender and tracking fixed by Azure)"],
      ["linkDomain without a custom domain", { domain: undefined, dnsZone: undefined, azureManagedDomain: true, linkDomain: true }, null, "linkDomain needs a custom `domain` (an Azure-managed domain has its records, sender and tracking fixed by Azure)"],
      ["DoNotReply as a sender username", { senderUsernames: [{ username: "donotreply" }] }, "augeo.app", 'senderUsernames[0] "donotreply" exists on every email domain already (Azure creates it); leave it out'],
      ["a sender username twice", { senderUsernames: [{ username: "billing" }, { username: "Billing" }] }, "augeo.app", 'sender username "Billing" is defined twice'],
      ["a sender username that is an address", { senderUsernames: [{ username: "billing@augeo.app" }] }, "augeo.app", 'email sender username (MailFrom local part) name "billing@augeo.app" has characters or a shape Azure rejects; Azure allows 1-64 characters, letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit (an address\'s local part: at most 64, RFC 5321); unique within its parent resource'],
      ["an SPF record without Azure's include", { spfRecord: "v=spf1 include:_spf.google.com -all" }, "augeo.app", 'spfRecord "v=spf1 include:_spf.google.com -all" lacks include:spf.protection.outlook.com, which Azure Communication Services verifies (such as "v=spf1 include:spf.protection.outlook.com -all")'],
      ["an SPF record that is none", { spfRecord: "include:spf.protection.outlook.com" }, "augeo.app", 'spfRecord "include:spf.protection.outlook.com" is not an SPF record (it starts with "v=spf1 ")'],
      ["a second SPF record in extraTxtValues", { extraTxtValues: ["v=spf1 include:_spf.google.com -all"] }, "augeo.app", "extraTxtValues[0] is an SPF record; a name has one SPF record (RFC 7208), which this construct writes: put the mechanisms in spfRecord (with include:spf.protection.outlook.com)"],
      ["a DMARC report address with mailto:", { dmarc: { reportAddresses: ["mailto:dmarc@augeo.app"] } }, "augeo.app", 'dmarc.reportAddresses[0] "mailto:dmarc@augeo.app" is not an email address (give a mailbox, such as "dmarc-reports@example.com", without "mailto:")'],
      ["a DMARC policy that is none of DMARC's", { dmarc: { policy: "block" as never } }, "augeo.app", 'dmarc.policy "block" is not a DMARC policy (allowed: "none", "quarantine", "reject")'],
      ["a ReadOnly lock", { lock: "ReadOnly" }, "augeo.app", 'lock "ReadOnly" would block the key listing (a POST) azurerm makes on every refresh of the Communication Services resource, and the domain link; use "CanNotDelete"'],
      ["a TTL of 0", { dnsTtl: 0 }, "augeo.app", "dnsTtl 0 is out of range (allowed: 1 to 2147483647)"],
    ])("%s is refused", (_, props, zoneName, message) => {
      expectValidationError(() => emailStack(props, zoneName), `test/Email: ${message}`);
    });

    test("nothing is created when the input is refused", () => {
      const { stack, rg } = testStack();
      expect(() => new EmailCommunication(stack, "Email", { resourceGroup: rg, dataLocation: "Europe", domain: "bad_domain.com" })).toThrow();
      expect(resourcesOf(synthJson(stack), "azurerm_communication_service")).toEqual({});
    });
  });
});
