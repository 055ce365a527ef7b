import { z } from "zod";
import { NAMING_RULES, type ResourceKind, namingProblem } from "./naming";
import { TIERS, type Tier, azureRegion, email, guid, oneOf, publicIpv4Cidr, tagMap } from "./schema-types";
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
 * The environment profile schema: the single source of truth for `EnvironmentConfig` and for
 * `environments/environment.schema.json`. `systems` holds one optional section per known system.
 */
export function environmentSchema(systems: readonly SystemDefinition[]) {
  const systemShape: Record<string, z.ZodType> = {};
  for (const s of systems) systemShape[s.id] = systemSectionSchema(s).optional();
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
    systems: z.strictObject(systemShape).describe("One section per system: enabled, plus overrides of its tier defaults."),
  });
}

export type EnvironmentFile = z.infer<ReturnType<typeof environmentSchema>>;

/** A validated environment profile. */
export interface EnvironmentConfig {
  /** Environment name: the file name without `.yaml` (`dev`, `staging`, `prod`). */
  readonly name: string;
  /** Path of the file it was loaded from, as given to the loader. */
  readonly file: string;
  readonly tier: Tier;
  readonly subscriptionId: string;
  readonly tenantId?: string;
  readonly location: string;
  readonly secondaryLocation?: string;
  readonly naming: { readonly prefix?: string };
  readonly tags: Readonly<Record<string, string>>;
  readonly stateBackend: {
    readonly resourceGroup: string;
    readonly storageAccount: string;
    readonly container: string;
    readonly location: string;
    readonly bootstrapState: "local" | "remote";
  };
  readonly alerts: { readonly emails: ReadonlyArray<{ readonly name: string; readonly address: string }> };
  readonly network: { readonly allowedIpRanges: readonly string[] };
  /** Where Terraform runs: the deploying machines' public egress ranges (empty when the file sets none). */
  readonly deployer: { readonly ipRanges: readonly string[] };
  /** Per-system sections as written (overrides only); resolved profiles come from `systemProfile`. */
  readonly systems: Readonly<Record<string, ({ readonly enabled: boolean } & Record<string, unknown>) | undefined>>;
}
