/**
 * The light intake page's frame: who is signed in (GET /api/me, asked for at start), the slim top bar, and the
 * form — rendered at once, before any answer, so the summary can be typed while the rest loads.
 *   nobody signed in → the sign-in page (back here after); a first password to change → the app (which asks
 *   for it); no 'disputes.intake' permission → 无权登记纠纷 and a link to the workbench.
 */
import { useEffect } from 'react';
import type { Me } from '../../../core/schemas/auth.ts';
import { onlyGridWorker, rolesHave } from '../../../core/roles.ts';
import type { Started } from './start.ts';
import { IntakeForm } from './IntakeForm.tsx';
import { useAnswer } from './hooks.ts';

export function FieldApp({ started }: { started: Started }) {
  const me = useAnswer(started.me);
  const user: Me | undefined = me.data ?? undefined;
  useEffect(() => {
    if (me.data === null) window.location.replace('/login?next=/field');
    else if (user?.mustChangePassword) window.location.replace('/');
  }, [me.data, user]);
  const roles = [...new Set((user?.bindings ?? []).map((b) => b.role))];
  const refused = !!user && !rolesHave(roles, 'disputes.intake');
  return (
    <>
      <header className="bar">
        <h1>登记纠纷</h1>
        <span className="who">{user?.name ?? ''}</span>
        <nav>
          <a href="/">工作台</a>
          <a href="/disputes">我的纠纷</a>
        </nav>
      </header>
      <main className="page">
        {refused ? (
          <div className="card refused" role="alert">
            <p>无权登记纠纷：您的角色不能登记矛盾纠纷。</p>
            <a className="btn" href="/">
              返回工作台
            </a>
          </div>
        ) : (
          <IntakeForm started={started} me={user} gridWorker={onlyGridWorker(roles)} />
        )}
      </main>
    </>
  );
}
