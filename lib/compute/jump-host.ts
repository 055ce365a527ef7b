import { DevTestGlobalVmShutdownSchedule } from "@cdktf/provider-azurerm/lib/dev-test-global-vm-shutdown-schedule";
import { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AzureStack, resourceName } from "../core/azure-stack";
import { requireZones } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import type { IPrincipal, IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { tlsProvider } from "../core/stack-singletons";
import { BASTION_SUBNET_NAME, type AvailabilityZone } from "../network/bastion";
import type { ISubnet } from "../network/interfaces";
import type { NsgRule } from "../network/vnet-with-subnets";
import type { IKeyVault, VaultSecret } from "../security/key-vault";
import { grantRole } from "../security/role-grant";

/** A Marketplace image (`source_image_reference`); changing any field rebuilds the VM. */
export interface VmImageReference {
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
  readonly version: string;
}

/**
 * Ubuntu Server 24.04 LTS, x64, the Azure CLI's `Ubuntu2404` alias
 * (Azure/azure-rest-api-specs arm-compute/quickstart-templates/aliases.json). A Gen2 image, as
 * Basv2 sizes and Trusted Launch require. `latest` stays literal in the configuration, so new
 * image versions cause no drift; the VM is patched in place, not rebuilt.
 */
export const UBUNTU_2404_LTS: VmImageReference = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" };

/** Managed disk types azurerm accepts for `os_disk.storage_account_type`. */
export const OS_DISK_TYPES = ["Standard_LRS", "StandardSSD_LRS", "Premium_LRS", "StandardSSD_ZRS", "Premium_ZRS"] as const;
export type OsDiskType = (typeof OS_DISK_TYPES)[number];

/**
 * Key types for the generated admin key pair. Azure VMs accept `ssh-ed25519` and `ssh-rsa`
 * (2048 bits or more) public keys (azurerm docs, `admin_ssh_key.public_key`).
 */
export const SSH_KEY_ALGORITHMS = ["ED25519", "RSA"] as const;
export type SshKeyAlgorithm = (typeof SSH_KEY_ALGORITHMS)[number];

/**
 * User names Azure refuses as `adminUsername` (Compute API, `OSProfile.adminUsername`:
 * "Disallowed values").
 */
const RESERVED_USERNAMES = new Set([
  "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a", "actuser", "adm",
  "admin2", "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server", "sql", "support",
  "support_388945a0", "sys", "test2", "test3", "user4", "user5",
]);

/** What Ubuntu's `adduser` accepts (its default NAME_REGEX), within Linux's 32-character user names. */
const USERNAME_PATTERN = /^[a-z][-a-z0-9_]{0,31}$/;

/** `HHMM`, 24-hour clock. */
const TIME_HHMM = /^(?:[01]\d|2[0-3])[0-5]\d$/;

export interface JumpHostAutoShutdown {
  /** Daily stop (deallocate) time, `HHMM` in UTC, e.g. `"1900"`. */
  readonly timeUtc: string;
}

export interface JumpHostProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * The subnet of the VM's NIC (no public IP). Give its NSG `jumpHostSubnetRules(bastion)`.
   * The VM needs outbound HTTPS (apt, packages.microsoft.com, login.microsoftonline.com and
   * pas.windows.net for the Entra ID login extension): VnetWithSubnets turns default outbound
   * access off, so the SubnetSpec must set `defaultOutboundAccess: true` or the subnet needs a
   * NAT gateway (or a firewall route). Not the AzureBastionSubnet.
   */
  readonly subnet: ISubnet;
  /**
   * Receives the generated SSH private key (the break-glass login of `adminUsername`) as a
   * secret. Bastion can read it from there ("SSH Private Key from Azure Key Vault"): the
   * operator needs Get and List on the vault's secrets (`keyVault.grantSecretsRead`) and the
   * portal must reach the vault through its firewall.
   */
  readonly keyVault: IKeyVault;
  /**
   * Also the host name (`computer_name`): at most 64 characters, letters, digits and hyphens.
   * @default - generated: `vm-<workload>-<env>-<region>[-<instance>]`
   */
  readonly name?: string;
  /** Distinguishes several jump hosts in one stack; also goes into the secret name. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * VM size. The default is Basv2 (2 vCPU, 4 GiB, 30 % baseline): B-series v1 (B1s, B2s, ...)
   * retires on 15 Nov 2028 (Azure Updates 500682), and 4 GiB leaves room for `mongosh` (Node.js)
   * next to `psql` (B2ats_v2's 1 GiB is only the Entra ID extension's minimum). Basv2 is
   * Gen2-only: pair it with a Gen2 image.
   * @default "Standard_B2als_v2"
   */
  readonly size?: string;
  /**
   * Marketplace image. It must be a Gen2 image for Basv2 sizes and Trusted Launch, and an Entra
   * ID login distribution (Ubuntu 16.04-24.04, RHEL, SLES, ...) when `entraIdLogin` is on.
   * @default UBUNTU_2404_LTS - Canonical / ubuntu-24_04-lts / server / latest
   */
  readonly image?: VmImageReference;
  /** Local admin, reached with the generated SSH key (no password). @default "azureuser" */
  readonly adminUsername?: string;
  /**
   * Microsoft Entra ID SSH login: a system-assigned identity and the AADSSHLoginForLinux
   * extension; users then need `grantLogin`. Through Bastion: the portal with Basic and above,
   * `az network bastion ssh --auth-type AAD` with Standard/Premium and tunneling; not Developer.
   * The extension needs outbound 443 from the VM.
   * @default true
   */
  readonly entraIdLogin?: boolean;
  /**
   * Stops (deallocates) the VM every day at this time (DevTest Labs global shutdown schedule,
   * no notifications), so compute is billed only while an operator has it started. `false`
   * keeps it running.
   * @default { timeUtc: "1900" }
   */
  readonly autoShutdown?: JumpHostAutoShutdown | false;
  /** Availability zone of the VM. @default - no zone (regional) */
  readonly zone?: AvailabilityZone;
  /** @default "StandardSSD_LRS" */
  readonly osDiskType?: OsDiskType;
  /**
   * Encryption at host (temp disk and caches encrypted too). Needs the subscription feature
   * `Microsoft.Compute/EncryptionAtHost` registered first
   * (`az feature register --namespace Microsoft.Compute --name EncryptionAtHost`), else the
   * create fails.
   * @default false
   */
  readonly encryptionAtHost?: boolean;
  /**
   * Trusted Launch: Secure Boot and vTPM (`secure_boot_enabled`, `vtpm_enabled`; both force
   * replacement). Needs a Gen2 image and size that support it; turn off for an image without
   * signed boot components.
   * @default true
   */
  readonly trustedLaunch?: boolean;
  /**
   * Type of the generated admin key. `RSA` (4096 bits, stored as a PKCS#1 PEM
   * `-----BEGIN RSA PRIVATE KEY-----`) for tools that only read RSA keys: older Bastion docs
   * required that format for keys read from Key Vault.
   * @default "ED25519" - stored in OpenSSH format
   */
  readonly sshKeyAlgorithm?: SshKeyAlgorithm;
  /** Name of the Key Vault secret that receives the private key. @default "jumphost-ssh-private-key" ("jumphost-<instance>-ssh-private-key" with an instance) */
  readonly privateKeySecretName?: string;
}

