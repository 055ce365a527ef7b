import type { Construct } from "constructs";
import { z } from "zod";
import type { Tier } from "../core/tier";
import type { EnvironmentConfig } from "./environment-config";
import { bool } from "./schema-types";

/** A group-of-settings profile: `{ appService: {...}, postgres: {...} }`. */
export type ProfileShape = Record<string, Record<string, unknown>>;

/** Every setting optional, one level deep: what an environment file may override. */
export type ProfileOverrides<P extends ProfileShape> = { readonly [G in keyof P]?: Partial<P[G]> };

/** A system's dev/staging/prod defaults, taken from its architecture document. */
export type TierTable<P extends ProfileShape> = Readonly<Record<Tier, P>>;

/** Where and how to report a ProfileIssue: a key path from the document root and a predicate about its value. */
export interface ProfileReport {
  readonly path: readonly (string | number)[];
  /** Predicate about the value at `path`, e.g. `is not allowed with the Burstable SKU ...`. */
  readonly message: string;
}

/**
 * A setting combination Azure rejects. It is reported at the first of `reports` whose key the
 * file contains (the setting the user wrote), each worded for its own key; when the file
 * contains none, at the first, marked as a tier default.
 */
export interface ProfileIssue {
  readonly reports: readonly [ProfileReport, ...ProfileReport[]];
}

/** What a system's stack builder receives. */
/** What a system's `check` is told besides the profile. */
export interface SystemCheckContext {
  /** The synthesis date, `YYYY-MM-DD`: what lifecycle checks judge at. */
  readonly date: string;
}

export interface SystemBuildContext<P extends ProfileShape> {
  readonly environment: EnvironmentConfig;
  readonly profile: P;
}

/**
 * A reference system: its id, its profile schema and tier table (data, next to the stack), the
 * cross-setting checks Azure would otherwise reject at apply time, and the builder.
 */
export interface SystemDefinition<P extends ProfileShape = ProfileShape> {
  /** Kebab-case id, used in stack names (`<id>-<env>`) and under `systems:` in environment files. */
  readonly id: string;
  readonly title: string;
  /** Workload part of resource names (lowercase letters and digits). */
  readonly workload: string;
  /** Strict schema of the full profile; every group a strict object. */
  readonly profileSchema: z.ZodObject;
  readonly tiers: TierTable<P>;
  /**
   * Cross-setting checks on the resolved profile. `at` prefixes a path with this system's section;
   * `context.date` is the synthesis date (the CLI's `--date`, else today) for checks of retired versions.
   */
  check?(profile: P, environment: EnvironmentConfig, at: (...keys: string[]) => string[], context: SystemCheckContext): ProfileIssue[];
  /** Adds the system's resources to `scope` (the system's stack). */
  build(scope: Construct, context: SystemBuildContext<P>): void;
}

/** The schema of `systems.<id>` in an environment file: `enabled` plus optional overrides. */
export function systemSectionSchema(system: SystemDefinition): z.ZodObject {
  const shape: Record<string, z.ZodType> = { enabled: bool() };
  for (const [group, schema] of Object.entries(system.profileSchema.shape)) {
    shape[group] = (schema as z.ZodObject).partial().optional();
  }
  return z.strictObject(shape);
}

/** Tier defaults with the environment's overrides laid over them, one group at a time. */
export function resolveProfile<P extends ProfileShape>(defaults: P, overrides: ProfileOverrides<P> | undefined): P {
  const resolved: Record<string, Record<string, unknown>> = {};
  for (const group of Object.keys(defaults)) {
    resolved[group] = { ...defaults[group], ...(overrides?.[group] ?? {}) };
  }
  return resolved as P;
}
