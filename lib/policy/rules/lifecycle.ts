import { today } from "../engine";
import {
  type LifecycleEntry,
  findAppServiceStack,
  findCosmosPostgresVersion,
  findFunctionsPlan,
  findKubernetesVersion,
  findOpenAiModel,
  findPostgresFlexibleVersion,
  findService,
  findVmSize,
  daysBetween,
  lifecycleVerdict,
} from "../lifecycle";
import type { PolicyContext, PolicyRule, ResourceView, RuleVerdict } from "../rule";
import { read, references } from "../util";

/*
 * Deployability rules over the lifecycle table (../lifecycle.ts): a runtime, engine version,
 * Kubernetes minor, model, VM size or service that is retired or closed to new deployments at
 * the context's date makes `terraform apply` fail (or leaves the workload unsupported); one
 * that is closed to new customers, or retires within LIFECYCLE_WARNING_DAYS, is a warning.
 * Each verdict carries its own severity and fix (the row's successor). Values that are
 * Terraform references, and unset attributes (Azure picks the value), are not judged. checkov
 * has no date-aware checks: no checkov ids.
 */

/** One judged attribute: where, the value as synthesized, and its lifecycle row. */
interface Use {
  /** `site_config.application_stack.node_version "20-lts"`, or a service's name. */
  readonly subject?: string;
  readonly entry: LifecycleEntry;
}

