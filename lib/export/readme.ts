import { serviceName } from "../diagram/services";
import { type ExportedBackend, LOCAL_STATE_FILE } from "./backend";
import type { EnvironmentOrder } from "./order";
import type { TerraformJsonConfiguration } from "./references";

/** The Terraform version a bundle needs when a stack does not say (`terraform.required_version`). */
export const MINIMUM_TERRAFORM = ">= 1.5";

/** What a stack's README says about it. */
export interface StackReadmeInput {
  readonly name: string;
  readonly system: string;
  readonly environment: string;
  /** The exported configuration (`main.tf.json`). */
  readonly config: TerraformJsonConfiguration;
  readonly backend: ExportedBackend;
  /** The environment's apply order. */
  readonly order: EnvironmentOrder;
  /** The policy report synth wrote (`policy-report.json`). */
  readonly policy: { readonly rulesEvaluated?: number; readonly findings?: readonly { readonly severity: string; readonly suppressedBecause?: string }[] };
}

type Blocks = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/** `|` and line breaks would end a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Managed resources per Azure service (or Terraform type for other providers), most first. */
export function resourceCounts(config: TerraformJsonConfiguration): { service: string; types: string[]; count: number }[] {
  const counts = new Map<string, { types: Set<string>; count: number }>();
  const resources = (config.resource ?? {}) as Blocks;
  for (const type of Object.keys(resources)) {
    for (const body of Object.values(resources[type])) {
      const service = type.startsWith("azurerm_") ? serviceName(type, body) : type;
      const entry = counts.get(service) ?? { types: new Set<string>(), count: 0 };
      entry.types.add(type);
      entry.count++;
      counts.set(service, entry);
    }
  }
  return [...counts]
    .map(([service, e]) => ({ service, types: [...e.types].sort(), count: e.count }))
    .sort((a, b) => b.count - a.count || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** The roles a stack assigns (`azurerm_role_assignment.role_definition_name`), sorted. */
function assignedRoles(config: TerraformJsonConfiguration): string[] {
  const assignments = Object.values(((config.resource ?? {}) as Blocks).azurerm_role_assignment ?? {});
  return [...new Set(assignments.map((a) => (typeof a.role_definition_name === "string" ? a.role_definition_name : "a role by definition id")))].sort();
}

/** The Azure roles the identity that runs Terraform needs for this stack. */
function requiredRoles(input: StackReadmeInput): string[] {
  const roles = ["**Contributor** on the subscription (or on the resource groups the stack creates, once they exist): it creates, changes and deletes the resources"];
  const assigned = assignedRoles(input.config);
  if (assigned.length) {
    roles.push(
      `**Role Based Access Control Administrator** (or User Access Administrator, or Owner) where the stack assigns roles: it assigns ${assigned.map((r) => `*${r}*`).join(", ")}; Role Based Access Control Administrator can be limited by a condition to exactly these roles`,
    );
  }
  if (input.backend.type === "azurerm" && input.backend.settings.use_azuread_auth === true) {
    roles.push(`**Storage Blob Data Contributor** on the state storage account \`${String(input.backend.settings.storage_account_name)}\`: the backend signs in with Entra ID (\`use_azuread_auth\`), not with storage keys`);
  }
  return roles;
}

/** The outputs of a stack: name, whether sensitive, description. */
function outputs(config: TerraformJsonConfiguration): { name: string; sensitive: boolean; description: string }[] {
  const out = (config.output ?? {}) as Readonly<Record<string, { sensitive?: unknown; description?: unknown }>>;
  return Object.keys(out)
    .sort()
    .map((name) => ({ name, sensitive: out[name].sensitive === true, description: typeof out[name].description === "string" ? (out[name].description as string) : "" }));
}

/** The Terraform version constraint and the providers (name, source, version) of a configuration. */
function requirements(config: TerraformJsonConfiguration): { terraform: string; providers: { name: string; source: string; version: string }[] } {
  const terraform = (config.terraform ?? {}) as { required_version?: unknown; required_providers?: Record<string, { source?: unknown; version?: unknown }> };
  const providers = Object.keys(terraform.required_providers ?? {})
    .sort()
    .map((name) => {
      const p = terraform.required_providers![name];
      const source = typeof p.source === "string" ? p.source : name;
      return { name, source: source.includes("/") ? source : `hashicorp/${source}`, version: typeof p.version === "string" ? p.version : "any" };
    });
  return { terraform: typeof terraform.required_version === "string" ? terraform.required_version : MINIMUM_TERRAFORM, providers };
}

/** A stack's `README.md`: what it creates, prerequisites, commands, its place in the apply order, outputs, diagram, policy, cost. */
export function stackReadme(input: StackReadmeInput): string {
  const { name, config, backend, order } = input;
  const lines: string[] = [];
  const counts = resourceCounts(config);
  const total = counts.reduce((n, c) => n + c.count, 0);
  const dataSources = Object.values(((config.data ?? {}) as Blocks)).reduce((n, byName) => n + Object.keys(byName).length, 0);
  lines.push(`# ${name}`, "");
  lines.push(`The \`${input.system}\` system in the \`${input.environment}\` environment, as plain Terraform JSON (\`main.tf.json\`). Generated by \`blueprints export\`; do not edit it by hand: change the source and export again.`, "");

  lines.push("## What it creates", "");
  lines.push(`${plural(total, "managed resource")}${dataSources ? ` and ${plural(dataSources, "data source")} (read, not created)` : ""}:`, "");
  lines.push("| Azure service | Resources | Terraform types |", "| --- | ---: | --- |");
  for (const c of counts) lines.push(`| ${cell(c.service)} | ${c.count} | ${c.types.map((t) => `\`${t}\``).join(", ")} |`);
  lines.push("");

  const req = requirements(config);
  lines.push("## Prerequisites", "");
  lines.push(`- Terraform \`${req.terraform}\`${req.terraform === MINIMUM_TERRAFORM ? " (the configuration sets no `required_version`; the bundle is tested with 1.5 and later)" : ""}. No Node.js.`);
  for (const p of req.providers) lines.push(`- Provider \`${p.source}\` version \`${p.version}\` (\`terraform init\` downloads it from the Terraform registry, or from your mirror).`);
  lines.push("- Signed in to Azure: `az login` (Azure CLI), or the `ARM_*` environment variables of a service principal or workload identity (`ARM_USE_OIDC=true` in CI).");
  lines.push("- Azure roles for the identity that runs Terraform:");
  for (const r of requiredRoles(input)) lines.push(`  - ${r}`);
  lines.push("");

  lines.push("## Commands", "");
  lines.push("Run them in this folder:", "");
  lines.push("```sh", "terraform init -backend-config=backend.hcl", "terraform plan -out=tfplan", "terraform apply tfplan", "```", "");
  if (backend.type === "azurerm") {
    lines.push(
      `The state is kept in Azure Storage: account \`${String(backend.settings.storage_account_name)}\`, container \`${String(backend.settings.container_name)}\`, blob \`${String(backend.settings.key)}\`. The settings are in \`backend.hcl\`, not in \`main.tf.json\` (which has an empty \`backend "azurerm" {}\` block): edit \`backend.hcl\`, or pass another file to \`-backend-config\`, to keep the state in another account.`,
      "",
    );
  } else {
    lines.push(
      `This is the state bootstrap stack: it creates the storage the other stacks keep their state in, so its own state cannot be there yet. It keeps it in a local file, \`${LOCAL_STATE_FILE}\` **in this folder** (\`backend.hcl\`: \`path = "${LOCAL_STATE_FILE}"\`). Keep that file: back it up, never delete it, and do not export over this folder while it is here (\`blueprints export\` refuses to). To move the state into the storage account afterwards, write an \`azurerm\` backend block and run \`terraform init -migrate-state\`.`,
      "",
    );
  }

  lines.push("## Apply order", "");
  const position = order.stacks.indexOf(name);
  const before = order.stacks.slice(0, position);
  const after = order.stacks.slice(position + 1);
  lines.push(
    `Step ${position + 1} of ${order.stacks.length} in the \`${order.environment}\` environment${before.length ? `, after ${before.map((s) => `\`${s}\``).join(", ")}` : " (first)"}${after.length ? `; before ${after.map((s) => `\`${s}\``).join(", ")}` : ""}. See the bundle's top-level README.md.`,
    "",
  );

  lines.push("## Outputs", "");
  const outs = outputs(config);
  if (outs.length === 0) lines.push("None.", "");
  else {
    lines.push("`terraform output` prints them; a sensitive one shows as `(sensitive value)` until you ask for it by name (`terraform output -raw <name>`).", "");
    lines.push("| Output | Sensitive | Description |", "| --- | --- | --- |");
    for (const o of outs) lines.push(`| \`${o.name}\` | ${o.sensitive ? "**yes**" : "no"} | ${cell(o.description)} |`);
    lines.push("");
  }

  lines.push("## Diagram", "");
  lines.push("`diagram.md` (Mermaid: GitHub and most Markdown viewers draw it) and `diagram.svg`.", "");

  const findings = input.policy.findings ?? [];
  const suppressed = findings.filter((f) => f.suppressedBecause).length;
  const errors = findings.filter((f) => !f.suppressedBecause && f.severity === "error").length;
  const warnings = findings.filter((f) => !f.suppressedBecause && f.severity === "warning").length;
  lines.push("## Policy report", "");
  lines.push(
    `${input.policy.rulesEvaluated ?? "The"} security and deployability rules were evaluated: ${plural(errors, "error")}, ${plural(warnings, "warning")}, ${suppressed} suppressed (each with its reason). Details: \`policy-report.md\`; machine-readable: \`policy-report.json\`.`,
    "",
  );

  lines.push("## Cost estimate", "");
  lines.push("Not available: blueprints has no cost estimator yet, so this bundle gives no figures. The Azure pricing calculator or the Cost Management forecast after deployment are the sources until then.", "");
  return `${lines.join("\n").trimEnd()}\n`;
}

