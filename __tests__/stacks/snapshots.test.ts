import { synthAll } from "../helpers/synth-all";

// A snapshot diff is a change to real infrastructure: a changed resource address means
// Terraform destroys and recreates something. Review it like code before `jest -u`.
describe("synthesized stacks", () => {
  const stacks = synthAll();

  test("every system and environment is synthesized, plus one state bootstrap stack per environment", () => {
    expect(stacks.map((s) => s.name)).toEqual([
      "state-dev", "dot-copilot-dev", "studio-dev", "augeo-dev", "nine-vectors-dev", "ugc-studio-dev",
      "state-staging", "dot-copilot-staging", "studio-staging", "augeo-staging", "nine-vectors-staging", "ugc-studio-staging",
      "state-prod", "dot-copilot-prod", "studio-prod", "augeo-prod", "nine-vectors-prod", "ugc-studio-prod",
    ]);
  });

  test.each(stacks.map((s) => [s.name, s] as const))("%s matches its snapshot", (_name, stack) => {
    expect(stack.json).toMatchSnapshot();
  });
});
