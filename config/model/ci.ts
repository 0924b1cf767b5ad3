import { z } from "zod";

export const CiSchema = z.strictObject({
  github: z.strictObject({
    owner: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub user or organization name"),
    repo: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "a GitHub repository name"),
  }),
  /** Pull requests get a read-only plan role (no apply, no state writes). */
  planOnPullRequest: z.boolean().default(true),
});
export type CiConfig = z.infer<typeof CiSchema>;
