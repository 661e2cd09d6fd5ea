import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { COURT_CASE_KINDS } from '../../../../core/dictionaries.ts';
import { defaultSettings, type YearSettings } from '../../../../core/settings.ts';
import { ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions } from '../../app/labels.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { SettingsForYear } from '../../../../core/schemas/settings.ts';
import { useSaveSettings, useSettings } from './api.ts';
import { GradingCard } from './GradingCard.tsx';


/** Fractions are 0–1 strings in data and percentages in the UI (SPEC §7). Exact to 0.01 %. */
export function fractionToPercent(f: string | null): number | null {
  if (f === null || f === '') return null;
  return Number((Number(f) * 100).toFixed(6));
}
export function percentToFraction(p: number | null | undefined): string | null {
  if (p === null || p === undefined) return null;
  const n = Math.round(p * 100); // hundredths of a percent
  if (n >= 10000) return '1';
  if (n <= 0) return '0';
  const digits = String(n).padStart(4, '0').replace(/0+$/, '');
  return `0.${digits.padEnd(2, '0')}`;
}

const FRACTIONS = ['prelitigationSuccessMin', 'prelitigationDiversionMin', 'platformAcceptanceMin', 'platformSuccessMin', 'villageShareMin', 'villageShareTarget'] as const;
type FormValues = Omit<YearSettings, (typeof FRACTIONS)[number]> & Record<(typeof FRACTIONS)[number], number | null> & { hasTarget: boolean };

function toForm(d: YearSettings): FormValues {
  const out = { ...d, hasTarget: d.villageShareTarget !== null } as unknown as FormValues;
  for (const k of FRACTIONS) out[k] = fractionToPercent(d[k]);
  return out;
}
function fromForm(v: FormValues): YearSettings {
  const { hasTarget, ...rest } = v;
  const out = { ...rest } as unknown as YearSettings;
  for (const k of FRACTIONS) (out as unknown as Record<string, string | null>)[k] = percentToFraction(v[k]);
  if (!hasTarget) out.villageShareTarget = null;
  out.litigationRateFactor = String(v.litigationRateFactor);
  return out;
}

const SOURCE: Record<SettingsForYear['source'], { color: string; text: string }> = {
  own: { color: 'success', text: '本年度已设置' },
  inherited: { color: 'warning', text: '沿用往年设置，尚未确认' },
  default: { color: 'default', text: '系统默认值，尚未确认' },
};

const days = (label: string, name: (string | number)[], extra?: string) => (
  <Col xs={12} sm={8} lg={4} key={name.join('.')}>
    <Form.Item name={name} label={label} rules={[{ required: true, message: '必填' }]} extra={extra}>
      <InputNumber min={1} max={365} precision={0} suffix="天" style={{ width: '100%' }} />
    </Form.Item>
  </Col>
);
const rounds = (label: string, name: string) => (
  <Col xs={8} sm={8} lg={4} key={name}>
    <Form.Item name={['roundsRule', name]} label={label} rules={[{ required: true, message: '必填' }]}>
      <InputNumber min={1} max={20} precision={0} suffix="次" style={{ width: '100%' }} />
    </Form.Item>
  </Col>
);
const percent = (label: string, name: string, extra?: string) => (
  <Col xs={24} sm={12} lg={8} key={name}>
    <Form.Item name={name} label={label} rules={[{ required: true, message: '必填' }]} extra={extra}>
      <InputNumber min={0} max={100} step={1} precision={2} suffix="%" style={{ width: '100%' }} />
    </Form.Item>
  </Col>
);
const count = (label: string, name: string, unit: string, extra?: string) => (
  <Col xs={24} sm={12} lg={8} key={name}>
    <Form.Item name={name} label={label} rules={[{ required: true, message: '必填' }]} extra={extra}>
      <InputNumber min={0} max={name === 'keyPersonContactDays' ? 365 : 100} precision={0} suffix={unit} style={{ width: '100%' }} />
    </Form.Item>
  </Col>
);

