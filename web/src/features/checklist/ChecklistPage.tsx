/**
 * Checklist items (SPEC §6.5): the standards no number decides — T1–T6 for the town, V1–V2 for each
 * village — assessed per year with evidence and attachments, the supporting figures beside each item.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { useMe } from '../../app/auth.tsx';
import { labelOf } from '../../app/labels.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { EDUCATION_ACTIVITY_TYPES, SCREENING_TYPES } from '../../../../core/dictionaries.ts';
import type { ChecklistItem, ChecklistRegion } from '../../../../core/schemas/checklist.ts';
import { Attachments, Pct, yearOptions, type Ratio } from '../prevention/common.tsx';
import { invalidateChecklist, useAssessItem, useChecklist } from './api.ts';

type Item = ChecklistItem;
type RegionItems = ChecklistRegion;
const STATUS_COLORS: Record<string, string> = { met: 'success', not_met: 'error', unassessed: 'default' };
const STATUS_LABELS: Record<string, string> = { met: '达标', not_met: '未达标', unassessed: '未评估' };

function Figures({ item }: { item: Item }) {
  const f = item.figures as Record<string, never>;
  switch (item.item) {
    case 'legal_talent_teams': {
      const villages = (f.villages ?? []) as { code: string; name: string; rule_of_law_leader: number; legal_literate: number; legal_adviser: number }[];
      const min = f.minimums as unknown as { ruleOfLawLeaders: number; legalLiterates: number };
      return (
        <div>
          人员达标村（社区） <Pct ratio={f.villagesMeetingStandard as Ratio} />
          <Flex gap={4} wrap style={{ marginTop: 4 }}>
            {villages.map((v) => {
              const ok = v.rule_of_law_leader >= min.ruleOfLawLeaders && v.legal_literate >= min.legalLiterates;
              return (
                <Tag key={v.code} color={ok ? 'success' : 'warning'}>
                  {v.name}：带头人{v.rule_of_law_leader} 明白人{v.legal_literate} 顾问{v.legal_adviser}
                </Tag>
              );
            })}
          </Flex>
        </div>
      );
    }
    case 'mediation_centre_and_court_link':
      return (
        <div>
          矛调中心：{f.townCentre ? '已设立' : <Typography.Text type="danger">未设立</Typography.Text>}；诉服村村通覆盖 <Pct ratio={f.villagesWithCourtLink as Ratio} />
          {(f.missing as string[]).length > 0 && <Typography.Text type="secondary">（未建：{(f.missing as string[]).join('、')}）</Typography.Text>}
        </div>
      );
    case 'public_legal_service_stations':
      return (
        <div>
          公共法律服务工作站覆盖 <Pct ratio={f.villagesWithStation as Ratio} />
          {(f.missing as string[]).length > 0 && <Typography.Text type="secondary">（未建：{(f.missing as string[]).join('、')}）</Typography.Text>}
        </div>
      );
    case 'regular_screening':
      return (
        <div>
          本年排查 {f.campaigns} 次（{Object.entries((f.byType ?? {}) as Record<string, number>).map(([k, n]) => `${labelOf(SCREENING_TYPES, k)} ${n}`).join('，') || '无'}），按时上报覆盖率 <Pct ratio={f.coverage as Ratio} />
        </div>
      );
    case 'legal_culture_platform':
      return (
        <div>
          本年法治宣传教育活动 {f.activities} 场、{f.participants} 人次（{Object.entries((f.byType ?? {}) as Record<string, number>).map(([k, n]) => `${labelOf(EDUCATION_ACTIVITY_TYPES, k)} ${n}`).join('，') || '无'}）
        </div>
      );
    case 'mediation_mechanism_effective':
      return (
        <div>
          本年办结纠纷按期办结率 <Pct ratio={f.withinTimeLimits as Ratio} />
          {(f.withinTimeLimits as Ratio)?.value === null && <Typography.Text type="secondary">（{(f.withinTimeLimits as Ratio).reason}）</Typography.Text>}
        </div>
      );
    default:
      return null;
  }
}

function ItemCard({ region, item, year, editable }: { region: RegionItems; item: Item; year: number; editable: boolean }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState(item.status);
  const [evidence, setEvidence] = useState(item.evidence ?? '');
  const [reason, setReason] = useState(item.overrideReason ?? '');
  useEffect(() => {
    setStatus(item.status);
    setEvidence(item.evidence ?? '');
    setReason(item.overrideReason ?? '');
  }, [item.status, item.evidence, item.overrideReason, item.version]);
  // 达标 against the product's own figures needs a written reason (the server refuses it otherwise)
  const needsReason = status === 'met' && !!item.contradiction;
  const dirty = status !== item.status || evidence !== (item.evidence ?? '') || reason !== (item.overrideReason ?? '');
  const save = useAssessItem({
    onSuccess: () => {
      message.success('已保存');
    },
    onError: () => invalidateChecklist(qc),
  });
  const figures = <Figures item={item} />;
  return (
    <Card
      size="small"
      data-testid={`item-${region.code}-${item.code}`}
      title={
        <Space wrap size={4} style={{ whiteSpace: 'normal' }}>
          <Tag>{item.code}</Tag>
          <span style={{ fontWeight: 500 }}>{item.label}</span>
        </Space>
      }
      extra={<Tag color={STATUS_COLORS[item.status]}>{STATUS_LABELS[item.status]}</Tag>}
      style={{ marginBottom: 12 }}
    >
      {figures && (
        <div style={{ background: '#f6f8fb', borderRadius: 6, padding: '6px 10px', marginBottom: 8, fontSize: 13 }}>
          <Typography.Text type="secondary">旁证数据：</Typography.Text>
          {figures}
        </div>
      )}
      {item.contradiction && (
        <Alert
          type={item.status === 'met' ? 'warning' : 'info'}
          showIcon
          data-testid={`contradiction-${region.code}-${item.code}`}
          title={item.contradiction}
          description={item.status === 'met' && item.overrideReason ? `评定为达标的理由：${item.overrideReason}` : undefined}
          style={{ marginBottom: 8 }}
        />
      )}
      {editable ? (
        <Flex vertical gap={8}>
          <Radio.Group value={status} onChange={(e) => setStatus(e.target.value)} optionType="button" options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
          <Input.TextArea rows={2} value={evidence} onChange={(e) => setEvidence(e.target.value)} placeholder="评估依据、佐证材料说明" maxLength={20000} />
          {needsReason && (
            <Input.TextArea
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="系统数据与“达标”不符，请写明仍评定为达标的理由（必填，记入操作日志）"
              maxLength={2000}
              status={reason.trim() ? undefined : 'warning'}
              aria-label="评定为达标的理由"
            />
          )}
          <div>
            <Button
              type="primary"
              size="small"
              disabled={!dirty || (needsReason && !reason.trim())}
              loading={save.isPending}
              onClick={() => save.mutate({ regionCode: region.code, year, item: item.item, body: { status, evidence, overrideReason: needsReason ? reason : undefined, version: item.version } })}
            >
              保存评估
            </Button>
          </div>
        </Flex>
      ) : (
        item.evidence && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{item.evidence}</Typography.Paragraph>
      )}
      {item.assessedBy && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          评估人 {item.assessedBy} · {item.assessedOn}
        </Typography.Text>
      )}
      {item.id ? (
        <div style={{ marginTop: 8 }}>
          <Attachments ownerEntity="checklist_item" ownerId={item.id} files={item.attachments} editable={editable} onChange={() => invalidateChecklist(qc)} />
        </div>
      ) : (
        editable && (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            保存评估后可上传佐证附件
          </Typography.Text>
        )
      )}
    </Card>
  );
}

export default function ChecklistPage() {
  const { can } = useMe();
  const [year, setYear] = useState(new Date().getFullYear());
  const [region, setRegion] = useState<string | undefined>();
  const q = useChecklist(year, region);
  const editable = can('checklist.write');
  const regions = q.data?.regions ?? [];
  const towns = regions.filter((r) => r.level === 'town');
  const villages = regions.filter((r) => r.level !== 'town');
  const summary = (r: RegionItems) => {
    const met = r.items.filter((i) => i.status === 'met').length;
    const notMet = r.items.filter((i) => i.status === 'not_met').length;
    return (
      <Space size={4}>
        <Tag color="success">达标 {met}</Tag>
        {notMet > 0 && <Tag color="error">未达标 {notMet}</Tag>}
        {r.items.length - met - notMet > 0 && <Tag>未评估 {r.items.length - met - notMet}</Tag>}
      </Space>
    );
  };
  return (
    <>
      <PageHeader title="清单考核事项" subtitle="无讼乡镇 T1–T6、无讼村（社区） V1–V2 的评估、依据与附件；旁边列出系统中的相关数据" />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />
        <RegionSelect value={region} onChange={setRegion} levels={['province', 'city', 'county', 'town']} placeholder="乡镇" style={{ width: 170 }} />
        {q.data && <Typography.Text type="secondary">数据截至 {q.data.asOf}</Typography.Text>}
      </Space>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {towns.map((t) => (
        <Card key={t.code} size="small" title={`${t.name}（无讼乡镇）`} extra={summary(t)} style={{ marginBottom: 16 }}>
          {t.items.map((i) => (
            <ItemCard key={i.item} region={t} item={i} year={year} editable={editable} />
          ))}
        </Card>
      ))}
      {villages.length > 0 && (
        <Collapse
          defaultActiveKey={villages.length === 1 ? [villages[0].code] : []}
          items={villages.map((v) => ({
            key: v.code,
            label: (
              <Flex justify="space-between" wrap gap={8}>
                <span>{v.name}</span>
                {summary(v)}
              </Flex>
            ),
            children: (
              <>
                {v.v3 && (
                  <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 8 }}>
                    <Descriptions.Item label="V3 法治带头人">
                      <Typography.Text type={v.v3.ruleOfLawLeaders >= v.v3.minimums.ruleOfLawLeaders ? undefined : 'danger'}>
                        {v.v3.ruleOfLawLeaders}（≥{v.v3.minimums.ruleOfLawLeaders}）
                      </Typography.Text>
                    </Descriptions.Item>
                    <Descriptions.Item label="法律明白人">
                      <Typography.Text type={v.v3.legalLiterates >= v.v3.minimums.legalLiterates ? undefined : 'danger'}>
                        {v.v3.legalLiterates}（≥{v.v3.minimums.legalLiterates}）
                      </Typography.Text>
                    </Descriptions.Item>
                    <Descriptions.Item label="本年法治宣传活动">{v.v3.activities} 场</Descriptions.Item>
                  </Descriptions>
                )}
                {v.items.map((i) => (
                  <ItemCard key={i.item} region={v} item={i} year={year} editable={editable} />
                ))}
              </>
            ),
          }))}
        />
      )}
      {!q.isLoading && regions.length === 0 && <Typography.Text type="secondary">没有可查看的乡镇或村（社区）</Typography.Text>}
    </>
  );
}
