import { z } from "zod";

/** AWS region code, e.g. eu-west-1, il-central-1, us-gov-west-1. */
export const Region = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "must be an AWS region code such as eu-west-1");

/** A short lowercase name used inside AWS resource names. */
export const Slug = (max: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "lowercase letters, digits and '-' only; starts with a letter, does not end with '-'")
    .max(max, `at most ${max} characters`);

export const DomainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase DNS name such as example.com");

export const Cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "must be an IPv4 CIDR such as 10.20.0.0/16");

export const Email = z.email("must be an e-mail address");

/** The characters AWS's tagging API allows in tag keys and values: letters, digits and spaces of any script, and _.:/=+-@. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export const Tags = z.record(
  z
    .string()
    .min(1, "tag keys: at least 1 character")
    .max(128, "tag keys: at most 128 characters")
    .regex(TAG_TEXT, "tag keys: letters, digits, spaces and _.:/=+-@ only")
    .refine((key) => !/^aws:/i.test(key), "tag keys starting with aws: are reserved by AWS")
    .refine((key) => !/^lz:/i.test(key), "tag keys starting with lz: are the landing zone's own (lz:account, lz:tier, lz:stack)"),
  z.string().max(256, "tag values: at most 256 characters").regex(TAG_TEXT, "tag values: letters, digits, spaces and _.:/=+-@ only"),
);

export const Tier = z.enum(["nonprod", "prod"]);
export type Tier = z.infer<typeof Tier>;
