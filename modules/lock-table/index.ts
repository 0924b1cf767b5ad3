import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { protect } from "../lib/address";

export interface LockTableProps {
  readonly tableName: string;
  readonly kmsKeyArn: string;
}

/** DynamoDB table for Terraform state locks: on-demand, PITR, CMK encryption, deletion protection, `prevent_destroy`. */
export class LockTable extends Construct {
  readonly tableName: string;
  readonly tableArn: string;

  constructor(scope: Construct, id: string, props: LockTableProps) {
    super(scope, id);
    const table = protect(
      new DynamodbTable(this, "table", {
        name: props.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
        deletionProtectionEnabled: true,
      }),
      id,
    );
    this.tableName = props.tableName;
    this.tableArn = table.arn;
  }
}