export interface GrantLoginOptions {
  /** `Virtual Machine Administrator Login` (sudo) instead of `Virtual Machine User Login`. @default false */
  readonly admin?: boolean;
  /** Construct id of the grants; give one per principal. @default "Login" */
  readonly id?: string;
}

/**
 * A small Linux VM that operators reach only through Azure Bastion, to run `psql` or `mongosh`
 * against private endpoints: no public IP, SSH keys only (an ED25519 key generated in
 * Terraform, its private half stored in Key Vault and never in the JSON), Microsoft Entra ID
 * login, Trusted Launch, managed boot diagnostics and a daily shutdown.
 *
 * Ubuntu's own unattended-upgrades applies security updates; Azure's patch settings stay at their
 * defaults (`ImageDefault`): platform-orchestrated patching runs in off-peak hours, when this
 * VM is normally stopped.
 *
 * Terraform state holds the private key (tls_private_key); keep the state access-controlled.
 * Changes to the extension apply only while the VM is running.
 */
export class JumpHost extends Construct {
  readonly resource: LinuxVirtualMachine;
  readonly id: string;
  readonly name: string;
  readonly networkInterface: NetworkInterface;
  /** The NIC's private IP address. */
  readonly privateIp: string;
  /** The system-assigned identity's principal id, when `entraIdLogin` is on. */
  readonly principalId?: string;
  /** The Key Vault secret holding the admin's SSH private key. */
  readonly privateKeySecret: VaultSecret;
  readonly adminUsername: string;
  readonly sshKey: PrivateKey;
  readonly entraIdExtension?: VirtualMachineExtension;
  readonly shutdownSchedule?: DevTestGlobalVmShutdownSchedule;

