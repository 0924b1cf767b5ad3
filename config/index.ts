export * from "./errors";
export * from "./load";
export * from "./names";
export * from "./types";
export { planSubnets } from "./cidr";
export { backupCopyRegion } from "./rules";
export type { AccountRole, Tier, TierSettings, FargateServiceConfig } from "./model";
export * from "./shipped";
