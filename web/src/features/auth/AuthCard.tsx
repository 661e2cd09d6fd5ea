import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { APP_NAME, APP_TITLE } from '../../app/brand.ts';

/** The centred card of the login and forced-password pages. */
export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-box">
        <div className="auth-brand">
          <span className="brand-mark brand-mark-lg">讼</span>
          <div>
            <div className="auth-app">{APP_NAME}</div>
            <div className="auth-app-sub">{APP_TITLE}</div>
          </div>
        </div>
        <div className="auth-card">
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
            {title}
          </Typography.Title>
          {subtitle && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
              {subtitle}
            </Typography.Paragraph>
          )}
          {children}
          {footer}
        </div>
        <div className="auth-foot">宁人息事 · 矛盾纠纷就地化解</div>
      </div>
    </div>
  );
}
