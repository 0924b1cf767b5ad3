export * from "./errors";
export * from "./load";
export * from "./names";
export * from "./topology";
export * from "./types";
export { planSubnets } from "./cidr";
export type { AccountRole, Tier, TierSettings, FargateServiceConfig } from "./model";
export * from "./shipped";
export { multiplyWorkloads } from "./generated";
