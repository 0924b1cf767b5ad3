#!/usr/bin/env node
/*
 * A recording stand-in for terraform (LZ_TERRAFORM), for tests of commands that drive it: it appends each call to
 * $LZ_FAKE_TF_LOG (one JSON line: dir and args) and reads and writes state the way terraform does — apply writes the
 * local state file the stack's backend names (resources and outputs from cdk.tf.json), init records the backend in
 * .terraform/terraform.tfstate, and init -migrate-state copies a local state into $LZ_FAKE_BUCKET/<key> when the
 * backend changes from local to s3 (and refuses a backend change without it, as terraform does). It never deletes.
 * $LZ_FAKE_TF_FAIL="<command>:<stack folder>" makes that call fail once.
 */
const { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } = require("node:fs");
const { basename, dirname, join, resolve } = require("node:path");

const args = process.argv.slice(2);
const dir = resolve((args.find((a) => a.startsWith("-chdir=")) || "-chdir=.").slice("-chdir=".length));
const rest = args.filter((a) => !a.startsWith("-chdir="));
const command = rest[0];
if (command === "version") {
  process.stdout.write(JSON.stringify({ terraform_version: "0.0.0-recording" }));
  process.exit(0);
}
appendFileSync(process.env.LZ_FAKE_TF_LOG, `${JSON.stringify({ dir: basename(dir), args: rest })}\n`);

const fail = process.env.LZ_FAKE_TF_FAIL;
if (fail === `${command}:${basename(dir)}` && !existsSync(`${process.env.LZ_FAKE_TF_LOG}.failed`)) {
  writeFileSync(`${process.env.LZ_FAKE_TF_LOG}.failed`, fail);
  process.stderr.write(`Error: planted failure of ${fail}\n`);
  process.exit(1);
}

const config = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
const [type, settings] = Object.entries(config.terraform.backend)[0];
const record = join(dir, ".terraform", "terraform.tfstate");
const previous = existsSync(record) ? JSON.parse(readFileSync(record, "utf8")).backend : undefined;

if (command === "init") {
  if (previous && previous.type !== type) {
    if (!rest.includes("-migrate-state")) {
      process.stderr.write("Error: Backend configuration changed; run terraform init -migrate-state\n");
      process.exit(1);
    }
    if (previous.type === "local" && type === "s3") {
      const from = resolve(dir, previous.config.path);
      if (existsSync(from)) {
        const to = join(process.env.LZ_FAKE_BUCKET, settings.key);
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(from, to);
      }
    }
  }
  mkdirSync(dirname(record), { recursive: true });
  writeFileSync(record, JSON.stringify({ backend: { type, config: settings } }));
  process.exit(0);
}

if (command === "apply") {
  if (!previous) {
    process.stderr.write("Error: Backend initialization required, please run terraform init\n");
    process.exit(1);
  }
  if (type !== "local") {
    process.stderr.write("recording terraform: apply on a remote backend is not modelled\n");
    process.exit(1);
  }
  const path = resolve(dir, settings.path);
  const old = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : { serial: 0 };
  const resources = Object.entries(config.resource || {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`));
  const outputs = Object.fromEntries(Object.entries(config.output || {}).map(([name, o]) => {
    if (name === "account_ids") {
      return [name, { value: Object.fromEntries(Object.keys(o.value).map((k, i) => [k, String(900000000001 + i)])) }];
    }
    return [name, { value: `Z0FAKE${name.replace(/[^a-z]/g, "").toUpperCase().slice(0, 10)}` }];
  }));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ version: 4, serial: old.serial + 1, resources, outputs }, null, 2));
  process.exit(0);
}

process.stderr.write(`recording terraform: ${command} is not modelled\n`);
process.exit(1);
