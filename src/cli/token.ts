import { Command, Option } from 'commander';
import { ROLES, type Role } from '../core/event';

/** `daftar token --sub u1 --name "..." --role CLERK`: prints a token for the configured secret. */
export const tokenCommand = () =>
  new Command('token')
    .description('Print a bearer token signed with AUTH_JWT_SECRET (or the development secret in DATA_DIR)')
    .requiredOption('--sub <id>', 'the user id (sub claim)')
    .requiredOption('--name <name>', 'the display name')
    .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
    .option('--expires-in <span>', 'lifetime, e.g. 8h, 30d', '8h')
    .action(async (options: { sub: string; name: string; role: Role[]; expiresIn: string }) => {
      const { loadConfig } = await import('../config');
      const { developmentSecret } = await import('../auth/dev-secret');
      const { signToken } = await import('../auth/tokens');
      const config = loadConfig();
      const secret = config.AUTH_JWT_SECRET ?? developmentSecret(config.DATA_DIR);
      process.stdout.write(
        `${await signToken({ sub: options.sub, name: options.name, roles: options.role, expiresIn: options.expiresIn }, secret)}\n`,
      );
    });
