import type { Command } from 'commander';

/**
 * Every sub-command lives in its own file and exports `register(program)`. Add new ones to this list.
 */
const modules: { register: (program: Command) => void }[] = [];

export function registerCommands(program: Command): void {
  for (const module of modules) module.register(program);
}
