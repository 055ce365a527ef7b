// `blueprints diff`: the offline difference between two syntheses, replacement risk first.
export { DiffInputError, MASKED, SECRET_SOURCE_TYPES, diffStack, diffSyntheses, isSensitive, readSynthOutput } from "./diff";
export type { AddressChange, AttributeDiff, DiffOptions, PolicyDelta, ResourceChange, ResourceRef, StackDiff, SynthDiff, SynthesizedStackInput } from "./diff";
export { AZURERM_REPO, FORCE_NEW_ARGUMENTS, forceNewRow, forcingArgument, rowSource } from "./force-new";
export type { ForceNewRow } from "./force-new";
export { renderDiffMarkdown, renderDiffText, stackVerdict } from "./render";
