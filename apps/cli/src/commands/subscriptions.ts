import type { Frequency } from '@alerts/db';
import { resolveMemberNames, writeMemberNames, type NameProblem } from '@alerts/composition';
import { enableWebhook, oweDeliveries } from '@alerts/delivery';
import { addSubscription, listSubscriptions, parseAllowHosts, removeSubscription } from '@alerts/subscriptions';
import { createQueues, createRedis, deliverJobs } from '@alerts/queue';
import { type Command, Option } from 'commander';
import { loadEnv } from '../env';
import { withDb } from '../with-db';

/** "we know no member called …", with what to write instead as the hint under it. */
function nameError(problem: NameProblem): Error {
  const error = new Error(`--query: ${problem.message}`) as Error & { hint?: string };
  if (problem.candidates.length)
    error.hint = `Did you mean: ${problem.candidates.map((c) => `${c.label}: ${c.filter}`).join('; ')}`;
  return error;
}

const frequencyOption = () =>
  new Option('--frequency <frequency>', 'when to send').choices(['immediate', 'daily', 'weekly']).default('daily');

export function register(program: Command): void {
  const subs = program.command('subscriptions').description('Add, list and remove alerts (for scripting and imports)');

  subs
    .command('add')
    .description('Save an alert; without --confirmed, a confirmation email is queued (double opt-in)')
    .requiredOption('--email <address>', 'subscriber email address')
    .requiredOption(
      '--query <query>',
      'alert query, e.g. \'encryption department:"Home Office"\' or \'member:"Sarah Jones"\'',
    )
    .addOption(frequencyOption())
    .option('--label <text>', 'a short name for the alert')
    .option(
      '--include-tabled',
      'also tell me when such a question is asked (before it is answered); default: answers only',
    )
    .option('--confirmed', 'skip double opt-in (an operator importing consented subscribers)')
    .option(
      '--webhook <url>',
      "post this alert's answers to an HTTPS endpoint (Slack, Teams or JSON) instead of email; prints its signing secret; the alert is immediate",
    )
    .action(
      async (
        opts: {
          email: string;
          query: string;
          frequency: string;
          label?: string;
          includeTabled?: boolean;
          confirmed?: boolean;
          webhook?: string;
        },
        command: Command,
      ) => {
        const env = loadEnv();
        // A webhook alert is immediate: the default (daily) gives way, an explicit other frequency is an error.
        const frequency =
          opts.webhook && command.getOptionValueSource('frequency') === 'default'
            ? 'IMMEDIATE'
            : (opts.frequency.toUpperCase() as Frequency);
        await withDb(env.DATABASE_URL, async (db) => {
          // member:"Sarah Jones" is stored as member:<id>, as the sign-up form stores it.
          const resolved = await resolveMemberNames(db, opts.query);
          if (!resolved.ok) throw nameError(resolved.problem);
          const result = await addSubscription(db, {
            email: opts.email,
            query: resolved.query,
            frequency,
            ...(opts.label ? { label: opts.label } : {}),
            ...(opts.webhook
              ? { webhook: { url: opts.webhook, allowHosts: parseAllowHosts(env.WEBHOOK_ALLOW_HOSTS) } }
              : {}),
            includeTabled: opts.includeTabled === true,
            confirmed: opts.confirmed === true,
          });
          if (result.needsConfirmation) {
            const redis = createRedis(
              { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES },
              { forProducer: true },
            );
            const queues = createQueues({ connection: redis, prefix: env.QUEUE_PREFIX });
            try {
              await oweDeliveries(
                {
                  db,
                  queue: queues,
                  onQueueError: () =>
                    process.stderr.write(
                      'Redis did not take the job: the confirmation email is owed in the database and goes out once the system reconciles.\n',
                    ),
                },
                [deliverJobs.confirmation(result.subscriber.id, result.subscription.id)],
              );
            } finally {
              await queues.close();
              redis.disconnect();
            }
          }
          process.stdout.write(
            `${result.subscription.id}\t${result.subscriber.email}\t${result.subscription.frequency.toLowerCase()}\t` +
              `${result.needsConfirmation ? 'pending confirmation (email queued)' : 'confirmed'}\n`,
          );
          // Shown once: the receiver needs it to verify each POST's webhook-signature.
          if (result.webhookSecret) process.stdout.write(`webhook signing secret: ${result.webhookSecret}\n`);
        });
      },
    );

  subs
    .command('list')
    .description(
      'List alerts as tab-separated lines: id, email, frequency, state, query; then "+tabled" for alerts that also announce questions when asked',
    )
    .option('--email <address>', 'only this subscriber')
    .action(async (opts: { email?: string }) => {
      const env = loadEnv();
      await withDb(env.DATABASE_URL, async (db) => {
        const subscriptions = await listSubscriptions(db, opts.email ? { email: opts.email } : {});
        // Members by name where the name is ours alone (member:"Jeremy Corbyn"): still a query `add` accepts.
        const queries = await writeMemberNames(
          db,
          subscriptions.map((s) => s.query),
        );
        subscriptions.forEach((s, i) => {
          const state = s.disabledAt ? 'disabled' : s.paused ? 'paused' : s.confirmedAt ? 'active' : 'pending';
          // The new column goes last, so scripts that read the first five keep working.
          const webhook = s.webhook
            ? `\t+webhook:${new URL(s.webhook.url).host}${s.webhook.disabledAt ? ' (disabled)' : ''}`
            : '';
          process.stdout.write(
            `${s.id}\t${s.subscriber.email}\t${s.frequency.toLowerCase()}\t${state}\t${queries[i]}${s.includeTabled ? '\t+tabled' : ''}${webhook}\n`,
          );
        });
      });
    });

  subs
    .command('enable-webhook <id>')
    .description(
      "Turn a webhook alert's endpoint back on after it was disabled for failing; posts given up then are sent again",
    )
    .action(async (id: string) => {
      const env = loadEnv();
      await withDb(env.DATABASE_URL, async (db) => {
        const { enabled, retried } = await enableWebhook(db, id);
        if (!enabled) throw new Error(`${id}: no disabled webhook on that alert`);
        process.stdout.write(
          `Enabled the webhook of ${id}; ${retried.length} post(s) owed again (the running workers send them)\n`,
        );
      });
    });

  subs
    .command('remove <id>')
    .description('Delete an alert and its undelivered matches')
    .action(async (id: string) => {
      const env = loadEnv();
      await withDb(env.DATABASE_URL, async (db) => {
        await removeSubscription(db, id);
        process.stdout.write(`Removed ${id}\n`);
      });
    });
}
