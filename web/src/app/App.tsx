import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Button, Spin, Typography } from 'antd';
import { ExclamationCircleFilled } from '@ant-design/icons';
import { useMe } from './auth.tsx';
import Layout from './Layout.tsx';
import { ROUTES, routeVisible, type AppRoute } from './routes.tsx';
import LoginPage from '../features/auth/LoginPage.tsx';
import ForcePasswordPage from '../features/auth/ForcePasswordPage.tsx';

// 大屏 (issue 16.3): the whole screen, outside the menu layout
const ScreenPage = lazy(() => import('../features/workbench/ScreenPage.tsx'));
// antd's Result carries three large pictures (403, 404, 500): loaded only when a page shows one (issue 18.1)
const Result = lazy(() => import('antd/es/result'));

function FullPageSpin() {
  return (
    <div className="page-loading" style={{ height: '100vh' }}>
      <Spin size="large" />
    </div>
  );
}

/** Signed in, with a usable password; otherwise the login page or the forced password change. */
function RequireUser({ children }: { children: ReactNode }) {
  const { me, loading } = useMe();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.mustChangePassword) return <ForcePasswordPage />;
  return <>{children}</>;
}

function Guarded({ route }: { route: AppRoute }) {
  const { can, roles } = useMe();
  if (!routeVisible(route, roles, can)) {
    return <Result status="403" title="无权访问" subTitle="您的角色没有打开此页面的权限，如需使用请联系系统管理员。" />;
  }
  const Page = route.element;
  return <Page />;
}

function NotFound() {
  return <Result status="404" title="页面不存在" subTitle="您访问的页面不存在或已移动。" extra={<Button type="primary" href="/">返回工作台</Button>} />;
}

/** Catches render errors (and chunks that fail to load after an upgrade) and offers a reload. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Failed to fetch|Loading chunk/i.test(this.state.error.message);
    // plain markup, no lazily loaded part: this must show even when the network is gone
    return (
      <div role="alert" style={{ padding: '48px 24px', textAlign: 'center' }}>
        <ExclamationCircleFilled style={{ fontSize: 64, color: '#faad14' }} />
        <Typography.Title level={3} style={{ marginTop: 24 }}>
          {chunk ? (navigator.onLine === false ? '网络已断开，此页面尚未保存到本机' : '系统已更新，请刷新页面') : '页面出错了'}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {chunk ? (navigator.onLine === false ? '恢复网络后刷新即可打开；登记纠纷、我的纠纷和排查页面离线也可使用。' : '新版本已部署，刷新后即可继续使用。') : this.state.error.message}
        </Typography.Paragraph>
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      </div>
    );
  }
}

export default function AppRoutes() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/screen"
          element={
            <RequireUser>
              <ScreenPage />
            </RequireUser>
          }
        />
        <Route
          element={
            <RequireUser>
              <Layout />
            </RequireUser>
          }
        >
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={<Guarded route={r} />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
