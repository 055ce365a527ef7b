import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { BlueprintsError } from "../core/errors";
import type { Finding, PolicyReport } from "../policy/engine";
import type { CostDelta } from "../review/review";
import { statefulCategory } from "../review/stateful";
import { forceNewRow, forcingArgument } from "./force-new";

/**
 * `blueprints diff`: the difference between two syntheses (two `cdktf.out` folders, or one in
 * memory), per stack, with the replacement risk first: arguments that force a new resource
 * ({@link FORCE_NEW_ARGUMENTS}), and resources whose address changed (a renamed construct id is a
 * destroy-and-create; when the resource is otherwise the same, the `moved` block that keeps it).
 * Works offline on the synthesized JSON: no state, no credentials, no Terraform.
 */

/** A synthesis output folder that is not one: no manifest.json, an unreadable stack. Exit code 3. */
export class DiffInputError extends BlueprintsError {
  readonly exitCode = 3;
}

/** One stack of a synthesis: its Terraform JSON and, when there is one, its policy report. */
export interface SynthesizedStackInput {
  readonly name: string;
  readonly json: unknown;
  readonly policy?: PolicyReport;
}

/** Shown instead of a sensitive value. */
export const MASKED = "(sensitive)";

/** An argument path segment that looks secret: the value is never shown. */
const SECRET_SEGMENT = /password|passwd|secret|token|connection_?string|credential|private_?key|api_?key|access_?key|shared_?key|account_?key|(^|_)key$|^key_?value$|sas_?url|^sas$/i;

/** Resource types whose generated value is a secret: a value that references their output is masked. */
export const SECRET_SOURCE_TYPES: readonly string[] = ["random_password", "tls_private_key"];

const SECRET_REFERENCE = new RegExp(`\\$\\{[^}]*\\b(${SECRET_SOURCE_TYPES.join("|")})\\.`);

/** Whether the value at `path` (`administrator_password`, `app_settings.DB_PASSWORD`) must be masked, by its path or by what feeds it. */
export function isSensitive(type: string, path: string, value: unknown): boolean {
  if (path.split(/[.[\]]+/).some((s) => s && SECRET_SEGMENT.test(s))) return true;
  if (type === "azurerm_key_vault_secret" && /^value(_wo)?$/.test(path)) return true;
  return typeof value === "string" && SECRET_REFERENCE.test(value);
}

/** The address of a resource: `type.logicalId`. */
export interface ResourceRef {
  readonly address: string;
  readonly type: string;
  /** The construct path from cdktf's `//` metadata, e.g. `studio-dev/Database/Server`. */
  readonly constructPath?: string;
  /** The stateful category, when the type holds data (lib/review STATEFUL_RESOURCE_TYPES). */
  readonly stateful?: string;
}

/** One attribute that changed: display strings only, sensitive values as `(sensitive)`. */
export interface AttributeDiff {
  readonly path: string;
  readonly before: string;
  readonly after: string;
  /** The force-new argument it falls under, when the table says it forces a replacement. */
  readonly forcesReplacement?: string;
}

/** A resource that exists on both sides with another configuration. */
export interface ResourceChange extends ResourceRef {
  readonly attributes: readonly AttributeDiff[];
  /**
   * `replace` when a changed attribute forces a new resource, `update` when the table covers the
   * type and none does, `unknown` when the table has no row for the type (never guessed).
   */
  readonly replacement: "replace" | "update" | "unknown";
}

/** An address change: the same resource (same type and configuration) under a new logical id. */
export interface AddressChange {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly fromConstructPath?: string;
  readonly toConstructPath?: string;
  readonly stateful?: string;
  /** The Terraform `moved` block that keeps the resource. */
  readonly movedBlock: string;
  /** The cdktf call on the new resource that writes that block. */
  readonly cdktf: string;
}

/** Policy findings that are new or resolved in a stack (unsuppressed ones; suppressed findings are neither). */
export interface PolicyDelta {
  readonly added: readonly Finding[];
  readonly resolved: readonly Finding[];
  /** False when either side has no policy report: nothing was compared. */
  readonly compared: boolean;
}

