import type { RuleVerdict } from "./rule";

/*
 * Lifecycle table: when runtimes, engine versions, Kubernetes minors, AI models, VM sizes and
 * whole services stop accepting new deployments or reach end of support, with Microsoft's (or
 * the community's, where Azure follows it) source for each row. The lifecycle rules
 * (rules/lifecycle.ts) judge a synthesized stack against it at the context's date.
 *
 * Research: /work/research/lifecycle.md (2026-11-29). Only rows a source dates are here; a date
 * that was not confirmed is never guessed. Not covered, for lack of a confirmed date:
 * - Cosmos DB for PostgreSQL: a retirement date for the service, and for sql_version 15 and 16;
 * - Azure Database for PostgreSQL Flexible Server 18 (in preview; standard support end
 *   2030-11-14, left out as not needed before 2030);
 * - NDv2 VM sizes (not on the retired sizes list);
 * - Azure Cache for Redis Enterprise / Enterprise Flash: a date new caches are refused;
 * - Azure Managed Redis: no SKU or service retirement announced (read 2026-11-29); its preview
 *   sizes are flagged by the Redis construct at synth (managedRedisSkuInfo), not here;
 * - Azure Cosmos DB for MongoDB vCore (Azure DocumentDB) server versions 5.0-8.0;
 * - Azure Bastion, Static Web Apps, App Service Premium v2 plans: no retirement announced;
 * - AKS LTS (support_plan "AKSLongTermSupport"): its later end dates are in the notes of the
 *   Kubernetes rows, not judged (an LTS cluster is judged by the community date);
 * - VM series announced for retirement: the "restrictions when deploying through new
 *   subscriptions" have no date, so only the retirement date is modelled;
 * - Azure OpenAI: "No earlier than" retirements (no date: the rows exist, without
 *   endOfSupport), the audio and image tables, and fine-tuned model deployments.
 */

/** What a lifecycle entry applies to: one value of one attribute kind, or a whole resource type. */
export type LifecycleMatch =
  /** An App Service language stack: `node` is the major (`"20"` for `20-lts`), `python` is `3.x`. */
  | { readonly kind: "app-service-stack"; readonly stack: "node" | "python"; readonly version: string }
  /** An Azure Database for PostgreSQL Flexible Server major version (`version`). */
  | { readonly kind: "postgres-flexible"; readonly version: string }
  /** An Azure Cosmos DB for PostgreSQL engine major version (`sql_version`). */
  | { readonly kind: "cosmos-postgres"; readonly sqlVersion: string }
  /** A Kubernetes minor version on AKS (`"1.29"` matches `1.29` and `1.29.7`). */
  | { readonly kind: "kubernetes"; readonly minor: string }
  /** An Azure OpenAI model; `version` undefined means every version of the model. */
  | { readonly kind: "openai-model"; readonly name: string; readonly version?: string }
  /** VM sizes, by a case-insensitive regular expression over the full size name (`Standard_NC6s_v3`). */
  | { readonly kind: "vm-size"; readonly sizes: RegExp }
  /** A whole service, by its azurerm resource type. */
  | { readonly kind: "service"; readonly resourceType: string }
  // FunctionApp (lib/web/function-app.ts): a Functions hosting plan, by OS and plan SKU.
  /** An Azure Functions hosting plan: `os_type` and `sku_name` of the function app's `azurerm_service_plan`. */
  | { readonly kind: "functions-plan"; readonly os: "Linux" | "Windows"; readonly sku: string };

export type LifecycleKind = LifecycleMatch["kind"];

export interface LifecycleEntry {
  /** Stable id, e.g. `appservice-node-20`. */
  readonly id: string;
  /** What the row is about, e.g. `Node.js 20 LTS on App Service (Linux)`. */
  readonly what: string;
  readonly match: LifecycleMatch;
  /**
   * Date new deployments are refused, and who is refused. `since` = Microsoft's date; when
   * Microsoft states a block without a date, `since` is undefined and `asOf` is the date the
   * project read the statement.
   */
  readonly closedToNew?: { readonly since?: string; readonly asOf: string; readonly who: "everyone" | "new-customers" };
  /** End of (standard) support / retirement date. */
  readonly endOfSupport?: string;
  /** What to use instead, as a fix. */
  readonly successor: string;
  /** Where the dates come from (URL). */
  readonly source: string;
  readonly note?: string;
}

/** A lifecycle date this close (in days) or closer gives a warning before it passes. */
export const LIFECYCLE_WARNING_DAYS = 180;

