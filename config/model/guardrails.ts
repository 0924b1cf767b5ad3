import { z } from "zod";
import { Slug } from "./common";

/** The built-in guardrail SCPs, each one document (see modules/scp/guardrails.ts). */
export const BuiltinGuardrails = ["core", "protect-audit", "protect-landing-zone", "restrict-regions"] as const;
export type BuiltinGuardrail = (typeof BuiltinGuardrails)[number];

/** AWS allows at most 5 SCPs attached to one OU or account, FullAWSAccess included. */
export const MAX_SCPS_PER_TARGET = 5;

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
});