/** One stack's difference. */
export interface StackDiff {
  readonly stack: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  /** Resources a force-new argument change replaces. */
  readonly replaced: readonly ResourceChange[];
  /** Resources whose address changed while their configuration did not. */
  readonly moved: readonly AddressChange[];
  readonly removed: readonly ResourceRef[];
  readonly added: readonly ResourceRef[];
  /** In-place updates and changes of types the table does not cover. */
  readonly changed: readonly ResourceChange[];
  readonly policy: PolicyDelta;
  /**
   * The monthly cost before and after. The cost estimator does not exist yet: this optional hook
   * stays undefined until it does (no invented numbers).
   */
  readonly costDelta?: CostDelta;
  /** Stateful resources replaced, moved without a `moved` block, or removed. */
  readonly statefulRisks: readonly string[];
}

/** The difference between two syntheses. */
export interface SynthDiff {
  readonly stacks: readonly StackDiff[];
  readonly stacksAdded: readonly string[];
  readonly stacksRemoved: readonly string[];
  /** Stateful resources replaced, moved or removed, across stacks, as `stack: address (category) why`. */
  readonly statefulRisks: readonly string[];
  /** Changed types the force-new table has no row for. */
  readonly typesNotInTable: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Resources = Record<string, Record<string, Record<string, Json>>>;

function resourcesOf(json: unknown): Resources {
  const r = (json as { resource?: unknown } | null)?.resource;
  return typeof r === "object" && r !== null ? (r as Resources) : {};
}

function withoutMetadata(config: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(config).filter(([k]) => k !== "//"));
}

function constructPathOf(config: Record<string, Json>): string | undefined {
  const meta = config["//"] as { metadata?: { path?: unknown } } | undefined;
  return typeof meta?.metadata?.path === "string" ? meta.metadata.path : undefined;
}

/** Canonical JSON: keys sorted, so equal configurations compare equal. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

function leaves(value: Json | undefined, path = "", out = new Map<string, Json>()): Map<string, Json> {
  if (Array.isArray(value) && value.length) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
    for (const k of Object.keys(value).sort()) leaves(value[k], path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) out.set(path, value);
  return out;
}

function display(type: string, path: string, value: Json | undefined): string {
  if (value === undefined) return "(none)";
  if (isSensitive(type, path, value)) return MASKED;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function attributeDiffs(type: string, before: Record<string, Json>, after: Record<string, Json>): AttributeDiff[] {
  const [b, a] = [leaves(withoutMetadata(before)), leaves(withoutMetadata(after))];
  const row = forceNewRow(type);
  const paths = [...new Set([...b.keys(), ...a.keys()])].sort();
  const diffs: AttributeDiff[] = [];
  for (const path of paths) {
    const [x, y] = [b.get(path), a.get(path)];
    if (x !== undefined && y !== undefined && canonical(x) === canonical(y)) continue;
    // Mask both sides when either looks secret: a value that changes from secret to plain still hides its past.
    const secret = isSensitive(type, path, x ?? null) || isSensitive(type, path, y ?? null);
    const forcing = row ? forcingArgument(row, path) : undefined;
    diffs.push({
      path,
      before: x === undefined ? "(none)" : secret ? MASKED : display(type, path, x),
      after: y === undefined ? "(none)" : secret ? MASKED : display(type, path, y),
      ...(forcing ? { forcesReplacement: forcing } : {}),
    });
  }
  return diffs;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Rewrites references to renamed resources (`${type.old.` to `${type.new.`) so children of a renamed construct still match. */
