import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useToken } from '../auth/token';
import { GraphQLRequestError } from './graphql';

/**
 * Like useGraphQL, for a loader that makes several requests (pages, then the meetings they name):
 * runs `load` on mount and again when `key` or the token change; a late answer to an older key is dropped.
 */
export const useLoader = <Data>(load: () => Promise<Data>, key: string) => {
  const token = useToken();
  const [state, setState] = useState<{ data: Data | null; error: GraphQLRequestError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
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
  }, [key, token, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
};
