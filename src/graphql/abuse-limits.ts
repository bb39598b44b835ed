import { ApolloArmor } from '@escape.tech/graphql-armor';
import { queryCostRule } from './query-cost';

/**
 * The limits of API.md ("Abuse limits"), enforced during validation, before any resolver runs. The
 * cost limit follows from the schema and the page size (query-cost.ts: `maxQueryCost`).
 */
export const LIMITS = {
  maxDepth: 15,
  maxAliases: 15,
  maxDirectives: 30,
  maxTokens: 5000,
} as const;

const armor = (production: boolean) =>
  new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // graphql-armor's Apollo plugin counts tokens by throwing from a plugin hook, which Apollo answers
    // as a fault (HTTP 500); graphql-js counts them itself while parsing (parseOptions below), and a
    // document past the limit is then a parse failure, answered 400 like any other.
    maxTokens: { enabled: false },
    // graphql-armor's cost grows by half at every level of depth and ignores a page size given in a
    // variable: it refused a meeting with one page of its outcomes. query-cost.ts counts what an
    // answer can hold instead.
    costLimit: { enabled: false },
    // Field suggestions ("did you mean …") map the schema for an attacker when introspection is off.
    blockFieldSuggestion: { enabled: production },
  }).protect();

export const abuseProtection = (production: boolean) => {
  const { plugins, validationRules } = armor(production);
  return { plugins, validationRules: [...validationRules, queryCostRule], parseOptions: { maxTokens: LIMITS.maxTokens } };
};

const CODES: [RegExp, string][] = [
  [/query depth limit/i, 'QUERY_TOO_DEEP'],
  [/aliases limit/i, 'TOO_MANY_ALIASES'],
  [/directives limit/i, 'TOO_MANY_DIRECTIVES'],
  [/token limit|Document contains more th(?:an|at) \d+ tokens/i, 'TOO_MANY_TOKENS'],
  [/query cost limit/i, 'QUERY_TOO_COMPLEX'],
];

/** graphql-armor reports every refusal as a validation error; each limit gets its own code here. */
export const abuseLimitCodeOf = (message: string): string | null =>
  CODES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
