/**
 * cdktf records a full stack trace (Error.stackTraceLimit = MAX) for every lazy token it creates, only to print it if
 * that token later fails to resolve; formatting them is ~20 % of a synth (measured with --cpu-prof). Every stack
 * imports this, which skips them unless LZ_CREATION_STACKS=1 asks for them. The synthesized output is the same.
 */
// The module's export is a plain property that cdktf reads at each call, so replacing it takes effect everywhere.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: (below?: unknown) => string[] };

if (process.env.LZ_CREATION_STACKS !== "1") stackTrace.captureStackTrace = () => [];
