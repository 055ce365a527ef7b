/** A stack of the bundle: its name, system, environment and the stacks it depends on (cdktf's manifest). */
export interface OrderedStackInput {
  readonly name: string;
  readonly system: string;
  readonly environment: string;
  /** Stacks this one needs applied first (the manifest's `dependencies`). */
  readonly dependencies: readonly string[];
}

/** One environment's apply order. */
export interface EnvironmentOrder {
  readonly environment: string;
  /** Stack names, in the order to apply them. */
  readonly stacks: readonly string[];
}

/** The system whose stacks create the state storage every other stack of the environment uses. */
export const STATE_SYSTEM = "state";

/**
 * The apply order per environment: the state bootstrap stack first, then every stack after the
 * stacks it depends on; stacks free to go in any order keep the order they were given in (the
 * synthesis' plan order). Environments in the order they first appear. A dependency cycle throws.
 */
export function applyOrder(stacks: readonly OrderedStackInput[]): EnvironmentOrder[] {
  const environments = [...new Set(stacks.map((s) => s.environment))];
  const byName = new Map(stacks.map((s) => [s.name, s]));
  return environments.map((environment) => {
    const mine = stacks.filter((s) => s.environment === environment);
    const names = new Set(mine.map((s) => s.name));
    const state = mine.filter((s) => s.system === STATE_SYSTEM).map((s) => s.name);
    // Every other stack of the environment keeps its state in the storage the state stack creates.
    const needs = (s: OrderedStackInput): string[] => [...s.dependencies.filter((d) => names.has(d)), ...(s.system === STATE_SYSTEM ? [] : state)];
    const ordered: string[] = [];
    const visiting = new Set<string>();
    const visit = (name: string): void => {
      if (ordered.includes(name)) return;
      if (visiting.has(name)) throw new Error(`stack dependency cycle through ${name}`);
      visiting.add(name);
      for (const d of needs(byName.get(name)!)) visit(d);
      visiting.delete(name);
      ordered.push(name);
    };
    for (const s of [...mine.filter((x) => x.system === STATE_SYSTEM), ...mine.filter((x) => x.system !== STATE_SYSTEM)]) visit(s.name);
    return { environment, stacks: ordered };
  });
}
