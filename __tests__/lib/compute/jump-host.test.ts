import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { JumpHost, type JumpHostProps, UBUNTU_2404_LTS, jumpHostSubnetRules } from "../../../lib/compute/jump-host";
import { BASTION_SUBNET_RULES, Bastion } from "../../../lib/network/bastion";
import type { ISubnet } from "../../../lib/network/interfaces";
import { PrivateDnsZones } from "../../../lib/network/private-dns-zones";
import { VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { KeyVault } from "../../../lib/security/key-vault";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const RG_NAME = /^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/;

/** A stack with a VNet (AzureBastionSubnet + a jump subnet with default outbound access), a vault, and a builder for the jump host. */
function jumpStack(environment = {}) {
  const { stack, rg } = testStack({ environment });
  const vnet = new VnetWithSubnets(stack, "Network", {
    resourceGroup: rg,
    addressSpace: ["10.0.0.0/16"],
    subnets: [
      { name: "bastion", azureName: "AzureBastionSubnet", addressPrefix: "10.0.4.0/26", securityRules: BASTION_SUBNET_RULES },
      { name: "jump", addressPrefix: "10.0.5.0/28", defaultOutboundAccess: true, securityRules: jumpHostSubnetRules({ sshSourceAddressPrefix: "10.0.4.0/26" }) },
    ],
  });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
  const build = (props: Partial<JumpHostProps> = {}, id = "JumpHost") =>
    new JumpHost(stack, id, { resourceGroup: rg, subnet: vnet.subnet("jump"), keyVault: vault, ...props });
  return { stack, rg, vnet, vault, build };
}

describe("JumpHost", () => {
  test("defaults: Ubuntu 24.04 on Standard_B2als_v2, SSH key only, Trusted Launch, managed boot diagnostics, system identity", () => {
    const { stack, build } = jumpStack();
    const host = build();
    const json = synthJson(stack);
    const nicId = onlyResourceId(json, "azurerm_network_interface");
    const keyId = onlyResourceId(json, "tls_private_key");
    expect(onlyResource(json, "azurerm_linux_virtual_machine")).toEqual({
      name: "vm-demo-dev-eus2",
      computer_name: "vm-demo-dev-eus2",
      location: "eastus2",
      resource_group_name: expect.stringMatching(RG_NAME),
      size: "Standard_B2als_v2",
      network_interface_ids: [`\${azurerm_network_interface.${nicId}.id}`],
      admin_username: "azureuser",
      admin_ssh_key: [{ username: "azureuser", public_key: `\${tls_private_key.${keyId}.public_key_openssh}` }],
      disable_password_authentication: true,
      provision_vm_agent: true,
      allow_extension_operations: true,
      source_image_reference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
      os_disk: { caching: "ReadWrite", storage_account_type: "StandardSSD_LRS" },
      boot_diagnostics: {},
      identity: { type: "SystemAssigned" },
      secure_boot_enabled: true,
      vtpm_enabled: true,
      encryption_at_host_enabled: false,
      tags: expect.any(Object),
    });
    expect(host.name).toBe("vm-demo-dev-eus2");
    expect(host.adminUsername).toBe("azureuser");
    expect(UBUNTU_2404_LTS).toEqual({ publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" });
  });

  test("a NIC in the subnet with no public IP; privateIp is its address", () => {
    const { stack, build } = jumpStack();
    const host = build();
    const json = synthJson(stack);
    const subnetId = Object.entries(resourcesOf(json, "azurerm_subnet")).find(([, s]) => s.name === "snet-jump")?.[0];
    expect(onlyResource(json, "azurerm_network_interface")).toEqual({
      name: "nic-demo-dev-eus2",
      location: "eastus2",
      resource_group_name: expect.stringMatching(RG_NAME),
      ip_configuration: [{ name: "internal", subnet_id: `\${azurerm_subnet.${subnetId}.id}`, private_ip_address_allocation: "Dynamic" }],
      tags: expect.any(Object),
    });
    expect(resourcesOf(json, "azurerm_public_ip")).toEqual({});
    const nicId = onlyResourceId(json, "azurerm_network_interface");
    expect(rendered(stack, host.privateIp)).toBe(`\${azurerm_network_interface.${nicId}.private_ip_address}`);
  });

  test("an ED25519 key from the tls provider; the private key goes to Key Vault as a reference, never a literal", () => {
    const { stack, build } = jumpStack();
    const host = build();
    const json = synthJson(stack);
    const keyId = onlyResourceId(json, "tls_private_key");
    expect(onlyResource(json, "tls_private_key")).toEqual({ algorithm: "ED25519" });
    expect(json.provider?.tls).toHaveLength(1);
    expect(json.terraform.required_providers).toHaveProperty("tls");
    const secret = onlyResource(json, "azurerm_key_vault_secret");
    expect(secret).toMatchObject({
      name: "jumphost-ssh-private-key",
      key_vault_id: `\${azurerm_key_vault.${onlyResourceId(json, "azurerm_key_vault")}.id}`,
      value: `\${tls_private_key.${keyId}.private_key_openssh}`,
      content_type: "application/x-openssh-private-key",
    });
    // Written after the deployer may write secrets.
    expect(secret.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\.Vault_DeployerSecretsOfficer_/)]);
    const text = Testing.synth(stack);
    expect(text).not.toMatch(/PRIVATE KEY|ssh-ed25519 /);
    expect(host.privateKeySecret.name).toBe("jumphost-ssh-private-key");
    expect(rendered(stack, host.privateKeySecret.versionlessId)).toBe(`\${azurerm_key_vault_secret.${onlyResourceId(json, "azurerm_key_vault_secret")}.versionless_id}`);
  });

  test("Entra ID login: the AADSSHLoginForLinux extension on the VM, and the identity's principal id", () => {
    const { stack, build } = jumpStack();
    const host = build();
    const json = synthJson(stack);
    const vmId = onlyResourceId(json, "azurerm_linux_virtual_machine");
    expect(onlyResource(json, "azurerm_virtual_machine_extension")).toEqual({
      name: "AADSSHLoginForLinux",
      virtual_machine_id: `\${azurerm_linux_virtual_machine.${vmId}.id}`,
      publisher: "Microsoft.Azure.ActiveDirectory",
      type: "AADSSHLoginForLinux",
      type_handler_version: "1.0",
      auto_upgrade_minor_version: true,
      tags: expect.any(Object),
    });
    expect(rendered(stack, host.principalId as string)).toBe(`\${azurerm_linux_virtual_machine.${vmId}.identity[0].principal_id}`);
  });

  test("a daily shutdown at 19:00 UTC without notifications", () => {
    const { stack, build } = jumpStack();
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_dev_test_global_vm_shutdown_schedule")).toEqual({
      virtual_machine_id: `\${azurerm_linux_virtual_machine.${onlyResourceId(json, "azurerm_linux_virtual_machine")}.id}`,
      location: "eastus2",
      enabled: true,
      daily_recurrence_time: "1900",
      timezone: "UTC",
      notification_settings: { enabled: false },
      tags: expect.any(Object),
    });
  });

  test("autoShutdown: another time, or none", () => {
    const a = jumpStack();
    a.build({ autoShutdown: { timeUtc: "2130" } });
    expect(onlyResource(synthJson(a.stack), "azurerm_dev_test_global_vm_shutdown_schedule").daily_recurrence_time).toBe("2130");

    const b = jumpStack();
    const host = b.build({ autoShutdown: false });
    expect(resourcesOf(synthJson(b.stack), "azurerm_dev_test_global_vm_shutdown_schedule")).toEqual({});
    expect(host.shutdownSchedule).toBeUndefined();
  });

  test("entraIdLogin: false leaves out the identity and the extension", () => {
    const { stack, build } = jumpStack();
    const host = build({ entraIdLogin: false });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_linux_virtual_machine")).not.toHaveProperty("identity");
    expect(resourcesOf(json, "azurerm_virtual_machine_extension")).toEqual({});
    expect(host.principalId).toBeUndefined();
  });

  test("size, image, admin, zone, disk, encryption at host and Trusted Launch are configurable", () => {
    const { stack, build } = jumpStack();
    const image = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "ubuntu-pro", version: "24.04.202511010" };
    build({
      size: "Standard_B2as_v2",
      image,
      adminUsername: "ops_admin",
      zone: "2",
      osDiskType: "Premium_LRS",
      encryptionAtHost: true,
      trustedLaunch: false,
    });
    const json = synthJson(stack);
    const vm = onlyResource(json, "azurerm_linux_virtual_machine");
    expect(vm).toMatchObject({
      size: "Standard_B2as_v2",
      source_image_reference: image,
      admin_username: "ops_admin",
      admin_ssh_key: [{ username: "ops_admin", public_key: expect.stringContaining("public_key_openssh") }],
      zone: "2",
      os_disk: { caching: "ReadWrite", storage_account_type: "Premium_LRS" },
      encryption_at_host_enabled: true,
      secure_boot_enabled: false,
      vtpm_enabled: false,
    });
  });

  test("an RSA key is 4096 bits and stored as PEM", () => {
    const { stack, build } = jumpStack();
    build({ sshKeyAlgorithm: "RSA" });
    const json = synthJson(stack);
    const keyId = onlyResourceId(json, "tls_private_key");
    expect(onlyResource(json, "tls_private_key")).toEqual({ algorithm: "RSA", rsa_bits: 4096 });
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({
      value: `\${tls_private_key.${keyId}.private_key_pem}`,
      content_type: "application/x-pem-file",
    });
  });

  test("an instance goes into the names and the secret name; two jump hosts share one tls provider", () => {
    const { stack, build } = jumpStack();
    build({ instance: "pg" }, "PgJump");
    build({ instance: "mongo", privateKeySecretName: "mongo-jump-key" }, "MongoJump");
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, "azurerm_linux_virtual_machine")).map((v) => v.name).sort()).toEqual(["vm-demo-dev-eus2-mongo", "vm-demo-dev-eus2-pg"]);
    expect(Object.values(resourcesOf(json, "azurerm_network_interface")).map((v) => v.name).sort()).toEqual(["nic-demo-dev-eus2-mongo", "nic-demo-dev-eus2-pg"]);
    expect(Object.values(resourcesOf(json, "azurerm_key_vault_secret")).map((v) => v.name).sort()).toEqual(["jumphost-pg-ssh-private-key", "mongo-jump-key"]);
    expect(Object.keys(resourcesOf(json, "tls_private_key"))).toHaveLength(2);
    expect(json.provider?.tls).toHaveLength(1);
  });

  test("outside a BlueprintStack the NIC is named after the given VM name", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-ops", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-ops" };
    const privateDnsZones = new PrivateDnsZones(stack, "Dns", { resourceGroup: rg, virtualNetworkId: "/subscriptions/0/vnet", virtualNetworkName: "vnet-ops" });
    const subnet: ISubnet = { id: "/subscriptions/0/vnet/subnets/snet-jump", name: "snet-jump", addressPrefix: "10.9.1.0/28", virtualNetwork: { id: "/subscriptions/0/vnet", name: "vnet-ops", resourceGroupName: rg.name, privateDnsZones } };
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg, name: "kv-ops", tenantId: "11111111-1111-1111-1111-111111111111" });
    new JumpHost(stack, "JumpHost", { resourceGroup: rg, subnet, keyVault: vault, name: "vm-ops-jump" });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.azurerm_network_interface as Record<string, { name: string }>)[0].name).toBe("nic-vm-ops-jump");
    expect(Object.values(json.resource.azurerm_linux_virtual_machine as Record<string, unknown>)[0]).toMatchObject({ name: "vm-ops-jump", computer_name: "vm-ops-jump" });
    expect(json.provider.tls).toHaveLength(1);
  });

  describe("grantLogin", () => {
    const GROUP = { principalId: "22222222-2222-2222-2222-222222222222", principalType: "Group" as const };

    test("Virtual Machine User Login on the VM and Reader on its NIC", () => {
      const { stack, build } = jumpStack();
      const host = build();
      host.grantLogin(GROUP);
      const json = synthJson(stack);
      const vmScope = `\${azurerm_linux_virtual_machine.${onlyResourceId(json, "azurerm_linux_virtual_machine")}.id}`;
      const nicScope = `\${azurerm_network_interface.${onlyResourceId(json, "azurerm_network_interface")}.id}`;
      const grants = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((r) => r.principal_id === GROUP.principalId);
      expect(grants).toEqual(
        expect.arrayContaining([
          { scope: vmScope, role_definition_name: "Virtual Machine User Login", principal_id: GROUP.principalId, principal_type: "Group" },
          { scope: nicScope, role_definition_name: "Reader", principal_id: GROUP.principalId, principal_type: "Group" },
        ]),
      );
      expect(grants).toHaveLength(2);
    });

    test("admin: Virtual Machine Administrator Login; several principals by id", () => {
      const { stack, build } = jumpStack();
      const host = build();
      host.grantLogin(GROUP, { admin: true, id: "Admins" });
      host.grantLogin({ principalId: "33333333-3333-3333-3333-333333333333", principalType: "User" }, { id: "Alice" });
      const json = synthJson(stack);
      const roles = Object.values(resourcesOf(json, "azurerm_role_assignment")).map((r) => `${r.principal_id} ${r.role_definition_name}`).sort();
      expect(roles).toEqual([
        "${data.azurerm_client_config.ClientConfig.object_id} Key Vault Secrets Officer",
        "22222222-2222-2222-2222-222222222222 Reader",
        "22222222-2222-2222-2222-222222222222 Virtual Machine Administrator Login",
        "33333333-3333-3333-3333-333333333333 Reader",
        "33333333-3333-3333-3333-333333333333 Virtual Machine User Login",
      ]);
    });

    test("needs Entra ID login", () => {
      const { build } = jumpStack();
      const host = build({ entraIdLogin: false });
      expectValidationError(
        () => host.grantLogin(GROUP),
        "test/JumpHost/Login: grantLogin needs entraIdLogin: true (the VM has no AADSSHLoginForLinux extension, so Entra ID roles would not let anyone in)",
      );
    });
  });

  describe("jumpHostSubnetRules", () => {
    test("SSH from the Bastion subnet only, everything else inbound denied", () => {
      expect(jumpHostSubnetRules({ sshSourceAddressPrefix: "10.0.4.0/26" })).toEqual([
        {
          name: "AllowSshFromBastion", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp",
          source: "10.0.4.0/26", destination: "VirtualNetwork", destinationPorts: "22", description: "SSH from Azure Bastion only",
        },
        {
          name: "DenyAllOtherInbound", priority: 4096, direction: "Inbound", access: "Deny", protocol: "*",
          source: "*", destination: "*", destinationPorts: "*", description: "Nothing else reaches the jump host",
        },
      ]);
    });

    test("from a dedicated Bastion: its AzureBastionSubnet's CIDR, as synthesized on the jump subnet's NSG", () => {
      const { stack, rg } = testStack();
      const subnets = [{ name: "bastion", azureName: "AzureBastionSubnet", addressPrefix: "10.0.4.0/26", securityRules: BASTION_SUBNET_RULES }];
      const probe = new VnetWithSubnets(stack, "Probe", { resourceGroup: rg, name: "vnet-probe", addressSpace: ["10.0.0.0/16"], subnets });
      const bastion = new Bastion(stack, "Bastion", { resourceGroup: rg, virtualNetwork: probe, subnet: probe.subnet("bastion") });
      const jumpRules = jumpHostSubnetRules(bastion);
      new VnetWithSubnets(stack, "Network", {
        resourceGroup: rg,
        addressSpace: ["10.1.0.0/16"],
        subnets: [{ name: "jump", addressPrefix: "10.1.5.0/28", defaultOutboundAccess: true, securityRules: jumpRules }],
      });
      const json = synthJson(stack);
      const jumpNsg = Object.entries(resourcesOf(json, "azurerm_network_security_group")).find(([, n]) => n.name === "nsg-demo-dev-eus2-jump")?.[0];
      const rules = Object.values(resourcesOf(json, "azurerm_network_security_rule")).filter((r) => r.network_security_group_name === `\${azurerm_network_security_group.${jumpNsg}.name}`);
      expect(rules.map((r) => [r.priority, r.name, r.access, r.protocol, r.source_address_prefix, r.destination_address_prefix, r.destination_port_range])).toEqual([
        [100, "AllowSshFromBastion", "Allow", "Tcp", "10.0.4.0/26", "VirtualNetwork", "22"],
        [4096, "DenyAllOtherInbound", "Deny", "*", "*", "*", "*"],
      ]);
    });

    test("from a Developer Bastion: 168.63.129.16", () => {
      const { stack, rg } = testStack();
      const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "other", addressPrefix: "10.0.9.0/28" }] });
      const bastion = new Bastion(stack, "Bastion", { resourceGroup: rg, virtualNetwork: vnet, sku: "Developer" });
      expect(jumpHostSubnetRules(bastion)[0]).toMatchObject({ source: "168.63.129.16", destinationPorts: "22" });
    });

    test("the whole operator path passes the project's policy", () => {
      const { stack, vnet, build } = jumpStack();
      new Bastion(stack, "Bastion", { resourceGroup: vnet.resourceGroup, virtualNetwork: vnet, subnet: vnet.subnet("bastion"), sku: "Standard" });
      build().grantLogin({ principalId: "22222222-2222-2222-2222-222222222222", principalType: "Group" });
      const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: "2026-11-29" }, []);
      // The vault's prod protections (diagnostics, lock, prevent_destroy) are the vault's own props.
      expect(report.findings.filter((f) => f.severity === "error" && f.resourceType !== "azurerm_key_vault")).toEqual([]);
      expect(report.resourcesEvaluated).toBeGreaterThan(20);
    });
  });

  describe("validation", () => {
    const path = "test/JumpHost";

    test("the AzureBastionSubnet", () => {
      const { vnet, build } = jumpStack();
      expectValidationError(
        () => build({ subnet: vnet.subnet("bastion") }),
        `${path}: subnet "AzureBastionSubnet" is not allowed (Azure Bastion's subnet holds nothing else; use a subnet of its own)`,
      );
    });

    test.each(["admin", "Root", "administrator", "test1"])("reserved adminUsername %s", (adminUsername) => {
      expectValidationError(
        () => jumpStack().build({ adminUsername }),
        `${path}: adminUsername ${JSON.stringify(adminUsername)} is reserved by Azure (e.g. admin, root, administrator, user, test, guest); choose another, e.g. "azureuser"`,
      );
    });

    test.each(["Ops", "1ops", "ops admin", "a".repeat(33), ""])("adminUsername %j", (adminUsername) => {
      expectValidationError(
        () => jumpStack().build({ adminUsername }),
        `${path}: adminUsername ${JSON.stringify(adminUsername)} is not allowed (allowed: 1-32 characters, lowercase letters, digits, hyphens and underscores, starting with a letter)`,
      );
    });

    test("an adminUsername of 32 characters is fine", () => {
      expect(jumpStack().build({ adminUsername: "a".repeat(32) }).adminUsername).toHaveLength(32);
    });

    test("osDiskType", () => {
      expectValidationError(
        () => jumpStack().build({ osDiskType: "UltraSSD_LRS" as never }),
        `${path}: osDiskType "UltraSSD_LRS" is not allowed (allowed: Standard_LRS, StandardSSD_LRS, Premium_LRS, StandardSSD_ZRS, Premium_ZRS)`,
      );
    });

    test("sshKeyAlgorithm", () => {
      expectValidationError(() => jumpStack().build({ sshKeyAlgorithm: "ECDSA" as never }), `${path}: sshKeyAlgorithm "ECDSA" is not allowed (allowed: ED25519, RSA)`);
    });

    test("zone", () => {
      expectValidationError(() => jumpStack().build({ zone: "4" as never }), `${path}: zone "4" is not allowed (allowed: "1", "2", "3")`);
    });

    test("a zone in a region without availability zones", () => {
      expectValidationError(() => jumpStack({ location: "northcentralus" }).build({ zone: "1" }), `${path}: zone "1" needs availability zones, and region "northcentralus" has none`);
    });

    test.each(["7pm", "2400", "1960", "900"])("autoShutdown.timeUtc %s", (timeUtc) => {
      expectValidationError(
        () => jumpStack().build({ autoShutdown: { timeUtc } }),
        `${path}: autoShutdown.timeUtc ${JSON.stringify(timeUtc)} is not a time (allowed: HHMM on a 24-hour clock, e.g. "1900")`,
      );
    });

    test("a VM name longer than a host name may be", () => {
      const name = `vm-${"a".repeat(62)}`;
      expectValidationError(
        () => jumpStack().build({ name }),
        `${path}: Linux virtual machine name "${name}" is 65 characters; Azure allows 1-64 characters, letters, digits and hyphens, starting and ending with a letter or digit (also its host name); unique within its resource group`,
      );
    });

    test("a VM name with characters a host name cannot have", () => {
      expectValidationError(
        () => jumpStack().build({ name: "vm_jump" }),
        `${path}: Linux virtual machine name "vm_jump" has characters or a shape Azure rejects; Azure allows 1-64 characters, letters, digits and hyphens, starting and ending with a letter or digit (also its host name); unique within its resource group`,
      );
    });

    test("a secret name Key Vault rejects", () => {
      expectValidationError(
        () => jumpStack().build({ privateKeySecretName: "jump_key" }),
        'test/Vault/JumpHostSshPrivateKey: key vault secret name "jump_key" has characters or a shape Azure rejects; Azure allows 1-127 characters, letters, digits and hyphens; unique within its parent resource',
      );
    });
  });
});
