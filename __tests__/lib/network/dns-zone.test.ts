import { DataAzurermDnsZone } from "@cdktf/provider-azurerm/lib/data-azurerm-dns-zone";
import { DnsZone as AzDnsZone } from "@cdktf/provider-azurerm/lib/dns-zone";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Testing } from "cdktf";
import { DnsZone, checkDomainName, domainNameProblem, relativeRecordName } from "../../../lib/network/dns-zone";
import type { IDnsRecord, IDnsZone } from "../../../lib/network/interfaces";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const SUB = "00000000-0000-0000-0000-000000000000";
const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/example.com`;

function zoneStack(props: Partial<ConstructorParameters<typeof DnsZone>[2]> = {}, environment = {}) {
  const { stack, rg } = testStack({ environment });
  const zone = new DnsZone(stack, "Zone", { resourceGroup: rg, name: "example.com", ...props });
  return { stack, rg, zone };
}

/** `${azurerm_dns_zone.<id>.name}`: how records name a zone made in the stack. */
function zoneNameRef(json: ReturnType<typeof synthJson>): string {
  return `\${azurerm_dns_zone.${onlyResourceId(json, "azurerm_dns_zone")}.name}`;
}

/** What a construct taking an IDnsZone does: adds a record through the interface only. */
function addVerification(zone: IDnsZone, id: string): IDnsRecord {
  return zone.addTxtRecord(id, "asuid.api", ["0123456789abcdef"]);
}

describe("DnsZone", () => {
  test("a zone for the domain, its name servers as an output, no protection unless asked", () => {
    const { stack, zone } = zoneStack();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_dns_zone")).toMatchObject({
      name: "example.com",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/),
    });
    const zoneId = onlyResourceId(json, "azurerm_dns_zone");
    const outputs = Object.entries(json.output ?? {});
    expect(outputs).toHaveLength(1);
    expect(outputs[0][0]).toMatch(/^Zone_name_servers_/);
    expect(outputs[0][1]).toMatchObject({ value: `\${tolist(azurerm_dns_zone.${zoneId}.name_servers)}` });
    expect((outputs[0][1] as unknown as { description: string }).description).toContain("registrar");
    expect(zone.name).toBe("example.com");
    expect(Testing.synth(stack)).not.toHaveResource(ManagementLock);
    expect(onlyResource(json, "azurerm_dns_zone").lifecycle).toBeUndefined();
  });

  test("nameServersOutput: false leaves the output out; nameServers is still the zone's attribute", () => {
    const { stack, zone } = zoneStack({ nameServersOutput: false });
    expect(zone.nameServersOutput).toBeUndefined();
    const json = synthJson(stack);
    expect(json.output).toBeUndefined();
    expect(zone.nameServers).toBeDefined();
  });

  test("lock and preventDestroy protect the zone; a ReadOnly lock is refused", () => {
    const { stack } = zoneStack({ lock: "CanNotDelete", preventDestroy: true });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_dns_zone").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({
      name: "lock-example.com",
      lock_level: "CanNotDelete",
      scope: `\${azurerm_dns_zone.${onlyResourceId(json, "azurerm_dns_zone")}.id}`,
    });
    expectValidationError(
      () => zoneStack({ lock: "ReadOnly" }),
      'test/Zone: lock "ReadOnly" would refuse every record change, including the records constructs add to the zone in the same apply; use "CanNotDelete"',
    );
  });

  test("records: CNAME, TXT, A (addresses and alias), MX and CAA, in the zone made here, default TTL 3600", () => {
    const { stack, zone } = zoneStack();
    const cname = zone.addCnameRecord("Api", "api", "app-augeo-prd.azurewebsites.net");
    zone.addTxtRecord("ApiVerification", "asuid.api", ["0123456789abcdef"], 300);
    zone.addARecord("Apex", "@", { targetResourceId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-x" });
    zone.addARecord("Legacy", "legacy", { addresses: ["203.0.113.10", "203.0.113.11"] });
    zone.addMxRecord("Mail", "@", [{ preference: 10, exchange: "mx1.example.net" }, { preference: 20, exchange: "mx2.example.net." }]);
    zone.addCaaRecord("Caa");
    const json = synthJson(stack);
    const zoneName = zoneNameRef(json);
    const common = { zone_name: zoneName, resource_group_name: expect.stringMatching(/ResourceGroup_[A-F0-9]+\.name/) };
    expect(onlyResource(json, "azurerm_dns_cname_record")).toMatchObject({ ...common, name: "api", record: "app-augeo-prd.azurewebsites.net", ttl: 3600 });
    expect(onlyResource(json, "azurerm_dns_txt_record")).toMatchObject({ ...common, name: "asuid.api", record: [{ value: "0123456789abcdef" }], ttl: 300 });
    const a = Object.values(resourcesOf(json, "azurerm_dns_a_record"));
    expect(a).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ...common, name: "@", target_resource_id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-x", ttl: 3600 }),
        expect.objectContaining({ ...common, name: "legacy", records: ["203.0.113.10", "203.0.113.11"] }),
      ]),
    );
    expect(a.find((r) => r.name === "@")?.records).toBeUndefined();
    expect(onlyResource(json, "azurerm_dns_mx_record")).toMatchObject({
      ...common,
      name: "@",
      record: [{ preference: "10", exchange: "mx1.example.net" }, { preference: "20", exchange: "mx2.example.net." }],
    });
    expect(onlyResource(json, "azurerm_dns_caa_record")).toMatchObject({ ...common, name: "@", record: [{ flags: 0, tag: "issue", value: "digicert.com" }] });
    expect(cname.name).toBe("api");
    expect(cname.fqdn).toMatch(/^\$\{TfToken/);
  });

  test("CAA: other issuers, no wildcard certificates, an iodef address; [] allows no CA", () => {
    const { stack, zone } = zoneStack();
    zone.addCaaRecord("Caa", "@", { issuers: ["digicert.com", "letsencrypt.org"], wildcardIssuers: [], iodef: "mailto:security@example.com" }, 86400);
    zone.addCaaRecord("Locked", "static", { issuers: [] });
    const json = synthJson(stack);
    const records = Object.values(resourcesOf(json, "azurerm_dns_caa_record"));
    expect(records.find((r) => r.name === "@")).toMatchObject({
      ttl: 86400,
      record: [
        { flags: 0, tag: "issue", value: "digicert.com" },
        { flags: 0, tag: "issue", value: "letsencrypt.org" },
        { flags: 0, tag: "issuewild", value: ";" },
        { flags: 0, tag: "iodef", value: "mailto:security@example.com" },
      ],
    });
    expect(records.find((r) => r.name === "static")).toMatchObject({ record: [{ flags: 0, tag: "issue", value: ";" }] });
  });

  test("defaultTtl applies to records added without a TTL", () => {
    const { stack, zone } = zoneStack({ defaultTtl: 600 });
    zone.addCnameRecord("Www", "www", "example.azurefd.net");
    expect(onlyResource(synthJson(stack), "azurerm_dns_cname_record").ttl).toBe(600);
  });

  test("a construct that takes an IDnsZone adds its records through the interface", () => {
    const { stack, zone } = zoneStack();
    const record = addVerification(zone, "Verify");
    expect(record.id).toMatch(/^\$\{TfToken/);
    expect(onlyResource(synthJson(stack), "azurerm_dns_txt_record")).toMatchObject({ name: "asuid.api" });
  });

  describe("zone names", () => {
    test.each([
      ["example", 'name "example" has one label; a domain needs at least two (such as "example.com")'],
      ["example.com.", 'name "example.com." ends with a dot; give it without the root dot ("example.com")'],
      ["https://example.com", 'name "https://example.com" is not a domain name (give the host name only, such as "example.com": no scheme, path, port, address or spaces)'],
      ["-bad.example.com", 'name "-bad.example.com" has a label "-bad" that DNS does not allow (labels are letters, digits, hyphens and underscores, 1-63 characters, not starting or ending with a hyphen)'],
      ["a..example.com", 'name "a..example.com" has an empty label (a leading dot, or two dots in a row)'],
      [`${"a".repeat(64)}.com`, `name "${"a".repeat(64)}.com" has a label of 64 characters ("aaaaaaaaaaaaaaaaaaaa..."; a label has at most 63)`],
      [`${"abcdefghi.".repeat(26)}com`, `name "${"abcdefghi.".repeat(26)}com" is 263 characters (a DNS name has at most 253)`],
      ["example.123", 'name "example.123" ends in an all-numeric label (no top-level domain is all digits: is it an IP address?)'],
      ["", 'name "" is empty'],
    ])("%j is refused", (name, message) => {
      expectValidationError(() => zoneStack({ name }), `test/Zone: ${message}`);
    });

    test("upper case, digits, hyphens, punycode and an underscore label are accepted", () => {
      for (const name of ["Example.COM", "augeo.app", "my-product2.co.uk", "xn--bcher-kva.example", "_msdcs.example.com"]) {
        expect(() => zoneStack({ name })).not.toThrow();
      }
    });

    test("more than 34 labels is refused (Azure DNS's limit)", () => {
      expectValidationError(() => zoneStack({ name: `${"a.".repeat(34)}com` }), `test/Zone: name "${"a.".repeat(34)}com" has 35 labels (at most 34)`);
    });
  });

  describe("record names, values and TTLs", () => {
    test.each<[string, (z: DnsZone) => unknown, string]>([
      ["a fully qualified name", (z) => z.addCnameRecord("R", "api.example.com", "x.azurewebsites.net"), 'record name "api.example.com" is fully qualified; record names are relative to the zone "example.com": use "api"'],
      ["the zone's own name", (z) => z.addTxtRecord("R", "Example.com", ["v"]), 'record name "Example.com" is fully qualified; record names are relative to the zone "example.com": use "@"'],
      ["a trailing dot", (z) => z.addTxtRecord("R", "api.", ["v"]), 'record name "api." ends with a dot; record names are relative to the zone "example.com" (such as "api", "@" for the apex)'],
      ["an empty name", (z) => z.addTxtRecord("R", "", ["v"]), 'record name "" is empty (use "@" for the apex of "example.com")'],
      ["a space", (z) => z.addTxtRecord("R", "my api", ["v"]), 'record name "my api" has a label "my api" that a record name cannot have (letters, digits, hyphens and underscores, not starting or ending with a hyphen; "*" only as the first label)'],
      ["a wildcard not first", (z) => z.addTxtRecord("R", "api.*", ["v"]), 'record name "api.*" has a label "*" that a record name cannot have (letters, digits, hyphens and underscores, not starting or ending with a hyphen; "*" only as the first label)'],
      ["a CNAME at the apex", (z) => z.addCnameRecord("R", "@", "x.azurewebsites.net"), 'a CNAME record cannot be at the zone apex "@" of "example.com" (the apex holds the SOA and NS records, and a CNAME shares its name with no other record); use addARecord with an alias (targetResourceId) or a subdomain'],
      ["a CNAME target with a scheme", (z) => z.addCnameRecord("R", "api", "https://x.azurewebsites.net"), 'target "https://x.azurewebsites.net" is not a domain name (give the host name only, such as "example.com": no scheme, path, port, address or spaces)'],
      ["a CNAME target that is an address", (z) => z.addCnameRecord("R", "api", "203.0.113.10"), 'target "203.0.113.10" ends in an all-numeric label (no top-level domain is all digits: is it an IP address?)'],
      ["TTL 0", (z) => z.addTxtRecord("R", "t", ["v"], 0), "ttl 0 is out of range (allowed: 1 to 2147483647)"],
      ["TTL above 2^31-1", (z) => z.addTxtRecord("R", "t", ["v"], 2147483648), "ttl 2147483648 is out of range (allowed: 1 to 2147483647)"],
      ["a fractional TTL", (z) => z.addTxtRecord("R", "t", ["v"], 1.5), "ttl 1.5 is not a whole number (allowed: 1 to 2147483647)"],
      ["no TXT values", (z) => z.addTxtRecord("R", "t", []), 'TXT record "t" has no values (give at least one)'],
      ["a TXT value of 1025 characters", (z) => z.addTxtRecord("R", "t", ["ok", "x".repeat(1025)]), 'TXT record "t": values[1] is 1025 characters (allowed: 1 to 1024)'],
      ["a repeated TXT value", (z) => z.addTxtRecord("R", "t", ["a", "a"]), 'TXT record "t" has the value "a" twice (a record set holds each value once)'],
      ["an IPv6 address in an A record", (z) => z.addARecord("R", "v6", { addresses: ["2001:db8::1"] }), 'A record "v6": "2001:db8::1" is not an IPv4 address (an A record holds dotted-quad IPv4 addresses; AAAA records hold IPv6)'],
      ["an impossible IPv4 address", (z) => z.addARecord("R", "v4", { addresses: ["300.1.1.1"] }), 'A record "v4": "300.1.1.1" is not an IPv4 address (an A record holds dotted-quad IPv4 addresses; AAAA records hold IPv6)'],
      ["no addresses", (z) => z.addARecord("R", "v4", { addresses: [] }), 'A record "v4" has no addresses (give at least one IPv4 address, or a targetResourceId)'],
      ["an alias target that is no ARM id", (z) => z.addARecord("R", "@", { targetResourceId: "pip-x" }), 'A record "@": targetResourceId "pip-x" is not an ARM resource id (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/...)'],
      ["an MX preference above 65535", (z) => z.addMxRecord("R", "@", [{ preference: 70000, exchange: "mx.example.net" }]), 'MX record "@": exchanges[0].preference 70000 is out of range (allowed: 0 to 65535)'],
      ["an MX exchange that is an address", (z) => z.addMxRecord("R", "@", [{ preference: 10, exchange: "203.0.113.25" }]), 'MX record "@": exchanges[0].exchange "203.0.113.25" is an IP address; an MX record names a host (RFC 2181 section 10.3): point it at a name with an A record'],
      ["a CAA issuer that is no domain", (z) => z.addCaaRecord("R", "@", { issuers: ["DigiCert Inc"] }), 'CAA record "@": issuers[0] "DigiCert Inc" is not a domain name (give the host name only, such as "example.com": no scheme, path, port, address or spaces)'],
      ["a CAA iodef that is no URL", (z) => z.addCaaRecord("R", "@", { iodef: "security@example.com" }), 'CAA record "@": iodef "security@example.com" is not a mailto: or https: URL (such as "mailto:security@example.com")'],
    ])("%s is refused", (_, add, message) => {
      const { zone } = zoneStack();
      expectValidationError(() => add(zone), `test/Zone/R: ${message}`);
    });

    test("underscore labels, a leading wildcard and the apex are record names", () => {
      const { zone } = zoneStack();
      expect(() => {
        zone.addTxtRecord("Dmarc", "_dmarc.mail", ["v=DMARC1; p=quarantine"]);
        zone.addCnameRecord("Dkim", "selector1-azurecomm-prod-net._domainkey.mail", "selector1-azurecomm-prod-net._domainkey.azurecomm.net");
        zone.addCnameRecord("Wild", "*.preview", "example.azurefd.net");
        zone.addTxtRecord("Apex", "@", ["google-site-verification=abc"]);
      }).not.toThrow();
    });

    test("one record set per name and type: a second TXT set at the same name is refused, with the first's path", () => {
      const { zone } = zoneStack();
      zone.addTxtRecord("First", "@", ["a"]);
      expectValidationError(
        () => zone.addTxtRecord("Second", "@", ["b"]),
        'test/Zone/Second: a TXT record set "@" was already added by test/Zone/First; Azure DNS keeps one record set per name and type: put all values in one call',
      );
    });

    test("a CNAME shares its name with no other record, in either order", () => {
      const { zone } = zoneStack();
      zone.addTxtRecord("Txt", "api", ["a"]);
      expectValidationError(
        () => zone.addCnameRecord("Cname", "API", "x.azurewebsites.net"),
        'test/Zone/Cname: a CNAME record "API" cannot share its name with the TXT record added by test/Zone/Txt (a CNAME shares its name with no other record, RFC 1034 section 3.6.2)',
      );
      zone.addCnameRecord("Www", "www", "x.azurewebsites.net");
      expectValidationError(
        () => zone.addARecord("A", "www", { addresses: ["203.0.113.1"] }),
        'test/Zone/A: a A record "www" cannot share its name with the CNAME record added by test/Zone/Www (a CNAME shares its name with no other record, RFC 1034 section 3.6.2)',
      );
    });

    test("a record name that makes the full name longer than 253 characters is refused", () => {
      const { zone } = zoneStack();
      const name = Array.from({ length: 4 }, () => "a".repeat(62)).join(".");
      expectValidationError(() => zone.addTxtRecord("R", name, ["v"]), `test/Zone/R: record name "${name}" makes a name of 263 characters with the zone "example.com" (a DNS name has at most 253)`);
    });
  });

  describe("a zone that exists", () => {
    test("by id: name and resource group from the id, records written into it, nothing created or looked up", () => {
      const { stack } = testStack();
      const zone = DnsZone.fromId(stack, "Zone", { dnsZoneId: ZONE_ID });
      expect(zone).toMatchObject({ id: ZONE_ID, name: "example.com", resourceGroupName: "rg-dns" });
      zone.addCnameRecord("Api", "api", "app-x.azurewebsites.net");
      addVerification(zone, "Verify");
      const json = synthJson(stack);
      expect(resourcesOf(json, "azurerm_dns_zone")).toEqual({});
      expect(json.data).toBeUndefined();
      expect(onlyResource(json, "azurerm_dns_cname_record")).toMatchObject({ name: "api", zone_name: "example.com", resource_group_name: "rg-dns", ttl: 3600 });
      expect(onlyResource(json, "azurerm_dns_txt_record")).toMatchObject({ name: "asuid.api", zone_name: "example.com", resource_group_name: "rg-dns" });
    });

    test("by name: the name servers come from an azurerm_dns_zone data source, added when read", () => {
      const { stack } = testStack();
      const zone = DnsZone.fromName(stack, "Zone", { name: "example.com", resourceGroupName: "rg-dns", defaultTtl: 300 });
      zone.addTxtRecord("Txt", "@", ["v"]);
      expect(Testing.synth(stack)).not.toHaveDataSource(DataAzurermDnsZone);
      expect(zone.nameServers).toBeDefined();
      const json = synthJson(stack);
      expect(Testing.synth(stack)).toHaveDataSourceWithProperties(DataAzurermDnsZone, { name: "example.com", resource_group_name: "rg-dns" });
      expect(onlyResource(json, "azurerm_dns_txt_record").ttl).toBe(300);
      expect(zone.lookupDataSource).toBeDefined();
      expect(Testing.synth(stack)).not.toHaveResource(AzDnsZone);
    });

    test("record names are checked against the referenced zone's name", () => {
      const { stack } = testStack();
      const zone = DnsZone.fromName(stack, "Zone", { name: "example.com", resourceGroupName: "rg-dns" });
      expectValidationError(() => zone.addTxtRecord("R", "www.example.com", ["v"]), 'test/Zone/R: record name "www.example.com" is fully qualified; record names are relative to the zone "example.com": use "www"');
    });

    test("a zone in another subscription is refused: its records would be written with the stack's provider", () => {
      const { stack } = testStack();
      expectValidationError(
        () => DnsZone.fromId(stack, "Zone", { dnsZoneId: ZONE_ID.replace(SUB, "11111111-2222-3333-4444-555555555555") }),
        `test/Zone: DNS zone "example.com" is in subscription 11111111-2222-3333-4444-555555555555, and its records would be written with the stack's azurerm provider (subscription ${SUB}); add the records from a stack in the zone's subscription, or delegate a subdomain to a zone in this one`,
      );
    });

    test("an id of another resource type, an invalid name or an empty resource group is refused", () => {
      const { stack } = testStack();
      expectValidationError(
        () => DnsZone.fromId(stack, "A", { dnsZoneId: `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/example.com` }),
        `test/A: dnsZoneId "/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/example.com" is not the id of a public DNS zone: it is the id of a Microsoft.Network/privateDnsZones resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Network/dnsZones/<zone name>)`,
      );
      expectValidationError(() => DnsZone.fromName(stack, "B", { name: "localhost", resourceGroupName: "rg-dns" }), 'test/B: name "localhost" has one label; a domain needs at least two (such as "localhost.com")');
      expectValidationError(() => DnsZone.fromName(stack, "C", { name: "example.com", resourceGroupName: " " }), `test/C: resourceGroupName " " is empty (give the zone's resource group)`);
    });
  });
});

