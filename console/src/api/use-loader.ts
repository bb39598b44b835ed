import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useToken } from '../auth/token';
import { GraphQLRequestError } from './graphql';

export interface LoadState<Data> {
  data: Data | null;
  error: GraphQLRequestError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` on mount, again when `key` (what it loads) or the token change, and on `reload()`;
 * an answer that arrives after a newer request started is dropped. `skip` holds it back. One
 * request (useGraphQL) or several (the dashboard's pages, then the meetings they name) alike.
 */
export const useLoader = <Data>(load: () => Promise<Data>, key: string, options: { skip?: boolean } = {}): LoadState<Data> => {
  const token = useToken();
  const skip = options.skip === true;
  const [state, setState] = useState<{ data: Data | null; error: GraphQLRequestError | null; loading: boolean }>({ data: null, error: null, loading: !skip });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (skip) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => request === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        request === latest.current &&
        setState({
          data: null,
          error: error instanceof GraphQLRequestError ? error : new GraphQLRequestError(String(error), 'CLIENT_ERROR', null, null),
          loading: false,
        }),
    );
    // `load` is a new closure on every render; `key` says what it loads.
  }, [key, token, attempt, skip]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
};
