import { Command } from 'commander';
import { registerCommands } from './commands';
import { reportFatal } from './report-fatal';

const program = new Command()
  .name('alerts')
  .description('Parliament Alerts: email alerts for answered UK parliamentary written questions.')
  .showHelpAfterError();

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = reportFatal(error);
});