  constructor(scope: Construct, id: string, props: JumpHostProps) {
    super(scope, id);
    const path = this.node.path;
    const location = props.location ?? props.resourceGroup.location;
    const entraIdLogin = props.entraIdLogin ?? true;
    const trustedLaunch = props.trustedLaunch ?? true;
    const adminUsername = props.adminUsername ?? "azureuser";
    const osDiskType = props.osDiskType ?? "StandardSSD_LRS";
    const algorithm = props.sshKeyAlgorithm ?? "ED25519";
    const autoShutdown = props.autoShutdown ?? { timeUtc: "1900" };

    if (!Token.isUnresolved(props.subnet.name) && props.subnet.name === BASTION_SUBNET_NAME) {
      throw new ValidationError(path, `subnet ${show(props.subnet.name)} is not allowed (Azure Bastion's subnet holds nothing else; use a subnet of its own)`);
    }
    if (!Token.isUnresolved(adminUsername)) {
      if (RESERVED_USERNAMES.has(adminUsername.toLowerCase())) {
        throw new ValidationError(path, `adminUsername ${show(adminUsername)} is reserved by Azure (e.g. admin, root, administrator, user, test, guest); choose another, e.g. "azureuser"`);
      }
      if (!USERNAME_PATTERN.test(adminUsername)) {
        throw new ValidationError(path, `adminUsername ${show(adminUsername)} is not allowed (allowed: 1-32 characters, lowercase letters, digits, hyphens and underscores, starting with a letter)`);
      }
    }
    if (!(OS_DISK_TYPES as readonly string[]).includes(osDiskType)) {
      throw new ValidationError(path, `osDiskType ${show(osDiskType)} is not allowed (allowed: ${OS_DISK_TYPES.join(", ")})`);
    }
    if (!(SSH_KEY_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new ValidationError(path, `sshKeyAlgorithm ${show(algorithm)} is not allowed (allowed: ${SSH_KEY_ALGORITHMS.join(", ")})`);
    }
    if (props.zone !== undefined) {
      if (!Token.isUnresolved(props.zone) && !["1", "2", "3"].includes(props.zone)) {
        throw new ValidationError(path, `zone ${show(props.zone)} is not allowed (allowed: "1", "2", "3")`);
      }
      requireZones(path, location, `zone ${show(props.zone)}`);
    }
    if (autoShutdown !== false && !Token.isUnresolved(autoShutdown.timeUtc) && !TIME_HHMM.test(autoShutdown.timeUtc)) {
      throw new ValidationError(path, `autoShutdown.timeUtc ${show(autoShutdown.timeUtc)} is not a time (allowed: HHMM on a 24-hour clock, e.g. "1900")`);
    }
    const secretName = props.privateKeySecretName ?? (props.instance ? `jumphost-${props.instance}-ssh-private-key` : "jumphost-ssh-private-key");

    // The VM name is also its Linux host name: the naming rule keeps it to 64 characters,
    // letters, digits and hyphens.
    this.name = resourceName(this, "virtualMachine", props.name, props.instance);
    this.adminUsername = adminUsername;

    tlsProvider(this);
    this.sshKey = new PrivateKey(this, "SshKey", algorithm === "ED25519" ? { algorithm: "ED25519" } : { algorithm: "RSA", rsaBits: 4096 });

    this.networkInterface = new NetworkInterface(this, "NetworkInterface", {
      name: this.secondaryName("networkInterface", props.instance, `nic-${this.name}`),
      location,
      resourceGroupName: props.resourceGroup.name,
      ipConfiguration: [{ name: "internal", subnetId: props.subnet.id, privateIpAddressAllocation: "Dynamic" }],
    });
    this.privateIp = this.networkInterface.privateIpAddress;

    this.resource = new LinuxVirtualMachine(this, "Resource", {
      name: this.name,
      computerName: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      size: props.size ?? "Standard_B2als_v2",
      zone: props.zone,
      networkInterfaceIds: [this.networkInterface.id],
      adminUsername,
      adminSshKey: [{ username: adminUsername, publicKey: this.sshKey.publicKeyOpenssh }],
      disablePasswordAuthentication: true,
      provisionVmAgent: true,
      allowExtensionOperations: true,
      sourceImageReference: { ...(props.image ?? UBUNTU_2404_LTS) },
      osDisk: { caching: "ReadWrite", storageAccountType: osDiskType },
      // Managed storage: an empty block, no storage account of ours.
      bootDiagnostics: {},
      identity: entraIdLogin ? { type: "SystemAssigned" } : undefined,
      secureBootEnabled: trustedLaunch,
      vtpmEnabled: trustedLaunch,
      encryptionAtHostEnabled: props.encryptionAtHost ?? false,
    });
    this.id = this.resource.id;

    if (entraIdLogin) {
      this.principalId = this.resource.identity.principalId;
      // learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-linux. Microsoft
      // names no type_handler_version; "1.0" with minor auto-upgrade is what public
      // configurations use.
      this.entraIdExtension = new VirtualMachineExtension(this, "EntraIdLogin", {
        name: "AADSSHLoginForLinux",
        virtualMachineId: this.id,
        publisher: "Microsoft.Azure.ActiveDirectory",
        type: "AADSSHLoginForLinux",
        typeHandlerVersion: "1.0",
        autoUpgradeMinorVersion: true,
      });
    }

    if (autoShutdown !== false) {
      this.shutdownSchedule = new DevTestGlobalVmShutdownSchedule(this, "AutoShutdown", {
        virtualMachineId: this.id,
        location,
        enabled: true,
        dailyRecurrenceTime: autoShutdown.timeUtc,
        timezone: "UTC",
        notificationSettings: { enabled: false },
      });
    }

    this.privateKeySecret = props.keyVault.addSecret(`${this.node.id}SshPrivateKey`, {
      name: secretName,
      value: algorithm === "ED25519" ? this.sshKey.privateKeyOpenssh : this.sshKey.privateKeyPem,
      contentType: algorithm === "ED25519" ? "application/x-openssh-private-key" : "application/x-pem-file",
    });
  }

  /**
   * Lets `principal` sign in with Entra ID: `Virtual Machine User Login` (or `Virtual Machine
   * Administrator Login` for sudo) on this VM, which includes reading the VM, plus `Reader` on
   * its NIC, which Bastion also requires. Reader on the Bastion host comes from
   * `Bastion.grantConnect`. Returns the login role assignment.
   */
  grantLogin(principal: IPrincipal, options: GrantLoginOptions = {}): RoleAssignment {
    const id = options.id ?? "Login";
    if (!this.principalId) {
      throw new ValidationError(`${this.node.path}/${id}`, "grantLogin needs entraIdLogin: true (the VM has no AADSSHLoginForLinux extension, so Entra ID roles would not let anyone in)");
    }
    const scope = new Construct(this, id);
    grantRole(scope, "NicReader", { scope: this.networkInterface.id, role: "Reader", principal });
    return grantRole(scope, "VmLogin", {
      scope: this.id,
      role: options.admin ? "Virtual Machine Administrator Login" : "Virtual Machine User Login",
      principal,
    });
  }

  /** The generated name of `kind` in a BlueprintStack; `fallback` (derived from the VM name) outside one. */
  private secondaryName(kind: "networkInterface", instance: string | undefined, fallback: string): string {
    if (AzureStack.find(this)) return resourceName(this, kind, undefined, instance);
    return checkName(this.node.path, kind, fallback);
  }
}

/**
 * NSG rules for a jump host's subnet: SSH (22/Tcp) in from `bastion.sshSourceAddressPrefix`
 * only (the AzureBastionSubnet, or `168.63.129.16` for the Developer SKU), and every other
 * inbound flow denied at 4096, ahead of Azure's default AllowVnetInBound. Outbound stays on
 * Azure's defaults: the VM needs 443 to apt mirrors, packages.microsoft.com,
 * login.microsoftonline.com and pas.windows.net, and the database ports of the private endpoints.
 */
export function jumpHostSubnetRules(bastion: { readonly sshSourceAddressPrefix: string }): readonly NsgRule[] {
  return [
    {
      name: "AllowSshFromBastion", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp",
      source: bastion.sshSourceAddressPrefix, destination: "VirtualNetwork", destinationPorts: "22",
      description: "SSH from Azure Bastion only",
    },
    {
      name: "DenyAllOtherInbound", priority: 4096, direction: "Inbound", access: "Deny", protocol: "*",
      source: "*", destination: "*", destinationPorts: "*",
      description: "Nothing else reaches the jump host",
    },
  ];
}
