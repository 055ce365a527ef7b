import type { PolicyRule } from "../rule";
import { expectBoolean } from "../util";

/*
 * Virtual machine rules (the operator jump host). An attribute that is not in the synthesized JSON
 * is judged by azurerm 4.55's default (website/docs/r/linux_virtual_machine.html.markdown):
 * disable_password_authentication true, encryption_at_host_enabled false.
 *
 * Out of scope here: whether the VM's network interface has a public IP (checkov's CKV_AZURE_119
 * and CKV2_AZURE_39 look at azurerm_network_interface); the operator path reaches the jump host
 * through Azure Bastion, and the NSG rules judge what the internet may reach.
 */

const LINUX_VM = "azurerm_linux_virtual_machine";

export const COMPUTE_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-VM-001",
    severity: "error",
    description:
      "A Linux VM refuses password sign-in: SSH keys or Entra ID only (disable_password_authentication is not false; the default when unset is true).",
    fix: "Remove disable_password_authentication and admin_password from the VM (or set disable_password_authentication = true) and sign in with an admin_ssh_key or Entra ID (the AADSSHLoginForLinux extension and a Virtual Machine Login role).",
    resourceTypes: [LINUX_VM],
    category: "security",
    checkov: ["CKV_AZURE_1", "CKV_AZURE_149", "CKV_AZURE_178"],
    check: (r) => expectBoolean(r, ["disable_password_authentication"], true, true),
  },
  {
    id: "AZ-VM-002",
    severity: "warning",
    description:
      "A Linux VM encrypts its temp disk and disk caches on the host (encryption_at_host_enabled = true; the default when unset is false). The subscription needs the Microsoft.Compute feature EncryptionAtHost registered first, or the VM fails to deploy.",
    fix: "Register the feature once per subscription (az feature register --namespace Microsoft.Compute --name EncryptionAtHost, then az provider register -n Microsoft.Compute), then set encryption_at_host_enabled = true on the VM.",
    resourceTypes: [LINUX_VM],
    category: "security",
    checkov: ["CKV_AZURE_151"],
    check: (r) => expectBoolean(r, ["encryption_at_host_enabled"], true, false),
  },
];
