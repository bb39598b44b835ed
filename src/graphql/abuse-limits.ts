import { ApolloArmor } from '@escape.tech/graphql-armor';

/** The limits of API.md ("Abuse limits"), enforced during validation, before any resolver runs. */
export const LIMITS = {
  maxDepth: 15,
  maxAliases: 15,
  maxDirectives: 30,
  maxTokens: 5000,
  maxCost: 20000,
} as const;

export const abuseProtection = (production: boolean) =>
  new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    maxTokens: { n: LIMITS.maxTokens },
    costLimit: { maxCost: LIMITS.maxCost },
    // Field suggestions ("did you mean …") map the schema for an attacker when introspection is off.
    blockFieldSuggestion: { enabled: production },
  }).protect();

const CODES: [RegExp, string][] = [
  [/query depth limit/i, 'QUERY_TOO_DEEP'],
  [/aliases limit/i, 'TOO_MANY_ALIASES'],
  [/directives limit/i, 'TOO_MANY_DIRECTIVES'],
  [/token limit/i, 'TOO_MANY_TOKENS'],
  [/query cost limit/i, 'QUERY_TOO_COMPLEX'],
];

/** graphql-armor reports every refusal as a validation error; each limit gets its own code here. */
export const abuseLimitCodeOf = (message: string): string | null =>
  CODES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
