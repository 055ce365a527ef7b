import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/** Returns the stack's child `id`, creating it with `create` the first time. */
function singleton<T extends IConstruct>(scope: IConstruct, id: string, create: (stack: TerraformStack) => T): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack);
}

/**
 * The stack's one `azurerm_client_config` data source: the tenant and object id of the
 * identity running Terraform (for the Key Vault tenant and the deployer's own data-plane grants).
 */
export function clientConfig(scope: IConstruct): DataAzurermClientConfig {
  return singleton(scope, "ClientConfig", (stack) => new DataAzurermClientConfig(stack, "ClientConfig", {}));
}

/** The stack's `random` provider, declared once when a construct first generates a secret. */
export function randomProvider(scope: IConstruct): RandomProvider {
  return singleton(scope, "random", (stack) => new RandomProvider(stack, "random", {}));
}

/** The stack's `tls` provider, declared once when a construct first generates a key pair. */
export function tlsProvider(scope: IConstruct): TlsProvider {
  return singleton(scope, "tls", (stack) => new TlsProvider(stack, "tls", {}));
}
