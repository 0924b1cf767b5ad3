/**
 * Who may do what, derived from config: the role set of every account and its trust policies, the identity
 * groups' policies, the CI roles, state access, DNS delegation, the registry and the guardrail SCPs. Pure functions
 * (no cdktf), shared by the stacks that create these resources and by the IAM-simulation tests that prove them.
 */
export * from "./ci";
export * from "./dns";
export * from "./guardrails";
export * from "./identity-center";
export * from "./registry";
export * from "./roles";
export * from "./state";
