import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm). The Prisma CLI downloads a native
 * engine for `migrate`, which fails offline and behind many firewalls; the wasm build runs in-process over the
 * pg driver adapter instead. The package is an ES module that imports its .wasm directly, which Node 20 only
 * allows behind --experimental-wasm-modules, so we instantiate the bytes ourselves.
 *
 * Known limits of the wasm engine with the pg adapter: shadow-database and live-introspection paths fail, so we
 * use only `diff` (to SQL) and `applyMigrations`.
 */
export interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

interface EngineModule {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<SchemaEngine> };
}

let modulePromise: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  modulePromise ??= (async () => {
    // The package's exports map hides package.json, so resolve its main file and take the folder.
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bindings = (await import(pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href)) as EngineModule;
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    // @types/node 20 does not declare the WebAssembly global (it is in lib.dom); describe the little we use.
    const wasm = (
      globalThis as unknown as {
        WebAssembly: {
          instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
        };
      }
    ).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bindings;
  })();
  return modulePromise;
}

/** Start an engine bound to `databaseUrl`, with `schema` as its datamodel. Call `free()` when done. */
export async function startSchemaEngine(options: { databaseUrl: string; schema: string }): Promise<SchemaEngine> {
  const engineModule = await loadEngineModule();
  // Imported lazily: these are only needed by migrate/diff, not by every process that uses the client.
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const adapter = bindMigrationAwareSqlAdapterFactory(
    wholeScripts(new PrismaPg({ connectionString: options.databaseUrl })),
  );
  return engineModule.SchemaEngine.new({ datamodels: [['schema.prisma', options.schema]] }, () => {}, adapter);
}

export const SCHEMA_FILTER = { externalTables: [], externalEnums: [] };

interface ScriptAdapter {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
}

/**
 * The pg adapter's `executeScript` splits a migration at every ";" and sends the pieces one by one, which breaks a
 * function body (`$$ … ; … $$`). Send each migration as one simple query instead, as Prisma's native engine does:
 * PostgreSQL runs a migration of several statements as one implicit transaction (all or nothing), and a migration
 * of one statement on its own, which is what `CREATE INDEX CONCURRENTLY` needs.
 */
function wholeScripts<Factory extends { connect(): Promise<unknown> }>(factory: Factory): Factory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as ScriptAdapter;
    adapter.executeScript = async (script) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    return adapter;
  };
  return factory;
}
