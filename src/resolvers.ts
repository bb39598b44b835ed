import type { BuildSchemaOptions } from 'type-graphql';
import { auditResolvers } from './audit';
import { OrganizationResolver } from './organizations/organization.resolver';
import { RegionalGroupResolver } from './regional-groups/regional-group.resolver';
import { MeetingResolver, ParticipantResolver } from './meetings/meeting.resolver';
import { CooperationDocumentResolver } from './cooperation-documents/cooperation-document.resolver';
import { ResolutionReferralResolver, ResolutionResolver } from './resolutions/resolution.resolver';
import { DelegationResolver } from './delegations/delegation.resolver';
import { NodeResolver } from './node.resolver';

/** Every resolver of the schema, one per slice. A new slice adds its resolver here. */
export const resolvers: BuildSchemaOptions['resolvers'] = [...auditResolvers, OrganizationResolver, RegionalGroupResolver, MeetingResolver, ParticipantResolver, CooperationDocumentResolver, ResolutionResolver, ResolutionReferralResolver, DelegationResolver, NodeResolver];
