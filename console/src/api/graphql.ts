import { getToken } from '../auth/token';

/** Where the console speaks GraphQL: the same server that served it (the CSP allows nothing else). */
export const GRAPHQL_ENDPOINT = '/graphql';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; requestId?: string; [key: string]: unknown };
}

/**
 * A request that did not give data: a GraphQL error (its `extensions.code` and `requestId`), an
 * HTTP failure, or no answer at all (`code` NETWORK_ERROR). `errors` holds every error returned.
 */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly requestId: string | null,
    readonly status: number | null,
    readonly errors: GraphQLErrorBody[] = [],
    /** Whatever data came with the errors (a partial answer). */
    readonly data: unknown = null,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }

  /** The token is missing, wrong or expired: the person must enter another. */
  get isUnauthenticated(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.status === 401;
  }
}

/**
 * POSTs one operation to /graphql with the stored bearer token and returns its `data`; any error
 * in the answer is thrown as a GraphQLRequestError carrying the first error's code and request id.
 */
export const graphql = async <Data = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<Data> => {
  const token = getToken();
  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new GraphQLRequestError(error instanceof Error ? error.message : String(error), 'NETWORK_ERROR', null, null);
  }
  const headerRequestId = response.headers.get('x-request-id');
  let body: { data?: Data | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError(`HTTP ${response.status} ${response.statusText}`, `HTTP_${response.status}`, headerRequestId, response.status);
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new GraphQLRequestError(
      first.message,
      first.extensions?.code ?? `HTTP_${response.status}`,
      first.extensions?.requestId ?? headerRequestId,
      response.status,
      body.errors,
      body.data ?? null,
    );
  }
  if (!response.ok || body.data == null)
    throw new GraphQLRequestError(`HTTP ${response.status} ${response.statusText}`, `HTTP_${response.status}`, headerRequestId, response.status);
  return body.data;
};