const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** A `YYYY-MM-DD` date as a UTC day number (days since 1970-01-01). */
function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new Error(`${JSON.stringify(date)} is not a date (expected YYYY-MM-DD)`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** Days from `from` to `to` (both `YYYY-MM-DD`, UTC): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** What end of support means for each kind of row, per its source, in a few words. */
const AT_END_OF_SUPPORT: Readonly<Record<LifecycleKind, string>> = {
  "app-service-stack": "App Service follows the community end of life: no security patches or support for it",
  "postgres-flexible": "end of standard support: no new servers on it, existing servers move to paid extended support",
  "cosmos-postgres": "retired: new clusters cannot use it",
  kubernetes: "AKS: no new clusters on it, platform support only unless LTS is enabled",
  "openai-model": "retired: its deployments return errors",
  "vm-size": "retired: no longer available and cannot be provisioned",
  service: "retired: no longer supported",
  // FunctionApp
  "functions-plan": "retired: function apps on it are no longer supported",
};

function inDays(days: number): string {
  return days === 1 ? "in 1 day" : `in ${days} days`;
}

/**
 * The verdict on a configuration that uses `entry`'s value at `date` (`YYYY-MM-DD`, compared
 * with the entry's dates as UTC days), or undefined when nothing is due yet. In order:
 *
 * 1. `date >= endOfSupport`: an error, `WHAT reached end of support on DATE (...)`.
 * 2. `closedToNew.who` is `everyone` and `date >= since` (or `asOf` when Microsoft gave no
 *    date): an error, `closed to new deployments since SINCE` or
 *    `(as stated by Microsoft on AS_OF)`.
 * 3. `closedToNew.who` is `new-customers` and `date >= since` (or `asOf`): a warning: existing
 *    customers can still deploy it, new customers cannot.
 * 4. `endOfSupport`, or a `closedToNew.since` still to come, is at most
 *    {@link LIFECYCLE_WARNING_DAYS} days after `date`: a warning, `... on DATE, in N days`.
 * 5. Otherwise undefined.
 *
 * Messages are one line, name the date and contain no `;` (rules join several with `; `); in
 * cases 2 and 3 they also name the end of support when it is known. The fix is always
 * `entry.successor`.
 * @throws when `date` or one of the entry's dates is not `YYYY-MM-DD`
 */
export function lifecycleVerdict(entry: LifecycleEntry, date: string): RuleVerdict | undefined {
  const fix = entry.successor;
  const today = dayNumber(date);
  const end = entry.endOfSupport;
  const closed = entry.closedToNew;

  if (end !== undefined && today >= dayNumber(end)) {
    return { severity: "error", message: `${entry.what} reached end of support on ${end} (${AT_END_OF_SUPPORT[entry.match.kind]})`, fix };
  }
  const endLater = end !== undefined ? ` and reaches end of support on ${end}, ${inDays(dayNumber(end) - today)}` : "";
  if (closed !== undefined && today >= dayNumber(closed.since ?? closed.asOf)) {
    const when = closed.since !== undefined ? `since ${closed.since}` : `(as stated by Microsoft on ${closed.asOf})`;
    if (closed.who === "everyone") return { severity: "error", message: `${entry.what} is closed to new deployments ${when}${endLater}`, fix };
    return { severity: "warning", message: `${entry.what} is closed to new customers ${when} (existing customers can still deploy it, new customers cannot)${endLater}`, fix };
  }

  // Dates still to come within the warning window, grouped by date.
  const upcoming = new Map<string, string[]>();
  const add = (when: string | undefined, event: string) => {
    if (when === undefined) return;
    const days = dayNumber(when) - today;
    if (days > 0 && days <= LIFECYCLE_WARNING_DAYS) upcoming.set(when, [...(upcoming.get(when) ?? []), event]);
  };
  if (closed?.since !== undefined) add(closed.since, closed.who === "everyone" ? "closes to new deployments" : "closes to new customers");
  add(end, "reaches end of support");
  if (upcoming.size === 0) return undefined;
  const parts = [...upcoming.entries()]
    .sort(([a], [b]) => dayNumber(a) - dayNumber(b))
    .map(([when, events]) => `${events.join(" and ")} on ${when}, ${inDays(dayNumber(when) - today)}`);
  return { severity: "warning", message: `${entry.what} ${parts.join(", and ")}`, fix };
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

const APP_SERVICE_POLICY = "https://learn.microsoft.com/azure/app-service/language-support-policy";
const NODE_RELEASES = "https://github.com/nodejs/Release";
const PYTHON_VERSIONS = "https://devguide.python.org/versions/";
const PG_VERSION_POLICY = "https://learn.microsoft.com/azure/postgresql/configure-maintain/concepts-version-policy";
const COSMOS_PG_MIGRATE = "https://learn.microsoft.com/azure/cosmos-db/postgresql/how-to-migrate-database-postgresql";
const COSMOS_PG_VERSIONS = "https://learn.microsoft.com/azure/cosmos-db/postgresql/reference-versions";
const AKS_VERSIONS = "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions";
const OPENAI_RETIREMENTS = "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements";
const VM_RETIRED_SIZES = "https://learn.microsoft.com/azure/virtual-machines/sizes/retirement/retired-sizes-list";
const REDIS_RETIREMENT = "https://learn.microsoft.com/azure/azure-cache-for-redis/retirement-faq";

/** The date the project read statements that carry no date of their own. */
const READ_ON = "2026-11-29";

// ---------------------------------------------------------------------------------------------
// App Service (Linux) language stacks. App Service "follows community support timelines for the
// lifecycle of the runtime" (language-support-policy): the end of support is the community's end
// of life (Node.js release schedule; Python devguide, which gives a month only from 3.10 on: the
// last day of that month). The portal drops a Node.js version at end of life; azurerm may still
// accept it, so no separate closedToNew.
// ---------------------------------------------------------------------------------------------

const FOLLOWS_COMMUNITY = `Community end of life; App Service "follows community support timelines" (${APP_SERVICE_POLICY}).`;
const NODE_22 = 'node_version "22-lts" ("22" on function apps; azurerm 4.55 accepts up to 22-lts; 24-lts needs a newer provider)';
const NODE_24 = 'node_version "24-lts" ("24" on function apps) once the azurerm provider accepts it (4.55 does not; hashicorp/terraform-provider-azurerm PR #31098)';
const PYTHON_313 = 'python_version "3.13" (azurerm 4.55 accepts up to 3.13; 3.14 needs a newer provider)';

function node(major: string, endOfLife: string, successor: string, note?: string): LifecycleEntry {
  return {
    id: `appservice-node-${major}`,
    what: `Node.js ${major} LTS on App Service (Linux)`,
    match: { kind: "app-service-stack", stack: "node", version: major },
    endOfSupport: endOfLife,
    successor,
    source: NODE_RELEASES,
    note: [FOLLOWS_COMMUNITY, note].filter(Boolean).join(" "),
  };
}

function python(version: string, endOfLife: string, successor: string, note?: string): LifecycleEntry {
  return {
    id: `appservice-python-${version}`,
    what: `Python ${version} on App Service (Linux)`,
    match: { kind: "app-service-stack", stack: "python", version },
    endOfSupport: endOfLife,
    successor,
    source: PYTHON_VERSIONS,
    note: [FOLLOWS_COMMUNITY, note].filter(Boolean).join(" "),
  };
}

const MONTH_ONLY = "The Python devguide gives the month only: the last day of the month is used (endoflife.date agrees).";

const APP_SERVICE_STACKS: readonly LifecycleEntry[] = [
  node("18", "2025-04-30", NODE_22),
  node("20", "2026-04-30", NODE_22, "cloudfoundry/nodejs-buildpack#915 confirms: Node.js 20 reached end-of-life on 2026-04-30."),
  node("22", "2027-04-30", NODE_24),
  node("24", "2028-04-30", "a later Node.js LTS, once App Service and the azurerm provider offer one", "azurerm 4.55 rejects node_version 24-lts (issue #31093); a newer provider accepts it."),
  python("3.9", "2025-10-31", PYTHON_313),
  python("3.10", "2026-10-31", PYTHON_313, MONTH_ONLY),
  python("3.11", "2027-10-31", PYTHON_313, MONTH_ONLY),
  python("3.12", "2028-10-31", PYTHON_313, MONTH_ONLY),
  python("3.13", "2029-10-31", 'python_version "3.14" once the azurerm provider accepts it (4.55 does not)', MONTH_ONLY),
  python("3.14", "2030-10-31", "a later Python version, once App Service and the azurerm provider offer one", `${MONTH_ONLY} azurerm 4.55 does not accept python_version 3.14.`),
];

// ---------------------------------------------------------------------------------------------
// Azure Database for PostgreSQL Flexible Server (concepts-version-policy, ms.date 2026-01-20):
// endOfSupport is the end of Azure's standard support; paid Extended Support follows. "You can't
// create new servers by using a PostgreSQL version that is retired."
// ---------------------------------------------------------------------------------------------

function postgres(version: string, endOfStandardSupport: string, successor: string, note: string, closed = false): LifecycleEntry {
  return {
    id: `postgres-flexible-${version}`,
    what: `PostgreSQL ${version} on Azure Database for PostgreSQL Flexible Server`,
    match: { kind: "postgres-flexible", version },
    closedToNew: closed ? { since: endOfStandardSupport, asOf: READ_ON, who: "everyone" } : undefined,
    endOfSupport: endOfStandardSupport,
    successor,
    source: PG_VERSION_POLICY,
    note,
  };
}

const PG_17 = 'version "17" (standard support until 2029-11-08)';
const PG_RETIRED = "\"You can't create new servers by using a PostgreSQL version that is retired\"; point-in-time restore and read replicas remain possible. endoflife.date lists 2026-07-31 (a later Learn revision may have moved it; not confirmed).";

const POSTGRES_FLEXIBLE: readonly LifecycleEntry[] = [
  postgres("11", "2026-03-31", PG_17, `${PG_RETIRED} Paid Extended Support until 2026-11-08.`, true),
  postgres("12", "2026-03-31", PG_17, `${PG_RETIRED} Paid Extended Support until 2027-11-13.`, true),
  postgres("13", "2026-03-31", PG_17, `${PG_RETIRED} Paid Extended Support until 2028-11-12.`, true),
  postgres("14", "2026-12-11", PG_17, "The page's summary table says 2026-11-12 (the community date); its Extended Support table says Azure standard support ends 2026-12-11 (used; endoflife.date agrees). Paid Extended Support 2026-12-12 to 2029-11-11."),
  postgres("15", "2027-11-11", PG_17, "End of standard support; paid Extended Support follows."),
  postgres("16", "2028-11-09", PG_17, "End of standard support; paid Extended Support follows."),
  postgres("17", "2029-11-08", 'version "18" once generally available in the region (standard support until 2030-11-14)', "End of standard support; paid Extended Support follows."),
];

// ---------------------------------------------------------------------------------------------
// Azure Cosmos DB for PostgreSQL engine versions (reference-versions; see also
// lib/data/cosmos-postgres-cluster.ts): a retired PostgreSQL version cannot be used for new
// clusters.
// ---------------------------------------------------------------------------------------------

function cosmosPostgres(version: string, retired: string): LifecycleEntry {
  return {
    id: `cosmos-postgres-${version}`,
    what: `PostgreSQL ${version} on Azure Cosmos DB for PostgreSQL`,
    match: { kind: "cosmos-postgres", sqlVersion: version },
    closedToNew: { since: retired, asOf: READ_ON, who: "everyone" },
    endOfSupport: retired,
    successor: 'sql_version "16" (Citus 12.1), and plan the move to Azure Database for PostgreSQL Flexible Server elastic clusters',
    source: COSMOS_PG_VERSIONS,
    note: "Retired engine versions cannot be used for new clusters.",
  };
}

const COSMOS_POSTGRES_VERSIONS: readonly LifecycleEntry[] = [
  cosmosPostgres("11", "2023-11-09"),
  cosmosPostgres("12", "2024-11-21"),
  cosmosPostgres("13", "2025-11-13"),
  cosmosPostgres("14", "2026-11-12"),
];

// ---------------------------------------------------------------------------------------------
// AKS Kubernetes minor versions (supported-kubernetes-versions, ms.date 2026-08-05): "Unless an
// explicit date is provided, the End of Life (EOL) date is the last day of the specified month."
// After end of life a version is under platform support, where "Cluster creation: Not
// Supported": modelled as endOfSupport.
// ---------------------------------------------------------------------------------------------

function kubernetes(minor: string, endOfLife: string, ltsEnd: string, note?: string): LifecycleEntry {
  return {
    id: `aks-kubernetes-${minor}`,
    what: `Kubernetes ${minor} on AKS`,
    match: { kind: "kubernetes", minor },
    endOfSupport: endOfLife,
    successor: `a minor version AKS still supports: 1.36 or later (az aks get-versions --location <region>); LTS (sku_tier "Premium", support_plan "AKSLongTermSupport") supports ${minor} until ${ltsEnd}`,
    source: AKS_VERSIONS,
    note: [`LTS end of life ${ltsEnd} (not judged: the rule uses the community date).`, note].filter(Boolean).join(" "),
  };
}

/** The AKS Kubernetes minor rows, oldest first (AksCluster lists the supported ones in its messages). */
export const KUBERNETES_VERSIONS: readonly LifecycleEntry[] = [
  kubernetes("1.29", "2025-03-31", "2026-04-30"),
  kubernetes("1.30", "2025-08-22", "2026-07-31", "Explicit end-of-life date."),
  kubernetes("1.31", "2025-11-01", "2026-11-30", "Explicit end-of-life date."),
  kubernetes("1.32", "2026-03-31", "2027-03-31"),
  kubernetes("1.33", "2026-07-31", "2027-07-31", "An older revision of the page said June 2026; upstream Kubernetes ends 1.33 on 2026-06-28."),
  kubernetes("1.34", "2026-11-30", "2027-11-30"),
  kubernetes("1.35", "2027-03-31", "2028-03-31"),
  // AksCluster (lib/compute/aks-cluster.ts): same page and revision, GA June 2026 and October 2026.
  kubernetes("1.36", "2027-06-30", "2028-06-30"),
  kubernetes("1.37", "2027-10-31", "2028-10-31"),
];

// ---------------------------------------------------------------------------------------------
// Azure OpenAI models (model-retirements; table from MicrosoftDocs/azure-ai-docs
// articles/foundry/openai/includes/retirement/models.md, the revision that lists gpt-5.5, ms.date
// 2025-12-16 with 2026 changes): the text generation and embedding tables. "Deprecation Date (No
// New Customers)" is closedToNew for new customers; "Retirement Date" is endOfSupport, when
// deployments return errors. "No earlier than" dates are not dates: kept in the note only.
// ---------------------------------------------------------------------------------------------

interface ModelRow {
  readonly name: string;
  readonly version: string;
  /** Deprecation date (no new customers), when the table gives one. */
  readonly deprecation?: string;
  /** Retirement date, when the table gives a firm one. */
  readonly retirement?: string;
  /** Microsoft's replacement model, when named. */
  readonly replacement?: string;
  readonly note?: string;
}

const GPT_4O_STANDARD = "Standard deployment type retired 2026-03-31 (auto-upgrades from 2026-03-09); Provisioned, Global Standard and Data Zone Standard retire 2026-10-01: the later date is used.";
const NOT_BEFORE_2027_04_15 = 'Retirement: "No retirement scheduled. Will not retire before April 15, 2027".';

const MODEL_ROWS: readonly ModelRow[] = [
  // Text generation
  { name: "gpt-5-chat", version: "2025-08-07", retirement: "2026-04-15", replacement: "gpt-5.3-chat", note: "Preview." },
  { name: "gpt-5-chat", version: "2025-10-03", retirement: "2026-04-15", replacement: "gpt-5.3-chat", note: "Preview." },
  { name: "gpt-5.3-chat", version: "2025-12-11", retirement: "2026-06-01", note: "Preview." },
  { name: "gpt-4o", version: "2024-05-13", deprecation: "2025-05-13", retirement: "2026-10-01", replacement: "gpt-5.1", note: GPT_4O_STANDARD },
  { name: "gpt-4o", version: "2024-08-06", deprecation: "2025-08-06", retirement: "2026-10-01", replacement: "gpt-5.1", note: GPT_4O_STANDARD },
  { name: "gpt-4o", version: "2024-11-20", deprecation: "2025-11-20", retirement: "2026-10-01", replacement: "gpt-5.1" },
  { name: "gpt-4o-mini", version: "2024-07-18", deprecation: "2025-07-18", retirement: "2026-10-01", replacement: "gpt-4.1-mini", note: GPT_4O_STANDARD },
  { name: "gpt-4.1", version: "2025-04-14", deprecation: "2026-04-14", retirement: "2026-10-14", replacement: "gpt-5" },
  { name: "gpt-4.1-mini", version: "2025-04-14", deprecation: "2026-04-14", retirement: "2026-10-14", replacement: "gpt-5-mini" },
  { name: "gpt-4.1-nano", version: "2025-04-14", deprecation: "2026-04-14", retirement: "2026-10-14", replacement: "gpt-5-nano" },
  { name: "computer-use-preview", version: "2025-03-11", note: "Preview. Retirement: no earlier than 2026-04-14." },
  { name: "o1", version: "2024-12-17", deprecation: "2025-12-17", retirement: "2026-07-15", replacement: "o3" },
  { name: "o1-pro", version: "2025-03-19", deprecation: "2026-03-19", retirement: "2026-09-18", replacement: "o3-pro" },
  { name: "o3-mini", version: "2025-01-31", deprecation: "2026-01-31", retirement: "2026-08-02", replacement: "o4-mini" },
  { name: "o3", version: "2025-04-16", deprecation: "2026-04-16", retirement: "2026-10-16" },
  { name: "o3-pro", version: "2025-06-10", deprecation: "2026-06-10", retirement: "2026-12-10" },
  { name: "o3-deep-research", version: "2025-06-26", deprecation: "2026-06-26", retirement: "2026-12-26" },
  { name: "o4-mini", version: "2025-04-16", deprecation: "2026-04-16", retirement: "2026-10-16" },
  { name: "codex-mini", version: "2025-05-16", deprecation: "2026-05-16", retirement: "2026-11-15" },
  { name: "model-router", version: "2025-11-18", deprecation: "2026-11-18", retirement: "2027-05-20" },
  { name: "gpt-5", version: "2025-08-07", deprecation: "2026-08-07", retirement: "2027-02-06" },
  { name: "gpt-5-mini", version: "2025-08-07", deprecation: "2026-08-07", retirement: "2027-02-06" },
  { name: "gpt-5-nano", version: "2025-08-07", deprecation: "2026-08-07", retirement: "2027-02-06" },
  { name: "gpt-5-codex", version: "2025-09-15", deprecation: "2026-09-15", retirement: "2027-03-17" },
  { name: "gpt-5-pro", version: "2025-10-06", deprecation: "2026-10-06", retirement: "2027-04-07" },
  { name: "gpt-5.1", version: "2025-11-13", deprecation: "2026-11-13", retirement: "2027-05-15" },
  { name: "gpt-5.1-codex", version: "2025-11-13", deprecation: "2026-11-15", retirement: "2027-05-15", note: "An earlier revision of the table gave 2026-11-13 for the deprecation." },
  { name: "gpt-5.1-codex-mini", version: "2025-11-13", deprecation: "2026-11-15", retirement: "2027-05-15", note: "An earlier revision of the table gave 2026-11-13 for the deprecation." },
  { name: "gpt-5.1-chat", version: "2025-11-13", retirement: "2026-05-13", note: "Preview." },
  { name: "gpt-5.2", version: "2025-12-11", deprecation: "2026-06-12", retirement: "2026-12-12", note: "An earlier revision of the table said no earlier than 2026-12-12 (deprecation) and 2027-05-12 (retirement)." },
  { name: "gpt-5.2-chat", version: "2025-12-11", note: "Preview. Retirement: no earlier than 2026-05-13." },
  { name: "gpt-5.2-codex", version: "2026-01-14", deprecation: "2026-07-14", retirement: "2027-01-14", replacement: "gpt-5.3-codex" },
  { name: "gpt-5.3-codex", version: "2026-02-24", deprecation: "2026-09-25", retirement: "2027-02-25" },
  { name: "gpt-5.4", version: "2026-03-05", deprecation: "2026-09-05", retirement: "2027-03-05" },
  { name: "gpt-5.4-pro", version: "2026-03-05", deprecation: "2026-09-06", retirement: "2027-03-06" },
  { name: "gpt-5.4-mini", version: "2026-03-17", deprecation: "2026-09-18", retirement: "2027-03-18" },
  { name: "gpt-5.4-nano", version: "2026-03-17", deprecation: "2026-09-18", retirement: "2027-03-18" },
  { name: "gpt-5.5", version: "2026-04-24", deprecation: "2026-10-24", retirement: "2027-04-24" },
  // Embedding
  { name: "text-embedding-3-large", version: "1", note: NOT_BEFORE_2027_04_15 },
  { name: "text-embedding-3-small", version: "1", note: NOT_BEFORE_2027_04_15 },
  { name: "text-embedding-ada-002", version: "2", note: NOT_BEFORE_2027_04_15 },
  { name: "text-embedding-ada-002", version: "1", note: NOT_BEFORE_2027_04_15 },
];

/** The fix for a model row: Microsoft's replacement (with its own retirement date), or a newer model. */
function modelSuccessor(row: ModelRow): string {
  if (row.deprecation === undefined && row.retirement === undefined) return "no change needed yet (no retirement scheduled)";
  if (row.replacement === undefined) return "a newer model with a later retirement date (Microsoft names no replacement; see the model retirements page)";
  const own = MODEL_ROWS.filter((r) => r.name === row.replacement && r.retirement !== undefined).map((r) => r.retirement as string).sort().pop();
  return `model "${row.replacement}" (Microsoft's replacement${own ? `, itself retiring on ${own}` : ""}) or a newer model with a later retirement date`;
}

const OPENAI_MODELS: readonly LifecycleEntry[] = MODEL_ROWS.map((row) => ({
  id: `openai-${row.name}-${row.version}`,
  what: `Azure OpenAI model ${row.name} version ${row.version}`,
  match: { kind: "openai-model", name: row.name, version: row.version },
  closedToNew: row.deprecation !== undefined ? { since: row.deprecation, asOf: READ_ON, who: "new-customers" } : undefined,
  endOfSupport: row.retirement,
  successor: modelSuccessor(row),
  source: OPENAI_RETIREMENTS,
  note: row.note,
}));

// ---------------------------------------------------------------------------------------------
// VM sizes (retired-sizes-list, the revision with NVv3/NVv4): "Series with Retirement Status
// listed as Retired are no longer available and can't be provisioned"; sizes announced for
// retirement "will have restrictions when deploying through new subscriptions" (no date: not
// modelled). Regular expressions match whole size names, case-insensitively.
// ---------------------------------------------------------------------------------------------

const D_SERIES_GUIDE = "https://learn.microsoft.com/azure/virtual-machines/migration/sizes/d-ds-dv2-dsv2-ls-series-migration-guide";
const CURRENT_GENERATION = `a current-generation size of the same family (Microsoft's migration guide: ${D_SERIES_GUIDE})`;
const ANNOUNCED = "Announced for retirement: restrictions when deploying through new subscriptions (no date given).";

function vmSeries(id: string, what: string, sizes: RegExp, endOfSupport: string, successor: string, source: string, note?: string): LifecycleEntry {
  return { id: `vm-${id}`, what, match: { kind: "vm-size", sizes }, endOfSupport, successor, source, note };
}

const VM_SIZES: readonly LifecycleEntry[] = [
  // Retired GPU series
  vmSeries("ncv3", "NCv3-series VM size", /^Standard_NC\d+r?s_v3$/i, "2025-09-30", "a current GPU series (see https://learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement)", VM_RETIRED_SIZES, "Remaining VMs were deallocated at retirement."),
  vmSeries("nc-v1", "NC-series (v1) VM size", /^Standard_NC\d+r?$/i, "2023-08-31", "a current GPU series", "https://learn.microsoft.com/azure/virtual-machines/n-series-migration", "Medium confidence: some notices say 2023-09-06."),
  vmSeries("ncv2", "NCv2-series VM size", /^Standard_NC\d+r?s_v2$/i, "2023-08-31", "a current GPU series", "https://learn.microsoft.com/azure/virtual-machines/n-series-migration", "Medium confidence: some notices say 2023-09-06."),
  vmSeries("nd-v1", "ND-series (v1) VM size", /^Standard_ND\d+r?s$/i, "2023-08-31", "a current GPU series", "https://learn.microsoft.com/azure/virtual-machines/n-series-migration", "Medium confidence: some notices say 2023-09-06."),
  vmSeries("nv-v1", "NV-series (v1, and NV_Promo) VM size", /^Standard_NV\d+(_Promo)?$/i, "2023-09-06", "a current GPU series (see the retirement page)", "https://learn.microsoft.com/azure/virtual-machines/sizes/retirement/nv-series-retirement", "Retirement extended by one year."),
  vmSeries("nvv3", "NVv3-series VM size", /^Standard_NV\d+s_v3$/i, "2026-09-30", "NVads A10 v5 or NVads V710 v5", VM_RETIRED_SIZES, "Announced 2026-04-15 (azure.microsoft.com/updates?id=516070); one revision of the page."),
  vmSeries("nvv4", "NVv4-series VM size", /^Standard_NV\d+as_v4$/i, "2026-09-30", "NVads A10 v5 or NVads V710 v5", VM_RETIRED_SIZES, "Announced 2026-04-15 (azure.microsoft.com/updates?id=516070); one revision of the page."),
  // Retired general purpose
  vmSeries("av1", "Av1-series (A0-A11, Basic_A0-A4) VM size", /^(Standard_A([0-9]|1[01])|Basic_A[0-4])$/i, "2024-08-31", "a current general purpose size (Av2, the previous-generation replacement, is itself retiring on 2028-11-15)", "https://learn.microsoft.com/azure/virtual-machines/retirement-notices", "Medium confidence: date from a secondary source (AzVMAvailability UpgradePath.json) citing the Learn retirement notices."),
  // Announced general purpose
  vmSeries("av2", "Av2/Amv2-series VM size", /^Standard_A\d+m?_v2$/i, "2028-11-15", CURRENT_GENERATION, VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("b-v1", "B-series (v1) VM size", /^Standard_B(1ls|1s|1ms|2s|2ms|4ms|8ms|12ms|16ms|20ms)$/i, "2028-11-15", "a current B-series size (Bsv2, Basv2 or Bpsv2, e.g. Standard_B2s_v2)", VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("d-ds-v1", "D/Ds-series (v1) VM size", /^Standard_DS?\d+$/i, "2028-05-01", `Dasv5/Dsv5 (or the v6 series), per ${D_SERIES_GUIDE}`, VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("dv2-dsv2", "Dv2/DSv2-series VM size", /^Standard_DS?\d+(-\d+)?_v2(_Promo)?$/i, "2028-05-01", `Dasv5/Dsv5 (or the v6 series), per ${D_SERIES_GUIDE}`, VM_RETIRED_SIZES, ANNOUNCED),
  // Announced compute, memory and storage optimized
  vmSeries("f-fs", "F/Fs-series (v1) VM size", /^Standard_F\d+s?$/i, "2028-11-15", CURRENT_GENERATION, VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("fsv2", "Fsv2-series VM size", /^Standard_F\d+s_v2$/i, "2028-11-15", CURRENT_GENERATION, VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("g-gs", "G/Gs-series VM size", /^Standard_GS?\d+(-\d+)?$/i, "2028-11-15", CURRENT_GENERATION, VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("m192-v2", "Standard_M192i(d)(m)s_v2 VM size", /^Standard_M192id?m?s_v2$/i, "2027-03-31", "a current M-series size (https://learn.microsoft.com/azure/virtual-machines/sizes/retirement/msv2-mdsv2-retirement)", VM_RETIRED_SIZES, "Announced 2024-03-22."),
  vmSeries("ls", "Ls-series VM size", /^Standard_L\d+s$/i, "2028-05-01", `Lsv3 or Lasv3, per ${D_SERIES_GUIDE}`, VM_RETIRED_SIZES, ANNOUNCED),
  vmSeries("lsv2", "Lsv2-series VM size", /^Standard_L\d+s_v2$/i, "2028-11-15", "Lsv3 or Lasv3", VM_RETIRED_SIZES, ANNOUNCED),
];

// ---------------------------------------------------------------------------------------------
// Services on a retirement path.
// ---------------------------------------------------------------------------------------------

const SERVICES: readonly LifecycleEntry[] = [
  {
    id: "service-cosmos-postgres",
    what: "Azure Cosmos DB for PostgreSQL",
    match: { kind: "service", resourceType: "azurerm_cosmosdb_postgresql_cluster" },
    closedToNew: { asOf: READ_ON, who: "everyone" },
    successor: "Azure Database for PostgreSQL Flexible Server (azurerm_postgresql_flexible_server), with elastic clusters for Citus workloads",
    source: COSMOS_PG_MIGRATE,
    note: '"New deployments of Azure Cosmos DB for PostgreSQL are blocked because the service is on a retirement path. Existing clusters, including read replicas, remain supported." No retirement date found.',
  },
  {
    id: "service-redis-cache",
    what: "Azure Cache for Redis (Basic, Standard, Premium)",
    match: { kind: "service", resourceType: "azurerm_redis_cache" },
    closedToNew: { since: "2026-04-01", asOf: READ_ON, who: "new-customers" },
    endOfSupport: "2028-09-30",
    successor: "Azure Managed Redis (azurerm_managed_redis)",
    source: REDIS_RETIREMENT,
    note: "Retirement date: high confidence. New-customer block (tenants with no Azure Cache for Redis before 2026-04-01): low confidence, secondary source; a planned 2026-10-01 block for existing customers was later removed (secondhand).",
  },
  {
    id: "service-redis-enterprise",
    what: "Azure Cache for Redis Enterprise and Enterprise Flash",
    match: { kind: "service", resourceType: "azurerm_redis_enterprise_cluster" },
    endOfSupport: "2027-03-31",
    successor: "Azure Managed Redis (azurerm_managed_redis)",
    source: REDIS_RETIREMENT,
    note: "A date new caches are refused was not confirmed.",
  },
  // AvailabilityTest (lib/observability/availability-test.ts): classic availability tests.
  {
    id: "service-classic-web-test",
    what: "Application Insights classic availability tests (URL ping and multi-step web tests)",
    match: { kind: "service", resourceType: "azurerm_application_insights_web_test" },
    endOfSupport: "2026-09-30",
    successor: "a standard availability test (AvailabilityTest, azurerm_application_insights_standard_web_test)",
    source: "https://learn.microsoft.com/azure/azure-monitor/app/availability",
    note: "URL ping tests retire on 2026-09-30 (existing ones are removed from their resources); multi-step web tests retired on 2024-08-31. The page states no earlier date new ping tests are refused.",
  },
];

// ---------------------------------------------------------------------------------------------
// FunctionApp (lib/web/function-app.ts): Azure Functions hosting plans. "The option to host
// function apps on Linux in a Consumption plan is retiring on 30 September 2028. The Linux
// Consumption plan isn't getting any new features or language versions. Apps running on Windows
// in a Consumption plan aren't currently affected. Migrate your apps to the Flex Consumption plan
// before the retirement date." (functions-versions, read 2026-11-29; the same notice is in
// functions-scale). No date for refusing new apps was found: no closedToNew.
// ---------------------------------------------------------------------------------------------

const FUNCTIONS_VERSIONS = "https://learn.microsoft.com/azure/azure-functions/functions-versions";

const FUNCTIONS_PLANS: readonly LifecycleEntry[] = [
  {
    id: "functions-linux-consumption",
    what: "The Azure Functions Linux Consumption plan (Y1 on Linux)",
    match: { kind: "functions-plan", os: "Linux", sku: "Y1" },
    endOfSupport: "2028-09-30",
    successor: "the Flex Consumption plan (sku_name FC1, azurerm_function_app_flex_consumption; FunctionApp plan kind FlexConsumption); Microsoft's migration guide: https://learn.microsoft.com/azure/azure-functions/migration/migrate-plan-consumption-to-flex",
    source: FUNCTIONS_VERSIONS,
    note: "Announced retirement; the plan gets no new features or language versions (.NET 9 is its last .NET). Apps on the v3 runtime on Linux Consumption stop running after 2026-09-30. Windows Consumption is not affected.",
  },
];

/** Every lifecycle row. */
export const LIFECYCLE: readonly LifecycleEntry[] = [
  ...APP_SERVICE_STACKS,
  ...POSTGRES_FLEXIBLE,
  ...COSMOS_POSTGRES_VERSIONS,
  ...KUBERNETES_VERSIONS,
  ...OPENAI_MODELS,
  ...VM_SIZES,
  ...SERVICES,
  // FunctionApp
  ...FUNCTIONS_PLANS,
];

// ---------------------------------------------------------------------------------------------
// Lookups, one per kind. Each takes the value as synthesized and returns the row, or undefined
// when the table has none (not a known retirement: never an approval).
// ---------------------------------------------------------------------------------------------

type Match<K extends LifecycleKind> = Extract<LifecycleMatch, { kind: K }>;

function find<K extends LifecycleKind>(kind: K, test: (match: Match<K>) => boolean): LifecycleEntry | undefined {
  return LIFECYCLE.find((e) => e.match.kind === kind && test(e.match as Match<K>));
}

/**
 * The row of an App Service language stack. Node versions are compared by major: `20-lts` (web
 * apps), `20` (function apps) and `~20` are all Node.js 20.
 */
export function findAppServiceStack(stack: "node" | "python", version: string): LifecycleEntry | undefined {
  const v = version.trim().toLowerCase();
  const key = stack === "node" ? /^~?(\d+)(-lts)?$/.exec(v)?.[1] : v;
  return key === undefined ? undefined : find("app-service-stack", (m) => m.stack === stack && m.version === key);
}

/** The row of a PostgreSQL Flexible Server major version (`"14"`). */
export function findPostgresFlexibleVersion(version: string | number): LifecycleEntry | undefined {
  const v = String(version).trim();
  return find("postgres-flexible", (m) => m.version === v);
}

/** The row of a Cosmos DB for PostgreSQL `sql_version` (`"14"`). */
export function findCosmosPostgresVersion(sqlVersion: string | number): LifecycleEntry | undefined {
  const v = String(sqlVersion).trim();
  return find("cosmos-postgres", (m) => m.sqlVersion === v);
}

/** The row of a Kubernetes version on AKS, by its minor: `1.29` and `1.29.7` both find `1.29`. */
export function findKubernetesVersion(version: string): LifecycleEntry | undefined {
  const minor = /^v?(\d+\.\d+)(\.\d+)?$/.exec(version.trim())?.[1];
  return minor === undefined ? undefined : find("kubernetes", (m) => m.minor === minor);
}

/**
 * The row of an Azure OpenAI model. With a version: the row of that version, or a row for every
 * version of the model. Without one (Azure picks its default version): only a row for every
 * version, since which version Azure picks is not known at synth.
 */
export function findOpenAiModel(name: string, version?: string): LifecycleEntry | undefined {
  const n = name.trim().toLowerCase();
  const v = version?.trim();
  return (
    (v !== undefined ? find("openai-model", (m) => m.name === n && m.version === v) : undefined) ??
    find("openai-model", (m) => m.name === n && m.version === undefined)
  );
}

/** The row of a VM size (`Standard_NC6s_v3`). */
export function findVmSize(size: string): LifecycleEntry | undefined {
  const s = size.trim();
  return find("vm-size", (m) => m.sizes.test(s));
}

/** The row of a service on a retirement path, by azurerm resource type. */
export function findService(resourceType: string): LifecycleEntry | undefined {
  return find("service", (m) => m.resourceType === resourceType);
}

// FunctionApp (lib/web/function-app.ts)
/** The row of an Azure Functions hosting plan, by the plan's OS (`Linux`, `Windows`) and SKU (`Y1`). */
export function findFunctionsPlan(os: string, sku: string): LifecycleEntry | undefined {
  const o = os.trim().toLowerCase();
  const k = sku.trim().toUpperCase();
  return find("functions-plan", (m) => m.os.toLowerCase() === o && m.sku === k);
}
