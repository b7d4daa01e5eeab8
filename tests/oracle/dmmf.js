// Prints Prisma's own view of schemas (the DMMF) as JSON, for tests/prisma/test_dmmf_oracle.py.
//
// Usage: node tests/oracle/dmmf.js SCHEMA...   (each SCHEMA is a .prisma file or a folder whose
// *.prisma files, recursively, form one schema). Prints {"<SCHEMA>": {"build": "6"|"7",
// "datamodel": ...} | {"error": "..."}}. A schema whose datasource sets `url` (required up to
// Prisma 6, rejected by Prisma 7) goes to the Prisma 6 build, any other to the Prisma 7 build.
"use strict";

const fs = require("fs");
const path = require("path");

const builds = {
  6: require("prisma-schema-wasm-6"),
  7: require("prisma-schema-wasm-7"),
};

function schemaFiles(target) {
  if (!fs.statSync(target).isDirectory()) return [target];
  const found = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) found.push(...schemaFiles(full));
    else if (entry.name.endsWith(".prisma")) found.push(full);
  }
  return found.sort();
}

function dmmf(target) {
  const files = schemaFiles(target).map((file) => [file, fs.readFileSync(file, "utf8")]);
  const usesUrl = files.some(([, text]) => /^[ \t]*(url|directUrl|shadowDatabaseUrl)\s*=/m.test(text));
  const build = usesUrl ? "6" : "7";
  const params = JSON.stringify({ prismaSchema: files, noColor: true });
  try {
    const result = JSON.parse(builds[build].get_dmmf(params));
    return { build, datamodel: result.datamodel };
  } catch (error) {
    return { build, error: String(error && error.message ? error.message : error) };
  }
}

const out = {};
for (const target of process.argv.slice(2)) out[target] = dmmf(target);
process.stdout.write(JSON.stringify(out));
