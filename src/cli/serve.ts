import { Command } from 'commander';

/** `daftar serve [--demo]`: the server, as `node dist/src/main.js` starts it. */
export const serveCommand = () =>
  new Command('serve')
    .description('Serve GraphQL over HTTP and WebSocket (PORT, HOST, DATA_DIR and the rest from the environment, see the README)')
    .option('--demo', 'record the Tabriz demo data set first when the store is empty')
    .action(async (options: { demo?: boolean }) => {
      // src/main.ts stays the one server entry point (Docker runs it directly): it reads its own
      // arguments and starts on load, so it is handed exactly the options it knows.
      process.argv = [process.argv[0], process.argv[1], ...(options.demo ? ['--demo'] : [])];
      await import('../main');
    });
