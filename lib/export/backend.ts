/**
 * A stack's backend, split out of its JSON configuration into `backend.hcl` for
 * `terraform init -backend-config=backend.hcl` (a partial backend configuration), so the same
 * configuration can point at another state account.
 */

/**
 * The settings of Terraform's `azurerm` backend that `backend.hcl` may carry: those documented
 * for Terraform 1.5 and later (https://developer.hashicorp.com/terraform/language/backend/azurerm,
 * and the backend's schema in hashicorp/terraform, internal/backend/remote-state/azure/backend.go).
 */
export const AZURERM_BACKEND_KEYS: readonly string[] = [
  "access_key",
  "client_certificate_password",
  "client_certificate_path",
  "client_id",
  "client_secret",
  "container_name",
  "endpoint",
  "environment",
  "key",
  "metadata_host",
  "msi_endpoint",
  "resource_group_name",
  "sas_token",
  "snapshot",
  "storage_account_name",
  "subscription_id",
  "tenant_id",
  "use_azuread_auth",
  "use_msi",
  "use_oidc",
];

/** The state file of a stack with a local backend, relative to the stack's folder (where Terraform runs). */
export const LOCAL_STATE_FILE = "terraform.tfstate";

/** A stack's backend, ready for the bundle. */
export interface ExportedBackend {
  /** `azurerm` or `local`. */
  readonly type: "azurerm" | "local";
  /** The settings `backend.hcl` holds, in key order. */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** The settings as they were in the stack's configuration (for `local`, the original `path`). */
  readonly original: Readonly<Record<string, unknown>>;
}

/** A value as an HCL literal: strings quoted and escaped (`${` and `%{` doubled, so they stay literal). */
export function hclValue(value: string | number | boolean): string {
  if (typeof value !== "string") return String(value);
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\$\{/g, "$$$${").replace(/%\{/g, "%%{")}"`;
}

/** `backend.hcl`: one `key = value` line per setting, aligned, in key order. */
export function backendHcl(backend: ExportedBackend): string {
  const keys = Object.keys(backend.settings);
  const width = Math.max(0, ...keys.map((k) => k.length));
  const header = `# Backend settings for \`terraform init -backend-config=backend.hcl\` (Terraform's ${backend.type} backend).\n`;
  return `${header}${keys.map((k) => `${k.padEnd(width)} = ${hclValue(backend.settings[k])}\n`).join("")}`;
}

/**
 * Takes the backend out of a stack's configuration: returns the configuration with an empty
 * `backend "<type>" {}` block (Terraform then reads the settings from `-backend-config`) and the
 * settings. An `azurerm` backend keeps every setting, each checked against `AZURERM_BACKEND_KEYS`;
 * a `local` backend (the state bootstrap stack) gets `path = "terraform.tfstate"`, in the stack's
 * own folder. Any other backend, or none, is refused.
 */
export function splitBackend<T extends { readonly terraform?: unknown }>(stack: string, json: T): { config: T; backend: ExportedBackend } {
  const terraform = (json.terraform ?? {}) as { backend?: Record<string, Record<string, unknown>> };
  const types = Object.keys(terraform.backend ?? {});
  if (types.length !== 1 || (types[0] !== "azurerm" && types[0] !== "local")) {
    throw new Error(`${stack}: the stack's backend is ${types.length ? types.join(", ") : "missing"}; export handles one azurerm or local backend`);
  }
  const type = types[0] as "azurerm" | "local";
  const original = terraform.backend![type];
  let settings: Record<string, string | number | boolean>;
  if (type === "local") settings = { path: LOCAL_STATE_FILE };
  else {
    settings = {};
    for (const key of Object.keys(original).sort()) {
      const value = original[key];
      if (!AZURERM_BACKEND_KEYS.includes(key)) throw new Error(`${stack}: backend setting ${key} is not one of the azurerm backend's documented settings (${AZURERM_BACKEND_KEYS.join(", ")})`);
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") throw new Error(`${stack}: backend setting ${key} is not a string, number or boolean`);
      settings[key] = value;
    }
  }
  const config = { ...json, terraform: { ...(json.terraform as object), backend: { [type]: {} } } } as T;
  return { config, backend: { type, settings, original } };
}
