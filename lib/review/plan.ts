import { BlueprintsError } from "../core/errors";
import { statefulCategory } from "./stateful";

/**
 * A Terraform plan as `terraform show -json <planfile>` prints it (format_version 1.x), reduced to
 * what a reviewer reads: per resource the action, why, which attributes change and which force a
 * replacement. Values marked sensitive are never kept: the model holds display strings only, with
 * `(sensitive)` for every sensitive value and `(known after apply)` for unknown ones, so the model
 * can be printed or serialized as it is.
 *
 * Format reference: Terraform's "JSON Output Format" (developer.hashicorp.com/terraform/internals/json-format).
 */

/** The input file is not a Terraform JSON plan, or not one this version reads. Exit code 3. */
export class PlanFormatError extends BlueprintsError {
  readonly exitCode = 3;
}

/**
 * What Terraform will do to one resource instance, from `change.actions`:
 * `["create"]`, `["update"]`, `["delete", "create"]` or `["create", "delete"]` (replace),
 * `["delete"]`, `["forget"]` (a `removed` block: leaves state, stays in Azure), `import` (a no-op or
 * update of an object being imported), and `other` for an action list this version does not know.
 */
export type PlanAction = "create" | "update" | "replace" | "delete" | "forget" | "import" | "other";

/** Shown instead of a sensitive value. */
export const SENSITIVE = "(sensitive)";
/** Shown instead of a value known only after apply. */
export const KNOWN_AFTER_APPLY = "(known after apply)";

/** One attribute that changes, as display strings (never a raw sensitive value). */
export interface AttributeChange {
  /** `site_config[0].always_on`, `app_settings.DATABASE_URL`. */
  readonly path: string;
  /** The value before; `(none)` when it had none; `(sensitive)` when marked sensitive. */
  readonly before: string;
  /** The value after; `(known after apply)` when unknown; `(sensitive)` when marked sensitive. */
  readonly after: string;
  /** True when this attribute is (under) one of the change's `replace_paths`. */
  readonly forcesReplacement: boolean;
}