export default function SettingsPage() {
  const { can } = useMe();
  const editable = can('admin.settings');
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const year = Number(params.get('year')) || thisYear;
  const [form] = Form.useForm<FormValues>();
  const [conflict, setConflict] = useState<unknown>(null);
  const hasTarget = Form.useWatch('hasTarget', form);
  const q = useSettings(year);

  useEffect(() => {
    if (q.data) form.setFieldsValue(toForm(q.data.data));
  }, [q.data, form]);

  const save = useSaveSettings(year, {
    meta: { silent: true },
    onSuccess: () => {
      setConflict(null);
      message.success(`${year} 年度设置已保存`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) setConflict(err);
      else message.error(err instanceof ApiError ? err.detail : String(err));
    },
  });
  const reload = async () => {
    setConflict(null);
    const r = await q.refetch();
    if (r.data) form.setFieldsValue(toForm(r.data.data));
  };

  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  return (
    <>
      <PageHeader
        title="年度设置"
        subtitle="办理时限、调解次数与考评限值，按年度设置；未设置的年度沿用最近一年"
        extra={
          <Space>
            <Typography.Text type="secondary">年度</Typography.Text>
            <Select value={year} onChange={(y) => (setConflict(null), setParams({ year: String(y) }, { replace: true }))} options={years.map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 110 }} aria-label="年度" />
          </Space>
        }
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <ProblemAlert error={conflict} onReload={reload} />
      {q.data && (
        <Alert
          type={q.data.source === 'own' ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <Space wrap>
              <Tag color={SOURCE[q.data.source].color}>{SOURCE[q.data.source].text}</Tag>
              {q.data.source !== 'own' && editable && <span>核对后点击“保存”，即确定为 {year} 年度的设置。</span>}
              {!editable && <span>您可以查看，修改须由系统管理员进行。</span>}
            </Space>
          }
        />
      )}
      <Form form={form} layout="vertical" disabled={!editable || q.isLoading} onFinish={(v) => q.data && save.mutate({ version: q.data.version, data: { ...fromForm(v), grading: q.data.data.grading } })} requiredMark={false}>
        <Card size="small" title="办理时限（自受理之日起，日历天）" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {days('网格', ['timeLimits', 'grid'])}
            {days('村（社区）', ['timeLimits', 'village'])}
            {days('乡镇（街道）', ['timeLimits', 'town'])}
            {days('职能部门', ['timeLimits', 'department'])}
            {days('诉前调解', ['timeLimits', 'prelitigation'])}
          </Row>
        </Card>
        <Card size="small" title="调解次数（“331”规则：超过次数未成功的，引导通过诉讼等途径解决）" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {rounds('村级', 'village')}
            {rounds('镇级', 'town')}
            {rounds('镇以上', 'above')}
          </Row>
        </Card>
        <Card size="small" title="考评限值（含本数）" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="litigationRateFactor" label="万人起诉率限值系数" rules={[{ required: true, message: '必填' }]} extra="限值 = 系数 × 上一年度全市万人起诉率">
                <InputNumber<string> min="0" max="10" step="0.05" stringMode suffix="倍" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="countedCaseKinds" label="计入万人起诉率的案件" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种案件类型' }]}>
                <Checkbox.Group options={dictOptions(COURT_CASE_KINDS)} />
              </Form.Item>
            </Col>
            {percent('诉前调解成功率不低于', 'prelitigationSuccessMin')}
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="prelitigationSuccessBase" label="诉前调解成功率的分母" extra="方案原文为“诉前调解成功数 ÷ 进行诉前调解案件数”，两种理解任选其一，考评结果旁注明">
                <Select
                  options={[
                    { value: 'concluded', label: '已办结案件（成功 + 失败）' },
                    { value: 'received', label: '受理的全部案件（含未结）' },
                  ]}
                />
              </Form.Item>
            </Col>
            {percent('诉前调解分流率不低于', 'prelitigationDiversionMin', '诉前调解案件数 ÷ 一审民事案件数')}
            {percent('调解平台受理比例不低于', 'platformAcceptanceMin', '平台受理纠纷数 ÷ 诉前调解案件数')}
            {percent('调解平台调解成功率不低于', 'platformSuccessMin')}
            {percent('无讼村（社区）占比不低于', 'villageShareMin', '无讼乡镇标准第 12 项')}
            <Col xs={24} sm={12} lg={8}>
              <Form.Item label="本年度无讼村（社区）创建目标" extra="展示在考评结果旁，不作为评判依据">
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="hasTarget" valuePropName="checked" noStyle>
                    <Switch style={{ marginTop: 5, marginRight: 8 }} aria-label="设定创建目标" />
                  </Form.Item>
                  <Form.Item name="villageShareTarget" noStyle rules={hasTarget ? [{ required: true, message: '请填写目标' }] : []}>
                    <InputNumber min={0} max={100} precision={2} suffix="%" disabled={!hasTarget || !editable} style={{ width: '100%' }} aria-label="创建目标" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title="人员与重点对象" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {count('每村法治带头人不少于', 'minRuleOfLawLeaders', '人')}
            {count('每村法律明白人不少于', 'minLegalLiterates', '人')}
            {count('重点对象超过几天未联系即提醒', 'keyPersonContactDays', '天')}
          </Row>
        </Card>
        <Card size="small" title="发文（月度通报、年度总结）" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="issuingBody" label="发文机关（落款）" rules={[{ required: true, whitespace: true, message: '请填写发文机关' }]}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="docPrefix" label="发文字号前缀" rules={[{ required: true, whitespace: true, message: '请填写发文字号前缀' }]} extra="文号为“前缀〔年份〕序号号”，每年每镇从1号起依次编号；同一期通报再次下载沿用原文号">
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="mainRecipients" label="主送">
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="copyTo" label="抄送" extra="留空则不印抄送栏">
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        {editable && (
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
              保存 {year} 年度设置
            </Button>
            <Button icon={<UndoOutlined />} onClick={() => form.setFieldsValue(toForm(defaultSettings(year)))}>
              填入系统默认值
            </Button>
          </Space>
        )}
      </Form>
      {q.data && <GradingCard year={year} settings={q.data} />}
    </>
  );
}
