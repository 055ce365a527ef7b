// Public API of azure-cdktf-blueprints: the constructs and the core they are built on, the
// security and deployability policy, and the optional environment-profile framework.
export * from "./core";
export * from "./network";
export * from "./security";
export * from "./data";
export * from "./web";
export * from "./observability";
export * from "./ai";
export * from "./containers";
export * from "./compute";
export * from "./integration";
// FrontDoor (lib/edge).
export * from "./edge";
export * from "./policy";
// Architecture diagrams from synthesized stacks (lib/diagram).
export * from "./diagram";
// The pull-request plan review (lib/review): Terraform JSON plans to a Markdown review.
export * from "./review";
// The ops hand-off (lib/export): a plain-Terraform bundle of synthesized stacks (`blueprints export`).
export * from "./export";
// The offline synth diff (lib/diff): `blueprints diff`, replacement risk first.
export * from "./diff";
export * from "./framework";
