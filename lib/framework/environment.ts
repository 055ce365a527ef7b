import { z } from "zod";
import { NAMING_RULES, type ResourceKind, namingProblem } from "../core/naming";
import { TIERS } from "../core/tier";
import { azureRegion, bool, email, guid, oneOf, publicIpv4Cidr, tagMap } from "./schema-types";
import { type SystemDefinition, systemSectionSchema } from "./system";

/** A name that must satisfy an Azure naming rule. */
function azureName(kind: ResourceKind) {
  return z
    .string({ error: `is not a string (allowed: ${NAMING_RULES[kind].allowed})` })
    .superRefine((value, ctx) => {
      const problem = namingProblem(kind, value);
      if (problem) ctx.addIssue({ code: "custom", message: `${problem.reason}; ${problem.rule}` });
    });
}

/**
 * The section of a system the schema does not know: `enabled` plus groups of settings, each a
 * mapping. Used where other registries' systems are allowed (the published JSON Schema, and
 * hand-built configurations checked without their registry).
 */
export function otherSystemSectionSchema() {
  return z
    .object({ enabled: bool() })
    .catchall(z.record(z.string(), z.unknown(), { error: "is not a mapping of settings" }).describe("A group of settings: overrides of the system's tier defaults."))
    .describe("A system of another registry: enabled, plus overrides of its tier defaults.");
}

export interface EnvironmentSchemaOptions {
  /**
   * Also accept sections of systems not in `systems` (checked only for `enabled` and the shape of
   * their groups): for the published JSON Schema, which editors use with any registry. The
   * loader is strict: an unknown system id is an error with a suggestion.
   * @default false
   */
  readonly otherSystems?: boolean;
}

/**
 * The environment profile schema: the single source of truth for `EnvironmentConfig` and for
 * `environments/environment.schema.json`. `systems` holds one optional section per known system;
 * an environment with no systems may leave it out.
 */
export function environmentSchema(systems: readonly SystemDefinition[], options: EnvironmentSchemaOptions = {}) {
  // zod schemas are immutable, so one per registry and option set serves every file of a run
  // (building it was half the cost of loading an environment file). The key holds every option,
  // and the registry's members are compared one by one, so a registry changed in place is rebuilt.
  const key = `otherSystems=${options.otherSystems ?? false}`;
  const cached = SCHEMAS.get(systems)?.get(key);
  if (cached && cached.members.length === systems.length && cached.members.every((m, i) => m === systems[i])) return cached.schema;
  const schema = buildEnvironmentSchema(systems, options);
  const byOptions = SCHEMAS.get(systems) ?? new Map();
  byOptions.set(key, { members: [...systems], schema });
  SCHEMAS.set(systems, byOptions);
  return schema;
}

type EnvironmentSchema = ReturnType<typeof buildEnvironmentSchema>;
const SCHEMAS = new WeakMap<readonly SystemDefinition[], Map<string, { members: readonly SystemDefinition[]; schema: EnvironmentSchema }>>();

function buildEnvironmentSchema(systems: readonly SystemDefinition[], options: EnvironmentSchemaOptions) {
  const systemShape: Record<string, z.ZodType> = {};
  for (const s of systems) systemShape[s.id] = systemSectionSchema(s).optional();
  const systemsSchema = options.otherSystems
    ? z.object(systemShape).catchall(otherSystemSectionSchema())
    : z.strictObject(systemShape);
  return z.strictObject({
    tier: oneOf(TIERS).describe("Which column of each system's tier table applies: dev, staging or prod."),
    subscriptionId: guid().describe("Azure subscription the environment deploys into."),
    tenantId: guid().optional().describe("Entra ID tenant. @default - the tenant of the signed-in credential"),
    location: azureRegion().describe("Primary Azure region (ARM name, e.g. eastus2)."),
    secondaryLocation: azureRegion().optional().describe("Secondary region for systems with disaster recovery."),
    naming: z
      .strictObject({
        prefix: z
          .string()
          .regex(/^[a-z][a-z0-9]{0,5}$/, { error: "is not allowed (allowed: 1-6 lowercase letters and digits, starting with a letter)" })
          .optional()
          .describe("Organisation prefix placed after the CAF abbreviation. @default - none"),
      })
      .optional()
      .describe("Resource naming options."),
    tags: tagMap().optional().describe("Tags added to every taggable resource, besides environment, system and managed-by."),
    stateBackend: z
      .strictObject({
        resourceGroup: azureName("resourceGroup"),
        storageAccount: azureName("storageAccount"),
        container: azureName("storageContainer"),
        location: azureRegion().optional().describe("@default - the environment's location"),
        bootstrapState: oneOf(["local", "remote"] as const)
          .optional()
          .describe("Where the state-<env> stack keeps its own state: a local file (first deploy) or, once migrated, this storage under key state/<env>.tfstate. @default local"),
      })
      .describe("Azure Storage holding Terraform state; created by the state-<env> bootstrap stack."),
    alerts: z
      .strictObject({
        emails: z
          .array(z.strictObject({ name: z.string().min(1).max(128), address: email() }), {
            error: "is not a list of { name, address } entries",
          })
          .min(1, { error: "is empty (allowed: at least one recipient)" }),
      })
      .describe("Who the action group notifies."),
    network: z
      .strictObject({
        allowedIpRanges: z
          .array(publicIpv4Cidr())
          .describe("Public IPv4 ranges (operators, CI runners) allowed through data-service firewalls."),
      })
      .partial()
      .optional(),
    deployer: z
      .strictObject({
        ipRanges: z
          .array(publicIpv4Cidr())
          .min(1, { error: "is empty (allowed: at least one public IPv4 CIDR)" })
          .describe("Public IPv4 ranges the machines that run `cdktf deploy` egress from (operators, self-hosted CI runners). Data-plane firewalls Terraform writes through (Key Vault secrets) admit them."),
      })
      .optional()
      .describe("Where Terraform runs. Required by systems whose Terraform writes into a firewalled data plane (Studio's Key Vault)."),
    systems: systemsSchema
      .optional()
      .describe("One section per system: enabled, plus overrides of its tier defaults. A missing section means the system is not deployed. @default - none"),
  });
}

export type EnvironmentFile = z.infer<ReturnType<typeof environmentSchema>>;


/**
 * The JSON Schema (draft-07) of environment files for `systems`, generated from the zod schema
 * that types them, for editors (`# yaml-language-server: $schema=...`) and other tools. Sections
 * of systems not in `systems` are accepted with `enabled` and groups of settings (the loader is
 * the strict check), so one schema serves any registry. The package publishes the one for its
 * reference systems as `azure-cdktf-blueprints/environment.schema.json`.
 */
export function environmentJsonSchema(systems: readonly SystemDefinition[], title = "azure-cdktf-blueprints environment profile"): object {
  const schema = z.toJSONSchema(environmentSchema(systems, { otherSystems: true }), { target: "draft-7", unrepresentable: "any", io: "input" });
  return { ...schema, title };
}
