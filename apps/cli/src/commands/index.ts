import type { Command } from 'commander';
import * as admin from './admin';
import * as bounces from './bounces';
import * as db from './db';
import * as ingest from './ingest';
import * as start from './start';
import * as subscriptions from './subscriptions';
import * as runOnce from './run-once';
import * as preview from './preview';
import * as match from './match';

/**
 * Every sub-command lives in its own file and exports `register(program)`. Add new ones to this list.
 */
const modules: { register: (program: Command) => void }[] = [
  db,
  ingest,
  start,
  subscriptions,
  runOnce,
  preview,
  match,
  admin,
  bounces,
];

export function registerCommands(program: Command): void {
  for (const module of modules) module.register(program);
}
