// The headline's other side: the same full synth as `blueprints synth` (every environment, every
// system, the policy reports), run the way the stock cdktf TypeScript template runs an app:
// `ts-node main.ts` (cdktf.json's "app"), which type-checks the program on every run, with the
// provider imported from its package root, as the template's code does
// (`import { provider, resourceGroup } from "@cdktf/provider-azurerm"`), which loads every
// resource class. `npm run bench` runs it with ts-node; it is not part of the build.
// eslint-disable-next-line no-restricted-imports -- the stock template's root import, measured on purpose
import * as azurerm from "@cdktf/provider-azurerm";
import { enforcePolicy } from "../lib/policy/enforce";
import { buildApp } from "../stacks/app";

const outdir = process.argv[2] ?? "bench/out/stock";
if (typeof azurerm.provider.AzurermProvider !== "function") throw new Error("the provider's root did not load");
const { app } = buildApp({ outdir });
enforcePolicy(app);
app.synth();