/** The literal string value at `path`, or undefined when it is unset or a reference. */
function literal(resource: ResourceView, path: readonly string[]): string | undefined {
  const { reference, unset, value } = read(resource, path);
  if (reference || unset) return undefined;
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** The use of the attribute at `path`, when its literal value has a lifecycle row. */
function use(resource: ResourceView, path: readonly string[], find: (value: string) => LifecycleEntry | undefined): Use | undefined {
  const value = literal(resource, path);
  const entry = value === undefined ? undefined : find(value);
  return entry && { subject: `${path.join(".")} ${JSON.stringify(value)}`, entry };
}

/**
 * The verdicts on `uses` at the context's date, as one verdict: messages joined with "; ", the
 * worst severity, and the distinct fixes. undefined when nothing is due.
 */
function judge(uses: readonly (Use | undefined)[], context: PolicyContext): RuleVerdict | undefined {
  const date = context.date ?? today();
  const verdicts: RuleVerdict[] = [];
  for (const u of uses) {
    if (u === undefined) continue;
    const verdict = lifecycleVerdict(u.entry, date);
    if (verdict) verdicts.push({ ...verdict, message: u.subject ? `${u.subject}: ${verdict.message}` : verdict.message });
  }
  if (verdicts.length === 0) return undefined;
  return {
    message: verdicts.map((v) => v.message).join("; "),
    severity: verdicts.some((v) => v.severity === "error") ? "error" : "warning",
    fix: [...new Set(verdicts.map((v) => v.fix))].join("; "),
  };
}

const LINUX_APP_TYPES = ["azurerm_linux_web_app", "azurerm_linux_web_app_slot", "azurerm_linux_function_app", "azurerm_linux_function_app_slot"] as const;
// FunctionApp: a Flex Consumption app names its runtime in runtime_name and runtime_version.
const FLEX_APP = "azurerm_function_app_flex_consumption";
const PG_SERVER = "azurerm_postgresql_flexible_server";
const COSMOS_PG = "azurerm_cosmosdb_postgresql_cluster";
const AKS = "azurerm_kubernetes_cluster";
const AKS_POOL = "azurerm_kubernetes_cluster_node_pool";
const DEPLOYMENT = "azurerm_cognitive_deployment";
const VM_SIZE_ATTRIBUTE: Readonly<Record<string, readonly string[]>> = {
  azurerm_linux_virtual_machine: ["size"],
  azurerm_windows_virtual_machine: ["size"],
  [AKS]: ["default_node_pool", "vm_size"],
  [AKS_POOL]: ["vm_size"],
  azurerm_linux_virtual_machine_scale_set: ["sku"],
  azurerm_windows_virtual_machine_scale_set: ["sku"],
};
const RETIRING_SERVICES = [
  COSMOS_PG,
  "azurerm_redis_cache",
  "azurerm_redis_enterprise_cluster",
  // AvailabilityTest (lib/observability/availability-test.ts): classic URL ping / multi-step tests.
  "azurerm_application_insights_web_test",
] as const;

const STACK = ["site_config", "application_stack"];

export const LIFECYCLE_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-LIFE-001",
    severity: "error",
    description: "A Linux web or function app (or slot) runs a Node.js or Python version before its end of support (site_config.application_stack.node_version, python_version; a Flex Consumption app's runtime_name and runtime_version); within 180 days of it, a warning.",
    fix: "Move site_config.application_stack to a supported Node.js or Python version (App Service follows the community end-of-life dates).",
    resourceTypes: [...LINUX_APP_TYPES, FLEX_APP],
    category: "deployability",
    checkov: [],
    check: (r, context) => {
      if (r.type === FLEX_APP) {
        const runtime = literal(r, ["runtime_name"]);
        if (runtime !== "node" && runtime !== "python") return undefined;
        return judge([use(r, ["runtime_version"], (v) => findAppServiceStack(runtime, v))], context);
      }
      return judge(
        [use(r, [...STACK, "node_version"], (v) => findAppServiceStack("node", v)), use(r, [...STACK, "python_version"], (v) => findAppServiceStack("python", v))],
        context,
      );
    },
  },
  {
    id: "AZ-LIFE-002",
    severity: "error",
    description: "A PostgreSQL Flexible Server (version) or Cosmos DB for PostgreSQL cluster (sql_version) uses a PostgreSQL major version before its end of (standard) support; within 180 days of it, a warning.",
    fix: "Create the server or cluster on a PostgreSQL major version within standard support, or upgrade the existing one.",
    resourceTypes: [PG_SERVER, COSMOS_PG],
    category: "deployability",
    checkov: [],
    check: (r, context) =>
      judge([r.type === PG_SERVER ? use(r, ["version"], findPostgresFlexibleVersion) : use(r, ["sql_version"], findCosmosPostgresVersion)], context),
  },
  {
    id: "AZ-LIFE-003",
    severity: "error",
    description: "An AKS cluster and its node pools use a Kubernetes minor version before its AKS end of life (kubernetes_version, orchestrator_version; unset is AKS's default, not judged); within 180 days of it, a warning.",
    fix: "Set kubernetes_version and orchestrator_version to a minor version AKS supports (az aks get-versions --location <region>), or enable LTS.",
    resourceTypes: [AKS, AKS_POOL],
    category: "deployability",
    checkov: [],
    check: (r, context) =>
      judge(
        r.type === AKS
          ? [use(r, ["kubernetes_version"], findKubernetesVersion), use(r, ["default_node_pool", "orchestrator_version"], findKubernetesVersion)]
          : [use(r, ["orchestrator_version"], findKubernetesVersion)],
        context,
      ),
  },
  {
    id: "AZ-LIFE-004",
    severity: "error",
    description: "An Azure OpenAI model deployment uses a model version before its retirement (model.name, model.version; an unset version is judged only by rows for every version); closed to new customers or retiring within 180 days, a warning.",
    fix: "Deploy a model version with a later retirement date (Microsoft's model retirements page names replacements).",
    resourceTypes: [DEPLOYMENT],
    category: "deployability",
    checkov: [],
    check: (r, context) => {
      const format = read(r, ["model", "format"]);
      if (format.reference || (!format.unset && format.value !== "OpenAI")) return undefined; // the table covers Azure OpenAI models only
      const name = literal(r, ["model", "name"]);
      const version = read(r, ["model", "version"]);
      if (name === undefined || version.reference) return undefined;
      const v = version.unset ? undefined : String(version.value);
      const entry = findOpenAiModel(name, v);
      const subject = v === undefined ? `model.name ${JSON.stringify(name)} (model.version unset)` : `model.name ${JSON.stringify(name)}, model.version ${JSON.stringify(v)}`;
      return judge([entry && { subject, entry }], context);
    },
  },
  {
    id: "AZ-LIFE-005",
    severity: "error",
    description: "A VM, scale set or AKS node pool uses a VM size series that is not retired (size, sku, vm_size); retiring within 180 days, a warning.",
    fix: "Move to a current-generation VM size (Microsoft's retired sizes list links a migration guide per series).",
    resourceTypes: Object.keys(VM_SIZE_ATTRIBUTE),
    category: "deployability",
    checkov: [],
    check: (r, context) => judge([use(r, VM_SIZE_ATTRIBUTE[r.type], findVmSize)], context),
  },
  {
    id: "AZ-LIFE-006",
    severity: "error",
    description: "No resource uses a service closed to new deployments or retired (Cosmos DB for PostgreSQL, Azure Cache for Redis, Redis Enterprise, classic Application Insights URL ping tests); closed to new customers or retiring within 180 days, a warning.",
    fix: "Use the service's successor (Azure Database for PostgreSQL Flexible Server, Azure Managed Redis, standard availability tests).",
    resourceTypes: RETIRING_SERVICES,
    category: "deployability",
    checkov: [],
    check: (r, context) => {
      const entry = findService(r.type);
      return judge([entry && { entry }], context);
    },
  },
  // FunctionApp (lib/web/function-app.ts)
  {
    id: "AZ-LIFE-007",
    severity: "error",
    description:
      "A Linux function app (or slot) is not on the Linux Consumption plan (an azurerm_service_plan of the stack with os_type Linux and sku_name Y1), which retires on 2028-09-30 and gets no new language versions: a warning until then (Microsoft asks to migrate now), an error after it.",
    fix: "Host the app on the Flex Consumption plan (sku_name FC1 with azurerm_function_app_flex_consumption; FunctionApp plan kind FlexConsumption), Microsoft's successor; or on Elastic Premium.",
    resourceTypes: ["azurerm_linux_function_app", "azurerm_linux_function_app_slot"],
    category: "deployability",
    checkov: [],
    check: (r, context) => {
      const plan = context.resources.find((p) => p.type === "azurerm_service_plan" && references(r.config.service_plan_id, p));
      if (!plan) return undefined;
      const os = literal(plan, ["os_type"]);
      const sku = literal(plan, ["sku_name"]);
      const entry = os === undefined || sku === undefined ? undefined : findFunctionsPlan(os, sku);
      if (!entry) return undefined;
      const subject = `service_plan_id (sku_name ${JSON.stringify(sku)}, os_type ${JSON.stringify(os)})`;
      const due = judge([{ subject, entry }], context);
      if (due || entry.endOfSupport === undefined) return due;
      // Retirement announced, more than 180 days away: warn now, as Microsoft asks to migrate before the date.
      const days = daysBetween(context.date ?? today(), entry.endOfSupport);
      return { severity: "warning", message: `${subject}: ${entry.what} is retiring on ${entry.endOfSupport}, in ${days} days, and gets no new features or language versions`, fix: entry.successor };
    },
  },
];
