import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import {
  backFromSignOut,
  currentSession,
  finishSignIn,
  isCallback,
  SIGNED_OUT_EVENT,
  signOutEverywhere,
  startSignIn,
  type ConsoleConfig,
  type Session,
} from './auth';
import { api } from './api';
import { match, navigate, onLinkClick, usePath } from './router';
import { ROUTES, homeFor, navFor } from './routes';
import { setTimeZone } from './time';

/** Roles that may read their district's SMS policy (`GET /v1/districts/{id}/sms-policy`). */
const POLICY_READERS = ['teacher', 'registrar', 'school_admin', 'compliance'];

/**
 * Every time is shown in the district's time zone: the one in the district's SMS policy, read once signed in. Until it
 * is known nothing is shown; when it cannot be read (a role that may not read the policy, no policy set yet) the
 * signed-in person's `zoneinfo` claim is used. Answers whether the zone is settled for this session.
 */
function useDistrictTimeZone(session: Session | null): boolean {
  const [settledFor, setSettledFor] = useState<string | null>(null);
  useEffect(() => {
    if (!session) return;
    let live = true;
    const settle = (zone: string) => {
      if (!live) return;
      setTimeZone(zone);
      setSettledFor(session.accessToken);
    };
    if (!POLICY_READERS.includes(session.user.role)) settle(session.user.zoneinfo);
    else
      api.districtPolicy(session.user.district).then(
        (policy) => settle(policy.timeZone),
        () => settle(session.user.zoneinfo),
      );
    return () => {
      live = false;
    };
  }, [session?.accessToken]);
  return !!session && settledFor === session.accessToken;
}
import { ErrorNotice, Screen } from './ui';

const ROLE_NAMES: Record<string, string> = {
  teacher: 'Teacher',
  registrar: 'Registrar',
  school_admin: 'School administrator',
  compliance: 'Records officer',
  student: 'Student',
  analytics: 'Analyst',
};

function SignIn({ config, error, notice }: { config: ConsoleConfig; error: unknown; notice: string | null }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(error);
  return (
    <main id="main" class="signin">
      <Screen title="Sign in">
        {notice ? (
          <div role="status" class="notice ok">
            <p>{notice}</p>
          </div>
        ) : null}
        <p>
          Teachers, registrars, school administrators, records officers and students sign in with their district
          account.
        </p>
        <ErrorNotice error={problem} />
        <button
          type="button"
          class="primary"
          disabled={busy || !config.issuer}
          onClick={() => {
            setBusy(true);
            startSignIn(
              config,
              location.pathname === '/console/callback' ? '/console/' : location.pathname + location.search,
            ).catch((e: unknown) => {
              setProblem(e);
              setBusy(false);
            });
          }}
        >
          Sign in with your district account
        </button>
        {config.issuer ? null : <p class="muted">No identity provider is configured for this service (OIDC_ISSUER).</p>}
      </Screen>
    </main>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const path = usePath();
  const role = session.user.role;
  let view = null;
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (params && route.roles.includes(role)) {
      view = route.render(params, session);
      break;
    }
  }
  useEffect(() => {
    if (match('/console', path) || match('/console/callback', path)) navigate(homeFor(role), true);
  }, [path, role]);
  return (
    <div onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to main content
      </a>
      <header class="top">
        <p class="brand">Student texting</p>
        <nav aria-label="Main">
          <ul>
            {navFor(role).map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={path.startsWith(item.href) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {session.user.name} <span class="muted">({ROLE_NAMES[role] ?? role})</span>
        </p>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {view ?? (
          <Screen title="Not found">
            <p>
              This page does not exist, or your role cannot open it. <a href={homeFor(role)}>Go to your start page</a>.
            </p>
          </Screen>
        )}
      </main>
    </div>
  );
}

function App({ config }: { config: ConsoleConfig }) {
  const [session, setSession] = useState<Session | null>(currentSession());
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(() => (backFromSignOut() ? 'You have signed out.' : null));
  const [signingOut, setSigningOut] = useState(false);
  const [finishing, setFinishing] = useState(isCallback() && !session);
  const zoneSettled = useDistrictTimeZone(session);
  useEffect(() => {
    const ended = () => {
      setSession(null);
      setError(new Error('Your sign-in has ended. Sign in again to go on where you were.'));
    };
    addEventListener(SIGNED_OUT_EVENT, ended);
    return () => removeEventListener(SIGNED_OUT_EVENT, ended);
  }, []);
  useEffect(() => {
    if (!finishing) return;
    finishSignIn(config).then(
      ({ session: s, returnTo }) => {
        setSession(s);
        setFinishing(false);
        navigate(returnTo, true);
      },
      (e: unknown) => {
        setError(e);
        setFinishing(false);
      },
    );
  }, [finishing, config]);
  if (finishing || signingOut)
    return (
      <main id="main">
        <p role="status">{signingOut ? 'Signing you out…' : 'Signing you in…'}</p>
      </main>
    );
  if (!session) return <SignIn config={config} error={error} notice={notice} />;
  if (!zoneSettled)
    return (
      <main id="main">
        <p role="status">Opening the console…</p>
      </main>
    );
  return (
    <Shell
      session={session}
      onSignOut={() => {
        // At the provider too when it can (the browser leaves for it and comes back to /console/); else here only.
        setSigningOut(true);
        void signOutEverywhere(config).then((atProvider) => {
          if (atProvider) return;
          setSession(null);
          setNotice(
            'You have signed out of the console. Your district account may still be signed in: on a shared computer, close the browser.',
          );
          setSigningOut(false);
          navigate('/console/', true);
        });
      }}
    />
  );
}

async function boot(): Promise<void> {
  const root = document.getElementById('app')!;
  root.textContent = '';
  const res = await fetch('/console/config.json');
  const config = (await res.json()) as ConsoleConfig;
  render(<App config={config} />, root);
}

void boot();
