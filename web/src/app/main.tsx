/// <reference types="vite/client" />
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
// antd's styles as one prebuilt stylesheet (zero-runtime mode, below): see `theme`
import 'antd/dist/antd.css';
import { ApiError, setErrorNotifier, showError } from './api.ts';
import { AuthProvider, ME_KEY } from './auth.tsx';
import { fetchMe } from '../features/auth/api.ts';
import { regionsQuery } from './data.ts';
import { dictionariesQuery } from '../features/disputes/api.ts';
import AppRoutes, { ErrorBoundary } from './App.tsx';
import './app.css';

dayjs.locale('zh-cn');

// a grid worker's field pages start loading with the app, not after /api/me has answered (issue 18.2: on a slow
// phone link every round trip in that chain is 150 ms or more); the route's lazy() then finds the module loaded
const FIELD_PAGES: Record<string, () => Promise<unknown>> = {
  '/disputes/new': () => import('../features/disputes/IntakePage.tsx'),
  '/disputes': () => import('../features/disputes/DisputesPage.tsx'),
  '/screening': () => import('../features/screening/ScreeningPage.tsx'),
};
FIELD_PAGES[window.location.pathname]?.().catch(() => undefined);

// the service worker (web/src/sw/sw.js, written by the build): a second visit of the grid worker's pages works
// offline. Not in `npm run dev:web`, whose files change on every edit.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}

const queryClient = new QueryClient({
  // every failed query or mutation shows the server's Chinese message, unless it says `meta: { silent: true }`
  queryCache: new QueryCache({ onError: (err, query) => !query.meta?.silent && showError(err) }),
  mutationCache: new MutationCache({ onError: (err, _v, _c, mutation) => !mutation.meta?.silent && showError(err) }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      retry: (n, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && n < 2,
    },
  },
});

// the answers the first page needs are asked for at once, side by side, while React renders (issue 18.2): before,
// /api/me waited for the first render and the intake form's regions and dictionaries for /api/me
void queryClient.prefetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1, meta: { silent: true } });
if (window.location.pathname === '/disputes/new') {
  void queryClient.prefetchQuery({ ...regionsQuery(), meta: { silent: true } });
  void queryClient.prefetchQuery({ ...dictionariesQuery(5 * 60_000), meta: { silent: true } });
}

/** Lets non-component code (api.ts) show messages through antd's <App> context. */
function MessageBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => setErrorNotifier((text) => message.error(text)), [message]);
  return null;
}

// people who ask their phone or computer for less motion get no animations (dialogs, drawers and menus open at once)
const reducedMotion = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// zeroRuntime (issue 18.2): antd writes no component styles at run time; they come prebuilt in antd/dist/antd.css.
// Generating them in the browser (CSS-in-JS) cost ~3 s of a 4×-slowed phone's CPU before the intake form showed.
// The tokens below still apply: antd's styles read them as CSS variables, which ConfigProvider sets.
const theme = {
  zeroRuntime: true,
  hashed: false,
  token: {
    motion: !reducedMotion,
    colorPrimary: '#1a5fb4',
    borderRadius: 6,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#0f2747', headerHeight: 56, headerPadding: '0 16px' },
    Menu: { darkItemBg: '#0f2747', darkSubMenuItemBg: '#0b1f3a', darkItemSelectedBg: '#1a5fb4' },
    Statistic: { contentFontSize: 24 },
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <MessageBridge />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <ErrorBoundary>
              <AuthProvider>
                <AppRoutes />
              </AuthProvider>
            </ErrorBoundary>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
