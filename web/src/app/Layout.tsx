import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout as AntLayout, Menu, Modal, Spin, Typography, type MenuProps } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useMe } from './auth.tsx';
import { APP_NAME, APP_TITLE } from './brand.ts';
import { roleLabel } from './labels.ts';
import { GROUPS, openPage, ROUTES, routeVisible, type AppRoute } from './routes.tsx';
import { ChangePasswordForm } from '../features/auth/ChangePasswordForm.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { GlobalSearch } from '../features/disputes/GlobalSearch.tsx';
import { OfflineNotice } from './OfflineNotice.tsx';

const { Header, Sider, Content } = AntLayout;


/** The menu entry an address belongs to: the longest listed path that prefixes it. */
function selectedRoute(pathname: string, routes: AppRoute[]): AppRoute | undefined {
  let best: AppRoute | undefined;
  for (const r of routes) {
    if (r.menu === false) continue;
    const hit = r.path === '/' ? pathname === '/' : pathname === r.path || pathname.startsWith(r.path + '/');
    if (hit && (!best || r.path.length > best.path.length)) best = r;
  }
  return best;
}

function useMenu() {
  const { can, roles } = useMe();
  return useMemo(() => {
    const visible = ROUTES.filter((r) => r.menu !== false && routeVisible(r, roles, can));
    const items: NonNullable<MenuProps['items']> = [];
    for (const g of GROUPS) {
      const rs = visible.filter((r) => r.group === g.key);
      if (rs.length === 0) continue;
      if (rs.length === 1 && rs[0].label === g.label) items.push({ key: rs[0].path, icon: rs[0].icon ?? g.icon, label: rs[0].label });
      else items.push({ key: `group:${g.key}`, icon: g.icon, label: g.label, children: rs.map((r) => ({ key: r.path, icon: r.icon, label: r.label })) });
    }
    return { items, visible };
  }, [can, roles]);
}

function Brand({ collapsed, dark }: { collapsed?: boolean; dark?: boolean }) {
  return (
    <div className={`brand ${dark ? 'brand-dark' : ''}`}>
      <span className="brand-mark">讼</span>
      {!collapsed && (
        <span className="brand-text">
          <b>{APP_NAME}</b>
          <small>{APP_TITLE}</small>
        </span>
      )}
    </div>
  );
}

/** The frame of every signed-in page: menu (Sider on desktop, Drawer below 768 px), header, content. */
export default function Layout() {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const { me, logout, roles: myRoles } = useMe();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const { items, visible } = useMenu();
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);

  const current = selectedRoute(location.pathname, visible);
  const selectedKeys = current ? [current.path] : [];
  const [openKeys, setOpenKeys] = useState<string[]>(() => (current ? [`group:${current.group}`] : []));
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selectedKeys}
      openKeys={collapsed && !phone ? undefined : openKeys}
      onOpenChange={(keys) => setOpenKeys(keys as string[])}
      onClick={({ key }) => {
        setDrawer(false);
        // a light page outside the app (the grid worker's /field) opens as a full page load
        openPage(String(key), myRoles, navigate);
      }}
    />
  );

  const roles = [...new Set((me?.bindings ?? []).map((b) => roleLabel(b.role)))].join('、');
  const userMenu: MenuProps = {
    items: [
      { key: 'who', label: <div className="user-menu-head"><b>{me?.name}</b><span>{me?.username}</span><span>{roles}</span></div>, disabled: true },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPwOpen(true);
      if (key === 'logout')
        modal.confirm({
          title: '确定退出登录？',
          okText: '退出',
          cancelText: '取消',
          onOk: async () => {
            await logout();
            navigate('/login', { replace: true });
          },
        });
    },
  };

  return (
    <AntLayout className="app-layout">
      {!phone && (
        <Sider width={224} collapsedWidth={64} collapsible collapsed={collapsed} trigger={null} className="app-sider">
          <Brand collapsed={collapsed} dark />
          {menu}
        </Sider>
      )}
      {phone && (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={264}
          closable={false}
          className="app-drawer"
          styles={{ body: { padding: 0, background: '#0f2747' }, header: { display: 'none' } }}
        >
          <Brand dark />
          {menu}
        </Drawer>
      )}
      <AntLayout>
        <Header className={`app-header ${phone ? 'app-header-phone' : ''}`}>
          {phone ? (
            <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawer(true)} />
          ) : (
            <Button type="text" aria-label={collapsed ? '展开菜单' : '收起菜单'} icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed(!collapsed)} />
          )}
          <Typography.Text className="app-header-title" ellipsis>
            {phone ? (current?.label ?? APP_NAME) : APP_TITLE}
          </Typography.Text>
          <GlobalSearch />
          <NotificationBell />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" className="user-button" aria-label="用户菜单">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1a5fb4' }} />
              {!phone && <span className="user-name">{me?.name}</span>}
            </Button>
          </Dropdown>
        </Header>
        <Content className={`app-content ${phone ? 'app-content-phone' : ''}`}>
          <OfflineNotice />
          <Suspense
            fallback={
              <div className="page-loading">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </AntLayout>
      <Modal title="修改密码" open={pwOpen} onCancel={() => setPwOpen(false)} footer={null} destroyOnHidden>
        <ChangePasswordForm onDone={() => setPwOpen(false)} />
      </Modal>
    </AntLayout>
  );
}