/** One managed resource instance that changes. */
export interface ResourceChangeSummary {
  /** The resource instance address, e.g. `azurerm_storage_account.data` or `module.x.y.z[0]`. */
  readonly address: string;
  /** The address before a `moved` block (`previous_address`), when it changed. */
  readonly previousAddress?: string;
  readonly type: string;
  readonly name: string;
  readonly action: PlanAction;
  /** Terraform's `change.actions`, verbatim. */
  readonly actions: readonly string[];
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`, when given. */
  readonly actionReason?: string;
  /** `replace_paths` as attribute paths, e.g. `["sku_name", "zone"]`. */
  readonly replacePaths: readonly string[];
  /** `create_before_destroy` replacements (`["create", "delete"]`). */
  readonly createBeforeDestroy: boolean;
  /** Set when the change is to a deposed object (`deposed`) rather than the current one. */
  readonly deposed?: string;
  /** The stateful category (see {@link STATEFUL_RESOURCE_TYPES}) when the type holds data. */
  readonly stateful?: string;
  /** Attributes that change (update, replace), or that are set (create); empty for a delete. */
  readonly attributes: readonly AttributeChange[];
}

/** An output value of the root module that changes. */
export interface OutputChangeSummary {
  readonly name: string;
  readonly action: "create" | "update" | "delete" | "other";
  readonly before: string;
  readonly after: string;
}

/** Counts of resource changes by action. */
export interface PlanCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly forget: number;
  readonly import: number;
  readonly other: number;
}

/** One stack's plan, as the review reads it. */
export interface PlanSummary {
  /** The stack the plan is for (the caller names it: the plan JSON does not say). */
  readonly stack: string;
  readonly terraformVersion?: string;
  readonly formatVersion: string;
  /** Terraform's `errored`: true when planning failed part way (the plan is incomplete). */
  readonly errored: boolean;
  /** Managed resource changes other than no-ops: replacements and deletions first, then updates, creates, the rest. */
  readonly changes: readonly ResourceChangeSummary[];
  readonly outputs: readonly OutputChangeSummary[];
  readonly counts: PlanCounts;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

const ACTION_ORDER: Record<PlanAction, number> = { replace: 0, delete: 1, update: 2, create: 3, import: 4, forget: 5, other: 6 };

/** Maps `change.actions` (and `importing`) to one {@link PlanAction}; undefined for no-op and read. */
export function classifyActions(actions: readonly string[], importing = false): PlanAction | undefined {
  const key = actions.join(",");
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (importing && (key === "no-op" || key === "update")) return "import";
  switch (key) {
    case "no-op":
    case "read":
      return undefined;
    case "create":
    case "update":
    case "delete":
    case "forget":
      return key;
    default:
      return "other";
  }
}

/** `["site_config", 0, "always_on"]` → `site_config[0].always_on`. */
export function formatPlanPath(steps: readonly (string | number)[]): string {
  let out = "";
  for (const s of steps) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A leaf of a value: its display string and, for comparisons, its raw JSON (never displayed). */
interface Leaf {
  readonly display: string;
  readonly raw: string;
  readonly sensitive: boolean;
}

/** Strings marked sensitive anywhere in the plan: masked wherever they appear unmarked, too. */
class Secrets {
  private readonly values = new Set<string>();
  add(value: Json | undefined): void {
    if (typeof value === "string" && value !== "") this.values.add(value);
    else if (Array.isArray(value)) value.forEach((v) => this.add(v));
    else if (isObject(value)) Object.values(value).forEach((v) => this.add(v));
  }
  /** Collects the values under `sensitive` marks (`true` or a structure of them) in `value`. */
  collect(value: Json | undefined, sensitive: Json | undefined): void {
    if (sensitive === true) this.add(value);
    else if (Array.isArray(sensitive) && Array.isArray(value)) sensitive.forEach((s, i) => this.collect(value[i], s));
    else if (isObject(sensitive) && isObject(value)) for (const k of Object.keys(sensitive)) this.collect(value[k], sensitive[k]);
  }
  /** The display of a non-sensitive string, with any sensitive value in it masked. */
  mask(text: string, raw: Json): string {
    if (typeof raw === "string" && this.values.has(raw)) return SENSITIVE;
    let out = text;
    // A secret of 8 characters or more inside a longer string (a connection string holding a password).
    for (const s of this.values) if (s.length >= 8 && out.includes(s)) out = out.split(s).join(SENSITIVE);
    return out;
  }
}

/** Flattens a value to its leaves, marking sensitive and unknown ones. */
function leaves(value: Json | undefined, sensitive: Json | undefined, unknown: Json | undefined, secrets: Secrets, path: (string | number)[] = [], out = new Map<string, Leaf>()): Map<string, Leaf> {
  const at = formatPlanPath(path);
  if (sensitive === true) {
    out.set(at, { display: unknown === true ? KNOWN_AFTER_APPLY : SENSITIVE, raw: unknown === true ? "?unknown" : `?sensitive:${JSON.stringify(value ?? null)}`, sensitive: true });
    return out;
  }
  if (unknown === true) {
    out.set(at, { display: KNOWN_AFTER_APPLY, raw: "?unknown", sensitive: false });
    return out;
  }
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => leaves(v, Array.isArray(sensitive) ? sensitive[i] : undefined, Array.isArray(unknown) ? unknown[i] : undefined, secrets, [...path, i], out));
    return out;
  }
  if (isObject(value) || isObject(unknown)) {
    const object = isObject(value) ? value : {};
    const keys = new Set([...Object.keys(object), ...(isObject(unknown) ? Object.keys(unknown).filter((k) => unknown[k] === true) : [])]);
    if (keys.size === 0 && isObject(value)) {
      out.set(at, { display: "{}", raw: "{}", sensitive: false });
      return out;
    }
    for (const k of [...keys].sort()) {
      leaves(object[k], isObject(sensitive) ? sensitive[k] : undefined, isObject(unknown) ? unknown[k] : undefined, secrets, [...path, k], out);
    }
    return out;
  }
  if (value === undefined) return out;
  const raw = JSON.stringify(value);
  out.set(at, { display: secrets.mask(raw, value), raw, sensitive: false });
  return out;
}

const isEmptyish = (leaf: Leaf | undefined): boolean => !leaf || leaf.raw === "null" || leaf.raw === "[]" || leaf.raw === "{}" || leaf.raw === '""';

function attributeChanges(action: PlanAction, change: JsonObject, replacePaths: readonly string[], secrets: Secrets): AttributeChange[] {
  if (action === "delete" || action === "forget") return [];
  const before = action === "create" ? new Map<string, Leaf>() : leaves(change.before, change.before_sensitive, undefined, secrets);
  const after = leaves(change.after, change.after_sensitive, change.after_unknown, secrets);
  const forces = (path: string) => replacePaths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const under = (path: string, parent: string) => parent === "" || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
  // An object or list that becomes unknown as a whole: one row, its old leaves folded into one value.
  for (const [path, leaf] of after) {
    if (leaf.display !== KNOWN_AFTER_APPLY || before.has(path)) continue;
    const children = [...before].filter(([p]) => p !== path && under(p, path));
    if (!children.length) continue;
    for (const [p] of children) before.delete(p);
    const display = `{ ${children.map(([p, l]) => `${p.slice(path.length).replace(/^\./, "")} = ${l.display}`).join(", ")} }`;
    before.set(path, { display, raw: `?folded:${children.map(([, l]) => l.raw).join(",")}`, sensitive: children.some(([, l]) => l.sensitive) });
  }
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const result: AttributeChange[] = [];
  for (const path of paths) {
    const [b, a] = [before.get(path), after.get(path)];
    if (isEmptyish(b) && isEmptyish(a)) continue;
    if (b && a && b.raw === a.raw) continue;
    result.push({ path: path || "(value)", before: b ? b.display : "(none)", after: a ? a.display : "(none)", forcesReplacement: forces(path) });
  }
  return result;
}

function outputDisplay(value: Json | undefined, sensitive: Json | undefined, unknown: Json | undefined, secrets: Secrets): string {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (value === undefined || value === null) return "(none)";
  const flat = leaves(value, sensitive, unknown, secrets);
  if (flat.size === 1 && flat.has("")) return flat.get("")!.display;
  return `{ ${[...flat].map(([k, v]) => `${k} = ${v.display}`).join(", ")} }`;
}

function fail(file: string, what: string): never {
  throw new PlanFormatError(`${file}: ${what}`);
}

/**
 * Reads the JSON of `terraform show -json <planfile>` into a {@link PlanSummary}. `file` names the
 * input in error messages. Throws {@link PlanFormatError} for anything that is not a plan in format
 * 1.x (a state file, a binary plan read as text, another tool's JSON), saying what is wrong.
 */
export function parsePlan(plan: unknown, stack: string, file = stack): PlanSummary {
  if (!isObject(plan)) fail(file, `not a Terraform JSON plan: expected an object, found ${Array.isArray(plan) ? "an array" : JSON.stringify(plan)}`);
  const version = plan.format_version;
  if (typeof version !== "string") fail(file, 'not a Terraform JSON plan: "format_version" is missing (make it with `terraform show -json <planfile>`)');
  if (!/^1\.\d+$/.test(version)) fail(file, `format_version ${JSON.stringify(version)} is not supported (allowed: 1.x, Terraform 1.0 and later)`);
  if (!("resource_changes" in plan) && !("planned_values" in plan)) {
    fail(file, 'not a Terraform JSON plan: no "planned_values" or "resource_changes" (a state file? make the JSON from a plan file: `terraform plan -out=tfplan && terraform show -json tfplan`)');
  }
  const raw = plan.resource_changes ?? [];
  if (!Array.isArray(raw)) fail(file, '"resource_changes" is not an array');

  // Sensitive values, collected first so that an unmarked copy elsewhere is masked too.
  const secrets = new Secrets();
  raw.forEach((rc) => {
    if (isObject(rc) && isObject(rc.change)) {
      secrets.collect(rc.change.before, rc.change.before_sensitive);
      secrets.collect(rc.change.after, rc.change.after_sensitive);
    }
  });
  const outputs = isObject(plan.output_changes) ? plan.output_changes : {};
  for (const o of Object.values(outputs)) if (isObject(o)) {
    secrets.collect(o.before, o.before_sensitive);
    secrets.collect(o.after, o.after_sensitive);
  }
  const configVariables = isObject(plan.configuration) && isObject(plan.configuration.root_module) && isObject(plan.configuration.root_module.variables) ? plan.configuration.root_module.variables : {};
  const variables = isObject(plan.variables) ? plan.variables : {};
  for (const [name, v] of Object.entries(configVariables)) if (isObject(v) && v.sensitive === true && isObject(variables[name])) secrets.add((variables[name] as JsonObject).value);

  const changes: ResourceChangeSummary[] = [];
  raw.forEach((rc, i) => {
    const where = `resource_changes[${i}]`;
    if (!isObject(rc)) fail(file, `${where} is not an object`);
    if (typeof rc.address !== "string") fail(file, `${where}.address is missing`);
    if (!isObject(rc.change) || !Array.isArray(rc.change.actions) || !rc.change.actions.every((a) => typeof a === "string")) {
      fail(file, `${where} (${rc.address}): change.actions is missing or not a list of strings`);
    }
    if (rc.mode === "data") return; // data sources are read, not changed
    const change = rc.change;
    const actions = change.actions as string[];
    const action = classifyActions(actions, isObject(change.importing));
    if (!action) return;
    const replacePaths = Array.isArray(change.replace_paths)
      ? change.replace_paths.filter(Array.isArray).map((p) => formatPlanPath((p as Json[]).filter((s): s is string | number => typeof s === "string" || typeof s === "number")))
      : [];
    const type = typeof rc.type === "string" ? rc.type : rc.address.split(".").slice(-2)[0];
    const stateful = statefulCategory(type);
    changes.push({
      address: rc.address,
      ...(typeof rc.previous_address === "string" ? { previousAddress: rc.previous_address } : {}),
      type,
      name: typeof rc.name === "string" ? rc.name : "",
      action,
      actions,
      ...(typeof rc.action_reason === "string" ? { actionReason: rc.action_reason } : {}),
      replacePaths,
      createBeforeDestroy: actions[0] === "create" && actions.includes("delete"),
      ...(typeof rc.deposed === "string" ? { deposed: rc.deposed } : {}),
      ...(stateful ? { stateful } : {}),
      attributes: attributeChanges(action, change, replacePaths, secrets),
    });
  });
  changes.sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || Number(!a.stateful) - Number(!b.stateful) || a.address.localeCompare(b.address));

  const outputChanges: OutputChangeSummary[] = [];
  for (const [name, o] of Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isObject(o) || !Array.isArray(o.actions)) continue;
    const key = o.actions.join(",");
    if (key === "no-op") continue;
    outputChanges.push({
      name,
      action: key === "create" || key === "update" || key === "delete" ? key : "other",
      before: key === "create" ? "(none)" : outputDisplay(o.before, o.before_sensitive, undefined, secrets),
      after: key === "delete" ? "(none)" : outputDisplay(o.after, o.after_sensitive, o.after_unknown, secrets),
    });
  }

  const counts = { create: 0, update: 0, replace: 0, delete: 0, forget: 0, import: 0, other: 0 };
  for (const c of changes) counts[c.action]++;
  return {
    stack,
    ...(typeof plan.terraform_version === "string" ? { terraformVersion: plan.terraform_version } : {}),
    formatVersion: version,
    errored: plan.errored === true,
    changes,
    outputs: outputChanges,
    counts,
  };
}

/** Changes that replace or delete a stateful resource: what `plan-summary` refuses without `--accept-replace`. */
export function statefulRisks(plan: PlanSummary): ResourceChangeSummary[] {
  return plan.changes.filter((c) => c.stateful && (c.action === "replace" || c.action === "delete"));
}
