import { useToken } from '../auth/token';
import { graphql } from './graphql';
import { useLoader, type LoadState } from './use-loader';

export type QueryState<Data> = LoadState<Data>;

/**
 * One query, run when the component mounts and again when `variables` (compared as JSON) or the
 * token change. `skip` holds the query back (e.g. an empty search box); so does a missing token,
 * since every query needs one: the header asks for it.
 */
export const useGraphQL = <Data>(query: string, variables: Record<string, unknown> = {}, options: { skip?: boolean } = {}): QueryState<Data> => {
  const token = useToken();
  const key = JSON.stringify(variables);
  return useLoader(() => graphql<Data>(query, variables), `${query}\n${key}`, { skip: options.skip === true || !token });
};
