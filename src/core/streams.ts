/**
 * A stream is named `<category>-<entityId>`: the category says which aggregate (and read model) it
 * belongs to, the rest is the entity's id as clients see it.
 */
export const streamIdOf = (category: string, entityId: string): string => `${category}-${entityId}`;

export const categoryOf = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
};

export const entityIdOf = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(dash + 1);
};
