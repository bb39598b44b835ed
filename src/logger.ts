import pino, { type Logger } from 'pino';

export type { Logger };

export const createLogger = (level: string = process.env.LOG_LEVEL ?? 'info'): Logger =>
  pino({
    level,
    base: { service: 'daftar' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.authorization', 'token'], censor: '[redacted]' },
  });

export const silentLogger: Logger = pino({ level: 'silent' });
