/**
 * Chinese labels for audit entries (the audit page and its Excel export). A feature that writes new
 * actions or entities adds one line to each table; an unknown action is still readable through its verb
 * (`thing.create` → “新增 thing”).
 */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  user: '用户',
  region: '地区',
  region_population: '常住人口',
  unit: '单位',
  settings: '年度设置',
  api_token: 'API 令牌',
  system: '系统',
  dispute: '矛盾纠纷',
  court_case: '法院案件',
  prelitigation_mediation: '诉前调解案件',
  platform_dispute: '平台纠纷',
  incident: '否决事项',
  city_benchmark: '全市万人起诉率',
  source_count: '四源月度数',
  exchange: '数据包',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: '登录',
  logout: '退出登录',
  'password.change': '修改本人密码',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password_reset': '重置密码',
  'region.create': '新增地区',
  'region.update': '修改地区',
  'population.set': '设置常住人口',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'settings.update': '修改年度设置',
  'token.create': '创建 API 令牌',
  'token.revoke': '吊销 API 令牌',
  backup: '备份',
  restore: '恢复',
  'exchange.import': '导入数据包',
  'exchange.export': '导出数据包',
  'region.alias_learn': '记住地址别名',
  'dispute.import_parties': '导入当事人',
  'agreement.print': '打印调解协议书',
  'case_file.print': '打印调解卷宗',
  'document.number': '编发文号',
};

const VERBS: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  import: '导入',
  export: '导出',
  reveal: '查看完整信息',
  read: '查看',
  close: '结案',
  revoke: '吊销',
  import_add: '导入新增',
  import_update: '导入更新',
  resolve: '确认归属',
};

export function auditEntityLabel(entity: string | null | undefined): string {
  if (!entity) return '';
  return AUDIT_ENTITY_LABELS[entity] ?? entity;
}

export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const dot = action.lastIndexOf('.');
  if (dot > 0) {
    const verb = VERBS[action.slice(dot + 1)];
    if (verb) return `${verb}${auditEntityLabel(action.slice(0, dot))}`;
  }
  return action;
}
