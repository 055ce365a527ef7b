// The floor: the smallest app this project's stack allows — one resource group, with the same
// cdktf and provider versions and the same submodule import style as the library.
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { App, TerraformStack } from "cdktf";

const app = new App({ outdir: process.argv[2] ?? "bench/out/floor" });
const stack = new TerraformStack(app, "floor");
new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: "00000000-0000-0000-0000-000000000000" });
new ResourceGroup(stack, "rg", { name: "rg-floor", location: "eastus2" });
app.synth();
