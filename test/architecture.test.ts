/**
 * The layout holds: one-way layers (config ← stacks ← main/scripts; modules know no accounts), no import cycle,
 * every landing-zone ARN and org-prefixed name built in config/names.ts, and every module tested and documented.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const SKIP = new Set(["node_modules", ".git", "cdktf.out", ".verify", "coverage", ".state"]);

function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith("cdktf.out")) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [relative(ROOT, path)] : [];
  });
}

/** Every module specifier a file imports or re-exports (type-only imports count: they couple the layers too). */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\s[^;'"]*?\sfrom\s+["']([^"']+)["']/gm),
    ...code.matchAll(/^\s*import\s+["']([^"']+)["']/gm),
    ...code.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return [...new Set(found.map((m) => m[1]))];
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** The layer a file belongs to: its top folder, or the file itself at the top. */
export function layerOf(file: string): string {
  const top = file.split("/")[0];
  return top.endsWith(".ts") ? top.replace(/\.ts$/, "") : top;
}

const isTest = (file: string) => file.endsWith(".test.ts");
const isTestHelper = (file: string) => layerOf(file) === "test";
const isProduction = (file: string) => !isTest(file) && !isTestHelper(file) && layerOf(file) !== ".github" && layerOf(file) !== "vitest.config";

interface Edge {
  readonly from: string;
  readonly to: string;
}

export function importGraph(files: string[], read: (file: string) => string): { edges: Edge[]; packages: { from: string; pkg: string }[] } {
  const edges: Edge[] = [];
  const packages: { from: string; pkg: string }[] = [];
  for (const file of files) {
    for (const specifier of importSpecifiers(read(file))) {
      if (specifier.startsWith(".")) {
        const target = resolveRelative(file, specifier);
        if (!target) throw new Error(`${file} imports ${specifier}, which does not resolve`);
        edges.push({ from: file, to: target });
      } else {
        packages.push({ from: file, pkg: specifier });
      }
    }
  }
  return { edges, packages };
}

/** Layers a production file of each layer may import (besides its own). */
const ALLOWED: Record<string, string[]> = {
  config: [],
  modules: [],
  "state-backend": ["config"],
  stacks: ["config", "modules", "state-backend"],
  cli: ["config"],
  main: ["config", "stacks", "cli"],
  scripts: ["config", "modules", "stacks", "state-backend", "cli"],
};

/** Forbidden directions as the issue of record states them, each with a reason printed on failure. */
export function layerViolations(edges: Edge[], packages: { from: string; pkg: string }[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const [a, b] = [layerOf(from), layerOf(to)];
    if (isProduction(from) && isTestHelper(to)) problems.push(`${from} → ${to}: production code never imports test helpers`);
    if (a !== "scripts" && b === "scripts") problems.push(`${from} → ${to}: nothing outside scripts/ imports scripts/`);
    if (!isProduction(from) || a === b) continue;
    const allowed = ALLOWED[a];
    if (!allowed) problems.push(`${from} → ${to}: ${a} is not a known layer`);
    else if (!allowed.includes(b)) problems.push(`${from} → ${to}: ${a} may import only ${allowed.join(", ") || "itself"}`);
  }
  for (const { from, pkg } of packages) {
    if (layerOf(from) === "config" && isProduction(from) && /^(cdktf|constructs|@cdktf\/)/.test(pkg)) {
      problems.push(`${from} → ${pkg}: config/ knows no cdktf`);
    }
    if (isProduction(from) && pkg === "@cdktf/provider-aws") problems.push(`${from} → ${pkg}: deep imports only (@cdktf/provider-aws/lib/<resource>)`);
  }
  return problems;
}

/** Import cycles among the given edges (each reported once, as the path around it). */
export function importCycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === "open") cycles.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const files = sourceFiles();
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const graph = importGraph(files, read);

describe("import graph", () => {
  it("sees the whole tree (every layer has files and imports)", () => {
    for (const layer of ["config", "modules", "stacks", "state-backend", "cli", "scripts", "test", "main"]) {
      expect(files.some((f) => layerOf(f) === layer), layer).toBe(true);
    }
    expect(graph.edges.length).toBeGreaterThan(200);
  });

  it("has no forbidden direction", () => {
    expect(layerViolations(graph.edges, graph.packages)).toEqual([]);
  });

  it("has no cycle", () => {
    expect(importCycles(graph.edges).map((c) => c.join(" → "))).toEqual([]);
  });

  it("catches each forbidden direction and a cycle (the checks can fail)", () => {
    const planted: Edge[] = [
      { from: "modules/alb/index.ts", to: "config/index.ts" },
      { from: "modules/alb/index.ts", to: "stacks/app.ts" },
      { from: "config/names.ts", to: "modules/lib/policy.ts" },
      { from: "config/names.ts", to: "stacks/app.ts" },
      { from: "main.ts", to: "scripts/synth.ts" },
      { from: "stacks/app.ts", to: "test/testing.ts" },
      { from: "state-backend/backend.ts", to: "stacks/app.ts" },
    ];
    const found = layerViolations(planted, [{ from: "config/load.ts", pkg: "cdktf" }, { from: "stacks/app.ts", pkg: "@cdktf/provider-aws" }]);
    expect(found).toHaveLength(11);
    expect(found.join("\n")).toContain("config/ knows no cdktf");
    expect(found.join("\n")).toContain("production code never imports test helpers");
    expect(importCycles([{ from: "a.ts", to: "b.ts" }, { from: "b.ts", to: "c.ts" }, { from: "c.ts", to: "a.ts" }])).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    const requireCall = ["req", "uire"].join("") + '("../y")'; // split, so this file's own scan does not read it as an import
    expect(importSpecifiers(`import type { A } from "./types";\nexport * from "./names";\nconst x = ${requireCall};`)).toEqual(["./types", "./names", "../y"]);
  });
});

/** Source without comments, so a doc comment's example ARN is not mistaken for code. */
const code = (file: string) => read(file).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");

/** A template literal that builds an ARN from interpolated parts: `arn:aws:…${…}`. */
const ARN_TEMPLATE = /`arn:(?:aws|\$\{[^}]+\}):[^`]*\$\{/;
/** A template literal that puts the organization's name into a string: `${config.organization.name}…`. */
const ORG_NAME_TEMPLATE = /\$\{[\w.]*organization\.name\}/;

export function namesBuiltOutsideNames(file: string, text: string): string[] {
  return text.split("\n").flatMap((line, i) => {
    const problems: string[] = [];
    if (ARN_TEMPLATE.test(line)) problems.push(`${file}:${i + 1}: ARN template (build it in config/names.ts): ${line.trim()}`);
    if (ORG_NAME_TEMPLATE.test(line)) problems.push(`${file}:${i + 1}: org-prefixed name (build it in config/names.ts): ${line.trim()}`);
    return problems;
  });
}

describe("every landing-zone name and ARN is built in config/names.ts", () => {
  it("no ARN template or org-prefixed name elsewhere (modules build ARNs only of what they create, from props)", () => {
    const scanned = files.filter((f) => isProduction(f) && f !== "config/names.ts" && layerOf(f) !== "modules");
    expect(scanned.length).toBeGreaterThan(40);
    expect(scanned.flatMap((f) => namesBuiltOutsideNames(f, code(f)))).toEqual([]);
  });

  it("modules never put the organization's name into a string (they know no config)", () => {
    const modules = files.filter((f) => layerOf(f) === "modules" && isProduction(f));
    expect(modules.flatMap((f) => namesBuiltOutsideNames(f, code(f)).filter((p) => p.includes("org-prefixed")))).toEqual([]);
  });

  it("catches both forms (the scan can fail)", () => {
    expect(namesBuiltOutsideNames("x.ts", "const a = `arn:aws:iam::${id}:role/${name}`;")).toHaveLength(1);
    expect(namesBuiltOutsideNames("x.ts", "policyName: `${config.organization.name}-route53`,")).toHaveLength(1);
    expect(namesBuiltOutsideNames("x.ts", 'Resource: "arn:aws:route53:::change/*"')).toEqual([]);
  });
});

describe("modules: one concern each, tested and documented", () => {
  const moduleDirs = readdirSync(join(ROOT, "modules")).filter((d) => d !== "lib" && statSync(join(ROOT, "modules", d)).isDirectory());

  it("every module has a test beside it that synthesizes it", () => {
    expect(moduleDirs.length).toBeGreaterThan(20);
    const untested = moduleDirs.filter((d) => {
      const tests = readdirSync(join(ROOT, "modules", d)).filter((f) => f.endsWith(".test.ts"));
      return !tests.some((t) => /Testing\.synthScope/.test(read(join("modules", d, t))));
    });
    expect(untested).toEqual([]);
  });

  it("every optional prop of a module's Props documents its default (@default)", () => {
    const missing = moduleDirs.flatMap((d) => {
      const file = join("modules", d, "index.ts");
      return undocumentedOptionalProps(file, read(file));
    });
    expect(missing).toEqual([]);
  });
});

/** `readonly x?:` members of exported interfaces whose doc comment has no `@default`. */
export function undocumentedOptionalProps(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/export interface (\w+)\b[^{]*\{([\s\S]*?)\n\}/g)) {
    const lines = m[2].split("\n");
    let doc = "";
    lines.forEach((line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith("/**") || trimmed.startsWith("*") || trimmed.startsWith("//")) {
        doc += ` ${trimmed}`;
        return;
      }
      const prop = /^readonly (\w+)\?:/.exec(trimmed);
      if (prop && !doc.includes("@default")) problems.push(`${file}: ${m[1]}.${prop[1]} is optional but documents no @default`);
      if (trimmed) doc = "";
    });
  }
  return problems;
}
