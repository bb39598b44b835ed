import { useEffect, useState } from 'preact/hooks';
import { useGraphQL } from '../api/use-graphql';
import { AuthorityGraph, type ChainDelegation } from '../components/authority-graph';
import { DateTime } from '../components/date-time';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { t, useLanguage } from '../i18n';
import { navigate, routes, type Route } from '../router';
import './audit-views.css';

const ORGANIZATIONS = `query ConsoleAuthorityOrganizations($name: String!) {
  organizations(filter: { name: $name }, first: 12) { edges { node { entityId name nameEn kind } } }
}`;

const POWERS = `query ConsoleAuthorityPowers { delegations(first: 500) { edges { node { powers } } } }`;

const AUTHORITY = `query ConsoleAuthority($organizationId: ID!, $power: String!, $at: DateTime!, $asOf: DateTime) {
  authority(organizationId: $organizationId, power: $power, at: $at, asOf: $asOf) {
    holds reason at asOf power
    chain {
      entityId status effectiveStatus powers effectiveFrom effectiveUntil delegatorId delegateId
      delegator { entityId name } delegate { entityId name }
    }
  }
}`;

interface OrganizationOption {
  entityId: string;
  name: string;
  nameEn: string | null;
  kind: string;
}

interface AuthorityAnswer {
  holds: boolean;
  reason: string | null;
  at: string;
  asOf: string;
  power: string;
  chain: ChainDelegation[];
}

/** The question as the address holds it, so that an answer can be kept or sent. */
interface Question {
  org: string;
  orgName: string;
  power: string;
  at: string;
  asOf: string;
}

const questionOf = (query: URLSearchParams): Question => ({
  org: query.get('org') ?? '',
  orgName: query.get('orgName') ?? '',
  power: query.get('power') ?? '',
  at: query.get('at') ?? '',
  asOf: query.get('asOf') ?? '',
});

/**
 * Dates go to the API as typed: its DateTime reads a Solar Hijri date or date-time in Persian or
 * Latin digits in Tehran time (`۱۴۰۳/۰۱/۰۲`, `1403/01/02 14:30`) as well as ISO, with the same
 * rules the rest of the API uses, so the console converts nothing and a bad date comes back as the
 * API's own coded error. Only the Arabic-Indic digits a Persian keyboard may also give are folded.
 */
const normaliseDate = (text: string): string =>
  text.trim().replace(/[٠-٩]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0x0660 + 0x06f0));