function renameReferences(config: Record<string, Json>, renames: ReadonlyMap<string, string>): string {
  let text = canonical(withoutMetadata(config));
  for (const [from, to] of renames) text = text.replace(new RegExp(`\\$\\{${escapeRegExp(from)}(?=[.}[])`, "g"), `\${${to}`);
  return text;
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.path}`;
}

function policyDelta(before?: PolicyReport, after?: PolicyReport): PolicyDelta {
  if (!before || !after) return { added: [], resolved: [], compared: false };
  const open = (r: PolicyReport) => r.findings.filter((f) => !f.suppressedBecause);
  const [b, a] = [open(before), open(after)];
  const [bKeys, aKeys] = [new Set(b.map(findingKey)), new Set(a.map(findingKey))];
  return { added: a.filter((f) => !bKeys.has(findingKey(f))), resolved: b.filter((f) => !aKeys.has(findingKey(f))), compared: true };
}

function ref(type: string, id: string, config: Record<string, Json>): ResourceRef {
  const stateful = statefulCategory(type);
  const constructPath = constructPathOf(config);
  return { address: `${type}.${id}`, type, ...(constructPath ? { constructPath } : {}), ...(stateful ? { stateful } : {}) };
}

/** The difference of one stack between two versions of its Terraform JSON. */
export function diffStack(stack: string, before: SynthesizedStackInput | undefined, after: SynthesizedStackInput | undefined): StackDiff {
  const [b, a] = [resourcesOf(before?.json), resourcesOf(after?.json)];
  const removed: { type: string; id: string; config: Record<string, Json> }[] = [];
  const added: { type: string; id: string; config: Record<string, Json> }[] = [];
  const types = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  for (const type of types) {
    const [bt, at] = [b[type] ?? {}, a[type] ?? {}];
    for (const id of Object.keys(bt).sort()) if (!(id in at)) removed.push({ type, id, config: bt[id] });
    for (const id of Object.keys(at).sort()) if (!(id in bt)) added.push({ type, id, config: at[id] });
  }
  // Address changes: a removed and an added resource of the same type whose configuration is the
  // same but for the `//` metadata and references to other renamed resources. Repeated until no
  // new pair matches, so the children of a renamed construct (which reference it) match too.
  const renames = new Map<string, string>();
  const moved: AddressChange[] = [];
  for (let found = true; found; ) {
    found = false;
    for (const r of removed) {
      const from = `${r.type}.${r.id}`;
      if (renames.has(from)) continue;
      const text = renameReferences(r.config, renames);
      const candidates = added.filter((x) => x.type === r.type && ![...renames.values()].includes(`${x.type}.${x.id}`) && renameReferences(x.config, new Map()) === text);
      if (candidates.length !== 1) continue; // none, or ambiguous: not a move we can name
      const to = `${r.type}.${candidates[0].id}`;
      renames.set(from, to);
      const stateful = statefulCategory(r.type);
      const [fromPath, toPath] = [constructPathOf(r.config), constructPathOf(candidates[0].config)];
      moved.push({
        type: r.type, from, to, ...(fromPath ? { fromConstructPath: fromPath } : {}), ...(toPath ? { toConstructPath: toPath } : {}), ...(stateful ? { stateful } : {}),
        movedBlock: `moved {\n  from = ${from}\n  to   = ${to}\n}`,
        cdktf: `resource.moveFromId("${from}")`,
      });
      found = true;
    }
  }
  // Changes of resources on both sides. A reference that changes only because its target moved
  // (`${azurerm_key_vault.Old.id}` to `${azurerm_key_vault.New.id}`) is no change once the moved block is in.
  const replaced: ResourceChange[] = [];
  const changed: ResourceChange[] = [];
  for (const type of types) {
    const [bt, at] = [b[type] ?? {}, a[type] ?? {}];
    for (const id of Object.keys(bt).sort()) {
      if (!(id in at)) continue;
      const beforeConfig = renames.size ? (JSON.parse(renameReferences(bt[id], renames)) as Record<string, Json>) : bt[id];
      const attributes = attributeDiffs(type, beforeConfig, at[id]);
      if (!attributes.length) continue;
      const row = forceNewRow(type);
      const replacement = !row ? "unknown" : attributes.some((x) => x.forcesReplacement) ? "replace" : "update";
      const change: ResourceChange = { ...ref(type, id, at[id]), attributes, replacement };
      (replacement === "replace" ? replaced : changed).push(change);
    }
  }
  const movedTo = new Set(renames.values());
  const removedRefs = removed.filter((r) => !renames.has(`${r.type}.${r.id}`)).map((r) => ref(r.type, r.id, r.config));
  const addedRefs = added.filter((x) => !movedTo.has(`${x.type}.${x.id}`)).map((x) => ref(x.type, x.id, x.config));
  const risks = [
    ...replaced.filter((c) => c.stateful).map((c) => `${stack}: ${c.address} (${c.stateful}) would be replaced: ${[...new Set(c.attributes.map((x) => x.forcesReplacement).filter(Boolean))].join(", ")} forces a new resource`),
    ...moved.filter((m) => m.stateful).map((m) => `${stack}: ${m.from} (${m.stateful}) would be destroyed and created again as ${m.to} unless a moved block keeps it`),
    ...removedRefs.filter((r) => r.stateful).map((r) => `${stack}: ${r.address} (${r.stateful}) would be destroyed`),
  ];
  const status = !before ? "added" : !after ? "removed" : replaced.length + moved.length + removedRefs.length + addedRefs.length + changed.length ? "changed" : "unchanged";
  return {
    stack, status, replaced, moved, removed: !after ? [] : removedRefs, added: !before ? [] : addedRefs, changed,
    policy: policyDelta(before?.policy, after?.policy),
    statefulRisks: before && after ? risks : [],
  };
}

