/// <reference types="vite/client" />
/**
 * /field — the grid worker's intake form ("登记纠纷") as its own light entry (issue 18.2): React and react-dom
 * only, no antd, router or react-query, its own small stylesheet, so a township phone on a slow link can type
 * within seconds. The same request, draft and offline outbox as the app's intake page (features/disputes/
 * intake.ts and outbox.ts), so either page sends what the other saved. Served by server/app.ts at GET /field,
 * stored by the service worker for offline use.
 */
// first: the answers the page needs leave before React is evaluated
import { started } from './start.ts';
import { createRoot } from 'react-dom/client';
import { FieldApp } from './FieldApp.tsx';
import './field.css';

createRoot(document.getElementById('field')!).render(<FieldApp started={started} />);

// the service worker (web/src/sw/sw.js) stores this page: a second visit opens it offline. Production builds only.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
