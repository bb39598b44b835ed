import type { ApolloServerPlugin } from '@apollo/server';
import { storageFailureReasonOf } from '../core/storage-failure';
import type { GraphQLContext } from './context';

/**
 * A request that met SQLite's "malformed" (a damaged page) has the read-model file checked in the
 * background, so that damage found by a read heals without waiting for a restart.
 */
export const damageSuspicion: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        const damaged = errors.some(
          (error) => storageFailureReasonOf(error.originalError) === 'STORAGE_CORRUPT' || (error.originalError as { reason?: unknown } | undefined)?.reason === 'STORAGE_CORRUPT',
        );
        if (damaged) contextValue.app.readModelDamageSuspected();
      },
    };
  },
};