/** Organization chosen by typing its name: the API's own folding (ی/ي, ک/ك, ZWNJ, digits) finds it. */
const OrganizationPicker = ({
  chosen,
  onChoose,
}: {
  chosen: { entityId: string; name: string } | null;
  onChoose(org: { entityId: string; name: string } | null): void;
}) => {
  const [text, setText] = useState(chosen?.name ?? '');
  const [wanted, setWanted] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setWanted(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const searching = wanted.length >= 2 && wanted !== chosen?.name;
  const found = useGraphQL<{ organizations: { edges: { node: OrganizationOption }[] } }>(ORGANIZATIONS, { name: wanted }, { skip: !searching });
  const options = found.data?.organizations.edges.map((edge) => edge.node) ?? [];
  return (
    <div class="org-picker">
      <label>
        <span>{t('authority.organization')}</span>
        <input
          type="search"
          dir="auto"
          value={text}
          placeholder={t('authority.organizationPlaceholder')}
          onInput={(event) => {
            const value = (event.target as HTMLInputElement).value;
            setText(value);
            if (chosen && value !== chosen.name) onChoose(null);
          }}
          data-testid="authority-org-input"
          aria-autocomplete="list"
        />
      </label>
      {chosen && (
        <span class="chosen" data-testid="authority-org-chosen" data-id={chosen.entityId}>
          ✓ {chosen.name}
        </span>
      )}
      {searching && found.error && <GraphQLErrorView error={found.error} />}
      {searching && found.data && (
        <ul class="org-options" role="listbox" data-testid="authority-org-options">
          {options.length === 0 && <li class="muted">{t('authority.noOrganizations')}</li>}
          {options.map((option) => (
            <li key={option.entityId} role="option">
              <button
                type="button"
                class="link"
                data-testid="authority-org-option"
                data-id={option.entityId}
                onClick={() => {
                  setText(option.name);
                  setWanted(option.name);
                  onChoose({ entityId: option.entityId, name: option.name });
                }}
              >
                {option.name}
                {option.nameEn && (
                  <span class="muted" dir="ltr">
                    {' '}
                    · {option.nameEn}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

const AuthorityForm = ({ question }: { question: Question }) => {
  const [org, setOrg] = useState(question.org ? { entityId: question.org, name: question.orgName || question.org } : null);
  const [power, setPower] = useState(question.power);
  const [at, setAt] = useState(question.at);
  const [asOf, setAsOf] = useState(question.asOf);
  const [missing, setMissing] = useState(false);
  const powers = useGraphQL<{ delegations: { edges: { node: { powers: string[] } }[] } }>(POWERS);
  const suggestions = [...new Set(powers.data?.delegations.edges.flatMap((edge) => edge.node.powers) ?? [])];
  const ask = (event: Event) => {
    event.preventDefault();
    if (!org || !power.trim() || !at.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const query: Record<string, string> = { org: org.entityId, orgName: org.name, power: power.trim(), at: normaliseDate(at) };
    if (asOf.trim()) query.asOf = normaliseDate(asOf);
    navigate(routes.authority(query));
  };
  return (
    <form class="card authority-form" onSubmit={ask} data-testid="authority-form">
      <OrganizationPicker chosen={org} onChoose={setOrg} />
      <label>
        <span>{t('authority.power')}</span>
        <input
          type="text"
          dir="auto"
          list="authority-powers"
          value={power}
          placeholder={t('authority.powerPlaceholder')}
          onInput={(event) => setPower((event.target as HTMLInputElement).value)}
          data-testid="authority-power-input"
        />
        <datalist id="authority-powers">
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      </label>
      <div class="dates">
        <label>
          <span>{t('authority.at')}</span>
          <input
            type="text"
            dir="ltr"
            value={at}
            placeholder="۱۴۰۳/۰۱/۰۲"
            onInput={(event) => setAt((event.target as HTMLInputElement).value)}
            data-testid="authority-at-input"
          />
        </label>
        <label>
          <span>{t('authority.asOf')}</span>
          <input
            type="text"
            dir="ltr"
            value={asOf}
            placeholder={t('authority.asOfNow')}
            onInput={(event) => setAsOf((event.target as HTMLInputElement).value)}
            data-testid="authority-asof-input"
          />
        </label>
      </div>
      <p class="muted hint">{t('authority.dateHint')}</p>
      {missing && (
        <p class="error-inline" role="alert" data-testid="authority-missing">
          {t('authority.missing')}
        </p>
      )}
      <button type="submit" data-testid="authority-submit">
        {t('authority.submit')}
      </button>
    </form>
  );
};

const AuthorityAnswerView = ({ question }: { question: Question }) => {
  const answer = useGraphQL<{ authority: AuthorityAnswer }>(AUTHORITY, {
    organizationId: question.org,
    power: question.power,
    at: question.at,
    asOf: question.asOf || null,
  });
  if (answer.error) return <GraphQLErrorView error={answer.error} />;
  if (!answer.data) return <p class="muted">{t('loading')}</p>;
  const result = answer.data.authority;
  return (
    <div class="card authority-answer" data-testid="authority-answer" data-holds={String(result.holds)}>
      <p class="question">
        {t('authority.questionPrefix')} <a href={routes.entity('organization', question.org)}>{question.orgName || question.org}</a>{' '}
        {t('authority.questionPower')} «<span dir="auto">{result.power}</span>» {t('authority.questionAt')} <DateTime iso={result.at} testId="authority-answer-at" />{' '}
        {t('authority.questionAsOf')} <DateTime iso={result.asOf} />
      </p>
      <p class={result.holds ? 'verdict holds' : 'verdict not-holds'} data-testid="authority-verdict">
        {result.holds ? t('authority.holds') : t('authority.doesNotHold')}
      </p>
      {result.reason && (
        <div class="reason">
          <strong>{t('authority.reason')}</strong>
          {/* The API words its reasons in English with the organizations' names: its own direction. */}
          <p dir="auto" data-testid="authority-reason">
            {result.reason}
          </p>
        </div>
      )}
      {(result.holds || result.chain.length > 0) && (
        <>
          <h3>{t('authority.chain')}</h3>
          <p class="muted">{t('authority.chainDirection')}</p>
          <AuthorityGraph chain={result.chain} organization={{ entityId: question.org, name: question.orgName || question.org }} power={result.power} />
        </>
      )}
    </div>
  );
};

/** `#/authority?org=…&orgName=…&power=…&at=…&asOf=…`: did this organization hold this power then, as recorded then? */
export const AuthorityView = ({ route }: { route: Route }) => {
  useLanguage();
  const question = questionOf(route.query);
  const key = route.query.toString();
  const complete = Boolean(question.org && question.power && question.at);
  return (
    <section data-testid="view-authority">
      <h2>{t('authority.title')}</h2>
      <p class="muted">{t('authority.intro')}</p>
      <AuthorityForm key={key} question={question} />
      {complete && <AuthorityAnswerView question={question} />}
    </section>
  );
};
