import { formatDateTime, language, t, useLanguage, type MessageKey } from '../i18n';
import { routes } from '../router';

export interface ChainOrganization {
  entityId: string;
  name: string;
}

export interface ChainDelegation {
  entityId: string;
  status: string;
  effectiveStatus: string;
  powers: string[];
  effectiveFrom: string;
  effectiveUntil: string | null;
  delegator: ChainOrganization | null;
  delegate: ChainOrganization | null;
  delegatorId: string;
  delegateId: string;
}

/** The colour of a delegation as it stood at `at`, by its effective status (its own status with its parents'). */
export const STATUS_COLOURS: Record<string, string> = {
  ACTIVE: '#1f7a3a',
  SUSPENDED: '#b86e00',
  REVOKED: '#a3261b',
  REJECTED: '#a3261b',
  EXPIRED: '#6b7280',
  PROPOSED: '#2b6cb0',
};
const colourOf = (status: string) => STATUS_COLOURS[status] ?? '#5b6475';

const STATUS_LABELS: Record<string, MessageKey> = {
  ACTIVE: 'authority.status.ACTIVE',
  SUSPENDED: 'authority.status.SUSPENDED',
  REVOKED: 'authority.status.REVOKED',
  REJECTED: 'authority.status.REJECTED',
  EXPIRED: 'authority.status.EXPIRED',
  PROPOSED: 'authority.status.PROPOSED',
};

/** A delegation status in the current language (the enum's own name when it is a new one). */
export const statusLabel = (status: string): string => (STATUS_LABELS[status] ? t(STATUS_LABELS[status]) : status);

const WIDTH = 860;
const BOX_WIDTH = 300;
const BOX_HEIGHT = 52;
const MARGIN = 16;
const LINE = 21;
const NAME_LIMIT = 34;

const shorten = (text: string) => (text.length > NAME_LIMIT ? `${text.slice(0, NAME_LIMIT - 1)}…` : text);

/**
 * The chain of delegated authority drawn as an SVG graph. It reads top to bottom in both languages:
 * the organization that held the power originally at the top, each delegation an arrow down to its
 * delegate, the organization asked about at the bottom. Right-to-left aware: in Persian the boxes
 * stand at the right edge and each arrow's label (its powers, status and period) runs leftwards from
 * the arrow, as Persian text does; in English the mirror image. Every box links to its organization's
 * page, every arrow (and its label) to its delegation's.
 */
