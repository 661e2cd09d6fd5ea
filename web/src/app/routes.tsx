/**
 * THE ROUTE REGISTRY — every page of the web app is one line in ROUTES below; the menu is built from it.
 *
 * To add a page:
 *   1. Write `web/src/features/<feature>/<Name>Page.tsx` with a DEFAULT export (a component, no props).
 *      Use `PageHeader`, `AppTable`, `ExportButton`, `RegionSelect`, `ProblemAlert` (app/components),
 *      `api`/`apiUrl` (app/api.ts), `useMe().can(...)` (app/auth.tsx), labels from app/labels.ts,
 *      `Chart` (app/Chart.tsx).
 *   2. Add ONE line to ROUTES, in its group, in the order it should appear in the menu:
 *        { path: '/visits', label: '四门四访', group: 'prevention', icon: <TeamOutlined />, permission: 'prevention.read', element: lazy(() => import('../features/visits/VisitsPage.tsx')) },
 *      - `permission` (one, or a list meaning "any of") hides the menu entry and guards the route;
 *        omit it for pages every signed-in user may open.
 *      - a page reached from another page (detail, form) takes `menu: false`, e.g. path '/disputes/:id';
 *        the menu then highlights the entry whose path is the longest prefix of the address.
 *      - `lazy(...)` keeps each page in its own chunk: never import a page module directly here.
 * A group appears in the menu only when at least one of its pages is visible to the user; a group whose
 * only visible page carries the group's own name shows as a plain entry (工作台).
 *
 * Paths planned for the other features (keep them, so links between features agree):
 *   矛盾纠纷 /disputes, /disputes/new, /disputes/:id · 预防工作 /screening, /visits, /key-persons, /personnel,
 *   /education, /checklist · 外部数据 /court-data, /incidents · 考评 /evaluation · 创建台账 /programme
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApiOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  NotificationOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
  AlertOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { onlyGridWorker, type Permission, type Role } from '../../../core/roles.ts';

export type RouteGroup = 'workbench' | 'disputes' | 'prevention' | 'external' | 'evaluation' | 'programme' | 'admin';

/** Menu groups in SPEC §10 order. */
export const GROUPS: { key: RouteGroup; label: string; icon: ReactNode }[] = [
  { key: 'workbench', label: '工作台', icon: <DashboardOutlined /> },
  { key: 'disputes', label: '矛盾纠纷', icon: <AlertOutlined /> },
  { key: 'prevention', label: '预防工作', icon: <SafetyCertificateOutlined /> },
  { key: 'external', label: '外部数据', icon: <DatabaseOutlined /> },
  { key: 'evaluation', label: '考评', icon: <TrophyOutlined /> },
  { key: 'programme', label: '创建台账', icon: <FileProtectOutlined /> },
  { key: 'admin', label: '系统管理', icon: <ToolOutlined /> },
];

export interface AppRoute {
  path: string;
  label: string;
  group: RouteGroup;
  icon?: ReactNode;
  /** the page, always `lazy(() => import(...))` with a default export */
  element: LazyExoticComponent<ComponentType>;
  /** required permission, or a list of which any one suffices */
  permission?: Permission | readonly Permission[];
  /** false: routed but not listed in the menu (detail pages, forms) */
  menu?: boolean;
  /** roles for which the page is always empty or read-only noise: hidden when every role the user holds is one of them */
  hideFor?: readonly Role[];
  /** for users `when` picks, the entry opens `href` instead, as a full page load (a light page outside the app) */
  fullPage?: { href: string; when: (roles: readonly Role[]) => boolean };
}

/** Whether a user with these roles sees (and may open) the page: the permission, and not a role it is noise for. */
export function routeVisible(r: AppRoute, roles: readonly Role[], can: (p: Permission | readonly Permission[]) => boolean): boolean {
  if (r.permission && !can(r.permission)) return false;
  return !(r.hideFor && roles.length > 0 && roles.every((x) => r.hideFor!.includes(x)));
}

/** The address a page's links open as a full page load for a user with these roles (its `fullPage`), or null. */
export function fullPageAddress(path: string, roles: readonly Role[]): string | null {
  const r = ROUTES.find((x) => x.path === path);
  return r?.fullPage && r.fullPage.when(roles) ? r.fullPage.href : null;
}

