import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, probeKey, type Role, setApiEvents, storedKey, storeKey } from './api';
import { AgentsPage } from './pages/agents';
import { DepartmentsPage } from './pages/departments';
import { ExplainPage } from './pages/explain';
import { ScheduleEditor } from './pages/schedule-editor';
import { SchedulesPage } from './pages/schedules';
import { SettingsPage } from './pages/settings';
import { TriggerEditor } from './pages/trigger-editor';
import { TriggerList } from './pages/trigger-list';
import { ErrorBox, Link, type Session, SessionContext } from './ui';

const ROLE = 'livechat-triggers-admin:role';

function KeyForm(props: { title: string; intro: string; submitLabel: string; onSignedIn: (key: string, role: Role) => void; onCancel?: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const trimmed = key.trim();
      props.onSignedIn(trimmed, await probeKey(trimmed));
    } catch (caught) {
      setError(caught instanceof ApiError && caught.kind === 'unauthorized' ? new Error('This key was not accepted. Check it and try again.') : caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="key-form" onSubmit={(event) => void submit(event)}>
      <h1 id={props.onCancel ? 'key-again-title' : undefined}>{props.title}</h1>
      <p>{props.intro}</p>
      <label for="api-key">API key</label>
      <input id="api-key" type="password" autocomplete="current-password" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
      <ErrorBox error={error} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy || key.trim() === ''}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Sign out
          </button>
        )}
      </div>
    </form>
  );
}

function route(path: string) {
  const clean = path.replace(/\/+$/, '') || '/admin';
  if (clean === '/admin' || clean === '/admin/triggers') return <TriggerList />;
  if (clean === '/admin/triggers/new') return <TriggerEditor key="new" />;
  const edit = /^\/admin\/triggers\/([^/]+)$/.exec(clean);
  if (edit) return <TriggerEditor key={edit[1]} id={decodeURIComponent(edit[1])} />;
  if (clean === '/admin/explain') return <ExplainPage />;
  if (clean === '/admin/agents') return <AgentsPage />;
  if (clean === '/admin/departments') return <DepartmentsPage />;
  if (clean === '/admin/schedules') return <SchedulesPage />;
  if (clean === '/admin/schedules/new') return <ScheduleEditor key="new" />;
  const schedule = /^\/admin\/schedules\/([^/]+)$/.exec(clean);
  if (schedule) return <ScheduleEditor key={schedule[1]} id={decodeURIComponent(schedule[1])} />;
  if (clean === '/admin/settings') return <SettingsPage />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link href="/admin">Back to the triggers</Link>
      </p>
    </section>
  );
}

const NAV = [
  ['/admin', 'Triggers'],
  ['/admin/explain', 'Explain'],
  ['/admin/agents', 'Agents'],
  ['/admin/departments', 'Departments'],
  ['/admin/schedules', 'Schedules'],
  ['/admin/settings', 'Settings'],
] as const;

export function App() {
  const [key, setKey] = useState(storedKey());
  const [role, setRole] = useState<Role | null>(sessionStorage.getItem(ROLE) as Role | null);
  const [keyRejected, setKeyRejected] = useState(false);
  const [offline, setOffline] = useState(false);
  const [path, setPath] = useState(location.pathname);

  const rememberRole = (next: Role) => {
    sessionStorage.setItem(ROLE, next);
    setRole(next);
  };
  useEffect(() => {
    setApiEvents({
      unauthorized: () => setKeyRejected(true),
      forbidden: () => rememberRole('viewer'),
      connection: (reachable) => setOffline(!reachable),
    });
    const onPop = () => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const signedIn = (nextKey: string, nextRole: Role) => {
    storeKey(nextKey);
    setKey(nextKey);
    rememberRole(nextRole);
    setKeyRejected(false);
  };
  const signOut = () => {
    storeKey(null);
    sessionStorage.removeItem(ROLE);
    setKey(null);
    setRole(null);
    setKeyRejected(false);
  };
  const session = useMemo<Session>(
    () => ({
      role: role ?? 'viewer',
      readOnly: role !== 'manager',
      navigate(to: string) {
        history.pushState(null, '', to);
        setPath(new URL(to, location.href).pathname);
        window.scrollTo(0, 0);
      },
    }),
    [role],
  );

  if (!key || !role) {
    return (
      <main class="sign-in">
        <KeyForm
          title="Livechat Triggers admin"
          intro="Sign in with an API key (manager keys can change things, viewer keys can only look). The key stays in this tab only."
          submitLabel="Sign in"
          onSignedIn={signedIn}
        />
      </main>
    );
  }
  const current = path.replace(/\/+$/, '');
  return (
    <SessionContext.Provider value={session}>
      <header class="top">
        <span class="brand">Livechat Triggers</span>
        <nav aria-label="Sections">
          {NAV.map(([href, label]) => (
            <Link
              href={href}
              class={(href === '/admin' ? current === '/admin' || current.startsWith('/admin/triggers') : current.startsWith(href)) ? 'active' : ''}
            >
              {label}
            </Link>
          ))}
        </nav>
        <span
          class={`role role-${role}`}
          title={role === 'viewer' ? 'Viewer keys can read everything and change nothing' : 'Manager keys can change everything'}
        >
          {role === 'viewer' ? 'Read-only (viewer)' : 'Manager'}
        </span>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      {offline && (
        <div class="banner" role="alert">
          The service cannot be reached. Your changes on this page are kept; try again when the connection is back.
        </div>
      )}
      <main id="main" aria-hidden={keyRejected ? 'true' : undefined}>
        {route(path)}
      </main>
      {keyRejected && (
        <div class="overlay">
          <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="key-again-title">
            <KeyForm
              title="Sign in again"
              intro="The service did not accept your API key (it may have expired or been revoked). Enter a key to carry on: everything you typed is still here, then repeat the last action."
              submitLabel="Continue"
              onSignedIn={signedIn}
              onCancel={signOut}
            />
          </div>
        </div>
      )}
    </SessionContext.Provider>
  );
}
