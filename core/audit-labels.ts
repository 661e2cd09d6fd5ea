/**
 * Chinese labels for audit entries (the audit page and its Excel export). A feature that writes new
 * actions or entities adds one line to each table; an unknown action is still readable through its verb
 * (`thing.create` → “新增” and the thing's label); no key is ever shown.
 */
import { DISPUTE_ACTIONS } from './dictionaries.ts';

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  user: '用户',
  region: '地区',
  region_population: '常住人口',
  region_boundary: '地区边界',
  unit: '单位',
  settings: '年度设置',
  api_token: 'API 令牌',
  system: '系统',
  database: '数据库',
  dispute: '矛盾纠纷',
  dispute_party: '纠纷当事人',
  agreement: '调解协议',
  dictionaries: '纠纷类别与原因',
  court_case: '法院案件',
  prelitigation_mediation: '诉前调解案件',
  platform_dispute: '平台纠纷',
  incident: '否决事项',
  veto_review: '否决事项核查',
  city_benchmark: '全市万人起诉率',
  source_count: '四源月度数',
  exchange: '数据包',
  import_job: '导入任务',
  screening_campaign: '排查活动',
  screening_report: '排查报告',
  risk: '隐患',
  key_person: '重点对象',
  visit: '四门四访',
  personnel: '人员',
  facility: '阵地设施',
  education_activity: '法治宣传活动',
  library_entry: '案例库',
  checklist_item: '清单考核项',
  programme: '创建方案',
  programme_task: '创建任务',
  file: '附件',
  notification_channel: '通知渠道',
  notification_preferences: '通知设置',
  notification_delivery: '通知发送',
};

/** what an action's prefix names when it is not an entity of its own (`screening.create`) */
const ACTION_SUBJECTS: Record<string, string> = {
  screening: '排查活动',
  education: '法治宣传活动',
  library: '案例库条目',
  token: 'API 令牌',
  population: '常住人口',
  checklist: '清单考核项',
};

/** dispute actions (`dispute.accept`): the flow's own words */
const DISPUTE_ACTION_LABELS: Record<string, string> = {
  accept: '受理纠纷',
  start_mediation: '开始调解',
  add_session: '记录调解',
  resolve: '调解成功',
  fail: '调解不成',
  transfer: '流转纠纷',
  extend: '延长调解期限',
  withdraw: '撤回纠纷',
  return_visit: '回访',
  close: '结案',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: '登录',
  logout: '退出登录',
  backup: '备份',
  restore: '恢复',
  'password.change': '修改本人密码',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password_reset': '重置密码',
  'region.create': '新增地区',
  'region.update': '修改地区',
  'region.alias_learn': '记住地址别名',
  'region.boundary_set': '上传地区边界',
  'region.boundary_delete': '删除地区边界',
  'population.set': '设置常住人口',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'settings.update': '修改年度设置',
  'token.create': '创建 API 令牌',
  'token.revoke': '吊销 API 令牌',
  'exchange.import': '导入数据包',
  'exchange.export': '导出数据包',
  'exchange.upload': '上传数据包',
  'exchange.retry': '重试导入',
  'exchange.discard': '放弃导入',
  'exchange.interrupted': '导入中断',
  'demo.seed': '生成演示数据',
  'demo.seed_prevention': '生成演示预防数据',
  'dispute.create': '登记纠纷',
  'dispute.note': '添加纠纷备注',
  'dispute.import_parties': '导入当事人',
  ...Object.fromEntries(DISPUTE_ACTIONS.map((a) => [`dispute.${a.key}`, DISPUTE_ACTION_LABELS[a.key] ?? a.label])),
  'identity.reveal': '查看完整身份证号',
  'agreement.update': '修改调解协议',
  'dictionaries.update': '修改纠纷类别与原因',
  'screening.report': '上报排查结果',
  'screening.refile': '重新上报排查结果',
  'screening.reopen': '退回排查报告',
  'risk.to_dispute': '隐患转为纠纷',
  'risk.to_key_person': '隐患转为重点对象',
  'visit.to_dispute': '来访转为纠纷',
  'key_person.read': '查看重点对象',
  'key_person.list': '查看重点对象名单',
  'key_person.contact': '记录重点对象走访',
  'checklist.assess': '评定清单考核项',
  'veto_review.confirm': '确认否决事项',
  'veto_review.dismiss': '排除否决事项',
  'notification_delivery.resend': '重发通知',
  'notification_preferences.update': '修改通知设置',
  'file.upload': '上传附件',
  'file.delete': '删除附件',
  'court_case.resolve': '确认法院案件归属村',
  'prelitigation_mediation.resolve': '确认诉前调解案件归属村',
  'platform_dispute.resolve': '确认平台纠纷归属村',
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
  list: '查看',
  close: '结案',
  revoke: '吊销',
  import_add: '导入新增',
  import_update: '导入更新',
  resolve: '确认归属',
};

/** The Chinese name of a kind of record; never its key (an unknown kind reads 其他记录). */
export function auditEntityLabel(entity: string | null | undefined): string {
  if (!entity) return '';
  return AUDIT_ENTITY_LABELS[entity] ?? '其他记录';
}

/** The Chinese name of an action; an unlisted one reads through its verb and subject, never as its key. */
export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const dot = action.lastIndexOf('.');
  if (dot > 0) {
    const verb = VERBS[action.slice(dot + 1)];
    const prefix = action.slice(0, dot);
    const subject = AUDIT_ENTITY_LABELS[prefix] ?? ACTION_SUBJECTS[prefix];
    if (verb && subject) return `${verb}${subject}`;
    if (subject) return `${subject}操作`;
    if (verb) return `${verb}记录`;
  }
  return '其他操作';
}