/** Options of {@link diffSyntheses}. */
export interface DiffOptions {
  /**
   * The cost delta of a stack, from a cost estimator. None exists yet: leave it undefined and
   * no cost is shown (never an invented number).
   */
  readonly costDelta?: (stack: string, before: SynthesizedStackInput | undefined, after: SynthesizedStackInput | undefined) => CostDelta | undefined;
}

/** The difference between a previous synthesis (`before`) and the current one (`after`), per stack, in the current plan order (removed stacks last). */
export function diffSyntheses(before: readonly SynthesizedStackInput[], after: readonly SynthesizedStackInput[], options: DiffOptions = {}): SynthDiff {
  const b = new Map(before.map((s) => [s.name, s]));
  const a = new Map(after.map((s) => [s.name, s]));
  const names = [...a.keys(), ...[...b.keys()].filter((n) => !a.has(n)).sort()];
  const stacks = names.map((name) => {
    const d = diffStack(name, b.get(name), a.get(name));
    const costDelta = options.costDelta?.(name, b.get(name), a.get(name));
    return costDelta ? { ...d, costDelta } : d;
  });
  const typesNotInTable = [...new Set(stacks.flatMap((s) => s.changed.filter((c) => c.replacement === "unknown").map((c) => c.type)))].sort();
  return {
    stacks,
    stacksAdded: names.filter((n) => !b.has(n)),
    stacksRemoved: names.filter((n) => !a.has(n)),
    statefulRisks: stacks.flatMap((s) => s.statefulRisks),
    typesNotInTable,
  };
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DiffInputError(`${file}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DiffInputError(`${file}: ${what} is not JSON (${(e as Error).message})`);
  }
}

/**
 * Reads a synth output folder: `manifest.json` (cdktf's `{ version, stacks }`) and, per stack,
 * `stacks/<stack>/cdk.tf.json` and `policy-report.json` when present. `option` names the flag in
 * messages. Throws {@link DiffInputError} (exit 3) for anything that is not such a folder.
 */
export function readSynthOutput(dir: string, option = "--against"): SynthesizedStackInput[] {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new DiffInputError(`${option} ${dir}: no such folder; give a previous synth output folder (a cdktf.out with manifest.json and stacks/)`);
  if (!stat.isDirectory()) throw new DiffInputError(`${option} ${dir}: is a file, not a folder; give a previous synth output folder (a cdktf.out with manifest.json and stacks/)`);
  const manifestFile = join(dir, "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new DiffInputError(`${option} ${dir}: not a synth output folder: no manifest.json${existsSync(join(dir, "cdktf.out", "manifest.json")) ? ` (did you mean ${join(dir, "cdktf.out")}?)` : ""}`);
  }
  const manifest = readJsonFile(manifestFile, "the manifest") as { stacks?: unknown };
  if (typeof manifest !== "object" || manifest === null || typeof manifest.stacks !== "object" || manifest.stacks === null || Array.isArray(manifest.stacks)) {
    throw new DiffInputError(`${manifestFile}: not a cdktf manifest (expected an object with "stacks", as synth writes)`);
  }
  const names = Object.keys(manifest.stacks as Record<string, unknown>);
  const present = existsSync(join(dir, "stacks")) ? new Set(readdirSync(join(dir, "stacks"))) : new Set<string>();
  return names.map((name) => {
    if (!present.has(name)) throw new DiffInputError(`${manifestFile}: stack ${JSON.stringify(name)} is listed but ${join(dir, "stacks", name)} is missing`);
    const json = readJsonFile(join(dir, "stacks", name, "cdk.tf.json"), "the stack's Terraform JSON");
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new DiffInputError(`${join(dir, "stacks", name, "cdk.tf.json")}: not Terraform JSON (expected an object)`);
    const policyFile = join(dir, "stacks", name, "policy-report.json");
    const policy = existsSync(policyFile) ? (readJsonFile(policyFile, "the policy report") as PolicyReport) : undefined;
    if (policy && (typeof policy !== "object" || !Array.isArray(policy.findings))) throw new DiffInputError(`${policyFile}: not a policy report (expected "stack" and "findings", as synth writes)`);
    return { name, json, ...(policy ? { policy } : {}) };
  });
}
