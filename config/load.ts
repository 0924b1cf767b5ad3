import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { z } from "zod";
import { ConfigError, formatPath, type ConfigProblem } from "./errors";
import { levenshtein } from "./text";
import { resolveAccounts, resolveAuditAccountName, resolveIdentityAccountName, resolveSecurityAccountName, resolveStateAccountName } from "./resolve";
import { checkRules, type RuleOptions } from "./rules";
import { OrgConfigSchema, type RawOrgConfig } from "./model";
import type { OrgConfig } from "./types";

export const DEFAULT_CONFIG_FILE = "config/set.yaml";

/** Reads, validates and resolves a config file. Throws ConfigError listing every problem. */
export function loadConfigFile(file: string, options: RuleOptions = {}): OrgConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([{ file, line: 1, col: 1, path: "", message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseConfig(text, displayName(file), options);
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

/** Valid configs already parsed in this process, by file name, options and text (the tests load a few configs often). */
const parsedConfigs = new Map<string, OrgConfig>();

/** Validates config text; `file` is only used in messages. Each call returns a config of its own. */
export function parseConfig(text: string, file: string, options: RuleOptions = {}): OrgConfig {
  const key = JSON.stringify([file, options, text]);
  let config = parsedConfigs.get(key);
  if (!config) {
    config = parseConfigText(text, file, options);
    parsedConfigs.set(key, config);
  }
  return structuredClone(config);
}

function parseConfigText(text: string, file: string, options: RuleOptions): OrgConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const { line, col } = at(e.pos[0]);
        return { file, line, col, path: "", message: `YAML syntax: ${e.message.split("\n")[0]}` };
      }),
    );
  }
  const locate = (path: readonly PropertyKey[], key?: string): ConfigProblem => {
    const offset = findOffset(doc, path, key);
    const { line, col } = at(offset);
    return { file, line, col, path: formatPath(key === undefined ? path : [...path, key]), message: "" };
  };

  const parsed = OrgConfigSchema.safeParse(plainValue(doc, file, at) ?? {}, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.flatMap((issue) => describeIssue(issue, locate)).sort(byPosition));
  }
  const raw: RawOrgConfig = parsed.data;
  const problems = checkRules(raw, options).map((p) => ({ ...locate(p.path), message: p.message }));
  if (problems.length) throw new ConfigError(problems.sort(byPosition));

  const { $schema: _schema, ...rest } = raw;
  const stateAccountName = resolveStateAccountName(raw)!;
  return {
    ...rest,
    sourceFile: file,
    accounts: resolveAccounts(raw),
    stateAccountName,
    auditAccountName: resolveAuditAccountName(raw, stateAccountName),
    identityAccountName: resolveIdentityAccountName(raw)!,
    securityAccountName: resolveSecurityAccountName(raw, stateAccountName),
  };
}

/**
 * The document as plain data. The yaml library refuses to expand aliases past a limit (an alias bomb: a few lines
 * that expand to gigabytes); that refusal is a problem at the first alias, not a crash.
 */
function plainValue(doc: Document, file: string, at: (offset: number) => { line: number; col: number }): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_key, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, col } = at(offset);
    throw new ConfigError([{ file, line, col, path: "", message: `YAML aliases: ${error.message} (at most ${MAX_ALIAS_COUNT} alias expansions)` }]);
  }
}

/** The yaml library's own default: generous for anchors shared between tiers, far below a resource exhaustion. */
const MAX_ALIAS_COUNT = 100;

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return a.line - b.line || a.col - b.col;
}

type Locate = (path: readonly PropertyKey[], key?: string) => ConfigProblem;

function describeIssue(issue: z.core.$ZodIssue, locate: Locate): ConfigProblem[] {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(path);
      return issue.keys.map((key) => {
        const hint = closest(key, allowed);
        return {
          ...locate(path, key),
          message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${allowed.join(", ")}`,
        };
      });
    }
    case "invalid_key": {
      // A record's key (e.g. a tag key) failed its own schema: its messages, at the key.
      const reasons = issue.issues.map((i) => i.message).join("; ");
      return [{ ...locate(path.slice(0, -1), String(path.at(-1))), message: `${reasons}${got(issue.input)}` }];
    }
    case "invalid_value":
      return [{ ...locate(path), message: `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}${got(issue.input)}` }];
    case "invalid_type":
      if (issue.input === undefined) return [{ ...locate(path), message: `required (${issue.expected})` }];
      if (issue.message.startsWith("Invalid input")) return [{ ...locate(path), message: `expected ${issue.expected}${got(issue.input)}` }];
      return [{ ...locate(path), message: issue.message }];
    case "too_small":
    case "too_big": {
      const isLength = issue.origin === "array" || issue.origin === "string";
      const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const msg = issue.message.startsWith("Too ")
        ? `${isLength ? (issue.origin === "array" ? "needs " : "length must be ") : "must be "}${bound}${issue.origin === "array" ? " item(s)" : ""}${got(issue.input)}`
        : `${issue.message}${got(issue.input)}`;
      return [{ ...locate(path), message: msg }];
    }
    default:
      return [{ ...locate(path), message: `${issue.message}${"input" in issue ? got(issue.input) : ""}` }];
  }
}

function got(input: unknown): string {
  if (input === undefined) return "";
  const text = JSON.stringify(input);
  return `, got ${text && text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/** Keys the schema allows for the object at `path`. */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  let schema: unknown = OrgConfigSchema;
  for (const seg of path) {
    schema = unwrap(schema);
    const def = (schema as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (typeof seg === "number" && def.type === "array") schema = def.element;
    else if (def.type === "object") schema = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === "record") schema = def.valueType;
    else return [];
  }
  const def = (unwrap(schema) as { _zod: { def: { type: string; shape?: object } } })._zod.def;
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { _zod: { def: { type: string; innerType?: unknown } } };
  while (["optional", "default", "nullable", "prefault", "readonly"].includes(s._zod.def.type)) {
    s = s._zod.def.innerType as typeof s;
  }
  return s;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}


/**
 * Source offset for a config path: the value's node when it exists, the key itself when `key` is given
 * (unknown keys), or the nearest existing parent (missing keys).
 */
function findOffset(doc: Document, path: readonly PropertyKey[], key?: string): number {
  let node: Node | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  const segments = key === undefined ? path : [...path, key];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const isLast = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyNode = pair.key as Node;
      if (isLast && key !== undefined) return keyNode.range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? null;
      offset = node?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
