/**
 * 一案一码 — the public progress page (no login): a party types the query code and sees the stage, the
 * state and the next date, nothing else (SPEC §4.6).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { APP_NAME } from '../../app/brand.ts';
import { levelName, stateName } from './common.tsx';

import type { Progress } from '../../../../core/schemas/disputes.ts';

const STATE_TEXT: Record<string, string> = {
  registered: '已登记，等待受理',
  accepted: '已受理，即将组织调解',
  mediating: '正在调解',
  resolved: '调解成功，等待回访',
  failed: '调解未成功，正在研究下一步办理',
  withdrawn: '申请已撤回',
  follow_up: '已回访',
  closed: '已办结',
};

export default function ProgressPage() {
  const [params, setParams] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [result, setResult] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const look = async (c = code) => {
    const v = c.trim().toUpperCase();
    if (!v) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await fetch(`/api/public/progress?code=${encodeURIComponent(v)}`, { credentials: 'omit' });
      if (res.status === 404) setError('查询码不存在，请核对后重新输入');
      else if (res.status === 429) setError('查询过于频繁，请稍后再试');
      else if (!res.ok) setError('暂时无法查询，请稍后再试');
      else {
        setResult((await res.json()) as Progress);
        setParams({ code: v }, { replace: true });
      }
    } catch {
      setError('网络连接失败，请检查网络后重试');
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    const c = params.get('code');
    if (c) void look(c);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="auth-page">
      <div className="auth-box" style={{ maxWidth: 440 }}>
        <div className="auth-brand">
          <span className="brand-mark brand-mark-lg">讼</span>
          <div>
            <div className="auth-app">{APP_NAME}</div>
            <div className="auth-app-sub">矛盾纠纷办理进度查询（一案一码）</div>
          </div>
        </div>
        <Card className="auth-card">
          <Typography.Paragraph type="secondary">请输入登记时告知您的 10 位查询码。</Typography.Paragraph>
          <Input.Search
            size="large"
            placeholder="查询码"
            value={code}
            maxLength={20}
            onChange={(e) => setCode(e.target.value)}
            onSearch={(v) => look(v)}
            enterButton={<Button type="primary" loading={busy}>查询</Button>}
            autoCapitalize="characters"
            aria-label="查询码"
          />
          {error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={error} />}
          {result && (
            <Descriptions column={1} bordered size="small" style={{ marginTop: 16 }}>
              <Descriptions.Item label="办理状态">{STATE_TEXT[result.state] ?? stateName(result.state)}</Descriptions.Item>
              <Descriptions.Item label="办理层级">{result.stage ? levelName(result.stage) : '—'}</Descriptions.Item>
              <Descriptions.Item label="下一节点日期">{result.nextDate ?? '—'}</Descriptions.Item>
            </Descriptions>
          )}
        </Card>
        <div className="auth-foot">查询仅显示办理进度，不显示当事人信息</div>
      </div>
    </div>
  );
}
