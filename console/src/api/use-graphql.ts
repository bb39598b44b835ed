import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useToken } from '../auth/token';
import { graphql, GraphQLRequestError } from './graphql';

export interface QueryState<Data> {
  data: Data | null;
  error: GraphQLRequestError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs a query when the component mounts, again when `variables` (compared as JSON) or the token
 * change, and on `reload()`; an answer that arrives after a newer request started is dropped.
 * `skip` holds the query back (e.g. an empty search box); so does a missing token, since every
 * query needs one: the header asks for it.
 */
export const useGraphQL = <Data>(query: string, variables: Record<string, unknown> = {}, options: { skip?: boolean } = {}): QueryState<Data> => {
  const token = useToken();
  const key = JSON.stringify(variables);
  const skip = options.skip === true || !token;
  const [state, setState] = useState<{ data: Data | null; error: GraphQLRequestError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: !skip,
  });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (skip) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    graphql<Data>(query, JSON.parse(key) as Record<string, unknown>).then(
      (data) => request === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        request === latest.current &&
        setState({
          data: null,
          error: error instanceof GraphQLRequestError ? error : new GraphQLRequestError(String(error), 'CLIENT_ERROR', null, null),
          loading: false,
        }),
    );
  }, [query, key, token, attempt, skip]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
};