/** Opens a page from a menu entry or a button: inside the app, or as a full page load where `fullPage` says so. */
export function openPage(path: string, roles: readonly Role[], navigate: (to: string) => void) {
  const full = fullPageAddress(path, roles);
  if (full) window.location.assign(full);
  else navigate(path);
}

export const ROUTES: AppRoute[] = [
  // 工作台
  { path: '/', label: '工作台', group: 'workbench', icon: <DashboardOutlined />, element: lazy(() => import('../features/workbench/WorkbenchPage.tsx')) },
  { path: '/notifications', label: '我的通知', group: 'workbench', menu: false, element: lazy(() => import('../features/notifications/NotificationsPage.tsx')) },
  // 矛盾纠纷
  { path: '/disputes', label: '纠纷台账', group: 'disputes', icon: <AlertOutlined />, permission: 'disputes.read', element: lazy(() => import('../features/disputes/DisputesPage.tsx')) },
  // a grid worker's 登记纠纷 is the light page /field (issue 18.2: usable within seconds on a slow phone)
  { path: '/disputes/new', label: '登记纠纷', group: 'disputes', permission: 'disputes.intake', fullPage: { href: '/field', when: onlyGridWorker }, element: lazy(() => import('../features/disputes/IntakePage.tsx')) },
  { path: '/disputes/todo', label: '待办与预警', group: 'disputes', permission: 'disputes.read', element: lazy(() => import('../features/disputes/TodoPage.tsx')) },
  { path: '/disputes/stats', label: '统计报表', group: 'disputes', permission: 'disputes.read', element: lazy(() => import('../features/disputes/StatsPage.tsx')) },
  { path: '/disputes/:id/brief', label: '纠纷办理摘要', group: 'disputes', permission: 'disputes.read', menu: false, element: lazy(() => import('../features/disputes/BriefPage.tsx')) },
  { path: '/disputes/:id', label: '纠纷详情', group: 'disputes', permission: 'disputes.read', menu: false, element: lazy(() => import('../features/disputes/DetailPage.tsx')) },
  // 预防工作 (排查 / 四门四访 / 重点对象 / 人员与设施 / 法治宣传 / 清单考核)
  { path: '/screening', label: '矛盾纠纷排查', group: 'prevention', permission: ['prevention.read', 'screening.report'], element: lazy(() => import('../features/screening/ScreeningPage.tsx')) },
  { path: '/screening/risks', label: '隐患台账', group: 'prevention', permission: 'prevention.read', element: lazy(() => import('../features/screening/RisksPage.tsx')) },
  { path: '/visits', label: '四门四访', group: 'prevention', permission: ['prevention.read', 'visits.write'], element: lazy(() => import('../features/visits/VisitsPage.tsx')) },
  { path: '/key-persons', label: '重点对象', group: 'prevention', permission: ['keypersons.manage', 'prevention.read', 'visits.write'], element: lazy(() => import('../features/key-persons/KeyPersonsPage.tsx')) },
  { path: '/personnel', label: '人员与阵地', group: 'prevention', permission: ['prevention.read', 'personnel.write'], hideFor: ['grid_worker'], element: lazy(() => import('../features/personnel/PersonnelPage.tsx')) },
  { path: '/education', label: '法治宣传', group: 'prevention', permission: ['prevention.read', 'education.write'], hideFor: ['grid_worker'], element: lazy(() => import('../features/education/EducationPage.tsx')) },
  { path: '/checklist', label: '清单考核', group: 'prevention', permission: ['evaluation.read', 'checklist.write'], element: lazy(() => import('../features/checklist/ChecklistPage.tsx')) },
  // 外部数据 (法院数据 / 否决事项)
  { path: '/court-data', label: '法院一审案件', group: 'external', icon: <DatabaseOutlined />, permission: 'court.read', element: lazy(() => import('../features/court-data/CourtCasesPage.tsx')) },
  { path: '/court-data/prelitigation', label: '诉前调解', group: 'external', permission: 'court.read', element: lazy(() => import('../features/court-data/PrelitigationPage.tsx')) },
  { path: '/court-data/platform', label: '调解平台纠纷', group: 'external', permission: 'court.read', element: lazy(() => import('../features/court-data/PlatformPage.tsx')) },
  { path: '/incidents', label: '否决事项', group: 'external', permission: 'court.read', element: lazy(() => import('../features/incidents/IncidentsPage.tsx')) },
  { path: '/court-data/benchmarks', label: '全市万人起诉率', group: 'external', permission: 'court.read', element: lazy(() => import('../features/court-data/BenchmarksPage.tsx')) },
  { path: '/court-data/sources', label: '四源月度数据', group: 'external', permission: 'court.read', element: lazy(() => import('../features/court-data/SourceCountsPage.tsx')) },
  { path: '/veto-reviews', label: '否决事项核查', group: 'external', permission: 'court.read', element: lazy(() => import('../features/veto-review/VetoReviewPage.tsx')) },
  { path: '/court-data/queue', label: '地址待确认', group: 'external', permission: 'court.read', element: lazy(() => import('../features/court-data/ResolutionQueuePage.tsx')) },
  { path: '/exchange', label: '数据导入导出', group: 'external', permission: ['exchange.import', 'exchange.export'], element: lazy(() => import('../features/exchange/ExchangePage.tsx')) },
  // 考评
  { path: '/evaluation', label: '考评记分卡', group: 'evaluation', icon: <TrophyOutlined />, permission: 'evaluation.read', element: lazy(() => import('../features/evaluation/ScorecardPage.tsx')) },
  { path: '/evaluation/towns', label: '各乡镇对比', group: 'evaluation', permission: 'evaluation.read', element: lazy(() => import('../features/evaluation/TownsPage.tsx')) },
  { path: '/evaluation/ranking', label: '评比排名', group: 'evaluation', permission: 'evaluation.read', element: lazy(() => import('../features/evaluation/RankingPage.tsx')) },
  { path: '/evaluation/bulletin', label: '月度通报', group: 'evaluation', permission: 'evaluation.read', element: lazy(() => import('../features/evaluation/BulletinPage.tsx')) },
  { path: '/evaluation/warnings', label: '起诉率预警', group: 'evaluation', permission: 'evaluation.read', element: lazy(() => import('../features/evaluation/WarningsPage.tsx')) },
  { path: '/evaluation/trends', label: '趋势分析', group: 'evaluation', permission: 'evaluation.read', element: lazy(() => import('../features/evaluation/TrendsPage.tsx')) },
  // 创建台账
  { path: '/my-tasks', label: '我的任务', group: 'programme', hideFor: ['grid_worker', 'county_leader'], element: lazy(() => import('../features/programme/MyTasksPage.tsx')) },
  { path: '/programme', label: '创建台账', group: 'programme', icon: <FileProtectOutlined />, permission: 'evaluation.read', element: lazy(() => import('../features/programme/ProgrammePage.tsx')) },
  // 系统管理
  { path: '/admin/regions', label: '地区', group: 'admin', icon: <ApartmentOutlined />, permission: ['admin.regions', 'evaluation.read'], element: lazy(() => import('../features/regions/RegionsPage.tsx')) },
  { path: '/admin/units', label: '解纷单位', group: 'admin', icon: <BankOutlined />, permission: ['admin.regions', 'evaluation.read'], element: lazy(() => import('../features/regions/UnitsPage.tsx')) },
  { path: '/admin/users', label: '用户', group: 'admin', icon: <TeamOutlined />, permission: 'admin.users', element: lazy(() => import('../features/users/UsersPage.tsx')) },
  { path: '/admin/settings', label: '年度设置', group: 'admin', icon: <SettingOutlined />, permission: ['admin.settings', 'evaluation.read'], hideFor: ['village_admin', 'grid_worker', 'mediator', 'department'], element: lazy(() => import('../features/settings/SettingsPage.tsx')) },
  { path: '/admin/dispute-dictionaries', label: '纠纷类别与原因', group: 'admin', permission: 'admin.settings', element: lazy(() => import('../features/disputes/DictionariesPage.tsx')) },
  { path: '/admin/notification-channels', label: '通知渠道', group: 'admin', icon: <NotificationOutlined />, permission: 'notifications.manage', element: lazy(() => import('../features/notifications/ChannelsPage.tsx')) },
  { path: '/admin/audit', label: '审计日志', group: 'admin', icon: <AuditOutlined />, permission: 'audit.read', element: lazy(() => import('../features/audit/AuditPage.tsx')) },
  { path: '/admin/tokens', label: 'API 令牌', group: 'admin', icon: <ApiOutlined />, permission: 'admin.users', element: lazy(() => import('../features/users/TokensPage.tsx')) },
];