describe("domain name helpers", () => {
  test("relativeRecordName: the apex is @, a subdomain its prefix, another domain undefined; case does not matter", () => {
    expect(relativeRecordName("example.com", "example.com")).toBe("@");
    expect(relativeRecordName("example.com", "mail.example.com")).toBe("mail");
    expect(relativeRecordName("Example.com", "a.b.EXAMPLE.com")).toBe("a.b");
    expect(relativeRecordName("example.com", "notexample.com")).toBeUndefined();
    expect(relativeRecordName("example.com", "example.org")).toBeUndefined();
  });

  test("domainNameProblem: host names only unless underscores are allowed", () => {
    expect(domainNameProblem("mail.example.com")).toBeUndefined();
    expect(domainNameProblem("_dmarc.example.com")).toBe('has a label "_dmarc" that DNS does not allow (labels are letters, digits and hyphens, 1-63 characters, not starting or ending with a hyphen)');
    expect(domainNameProblem("_dmarc.example.com", { underscores: true })).toBeUndefined();
    expectValidationError(() => checkDomainName("here", "domain", "bad_name.com"), 'here: domain "bad_name.com" has a label "bad_name" that DNS does not allow (labels are letters, digits and hyphens, 1-63 characters, not starting or ending with a hyphen)');
  });
});
