import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { secretEnvName } from "../../config";
import { protect } from "../../modules/lib/address";
import type { WorkloadContext } from "./context";
import type { WorkloadKeys } from "./keys";

/**
 * Third-party secrets: created empty, values set out of band (never in Terraform state). Returns each secret's ARN
 * by the environment variable the containers get it as.
 */
export function addAppSecrets({ stack, config, names }: WorkloadContext, keys: WorkloadKeys): Record<string, string> {
  return Object.fromEntries(
    config.app.secrets.map((s) => {
      const secret = protect(
        new SecretsmanagerSecret(stack, `secret-${s.name}`, {
          name: names.secret(s.name),
          description: s.description || s.name,
          kmsKeyId: keys.data.keyArn,
          recoveryWindowInDays: 30,
        }),
        `secret_${s.name.replace(/-/g, "_")}`,
      );
      return [secretEnvName(s.name), secret.arn];
    }),
  );
}