export const AuthorityGraph = ({ chain, organization, power }: { chain: ChainDelegation[]; organization: ChainOrganization; power: string }) => {
  useLanguage();
  const rtl = language() === 'fa';
  const nodes: ChainOrganization[] = chain.length
    ? [
        chain[0].delegator ?? { entityId: chain[0].delegatorId, name: chain[0].delegatorId },
        ...chain.map((d) => d.delegate ?? { entityId: d.delegateId, name: d.delegateId }),
      ]
    : [organization];
  const boxX = rtl ? WIDTH - MARGIN - BOX_WIDTH : MARGIN;
  const centreX = boxX + BOX_WIDTH / 2;
  // Labels start beside the arrow and run away from the boxes' edge.
  const labelX = rtl ? centreX - 18 : centreX + 18;

  const labels = chain.map((delegation) => {
    const lines: { text: string; strong?: boolean }[] = delegation.powers.map((p) => ({ text: `• ${p}`, strong: p === power.trim() }));
    const status =
      delegation.status === delegation.effectiveStatus
        ? t('authority.statusLine', { status: statusLabel(delegation.status) })
        : t('authority.statusLineEffective', { status: statusLabel(delegation.status), effective: statusLabel(delegation.effectiveStatus) });
    lines.push({ text: status });
    lines.push({
      text: t('authority.period', {
        from: formatDateTime(delegation.effectiveFrom),
        until: delegation.effectiveUntil ? formatDateTime(delegation.effectiveUntil) : t('authority.untilRevoked'),
      }),
    });
    return lines;
  });
  const gaps = labels.map((lines) => lines.length * LINE + 34);
  const tops: number[] = [];
  let y = MARGIN;
  nodes.forEach((_, index) => {
    tops.push(y);
    y += BOX_HEIGHT + (gaps[index] ?? 0);
  });
  const height = y + MARGIN - (gaps[nodes.length - 1] ?? 0);
  const statuses = [...new Set(chain.map((d) => d.effectiveStatus))];

  return (
    <figure class="authority-graph" data-testid="authority-graph">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        role="img"
        aria-label={t('authority.graphTitle')}
        direction={rtl ? 'rtl' : 'ltr'}
        data-testid="authority-svg"
        data-nodes={nodes.length}
        data-edges={chain.length}
      >
        <title>{t('authority.graphTitle')}</title>
        <defs>
          {Object.entries(STATUS_COLOURS).map(([status, colour]) => (
            <marker key={status} id={`arrow-${status}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={colour} />
            </marker>
          ))}
        </defs>
        {chain.map((delegation, index) => {
          const colour = colourOf(delegation.effectiveStatus);
          const from = tops[index] + BOX_HEIGHT;
          const to = tops[index + 1] - 2;
          const inForce = delegation.effectiveStatus === 'ACTIVE';
          return (
            <a
              key={delegation.entityId}
              href={routes.entity('delegation', delegation.entityId)}
              data-testid="authority-edge"
              data-id={delegation.entityId}
              data-status={delegation.effectiveStatus}
            >
              <title>{`${delegation.delegator?.name ?? ''} → ${delegation.delegate?.name ?? ''}`}</title>
              <line
                x1={centreX}
                y1={from}
                x2={centreX}
                y2={to}
                stroke={colour}
                stroke-width={inForce ? 3 : 2.5}
                stroke-dasharray={inForce ? undefined : '7 5'}
                marker-end={`url(#arrow-${STATUS_COLOURS[delegation.effectiveStatus] ? delegation.effectiveStatus : 'EXPIRED'})`}
              />
              {/* A wider, invisible stroke: the arrow is easy to click. */}
              <line x1={centreX} y1={from} x2={centreX} y2={to} stroke="transparent" stroke-width={16} />
              {labels[index].map((line, n) => (
                <text
                  key={n}
                  x={labelX}
                  y={from + 24 + n * LINE}
                  text-anchor="start"
                  font-size={14}
                  font-weight={line.strong ? 700 : 400}
                  fill={n >= labels[index].length - 2 ? colour : '#1d2533'}
                >
                  {line.text}
                </text>
              ))}
            </a>
          );
        })}
        {nodes.map((node, index) => {
          const asked = index === nodes.length - 1;
          return (
            <a key={`${node.entityId}-${index}`} href={routes.entity('organization', node.entityId)} data-testid="authority-node" data-id={node.entityId}>
              <title>{node.name}</title>
              <rect
                x={boxX}
                y={tops[index]}
                width={BOX_WIDTH}
                height={BOX_HEIGHT}
                rx={8}
                fill={asked ? '#e7eef3' : 'white'}
                stroke="#0b5c7a"
                stroke-width={asked ? 2.5 : 1.5}
              />
              <text x={centreX} y={tops[index] + BOX_HEIGHT / 2 + 6} text-anchor="middle" font-size={16} font-weight={700} fill="#0b5c7a">
                {shorten(node.name)}
              </text>
            </a>
          );
        })}
      </svg>
      {statuses.length > 0 && (
        <figcaption class="authority-legend">
          <span class="muted">{t('authority.legend')}</span>
          {statuses.map((status) => (
            <span key={status} class="legend-item">
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={colourOf(status)} stroke-width="3" stroke-dasharray={status === 'ACTIVE' ? undefined : '7 5'} />
              </svg>
              {statusLabel(status)}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
};
