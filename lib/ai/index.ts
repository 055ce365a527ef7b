export * from "./openai-deployment";
// SearchService
export * from "./search-service";
