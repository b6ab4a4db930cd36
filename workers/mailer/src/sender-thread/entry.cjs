// Worker threads start without the TypeScript loader the mailer runs under (tsx, or Jest's transform in tests), so
// the thread registers tsx itself before loading its TypeScript entry.
require('tsx/cjs/api').register();
require('./sender-thread-main.ts');
