// Prints the DDL Prisma's schema engine generates for schemas (what `prisma migrate diff
// --from-empty --script` prints), for tests/prisma/test_prisma_ddl_oracle.py.
//
// Usage: node tests/oracle/ddl.mjs SCHEMA...  (a .prisma file or a folder of them). Prints
// {"<SCHEMA>": {"ddl": "..."} | {"error": "..."}}. PostgreSQL and SQLite only: the engine's
// MySQL connector does not run in WebAssembly. No database is contacted: a stub adapter
// answers the one version query the engine makes before diffing.
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The package imports its .wasm as an ES module (a bundler feature): instantiate it by hand.
const wasmPath = fileURLToPath(
  new URL("./node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm", import.meta.url),
);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
  "./schema_engine_bg.js": bg,
});
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

function schemaFiles(target) {
  if (!statSync(target).isDirectory()) return [target];
  const found = [];
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    const full = join(target, entry.name);
    if (entry.isDirectory()) found.push(...schemaFiles(full));
    else if (entry.name.endsWith(".prisma")) found.push(full);
  }
  return found.sort();
}

function stubAdapter(provider) {
  const connection = {
    provider,
    adapterName: "schemalint-stub",
    async queryRaw() {
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 16.0", 160000]],
      };
    },
    async executeRaw() {
      return 0;
    },
    async executeScript() {},
    async startTransaction() {
      throw new Error("the DDL oracle opens no transaction");
    },
    async dispose() {},
    getConnectionInfo() {
      return { schemaName: provider === "postgres" ? "public" : undefined, supportsRelationJoins: false };
    },
  };
  return {
    provider,
    adapterName: "schemalint-stub",
    async connect() {
      return connection;
    },
    async connectToShadowDb() {
      return connection;
    },
  };
}

async function ddl(target) {
  // This engine is a Prisma 7 build: blank Prisma 6 `url = ...` lines (same length, so
  // positions in its messages stay valid).
  const blankUrls = (text) =>
    text.replace(/^[ \t]*(url|directUrl|shadowDatabaseUrl)\s*=.*$/gm, (line) => " ".repeat(line.length));
  const files = schemaFiles(target).map((path) => ({
    path,
    content: blankUrls(readFileSync(path, "utf8")),
  }));
  const text = files.map((f) => f.content).join("\n");
  const provider = /provider\s*=\s*"sqlite"/.test(text) ? "sqlite" : "postgres";
  try {
    const engine = await bg.SchemaEngine.new(
      { datamodels: files.map((f) => [f.path, f.content]) },
      () => {},
      bindMigrationAwareSqlAdapterFactory(stubAdapter(provider)),
    );
    const result = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return { ddl: result.stdout };
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) };
  }
}

const out = {};
for (const target of process.argv.slice(2)) out[target] = await ddl(target);
process.stdout.write(JSON.stringify(out));
