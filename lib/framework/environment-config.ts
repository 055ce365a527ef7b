import type { Tier } from "../core/tier";

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