/** What the bundle's top-level README says. */
export interface BundleReadmeInput {
  readonly orders: readonly EnvironmentOrder[];
  /** Stack name → its backend type. */
  readonly backends: ReadonlyMap<string, ExportedBackend["type"]>;
}

/** The first line of a bundle's README: `blueprints export` recognises an earlier export by it. */
export const BUNDLE_README_TITLE = "# Terraform bundle (blueprints export)";

/** The bundle's top-level `README.md`: layout, verification, the apply order per environment, and how to run it. */
export function bundleReadme(input: BundleReadmeInput): string {
  const lines: string[] = [BUNDLE_README_TITLE, ""];
  lines.push("Plain Terraform JSON for an operations team: Terraform 1.5 or later, no Node.js. One folder per stack:", "");
  lines.push("```text");
  lines.push("README.md          this file: the apply order");
  lines.push("SHA256SUMS         the SHA-256 of every file; check with `sha256sum -c SHA256SUMS`");
  lines.push("<stack>/");
  lines.push("  main.tf.json     the configuration, with an empty backend block");
  lines.push("  backend.hcl      the backend settings, for `terraform init -backend-config=backend.hcl`");
  lines.push("  README.md        what it creates, prerequisites, commands, outputs");
  lines.push("  diagram.md       architecture diagram (Mermaid); diagram.svg: the same, drawn");
  lines.push("  policy-report.md the security and deployability rules' findings (policy-report.json: the same as JSON)");
  lines.push("```", "");
  lines.push("## Before you start", "");
  lines.push("1. Check the bundle: `sha256sum -c SHA256SUMS` (macOS: `shasum -a 256 -c SHA256SUMS`) must print OK for every file.");
  lines.push("2. Read each stack's README.md: the providers, the Azure roles its identity needs, its outputs.");
  lines.push("3. Sign in to Azure (`az login`, or the `ARM_*` variables of a service principal or workload identity).", "");
  lines.push("## Apply order", "");
  lines.push("Apply the environments independently; within one, in this order. Each stack: `cd <stack> && terraform init -backend-config=backend.hcl && terraform plan -out=tfplan && terraform apply tfplan`.", "");
  for (const order of input.orders) {
    lines.push(`### ${order.environment}`, "");
    order.stacks.forEach((s, i) => {
      const local = input.backends.get(s) === "local";
      lines.push(`${i + 1}. \`${s}/\`${local ? ` — the state bootstrap: creates the state storage; its own state stays in \`${s}/${LOCAL_STATE_FILE}\`` : ""}`);
    });
    lines.push("");
  }
  lines.push("## The state bootstrap", "");
  lines.push(
    `Every stack keeps its state in Azure Storage (\`backend.hcl\`), except the state bootstrap stack of each environment, which creates that storage. It runs first, with a local state file in its own folder (\`${LOCAL_STATE_FILE}\`): keep it, back it up, and do not delete the folder. The other stacks' backends sign in with Entra ID (\`use_azuread_auth\`), so every identity that runs them needs *Storage Blob Data Contributor* on the state account (see each stack's README).`,
    "",
  );
  lines.push("To point a stack at another state account, edit its `backend.hcl` (or pass another file to `-backend-config`); `main.tf.json` does not change.", "");
    return `${lines.join("\n").trimEnd()}\n`;
}
