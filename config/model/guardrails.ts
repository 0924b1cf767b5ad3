import { z } from "zod";
import { Slug } from "./common";

/** The built-in guardrail SCPs, each one document (see modules/scp/guardrails.ts). */
export const BuiltinGuardrails = ["core", "protect-audit", "protect-landing-zone", "restrict-regions"] as const;
export type BuiltinGuardrail = (typeof BuiltinGuardrails)[number];

/** AWS allows at most 5 SCPs attached to one OU or account, FullAWSAccess included. */
export const MAX_SCPS_PER_TARGET = 5;

/** The built-in resource control policies (see modules/scp/resource-controls.ts). */
export const BuiltinResourceControls = ["data-perimeter"] as const;
export type BuiltinResourceControl = (typeof BuiltinResourceControls)[number];

/** AWS allows at most 5 RCPs attached to one OU or account, RCPFullAWSAccess included. */
export const MAX_RCPS_PER_TARGET = 5;

/** AWS's size limit of one SCP or RCP document, minified. */
export const POLICY_MAX_CHARACTERS = 5120;

export const CustomGuardrailSchema = z.strictObject({
  name: Slug(40),
  description: z.string().max(512).default(""),
  /** IAM policy statements (Deny statements: an SCP Allow only narrows FullAWSAccess). */
  statements: z.array(z.record(z.string(), z.unknown())).min(1),
});

export const GuardrailsSchema = z.strictObject({
  /** Guardrails per OU; an OU not listed gets every built-in guardrail. */
  attach: z.record(Slug(40), z.array(z.string())).default({}).describe("OU name → guardrail names"),
  custom: z.array(CustomGuardrailSchema).default([]).describe("Extra SCP documents"),
  resourceControls: z
    .strictObject({
      attach: z.record(Slug(40), z.array(z.string())).default({}).describe("OU name → resource control policy names"),
      custom: z.array(CustomGuardrailSchema).default([]).describe("Extra RCP documents (Deny statements with Principal \"*\")"),
    })
    .default({ attach: {}, custom: [] })
    .describe("Resource control policies (RCPs): what the organization's resources admit, whoever asks"),
});
